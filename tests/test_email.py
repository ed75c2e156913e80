"""E-mail reaches a real SMTP server (aiosmtpd on a free loopback port), or the admin says it cannot.

EMAIL_URL is read by the settings in a subprocess that sends through Django's own
`sendtestemail`, logging in with a password that needs percent-encoding; moderation
notifications and password resets are sent in-process through Django's SMTP backend.
"""

import os
import subprocess
import sys
import threading
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

from django.contrib.auth.models import Group
from django.test import override_settings

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from history.factories import MilestonePageFactory
from history.roles import HISTORY_EDITORS, HISTORY_MODERATORS
from tests.harness.processes import free_port
from tests.signin import log_in_verified

ROOT = Path(__file__).resolve().parent.parent
SMTP_USER = "occ-site"
SMTP_PASSWORD = "p@ss:w/rd"  # noqa: S105 - a throwaway for the local test server
SENDER = "Oslo Cancer Cluster <web@occ.example.org>"


class Mailbox:
    """An aiosmtpd handler keeping every message it accepts, and the login it came with."""

    def __init__(self):
        self.messages = []
        self.logins = []
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content, policy=default_policy)
        self.messages.append({"from": envelope.mail_from, "to": envelope.rcpt_tos, "message": message})
        self.arrived.set()
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        login = auth_data.login.decode()
        password = auth_data.password.decode()
        self.logins.append(login)
        return AuthResult(success=(login, password) == (SMTP_USER, SMTP_PASSWORD))

    def bodies(self):
        return [item["message"].get_body(preferencelist=("plain",)).get_content() for item in self.messages]


@pytest.fixture
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=mailbox.authenticate,
        auth_require_tls=False,  # loopback only; production servers use STARTTLS (?tls=True)
    )
    controller.start()
    try:
        yield {"mailbox": mailbox, "port": controller.port}
    finally:
        controller.stop()


@pytest.fixture
def smtp_settings(smtp_server):
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=smtp_server["port"],
        EMAIL_HOST_USER=SMTP_USER,
        EMAIL_HOST_PASSWORD=SMTP_PASSWORD,
        EMAIL_USE_TLS=False,
        EMAIL_CONFIGURED=True,
        DEFAULT_FROM_EMAIL=SENDER,
        WAGTAILADMIN_NOTIFICATION_FROM_EMAIL=SENDER,
        WAGTAIL_PASSWORD_RESET_ENABLED=True,
    ):
        yield smtp_server["mailbox"]


def production_env(**extra):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "occ_site.settings.production",
        "DJANGO_SECRET_KEY": "email-test-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "www.example.org",
        "DATABASE_URL": "sqlite:////nonexistent/db.sqlite3",
    }
    env.update(extra)
    return env


def test_email_url_configures_smtp_with_login_and_sender(smtp_server):
    password = SMTP_PASSWORD.replace("@", "%40").replace(":", "%3A").replace("/", "%2F")
    env = production_env(
        EMAIL_URL=f"smtp://{SMTP_USER}:{password}@127.0.0.1:{smtp_server['port']}",
        DJANGO_DEFAULT_FROM_EMAIL=SENDER,
    )
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "sendtestemail", "webmaster@occ.example.org"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    mailbox = smtp_server["mailbox"]
    assert mailbox.logins == [SMTP_USER]
    [delivered] = mailbox.messages
    assert delivered["to"] == ["webmaster@occ.example.org"]
    assert delivered["message"]["From"] == SENDER


def test_without_email_url_production_logs_mail_and_turns_password_reset_off():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.EMAIL_CONFIGURED, s.EMAIL_BACKEND, s.WAGTAIL_PASSWORD_RESET_ENABLED, s.SERVER_EMAIL]))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=production_env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '[false, "django.core.mail.backends.console.EmailBackend", false, "webmaster@localhost"]'


@pytest.mark.django_db
def test_moderators_are_told_by_email_when_an_editor_submits(smtp_settings, history_page, django_user_model):
    editor = django_user_model.objects.create_user("editor", "editor@occ.example.org", "a-long-test-password")
    editor.groups.add(Group.objects.get(name=HISTORY_EDITORS))
    moderator = django_user_model.objects.create_user("moderator", "moderator@occ.example.org", "a-long-test-password")
    moderator.groups.add(Group.objects.get(name=HISTORY_MODERATORS))
    milestone = MilestonePageFactory(parent=history_page, title="Second building phase starts", live=False)

    milestone.save_revision(user=editor)
    milestone.get_workflow().start(milestone, editor)

    assert smtp_settings.arrived.wait(10), "no e-mail reached the SMTP server"
    [delivered] = smtp_settings.messages
    assert delivered["to"] == ["moderator@occ.example.org"]
    assert delivered["message"]["From"] == SENDER
    assert "Second building phase starts" in delivered["message"]["Subject"]
    assert f"/admin/pages/{milestone.pk}/" in smtp_settings.bodies()[0]


@pytest.mark.django_db
def test_password_reset_email_arrives_with_a_link(smtp_settings, client, django_user_model):
    django_user_model.objects.create_user("moderator", "moderator@occ.example.org", "a-long-test-password")
    response = client.post("/admin/password_reset/", {"email": "moderator@occ.example.org"})
    assert response.status_code == 302
    assert smtp_settings.arrived.wait(10), "no e-mail reached the SMTP server"
    [delivered] = smtp_settings.messages
    assert delivered["to"] == ["moderator@occ.example.org"]
    assert "/admin/password_reset/confirm/" in smtp_settings.bodies()[0]


@pytest.mark.django_db
class TestAdminWarning:
    def dashboard(self, client, user):
        log_in_verified(client, user)
        return client.get("/admin/").content.decode()

    @override_settings(EMAIL_CONFIGURED=False)
    def test_administrators_are_told_when_email_is_not_configured(self, client, django_user_model):
        admin = django_user_model.objects.create_superuser("admin", "admin@occ.example.org", "a-long-test-password")
        html = self.dashboard(client, admin)
        assert "E-mail cannot be delivered" in html
        assert "EMAIL_URL is not set" in html

    @override_settings(EMAIL_CONFIGURED=False)
    def test_editors_are_not_bothered_with_it(self, client, django_user_model):
        editor = django_user_model.objects.create_user("editor", "editor@occ.example.org", "a-long-test-password")
        editor.groups.add(Group.objects.get(name=HISTORY_EDITORS))
        assert "E-mail cannot be delivered" not in self.dashboard(client, editor)

    @override_settings(EMAIL_CONFIGURED=True, DEFAULT_FROM_EMAIL="webmaster@localhost")
    def test_the_default_sender_address_is_pointed_out(self, client, django_user_model):
        admin = django_user_model.objects.create_superuser("admin", "admin@occ.example.org", "a-long-test-password")
        assert "DJANGO_DEFAULT_FROM_EMAIL" in self.dashboard(client, admin)

    @override_settings(EMAIL_CONFIGURED=True, DEFAULT_FROM_EMAIL=SENDER)
    def test_no_warning_once_email_is_set_up(self, client, django_user_model):
        admin = django_user_model.objects.create_superuser("admin", "admin@occ.example.org", "a-long-test-password")
        assert "E-mail cannot be delivered" not in self.dashboard(client, admin)
