"""The demo accounts for `make run`: one per role, generated passwords shown once, never changed later."""

import re

from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

import pytest

from history.roles import HISTORY_EDITORS, HISTORY_MODERATORS, PHOTO_CONTRIBUTORS


@pytest.mark.django_db
def test_demo_users_get_generated_passwords_once(capsys):
    call_command("ensure_demo_users")
    out = capsys.readouterr().out
    passwords = dict(re.findall(r"Created demo account “(\w+)” \(.+?\) with password: (\S+)", out))
    assert set(passwords) == {"editor", "moderator", "photographer"}
    assert len(set(passwords.values())) == 3
    for username, group in (("editor", HISTORY_EDITORS), ("moderator", HISTORY_MODERATORS), ("photographer", PHOTO_CONTRIBUTORS)):
        user = authenticate(username=username, password=passwords[username])
        assert user is not None and list(user.groups.values_list("name", flat=True)) == [group]
        assert not user.is_superuser

    call_command("ensure_demo_users")
    again = capsys.readouterr().out
    assert "password:" not in again and "already exists" in again
    assert authenticate(username="editor", password=passwords["editor"]) is not None
    assert get_user_model().objects.count() == 3
