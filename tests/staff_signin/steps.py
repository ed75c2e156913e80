"""The password step of a staff sign-in and the admin addresses the sign-in tests go through."""

from django.urls import reverse

PASSWORD = "a-long-test-password-42"
HOME = "/admin/"
SETUP = "/admin/two-factor/setup/"
VERIFY = "/admin/two-factor/verify/"


def password_step(client, username):
    response = client.post(reverse("wagtailadmin_login"), {"username": username, "password": PASSWORD, "next": HOME})
    assert response.status_code == 302, "the password was refused"
    return response
