"""What the staff sign-in tests share: a user of each role and the sign-in events they log."""

import json
import logging

from django.contrib.auth.models import Group

import pytest

from history.roles import HISTORY_EDITORS, HISTORY_MODERATORS, ensure_roles
from tests.staff_signin.steps import PASSWORD


@pytest.fixture
def roles(db):
    ensure_roles()


@pytest.fixture
def make_user(django_user_model, roles):
    def make(username, group=None, **fields):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD, **fields)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def moderator(make_user):
    return make_user("moderator", HISTORY_MODERATORS)


@pytest.fixture
def editor(make_user):
    return make_user("editor", HISTORY_EDITORS)


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.WARNING, logger="staff_signin")

    def read(name):
        found = [json.loads(r.getMessage()) for r in caplog.records if r.name == "staff_signin"]
        return [event for event in found if event["event"] == name]

    return read
