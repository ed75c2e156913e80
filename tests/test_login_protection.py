"""Login protection on the Wagtail admin: django-axes and password rules (docs/security.md)."""

from datetime import timedelta

from django.test import RequestFactory
from django.urls import reverse

import pytest
from axes.models import AccessAttempt

from occ_site.security import client_ip

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple 42"
ATTACKER = "203.0.113.7"


@pytest.fixture
def editor(db, django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@example.org", PASSWORD)
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def axes_on(settings):
    """The test settings switch django-axes off (Client.login has no request); turn it on."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes


def attempt(client, password, *, ip=ATTACKER, username="editor", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def logged_in(client):
    """Past the password: in the admin, or (this editor is a superuser) at the second step."""
    response = client.get(reverse("wagtailadmin_home"))
    return response.status_code == 200 or response.url.startswith(reverse("staff_signin_setup"))


def fail_until_locked(client, **extra):
    responses = [attempt(client, f"wrong-{n}", **extra) for n in range(5)]
    assert [r.status_code for r in responses[:4]] == [200] * 4  # the login form again, with an error
    assert responses[4].status_code == 429
    return responses[4]


def test_wrong_passwords_lock_the_username_from_that_address(client, editor, axes_on):
    locked = fail_until_locked(client)
    html = locked.content.decode()
    assert "Too many login attempts" in html
    assert "after 5 failed login attempts" in html
    assert "try again in 15 minutes" in html
    assert "css/site.css" in html  # the site's own page, not a bare message
    assert not logged_in(client)


def test_the_right_password_is_refused_during_the_lockout(client, editor, axes_on):
    fail_until_locked(client)
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)


def test_the_lock_lifts_after_the_cool_off(client, editor, axes_on):
    fail_until_locked(client)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))
    response = attempt(client, PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_lock_is_per_username_and_address(client, editor, axes_on, django_user_model):
    fail_until_locked(client)
    # The editor, from their own address, can still log in: a stranger cannot lock them out.
    assert attempt(client, PASSWORD, ip="198.51.100.20").status_code == 302
    assert logged_in(client)


def test_a_spoofed_x_forwarded_for_does_not_reset_the_count(client, editor, axes_on):
    responses = [
        attempt(client, f"wrong-{n}", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 192.0.2.{n}") for n in range(5)
    ]
    assert responses[-1].status_code == 429
    response = attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429
    assert not logged_in(client)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_behind_a_trusted_proxy_only_the_address_it_saw_counts(settings):
    factory = RequestFactory()
    request = factory.post(LOGIN, REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert client_ip(request) == "10.1.1.1"  # default: no proxy trusted, the header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # what our proxy appended; "1.2.3.4" came from the client
    request = factory.post(LOGIN, REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_ip(request) == "10.1.1.1"


def test_a_successful_login_resets_the_failures(client, editor, axes_on):
    for n in range(4):
        attempt(client, f"wrong-{n}")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    for n in range(4):
        assert attempt(client, f"wrong-again-{n}").status_code == 200


# --- Django's password validators in the Wagtail user forms ----------------------------------


def user_form_data(password, username="newcomer"):
    return {
        "username": username,
        "email": f"{username}@example.org",
        "first_name": "New",
        "last_name": "Comer",
        "password1": password,
        "password2": password,
        "is_active": "on",
    }


@pytest.mark.parametrize(
    "password, message",
    [
        ("password", "This password is too short"),
        ("password12345", "This password is too common"),
        ("839201746392", "This password is entirely numeric"),
        ("newcomer-newcomer", "The password is too similar to the"),
    ],
)
def test_weak_passwords_are_refused_when_creating_a_user(admin_client, django_user_model, password, message):
    response = admin_client.post(reverse("wagtailusers_users:add"), user_form_data(password))
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].errors.get("password2", []))
    assert message in errors
    assert not django_user_model.objects.filter(username="newcomer").exists()


def test_a_strong_password_is_accepted(admin_client, django_user_model):
    response = admin_client.post(reverse("wagtailusers_users:add"), user_form_data("quiet lantern orbit 7734"))
    assert response.status_code == 302
    assert django_user_model.objects.get(username="newcomer").check_password("quiet lantern orbit 7734")


def test_weak_password_refused_when_changing_a_users_password(admin_client, editor):
    data = user_form_data("short", username="editor")
    response = admin_client.post(reverse("wagtailusers_users:edit", args=[editor.pk]), data)
    assert response.status_code == 200
    assert "This password is too short" in str(response.context["form"].errors)
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)
