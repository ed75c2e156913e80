"""The deployment files stay in step with the settings; the suite knows its database."""

import re
import subprocess
import sys
from pathlib import Path

from django.db import connection

import pytest
import yaml

from tests.conftest import postgres_only

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_REQUIRED = ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_db_web_worker_and_redis(compose):
    assert {"db", "web", "worker", "redis"} <= set(compose["services"])
    db = compose["services"]["db"]
    assert db["image"].startswith("postgres:")
    assert int(db["image"].split(":")[1].split("-")[0]) >= 16
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(v.startswith("postgres-data:") for v in db["volumes"])
    assert "postgres-data" in compose["volumes"]


def test_web_starts_after_a_healthy_database_and_the_one_migration(compose):
    web = compose["services"]["web"]
    assert web["build"] == "."
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert web["command"][0] == "gunicorn" and "migrate" not in " ".join(web["command"])
    assert web["env_file"] == ".env"


def test_web_provides_every_variable_production_requires(compose):
    environment = compose["services"]["web"]["environment"]
    assert environment["DJANGO_SETTINGS_MODULE"] == "occ_site.settings.production"
    # The database comes as POSTGRES_* parts (tests/test_deployment.py checks them).
    for name in ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "POSTGRES_HOST", "POSTGRES_PASSWORD"]:
        assert environment.get(name), f"{name} missing from the web service"
    production = (ROOT / "occ_site/settings/production.py").read_text()
    for name in PRODUCTION_REQUIRED:
        assert f'"{name}"' in production
    example = (ROOT / ".env.example").read_text()
    for name in ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "POSTGRES_PASSWORD"]:
        assert f"{name}=" in example


def test_the_worker_runs_db_worker_on_the_web_image_with_a_health_check_and_restarts(compose):
    web, worker = compose["services"]["web"], compose["services"]["worker"]
    assert worker["build"] == web["build"]
    assert worker["command"] == ["nice", "-n", "10", "python", "manage.py", "db_worker"]
    assert worker["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert worker["restart"] in {"unless-stopped", "always"}
    assert worker["depends_on"]["db"]["condition"] == "service_healthy"
    assert worker["healthcheck"]["test"][1:4] == ["python", "manage.py", "check_task_queue"]
    assert worker["env_file"] == web["env_file"]
    assert "volumes" not in worker  # renditions are written to the bucket web serves them from
    for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "POSTGRES_HOST", "POSTGRES_PASSWORD", "DJANGO_SETTINGS_MODULE",
                 "REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "FRONTEND_CACHE_URL"):
        assert worker["environment"][name] == web["environment"][name], f"{name} differs between web and worker"
    assert "ports" not in worker  # nothing to reach from outside


def test_production_queues_tasks_for_the_worker_and_dev_runs_them_at_once():
    code = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    common = {"PATH": "/usr/bin:/bin", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "example.org",
              "DATABASE_URL": "sqlite:////tmp/x.db"}
    backends = {}
    for name in ("production", "dev", "test"):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=ROOT, capture_output=True, text=True,
            env={**common, "DJANGO_SETTINGS_MODULE": f"occ_site.settings.{name}"},
        )
        assert result.returncode == 0, result.stderr
        backends[name] = result.stdout.strip()
    assert backends == {
        "production": "django_tasks_db.backend.DatabaseBackend",
        "dev": "django_tasks.backends.immediate.ImmediateBackend",
        "test": "django_tasks.backends.immediate.ImmediateBackend",
    }


def test_production_refuses_to_start_without_secret_key():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "occ_site.settings.production",
           "DJANGO_ALLOWED_HOSTS": "example.org", "DATABASE_URL": "sqlite:////tmp/x.db"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


def test_no_migrations_are_missing():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "occ_site.settings.test"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


AWS_NAMES = ["AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
             "AWS_S3_REGION_NAME", "AWS_S3_CUSTOM_DOMAIN"]


def test_compose_keeps_media_in_seaweedfs_set_up_before_the_app_starts(compose):
    services = compose["services"]
    s3 = services["s3"]
    assert s3["image"].startswith("chrislusf/seaweedfs:")
    command = s3["command"]
    assert command[0] in {"mini", "server"} and ("-s3" in command or command[0] == "mini")
    assert "-dir=/data" in command and any(v.endswith(":/data") for v in s3["volumes"])
    assert s3["volumes"][0].split(":")[0] in compose["volumes"]  # a named volume: the bucket outlives the container
    assert "/healthz" in " ".join(s3["healthcheck"]["test"])
    assert "ports" not in s3  # only the app reaches the bucket
    assert {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} <= set(s3["environment"])

    setup = services["media-setup"]
    assert setup["command"][-1] == "ensure_media_storage"
    assert setup["restart"] == "no"
    assert setup["depends_on"]["s3"]["condition"] == "service_healthy"

    web = services["web"]
    assert web["depends_on"]["media-setup"]["condition"] == "service_completed_successfully"
    assert web["depends_on"]["s3"]["condition"] == "service_healthy"
    assert "volumes" not in web  # nothing of the site on the container's disk
    assert "media" not in compose["volumes"]
    for service in (web, setup):
        environment = service["environment"]
        assert set(AWS_NAMES) <= set(environment)
        assert environment["AWS_S3_ENDPOINT_URL"] == "http://s3:8333"
        assert environment["AWS_ACCESS_KEY_ID"] == s3["environment"]["AWS_ACCESS_KEY_ID"]  # the same keys
        assert environment["AWS_SECRET_ACCESS_KEY"].startswith("${AWS_SECRET_ACCESS_KEY:?")  # required, no default
    assert setup["environment"]["AWS_STORAGE_BUCKET_NAME"] == web["environment"]["AWS_STORAGE_BUCKET_NAME"]

    example = (ROOT / ".env.example").read_text()
    for name in AWS_NAMES:
        assert f"{name}=" in example
    for secret in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        assert f"\n{secret}=\n" in example  # blank: every deployment makes its own


def test_varnish_is_behind_caddy_and_in_front_of_both_instances(compose):
    services = compose["services"]
    varnish = services["varnish"]
    assert varnish["image"].startswith("varnish:")
    assert "./ops/varnish/default.vcl:/etc/varnish/default.vcl:ro" in varnish["volumes"]
    assert "ports" not in varnish  # only Caddy reaches it (tests/test_compose_stack.py)
    assert {"web", "web-2"} <= set(varnish["depends_on"])
    assert varnish["healthcheck"]["test"]
    assert services["caddy"]["environment"]["FRONT_CACHE"] == "varnish:80"


def test_two_app_instances_share_everything_and_neither_migrates(compose):
    services = compose["services"]
    web, web_2 = services["web"], services["web-2"]
    assert web["environment"] == web_2["environment"]  # the same settings, storage, cache and database
    assert web["image"] == web_2["image"] and web["build"] == web_2["build"]
    assert web["command"] == web_2["command"] and web["command"][0] == "gunicorn"
    assert "migrate" not in " ".join(web["command"])  # the migrate service does, once, before both
    for service in (web, web_2):
        assert "volumes" not in service  # nothing on the instance's own disk
        assert service["environment"]["REDIS_URL"].startswith("redis://redis:")
        assert service["environment"]["FRONTEND_CACHE_URL"] == "http://varnish:80"
        assert service["environment"]["DJANGO_TRUSTED_PROXY_COUNT"].startswith("${DJANGO_TRUSTED_PROXY_COUNT:-1}")
        assert "/healthz" in " ".join(service["healthcheck"]["test"])


def test_the_vcl_backends_and_purge_acl_match_the_compose_services(compose):
    vcl = (ROOT / "ops/varnish/default.vcl").read_text()
    assert 'backend default {\n    .host = "web";\n    .port = "8000";' in vcl.replace("\r", "")
    assert '.host = "web-2";' in vcl
    allowed = set(re.findall(r'"(\d+\.\d+\.\d+\.\d+)";', vcl.split("acl app {", 1)[1].split("}", 1)[0]))
    services = compose["services"]
    purgers = {"web", "web-2", "worker", "scheduler"}  # whatever runs the app can publish, so purge
    for name in purgers:
        assert services[name]["networks"]["app"]["ipv4_address"] in allowed, name
    subnet = compose["networks"]["app"]["ipam"]["config"][0]["subnet"]
    assert all(address.startswith(subnet.rsplit(".", 1)[0] + ".") for address in allowed - {"127.0.0.1"})
    # Nothing else (the database, the store, Varnish itself) may purge.
    others = {services[name]["networks"]["app"]["ipv4_address"] for name in services
              if name not in purgers and isinstance(services[name].get("networks"), dict)}
    assert not others & allowed


@postgres_only
@pytest.mark.django_db
def test_suite_runs_on_postgresql_with_full_text_search():
    from wagtail.search.backends import get_search_backend

    assert connection.vendor == "postgresql"
    backend = get_search_backend()
    assert "postgres" in type(backend).__module__
