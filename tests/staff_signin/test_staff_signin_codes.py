"""Setting up an authenticator app and signing in with its codes, through Django's test client: the
first sign-in shows the recovery codes once; a code works once, only within the clock window, and wrong
ones make the next try wait; a recovery code signs in once; a verified user may replace the app, and
one who chose a factor without having to may turn it off.

The same flows in a real browser are in tests/browser/test_staff_signin_browser.py.
"""

import re
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from django_otp.plugins.otp_totp.models import TOTPDevice

from staff_signin.factors import enrol_authenticator
from staff_signin.models import RecoveryCode, RecoveryCodeDevice
from tests.signin import code_for, log_in_verified, new_secret
from tests.staff_signin.steps import HOME, SETUP, VERIFY, password_step


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
