"""Staff sessions: signing out or changing the password ends the user's other sessions, records of
sessions that are gone are dropped, and a session lasts a working day of inactivity, renewed by each
request but not by the admin's background pings.
"""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from staff_signin.models import SignedInSession
from tests.signin import log_in_verified
from tests.staff_signin.steps import HOME, PASSWORD


def test_signing_out_ends_the_users_other_sessions(moderator):
    from django.test import Client

    laptop, phone = Client(), Client()
    log_in_verified(laptop, moderator)
    log_in_verified(phone, moderator)
    assert phone.get(HOME).status_code == 200
    laptop.post(reverse("wagtailadmin_logout"))
    assert phone.get(HOME).url.startswith(reverse("wagtailadmin_login"))
    assert not SignedInSession.objects.filter(user=moderator).exists()


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(editor):
    from django.test import Client

    laptop, phone = Client(), Client()
    log_in_verified(laptop, editor)
    log_in_verified(phone, editor)
    response = laptop.post(
        reverse("wagtailadmin_account"),
        {
            "password-old_password": PASSWORD,
            "password-new_password1": "a-brand-new-passphrase-77",
            "password-new_password2": "a-brand-new-passphrase-77",
            "name_email-first_name": "Erika",
            "name_email-last_name": "Editor",
            "name_email-email": "editor@example.org",
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert response.status_code == 302, response.context["panels_by_tab"] if response.context else response
    editor.refresh_from_db()
    assert editor.check_password("a-brand-new-passphrase-77")
    assert laptop.get(HOME).status_code == 200
    assert phone.get(HOME).url.startswith(reverse("wagtailadmin_login"))


def test_records_of_sessions_that_are_gone_are_dropped_at_the_next_sign_in(editor):
    from django.test import Client

    first, second = Client(), Client()
    log_in_verified(first, editor)
    Session.objects.filter(session_key=first.cookies["sessionid"].value).delete()  # expired, then clearsessions
    log_in_verified(second, editor)
    assert list(SignedInSession.objects.values_list("session_key", flat=True)) == [second.cookies["sessionid"].value]


def test_sessions_last_a_working_day_of_inactivity(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert not settings.SESSION_SAVE_EVERY_REQUEST


def stored_expiry(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def test_each_request_renews_the_session_but_the_admins_background_pings_do_not(client, editor, site_root):
    log_in_verified(client, editor)
    key = client.cookies["sessionid"].value
    almost_over = timezone.now() + timedelta(minutes=30)
    Session.objects.filter(session_key=key).update(expire_date=almost_over)
    client.post(f"/admin/editing-sessions/ping/wagtailcore/page/{site_root.pk}/0/")
    assert stored_expiry(client) == almost_over
    client.get(HOME)
    assert stored_expiry(client) > timezone.now() + timedelta(hours=7, minutes=59)


def test_a_session_idle_for_longer_ends(client, editor):
    log_in_verified(client, editor)
    Session.objects.filter(session_key=client.cookies["sessionid"].value).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(HOME).url.startswith(reverse("wagtailadmin_login"))
