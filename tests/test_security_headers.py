"""Production settings and the headers a browser receives (docs/security.md).

The production configuration is exercised for real: `check --deploy` in a
subprocess, and gunicorn started with occ_site.settings.production (random
secret key, throwaway SQLite database and media folder, demo content) whose
responses are read over HTTP.
"""

import json
import subprocess
import sys

from django.urls import reverse

import pytest

from tests.harness import production_server
from tests.harness.http_clients import Browserless, inline_code
from tests.signin import log_in_verified

PUBLIC_PAGES = [
    "/",
    "/our-history/",
    "/our-history/innovation-park-opens/",
    "/our-history/ecei-gold-label/",
    "/become-a-member/",
]
HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS-terminating proxy adds


def production_subprocess(code, **overrides):
    env = production_server.production_env(database_url="sqlite:////nonexistent/db.sqlite3", media_root="/nonexistent", **overrides)
    for name, value in overrides.items():
        if value is None:
            env.pop(name)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=production_server.ROOT, env=env, capture_output=True, text=True
    )


def production_settings(*names, **overrides):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = production_subprocess(code, **overrides)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_reports_no_issue():
    result = production_subprocess(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("variable", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without(variable):
    result = production_subprocess("import django; django.setup()", **{variable: None})
    assert result.returncode != 0
    assert f"{variable} must be set in production" in result.stderr


def test_https_settings_in_production():
    values = production_settings(
        "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE", "DEBUG", "AXES_ENABLED",
    )
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["DEBUG"] is False
    assert values["AXES_ENABLED"] is True


def test_ssl_redirect_can_be_switched_off_for_a_proxy_that_redirects_itself():
    values = production_settings("SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", DJANGO_SECURE_SSL_REDIRECT="False")
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


# --- gunicorn with the production settings ---------------------------------------------------


@pytest.fixture(scope="module")
def production_site(tmp_path_factory, collected_static):
    folder = tmp_path_factory.mktemp("production")
    # A single-container deployment serving renditions itself.
    env = production_server.demo_site_in(folder, DJANGO_SERVE_MEDIA="True")
    with production_server.gunicorn(env, workers=1, threads=4) as base_url:
        yield {"url": base_url, "media": folder / "media"}


@pytest.fixture
def https_client(production_site):
    return Browserless(production_site["url"], headers=HTTPS)


def test_plain_http_is_redirected_to_https(production_site):
    status, headers, _ = Browserless(production_site["url"]).request("/our-history/")
    assert status == 301
    assert headers["Location"].startswith("https://")


def test_health_check_answers_over_plain_http(production_site):
    status, _, body = Browserless(production_site["url"]).request("/healthz")
    assert status == 200
    assert json.loads(body)["database"] == "ok"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_send_the_security_headers_and_an_enforced_csp(https_client, path):
    status, headers, html = https_client.request(path)
    assert status == 200
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "includeSubDomains" in headers["Strict-Transport-Security"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["Content-Security-Policy-Report-Only"] is None
    # The enforced policy would block these, so the page must not need them.
    assert inline_code(html).problems == []


def test_admin_gets_a_report_only_policy_and_secure_cookies(https_client):
    status, headers, html = https_client.request("/admin/login/")
    assert status == 200
    assert headers["Content-Security-Policy"] is None
    assert "script-src 'self'" in headers["Content-Security-Policy-Report-Only"]
    assert headers["X-Frame-Options"] == "DENY"
    csrf_cookie = next(value for name, value in headers.items() if name == "Set-Cookie" and "csrftoken" in value)
    assert "Secure" in csrf_cookie
    assert "<form" in html


def test_renditions_are_served_but_originals_are_not(https_client, production_site):
    _, _, html = https_client.request("/our-history/")
    renditions = sorted({src for src in inline_code(html).image_sources if src.startswith("/media/images/")})
    assert renditions, "the timeline shows photos"
    status, headers, _ = https_client.request(renditions[0])
    assert status == 200
    assert headers["Content-Type"].startswith("image/")

    originals = sorted((production_site["media"] / "original_images").iterdir())
    assert originals
    status, _, body = https_client.request(f"/media/original_images/{originals[0].name}")
    assert status == 404
    assert "Page not found" in body  # the site's own 404 page, not a file listing
    status, _, _ = https_client.request("/media/original_images/")
    assert status == 404
    # Climbing out of the renditions folder is refused (it used to serve the original).
    status, _, _ = https_client.request("/media/images/../original_images/" + originals[0].name)
    assert status in {400, 404}


# --- in-process checks with the test settings ------------------------------------------------


@pytest.mark.django_db
def test_side_panel_preview_may_be_framed_by_the_admin_itself(client, demo_site, django_user_model):
    from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

    from history.models import MilestonePage

    admin = django_user_model.objects.create_superuser("preview-admin", "p@example.org", "x-not-used-x-123")
    log_in_verified(client, admin)
    milestone = MilestonePage.objects.get(slug="innovation-park-opens")
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[milestone.id]))
    assert edit["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy-Report-Only" in edit
    assert "Content-Security-Policy" not in edit

    data = querydict_from_html(edit.content.decode(), form_id="page-edit-form")
    data["title"] = "Preview headline never published"
    data.update(nested_form_data({"body": streamfield([])}))  # StreamField inputs are built by JavaScript
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[milestone.id])
    post = client.post(preview_url, data)
    assert post.json() == {"is_valid": True, "is_available": True}
    # The side panel's iframe: framing by the admin itself (same origin) only.
    panel = client.get(preview_url, {"in_preview_panel": "true"})
    assert panel.status_code == 200
    assert panel["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in panel["Content-Security-Policy"]
    assert "frame-ancestors 'none'" not in panel["Content-Security-Policy"]
    assert "script-src 'self'" in panel["Content-Security-Policy"]  # the rest of the public policy stays
    assert b"Preview headline never published" in panel.content
    # Opened in a new tab it is not framed by anything: it keeps the public pages' 'none'.
    new_tab = client.get(preview_url)
    assert new_tab.status_code == 200
    assert "frame-ancestors 'none'" in new_tab["Content-Security-Policy"]
    assert b"Preview headline never published" in new_tab.content
    # And the public page itself may not be framed at all.
    client.logout()
    assert "frame-ancestors 'none'" in client.get(milestone.url)["Content-Security-Policy"]
