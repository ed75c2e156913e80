"""The second factor for staff, staff sessions and enrol_totp, through Django's test client.

The same flows in a real browser are in tests/browser/test_staff_signin_browser.py.
"""

import json
import logging
import re
from datetime import timedelta

from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from history.roles import HISTORY_EDITORS, HISTORY_MODERATORS, ensure_roles
from staff_signin.factors import enrol_authenticator
from staff_signin.models import RecoveryCode, RecoveryCodeDevice, SignedInSession
from tests.signin import code_for, log_in_verified, new_secret

PASSWORD = "a-long-test-password-42"
HOME = "/admin/"
SETUP = "/admin/two-factor/setup/"
VERIFY = "/admin/two-factor/verify/"


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


def password_step(client, username):
    response = client.post(reverse("wagtailadmin_login"), {"username": username, "password": PASSWORD, "next": HOME})
    assert response.status_code == 302, "the password was refused"
    return response


def secret_on_page(response):
    return "".join(re.search(r"<code data-secret>([A-Z2-7 ]+)</code>", response.content.decode()).group(1).split())


def recovery_codes_on_page(response):
    return re.findall(r"<li><code>([a-z2-9-]{19})</code></li>", response.content.decode())


def set_up_authenticator(client, user):
    """What a person does at their first sign-in: scan the key, type the app's code. Returns the recovery codes."""
    page = client.get(SETUP)
    assert page.status_code == 200
    secret = secret_on_page(page)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert device.key == __import__("base64").b32decode(secret).hex()
    response = client.post(SETUP, {"code": code_for(device), "next": HOME})
    assert response.status_code == 200
    return recovery_codes_on_page(response)


# --- Who must, and what they see until they have -------------------------------------------------------------


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


# --- Setting up, and signing in with a code -----------------------------------------------------------------


def test_first_sign_in_sets_up_the_app_and_shows_recovery_codes_once(client, moderator, events):
    password_step(client, "moderator")
    codes = set_up_authenticator(client, moderator)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(HOME).status_code == 200
    # Stored as digests only.
    digests = set(RecoveryCode.objects.filter(device__user=moderator).values_list("digest", flat=True))
    assert len(digests) == 10
    assert not any(code.replace("-", "") in digest or code in digest for code in codes for digest in digests)
    assert TOTPDevice.objects.get(user=moderator).confirmed
    assert [e["user"] for e in events("second_factor_set_up")] == ["moderator"]


def test_a_wrong_code_during_setup_leaves_nothing_confirmed(client, moderator):
    password_step(client, "moderator")
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200
    assert "That code does not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=moderator, confirmed=True).exists()
    assert client.get(HOME).url.startswith(SETUP)


def test_next_sign_in_asks_for_a_code_and_goes_where_the_user_was_going(client, moderator, history_page):
    device = enrol_authenticator(user=moderator, secret=new_secret())
    password_step(client, "moderator")
    wanted = f"/admin/pages/{history_page.pk}/edit/"
    response = client.get(wanted)
    assert response.url == f"{VERIFY}?next=%2Fadmin%2Fpages%2F{history_page.pk}%2Fedit%2F"
    response = client.post(VERIFY, {"code": code_for(device), "next": wanted})
    assert response.status_code == 302 and response.url == wanted
    assert client.get(wanted).status_code == 200


def test_the_second_step_changes_the_session_key(client, moderator):
    device = enrol_authenticator(user=moderator, secret=new_secret())
    password_step(client, "moderator")
    before = client.cookies["sessionid"].value
    client.post(VERIFY, {"code": code_for(device)})
    assert client.cookies["sessionid"].value != before
    assert not Session.objects.filter(session_key=before).exists()


def test_next_never_leads_off_the_site(client, moderator):
    device = enrol_authenticator(user=moderator, secret=new_secret())
    password_step(client, "moderator")
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/admin/"})
    assert response.url == HOME


def test_a_code_works_only_once(client, moderator):
    device = enrol_authenticator(user=moderator, secret=new_secret())
    code = code_for(device)
    password_step(client, "moderator")
    assert client.post(VERIFY, {"code": code}).status_code == 302
    other = client.__class__()
    password_step(other, "moderator")
    response = other.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "has been used already" in response.content.decode()
    assert other.get(HOME).url.startswith(VERIFY)


def test_codes_from_outside_the_clock_window_are_refused(client, moderator):
    from django_otp.oath import hotp

    device = enrol_authenticator(user=moderator, secret=new_secret())
    now_step = int(timezone.now().timestamp()) // 30
    password_step(client, "moderator")
    for step in (now_step - 3, now_step + 3):
        response = client.post(VERIFY, {"code": f"{hotp(device.bin_key, step):06d}"})
        assert response.status_code == 200
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert device.tolerance == 1


def test_wrong_codes_make_the_next_try_wait(client, moderator):
    device = enrol_authenticator(user=moderator, secret=new_secret())
    password_step(client, "moderator")
    for wrong in ("111111", "222222", "333333"):
        client.post(VERIFY, {"code": wrong})
    response = client.post(VERIFY, {"code": code_for(device)})  # the right code, too soon
    assert response.status_code == 200
    assert re.search(r"Too many wrong codes. Wait \d+ seconds?", response.content.decode())
    assert client.get(HOME).url.startswith(VERIFY)
    # After the wait (1, 2, 4... seconds after each wrong code in a row) the right code works.
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(seconds=60))
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    assert client.get(HOME).status_code == 200


def test_a_recovery_code_signs_in_once(client, moderator, events):
    password_step(client, "moderator")
    codes = set_up_authenticator(client, moderator)
    client.logout()
    password_step(client, "moderator")
    response = client.post(VERIFY, {"code": codes[3].upper().replace("-", " ")})  # as typed off paper
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200
    assert events("recovery_code_used")[-1]["remaining"] == 9
    client.logout()
    password_step(client, "moderator")
    response = client.post(VERIFY, {"code": codes[3]})
    assert response.status_code == 200
    assert client.get(HOME).url.startswith(VERIFY)


def test_a_password_alone_cannot_replace_an_existing_factor(client, moderator):
    device = enrol_authenticator(user=moderator, secret=new_secret())
    password_step(client, "moderator")
    assert client.get(SETUP).url.startswith(VERIFY)
    assert client.post(SETUP, {"code": "123456"}).url.startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=moderator)) == [device]


def test_a_verified_user_can_replace_the_app_and_get_new_codes(client, moderator):
    old = enrol_authenticator(user=moderator, secret=new_secret())
    log_in_verified(client, moderator)
    codes = set_up_authenticator(client, moderator)
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert len(codes) == 10
    response = client.post(reverse("staff_signin_recovery_codes"))
    new_codes = recovery_codes_on_page(response)
    assert len(new_codes) == 10 and not set(new_codes) & set(codes)
    assert RecoveryCode.objects.filter(device__user=moderator).count() == 10


def test_someone_who_chose_a_factor_must_use_it_and_may_turn_it_off(client, editor):
    password_step(client, "editor")
    set_up_authenticator(client, editor)
    client.logout()
    password_step(client, "editor")
    assert client.get(HOME).url.startswith(VERIFY)
    device = TOTPDevice.objects.get(user=editor)
    client.post(VERIFY, {"code": code_for(device)})
    response = client.post(reverse("staff_signin_remove"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not RecoveryCodeDevice.objects.filter(user=editor).exists()


def test_those_who_must_cannot_turn_it_off(client, moderator):
    log_in_verified(client, moderator)
    client.post(reverse("staff_signin_remove"))
    assert TOTPDevice.objects.filter(user=moderator).exists()


# --- An administrator resets a lost device ------------------------------------------------------------------


def test_an_administrator_resets_a_users_factors_from_the_user_listing(admin_client, moderator, events):
    device = enrol_authenticator(user=moderator, secret=new_secret())
    from django.test import Client

    phone = Client()
    log_in_verified(phone, moderator)
    assert phone.get(HOME).status_code == 200
    listing = admin_client.get(reverse("wagtailusers_users:index")).content.decode()
    reset_url = reverse("staff_signin_reset", args=[moderator.pk])
    assert reset_url in listing
    assert reset_url in admin_client.get(reverse("wagtailusers_users:edit", args=[moderator.pk])).content.decode()
    page = admin_client.get(reset_url).content.decode()
    assert "moderator has an authenticator app" in page
    response = admin_client.post(reset_url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not RecoveryCodeDevice.objects.filter(user=moderator).exists()
    # Their sessions ended: the next request goes to the login page.
    assert phone.get(HOME).url.startswith(reverse("wagtailadmin_login"))
    [event] = events("second_factor_reset")
    assert (event["user"], event["by"], event["sessions_ended"]) == ("moderator", "admin", 1)
    # At their next sign-in they set up a new factor.
    password_step(phone, "moderator")
    assert phone.get(HOME).url.startswith(SETUP)


def test_only_user_managers_may_reset_and_only_superusers_reset_superusers(client, make_user, editor, moderator):
    boss = make_user("boss", is_superuser=True)
    manager = make_user("manager")
    from django.contrib.auth.models import Permission

    manager.user_permissions.add(
        Permission.objects.get(codename="change_user"), Permission.objects.get(codename="access_admin")
    )
    enrol_authenticator(user=moderator, secret=new_secret())
    enrol_authenticator(user=boss, secret=new_secret())

    def refused(response):
        # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and a message.
        return response.status_code == 302 and response.url == HOME

    log_in_verified(client, editor)
    assert refused(client.post(reverse("staff_signin_reset", args=[moderator.pk])))
    assert TOTPDevice.objects.filter(user=moderator).exists()
    log_in_verified(client, manager)
    assert client.get(reverse("staff_signin_reset", args=[moderator.pk])).status_code == 200
    assert refused(client.post(reverse("staff_signin_reset", args=[boss.pk])))
    assert TOTPDevice.objects.filter(user=boss).exists()
    listing = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert reverse("staff_signin_reset", args=[moderator.pk]) in listing
    assert reverse("staff_signin_reset", args=[boss.pk]) not in listing


# --- Sessions -----------------------------------------------------------------------------------------------


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


# --- enrol_totp -----------------------------------------------------------------------------------------------

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_enrol_totp_gives_the_user_an_authenticator_and_prints_nothing_secret(moderator, capsys, client):
    call_command("enrol_totp", "moderator", "--secret", SECRET.lower())
    output = capsys.readouterr()
    assert "moderator" in output.out
    assert SECRET not in output.out + output.err and SECRET.lower() not in output.out + output.err
    device = TOTPDevice.objects.get(user=moderator)
    assert device.confirmed and device.key == __import__("base64").b32decode(SECRET).hex()
    password_step(client, "moderator")
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302


def test_enrol_totp_refuses_an_existing_device_unless_replace(moderator):
    call_command("enrol_totp", "moderator", "--secret", SECRET)
    with pytest.raises(CommandError, match="already has an authenticator; pass --replace"):
        call_command("enrol_totp", "moderator", "--secret", new_secret())
    call_command("enrol_totp", "moderator", "--secret", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "--replace")
    assert TOTPDevice.objects.get(user=moderator).key == "3132333435363738393031323334353637383930"


@pytest.mark.parametrize(
    "args, message",
    [
        (["nobody", "--secret", SECRET], "No user named “nobody”."),
        (["moderator", "--secret", "not base32 at all!"], "The secret is not valid base32"),
        (["moderator", "--secret", "JBSWY3DP"], "The secret must be 10 to 40 bytes"),
        (["moderator", "--secret", "   "], "The secret is empty."),
    ],
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the command line closes the database connection when it ends
def test_enrol_totp_bad_input_is_one_clear_line_and_exit_1(moderator, capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "enrol_totp", *args])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
    assert not TOTPDevice.objects.filter(user=moderator).exists()
