"""Who must pass a second step to use the admin, and what they see until they have: every admin page
sends them to the setup, the admin's scripts get a 403 saying where to go, and outside the admin they
are a visitor. Editors are not asked but offered it. Through Django's test client.

The same flows in a real browser are in tests/browser/test_staff_signin_browser.py.
"""

from django.urls import reverse

import pytest

from history.roles import HISTORY_MODERATORS
from tests.signin import log_in_verified
from tests.staff_signin.steps import HOME, SETUP, password_step


@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_staff_who_can_publish_or_manage_users_are_sent_to_set_up_a_factor(client, make_user, who):
    if who == "moderator":
        make_user("someone", HISTORY_MODERATORS)
    else:
        make_user("someone", is_superuser=True)
    response = password_step(client, "someone")
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=%2Fadmin%2F"
    assert client.get(response.url).status_code == 200


def test_editors_are_not_asked_but_offered_it_in_their_account(client, editor):
    password_step(client, "editor")
    assert client.get(HOME).status_code == 200
    account = client.get(reverse("wagtailadmin_account")).content.decode()
    assert reverse("staff_signin_account") in account
    offer = client.get(reverse("staff_signin_account")).content.decode()
    assert "Set up authenticator app" in offer


@pytest.fixture
def unverified_moderator_client(client, moderator, site_root):
    password_step(client, "moderator")
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/pages/",
        "/admin/pages/{page}/edit/",
        "/admin/pages/{page}/edit/preview/",
        "/admin/choose-page/",
        "/admin/images/chooser/",
        "/admin/users/",
        "/admin/account/",
        "/admin/account/two-factor/",
        "/admin/milestones/",
        "/admin/no-such-page/",
    ],
)
def test_every_admin_page_sends_an_unverified_moderator_to_the_setup(unverified_moderator_client, site_root, url):
    url = url.format(page=site_root.pk)
    response = unverified_moderator_client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(f"{SETUP}?next=")


@pytest.mark.parametrize(
    "url, headers",
    [
        ("/admin/api/main/pages/", {}),
        ("/admin/choose-page/", {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}),
        ("/admin/pages/{page}/edit/", {"HTTP_ACCEPT": "application/json"}),
    ],
)
def test_scripts_in_the_admin_get_a_403_saying_where_to_go(unverified_moderator_client, site_root, url, headers):
    response = unverified_moderator_client.get(url.format(page=site_root.pk), **headers)
    assert response.status_code == 403
    assert response.json()["error"] == "second_factor_required"
    assert response.json()["url"] == SETUP


def test_posts_to_the_admin_are_refused_until_the_second_step(unverified_moderator_client, site_root):
    response = unverified_moderator_client.post(f"/admin/pages/{site_root.pk}/edit/", {"title": "Hijacked"})
    assert response.status_code == 302 and response.url == SETUP
    site_root.refresh_from_db()
    assert site_root.title != "Hijacked"


def test_outside_the_admin_an_unverified_moderator_is_a_visitor(client, moderator, site_root):
    log_in_verified(client, moderator)
    assert "wagtail-userbar" in client.get("/").content.decode()
    client.logout()
    password_step(client, "moderator")
    assert "wagtail-userbar" not in client.get("/").content.decode()
