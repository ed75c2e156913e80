"""What the staff sign-in tests share: a user of each role, the sign-in events they log, and the
password step of a sign-in.

The fixtures are declared under their own names (``moderator``, ``editor``...); a test module imports
the ``*_fixture`` functions it needs, those they depend on included, and asks for them by name.
"""

import json
import logging

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from history.roles import HISTORY_EDITORS, HISTORY_MODERATORS, ensure_roles

PASSWORD = "a-long-test-password-42"
HOME = "/admin/"
SETUP = "/admin/two-factor/setup/"
VERIFY = "/admin/two-factor/verify/"


@pytest.fixture(name="roles")
def roles_fixture(db):
    ensure_roles()


@pytest.fixture(name="make_user")
def make_user_fixture(django_user_model, roles):
    def make(username, group=None, **fields):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD, **fields)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture(name="moderator")
def moderator_fixture(make_user):
    return make_user("moderator", HISTORY_MODERATORS)


@pytest.fixture(name="editor")
def editor_fixture(make_user):
    return make_user("editor", HISTORY_EDITORS)


@pytest.fixture(name="events")
def events_fixture(caplog):
    caplog.set_level(logging.WARNING, logger="staff_signin")

    def read(name):
        found = [json.loads(r.getMessage()) for r in caplog.records if r.name == "staff_signin"]
        return [event for event in found if event["event"] == name]

    return read


def password_step(client, username):
    response = client.post(reverse("wagtailadmin_login"), {"username": username, "password": PASSWORD, "next": HOME})
    assert response.status_code == 302, "the password was refused"
    return response
