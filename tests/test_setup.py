"""The deployment files stay in step with the settings; the suite knows its database."""

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


def test_compose_has_db_web_and_redis(compose):
    assert {"db", "web", "redis"} <= set(compose["services"])
    db = compose["services"]["db"]
    assert db["image"].startswith("postgres:")
    assert int(db["image"].split(":")[1].split("-")[0]) >= 16
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(v.startswith("postgres-data:") for v in db["volumes"])
    assert {"postgres-data", "media"} <= set(compose["volumes"])


def test_web_waits_for_a_healthy_database_and_migrates(compose):
    web = compose["services"]["web"]
    assert web["build"] == "."
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert "migrate" in web["command"] and "gunicorn" in web["command"]
    assert "media:/app/media" in web["volumes"]
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


@postgres_only
@pytest.mark.django_db
def test_suite_runs_on_postgresql_with_full_text_search():
    from wagtail.search.backends import get_search_backend

    assert connection.vendor == "postgresql"
    backend = get_search_backend()
    assert "postgres" in type(backend).__module__
