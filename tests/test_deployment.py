"""The docker deployment tells the truth: what goes into the image, what compose passes, its
health checks, the scheduler, the backup commands, .env.example and the deployment guides.
(tests/test_docs.py checks that docs/configuration.md lists every variable the settings read.)

Docker cannot run on the build machines, so the compose file is parsed and every command it
or the backup scripts run is checked against it; the commands themselves run for real here
(the health checks against gunicorn, the scheduler against the test database).
"""

import os
import re
import secrets
import shlex
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

import pytest
import yaml

from history.factories import MilestonePageFactory
from history.models import MilestonePage
from tests.compose_files import app_services, container_env, env_file
from tests.harness import production_server

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


# --- .dockerignore ------------------------------------------------------------------------------------


def docker_pattern(pattern):
    """moby/patternmatcher's rules: * and ? stay within a path segment, ** crosses them."""
    pattern = os.path.normpath(pattern.strip().lstrip("/"))
    regex = ""
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**", index):
            regex += ".*"
            index += 2
            if pattern.startswith("/", index):
                regex = regex[:-2] + "(?:.*/)?"
                index += 1
            continue
        regex += {"*": "[^/]*", "?": "[^/]"}.get(char) or ("[" if char == "[" else "]" if char == "]" else re.escape(char))
        index += 1
    return re.compile(regex + r"\Z")


def dockerignore_rules():
    rules = []
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            exception = line.startswith("!")
            rules.append((docker_pattern(line.lstrip("!")), exception))
    return rules


def excluded(path, rules):
    """Whether Docker leaves ``path`` out of the build context (the file or a parent directory matches)."""
    parts = Path(path).parts
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    result = False
    for pattern, exception in rules:
        if any(pattern.match(prefix) for prefix in prefixes):
            result = not exception
    return result


# What the project's commands leave in the working tree, and why each must stay out of the image.
CREATED_BY_RUNS = [
    ".env",  # docs/deployment.md: cp .env.example .env before docker compose up (secret key, passwords)
    ".env.production",
    "db.sqlite3",  # make run without DATABASE_URL
    "db.sqlite3-journal",
    "media/original_images/founders.jpg",  # uploads (make run loads demo photos)
    "media/images/founders.width-480.webp",
    "backups/20250101T020000Z/database.dump",  # make backup, ops/compose-backup.sh
    "backups/20250101T020000Z/media.tar.gz",
    "backups/20250101T020000Z/SHA256SUMS",
    ".venv/bin/python",  # make install
    "node_modules/axe-core/axe.min.js",  # npm ci (browser tests)
    "staticfiles/css/site.css",  # collectstatic (load test, production checks)
    "history/__pycache__/models.cpython-311.pyc",  # any Python run
    "tests/browser/__pycache__/conftest.cpython-311-pytest-9.2.0.pyc",
    ".pytest_cache/v/cache/nodeids",  # make test
    ".ruff_cache/0.17.6/123",  # make lint
    ".ci/junit.xml",  # .ci/run
    ".ci/test.log",
    "benchmarks/results/latest.md",  # make bench
    ".git/config",  # the repository's history
]


@pytest.mark.parametrize("path", CREATED_BY_RUNS)
def test_dockerignore_keeps_secrets_data_and_local_state_out(path):
    assert excluded(path, dockerignore_rules()), f"{path} would be copied into the image"


def test_dockerignore_keeps_everything_the_image_needs():
    rules = dockerignore_rules()
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()  # noqa: S607
    assert tracked, "git ls-files listed nothing"
    left_out = [path for path in tracked if excluded(path, rules)]
    assert sorted(left_out) == [".gitignore", "media/.gitkeep"]
    assert not excluded(".env.example", rules)


def test_dockerignore_covers_what_is_in_this_working_tree_now():
    """Whatever runs left here that git ignores (a virtualenv, caches, databases, backups, .env) stays out."""
    ignored = subprocess.run(  # noqa: S603
        ["git", "ls-files", "--others", "--ignored", "--exclude-standard", "--directory"],  # noqa: S607
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()
    rules = dockerignore_rules()
    assert [path for path in ignored if not excluded(path.rstrip("/"), rules)] == []


def test_dockerignore_matcher_follows_dockers_rules():
    rules = [(docker_pattern("*.pyc"), False), (docker_pattern("**/*.log"), False)]
    assert excluded("x.pyc", rules) and not excluded("history/x.pyc", rules)  # "*" is the top level only
    assert excluded("a/b/c.log", rules) and excluded("c.log", rules)


# --- the image ------------------------------------------------------------------------------------------


def test_the_images_postgresql_client_matches_the_compose_database(compose):
    server_major = int(compose["services"]["db"]["image"].split(":")[1].split("-")[0])
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert f"ARG POSTGRES_MAJOR={server_major}\n" in dockerfile
    assert '"postgresql-client-${POSTGRES_MAJOR}"' in dockerfile
    assert "make " not in dockerfile.split("CMD", 1)[1]  # the image has no make


# --- compose: credentials, health checks, scheduler ----------------------------------------------------


@pytest.fixture(scope="module")
def dotenv():
    """.env.example with the secrets it asks for filled in, as an operator would."""
    values = env_file(ROOT / ".env.example")
    asked = {name for name, value in values.items() if not value}
    optional = {"DJANGO_SUPERUSER_PASSWORD", "AWS_S3_ENDPOINT_URL", "AWS_S3_CUSTOM_DOMAIN"}
    assert asked <= {"DJANGO_SECRET_KEY", "POSTGRES_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", *optional}, asked
    values["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    values["AWS_ACCESS_KEY_ID"], values["AWS_SECRET_ACCESS_KEY"] = secrets.token_hex(20), secrets.token_hex(20)
    values["POSTGRES_PASSWORD"] = "p@ss:w/rd?#%"  # every character a URL would need encoded
    return values


def settings_in(env, *names):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout)


def test_every_app_service_gets_the_database_in_parts_not_as_a_url(compose, dotenv):
    assert set(app_services(compose)) >= {"web", "scheduler"}
    for name in app_services(compose):
        env = container_env(compose, name, dotenv)
        assert "DATABASE_URL" not in env, f"{name}: a URL breaks on passwords with @ : /"
        database = settings_in(env, "DATABASES")["DATABASES"]["default"]
        assert database["ENGINE"] == "django.db.backends.postgresql"
        assert (database["HOST"], database["NAME"], database["USER"]) == ("db", "occ", "occ")
        assert database["PASSWORD"] == "p@ss:w/rd?#%"
    db = container_env(compose, "db", dotenv)
    assert db["POSTGRES_PASSWORD"] == "p@ss:w/rd?#%" and db["POSTGRES_USER"] == "occ"


def test_env_example_passes_check_deploy_as_written(compose, dotenv):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **container_env(compose, "web", dotenv)}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    values = settings_in(env, "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "EMAIL_HOST", "EMAIL_USE_TLS")
    assert values == {"SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
                      "EMAIL_HOST": "mail.example.org", "EMAIL_USE_TLS": True}


def test_hsts_subdomains_and_preload_can_be_switched_off_deliberately(compose, dotenv):
    env = container_env(compose, "web", dotenv)
    env.update(DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="False", DJANGO_SECURE_HSTS_PRELOAD="False")
    values = settings_in(env, "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")
    assert values == {"SECURE_HSTS_INCLUDE_SUBDOMAINS": False, "SECURE_HSTS_PRELOAD": False}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr  # the operator's decision, not a warning


@pytest.fixture(scope="module")
def server_for_a_real_domain(tmp_path_factory, collected_static):
    """gunicorn with production settings whose allowed host is a real domain, not 127.0.0.1."""
    folder = tmp_path_factory.mktemp("healthcheck")
    env = production_server.production_env(
        database_url=f"sqlite:///{folder / 'db.sqlite3'}", media_root=folder / "media", DJANGO_ALLOWED_HOSTS="www.example.org"
    )
    production_server.manage(env, "migrate", "--noinput", "-v0")
    # /healthz answers whatever the Host header, so the harness's start-up check finds it.
    with production_server.gunicorn(env, workers=1) as base_url:
        yield {"url": f"{base_url}/healthz", "env": env}


def test_health_checks_pass_once_allowed_hosts_names_the_real_domain(compose, server_for_a_real_domain):
    # /healthz answers whatever the Host header (the container checks and the front cache's probe
    # ask for 127.0.0.1); every other address still refuses a host the site does not serve.
    url = server_for_a_real_domain["url"]
    with pytest.raises(urllib.error.HTTPError) as plain:
        urllib.request.urlopen(url.replace("/healthz", "/"), timeout=5)  # noqa: S310
    assert plain.value.code == 400
    for service in ("web", "web-2"):
        test = compose["services"][service]["healthcheck"]["test"]
        assert test[:3] == ["CMD", "python", "-c"], service
        script = test[3].replace("http://127.0.0.1:8000/healthz", url)
        result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)  # noqa: S603
        assert result.returncode == 0, result.stderr


def scheduler_heartbeat(compose):
    command = compose["services"]["scheduler"]["command"]
    assert command[:3] == ["python", "manage.py", "run_scheduler"]
    assert command[command.index("--interval") + 1] == "60"  # every minute
    return command[command.index("--heartbeat") + 1]


def run_healthcheck(compose, heartbeat_path):
    kind, script = compose["services"]["scheduler"]["healthcheck"]["test"]
    assert kind == "CMD-SHELL"
    script = script.replace("$$", "$").replace(scheduler_heartbeat(compose), str(heartbeat_path))
    return subprocess.run(["sh", "-c", script], capture_output=True).returncode  # noqa: S603, S607


def test_scheduler_service_has_its_own_health_signal(compose, tmp_path):
    path = scheduler_heartbeat(compose)
    assert path in compose["services"]["scheduler"]["healthcheck"]["test"][1]
    heartbeat = tmp_path / "heartbeat"
    assert run_healthcheck(compose, heartbeat) != 0  # never ran
    heartbeat.touch()
    assert run_healthcheck(compose, heartbeat) == 0
    old = (timezone.now() - timedelta(minutes=10)).timestamp()
    os.utime(heartbeat, (old, old))
    assert run_healthcheck(compose, heartbeat) != 0  # stopped running ten minutes ago


@pytest.mark.django_db
def test_the_scheduler_publishes_what_is_due_and_beats(history_page, tmp_path):
    milestone = MilestonePageFactory(parent=history_page, title="Mature Cluster status", live=False)
    revision = milestone.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))
    heartbeat = tmp_path / "heartbeat"
    call_command("run_scheduler", "--once", "--heartbeat", str(heartbeat), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert MilestonePage.objects.get(pk=milestone.pk).live
    assert revision.pk and heartbeat.exists()


# --- backups in compose ---------------------------------------------------------------------------------


def compose_commands(script):
    """Each `"${compose[@]}" SUBCOMMAND ... SERVICE` call in a backup script, as (subcommand, service, text)."""
    text = (ROOT / "ops" / script).read_text().replace("\\\n", " ")
    calls = []
    for line in text.splitlines():
        if '"${compose[@]}"' not in line or line.lstrip().startswith("#"):
            continue
        command = re.sub(r"""\s[<>]\s*"[^"]*"\s*$""", "", line.split('"${compose[@]}"', 1)[1])  # the file it streams
        command = command.rstrip().removesuffix(")")  # inside output=$(...)
        words = shlex.split(command)
        subcommand, rest = words[0], words[1:]
        service = next(word for word in rest if not word.startswith("-")).split(":", 1)[0]  # cp SERVICE:PATH
        calls.append((subcommand, service, " ".join(rest)))
    return calls


@pytest.mark.parametrize("script", ["compose-backup.sh", "compose-restore.sh"])
def test_backup_scripts_use_services_and_variables_the_compose_file_has(compose, dotenv, script):
    calls = compose_commands(script)
    assert calls
    for subcommand, service, rest in calls:
        assert service in compose["services"], f"{script}: no service {service!r}"
        assert subcommand in {"exec", "run", "up", "cp"}
        if subcommand in {"exec", "run"}:
            assert "-T" in rest.split(), f"{script}: {subcommand} without -T cannot stream a file"
        for variable in re.findall(r"\$(?:\{)?(POSTGRES_\w+)", rest):
            assert container_env(compose, service, dotenv).get(variable), f"{service} has no {variable}"
        if service == "db" and subcommand == "exec":
            assert re.search(r"\bpg_(dump|restore)\b|\bpsql\b", rest)  # the server's own client, same version


def test_backup_and_restore_move_media_with_the_storage_commands():
    # The compose backup is the backup service's run of ops/backup.sh, as its daily ones are.
    backup = " ".join(rest for _, _, rest in compose_commands("compose-backup.sh"))
    assert "manage.py run_backups --once" in backup
    script = (ROOT / "ops/backup.sh").read_text()
    assert "pg_dump --format=custom" in script and "manage.py export_media" in script
    restore = " ".join(rest for _, _, rest in compose_commands("compose-restore.sh"))
    assert "pg_restore" in restore and "manage.py import_media" in restore
    # The restore runs the image without its web server: nothing may migrate before pg_restore.
    assert "migrate" not in restore


def test_the_restore_refuses_a_database_with_tables(compose):
    script = (ROOT / "ops/compose-restore.sh").read_text()
    check = script.index("refusing to restore into a database that is not empty")
    assert check < script.index("manage.py import_media") < script.index("exec pg_restore")
    # What `run backup` starts first must not create tables in the empty database.
    for dependency in compose["services"]["backup"].get("depends_on", {}):
        command = str(compose["services"][dependency].get("command", ""))
        assert "migrate" not in command, f"{dependency} migrates when the restore starts the backup image"


def test_the_guides_document_the_compose_backup_and_scheduler():
    guides = (ROOT / "docs/deployment.md").read_text() + (ROOT / "docs/operations.md").read_text()
    for text in ("ops/compose-backup.sh", "ops/compose-restore.sh", "manage.py setup_site --hostname",
                 "publish_scheduled", "systemd", "cron"):
        assert text in guides, f"docs/deployment.md and docs/operations.md do not mention {text}"
