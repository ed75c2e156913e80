"""Staff sign-in in a real browser: the first sign-in sets up an authenticator app, later ones ask for its
code or a recovery code; wrong codes make the next try wait; an administrator resets a lost phone.

Codes are worked out here from the key the setup page shows, with RFC 6238's arithmetic (what an
authenticator app does), not with the server's library.
"""

import base64
import hashlib
import hmac
import re
import struct
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from history.roles import HISTORY_MODERATORS, ensure_roles
from staff_signin.factors import enrol_authenticator, issue_recovery_codes
from staff_signin.models import RecoveryCode
from tests.signin import move_clock_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-browser-test-password"


def authenticator_code(secret, step):
    """What an authenticator app shows for a base32 secret in 30-second step `step` (RFC 6238, SHA-1, 6 digits)."""
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret.replace(" ", "")) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


class AuthenticatorApp:
    """A phone's authenticator app: shows the current code; a code once used, shows the next step's.

    ``clock``: time-machine's fixture, to move on to the next step where a person would wait for it.
    """

    def __init__(self, secret, clock):
        self.secret = secret
        self.clock = clock
        self.last_step = -1

    def code(self):
        step = max(int(time.time()) // 30, self.last_step + 1)
        if step > int(time.time()) // 30 + 1:  # the server accepts one step ahead at most
            move_clock_on(self.clock, 30 - time.time() % 30 + 0.5)
            step = int(time.time()) // 30
        self.last_step = step
        return authenticator_code(self.secret, step)


@pytest.fixture
def users(live_server):
    ensure_roles()
    User = get_user_model()
    moderator = User.objects.create_user("moderator", "moderator@example.org", PASSWORD, first_name="Morten")
    moderator.groups.add(Group.objects.get(name=HISTORY_MODERATORS))
    admin = User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    return {"moderator": moderator, "admin": admin, "url": live_server.url}


@pytest.fixture
def new_page(open_context):
    def make():
        page = open_context(viewport={"width": 1280, "height": 900}).new_page()
        page.set_default_timeout(30_000)
        return page

    return make


def password_step(page, users, username):
    page.goto(f"{users['url']}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def enter_code(page, code):
    page.fill("#id_code", code)
    page.get_by_role("button", name="Continue").click()


def test_first_sign_in_sets_up_the_app_then_the_next_sign_in_asks_for_its_code(new_page, users, time_machine):
    from playwright.sync_api import expect

    page = new_page()
    password_step(page, users, "moderator")
    page.wait_for_url(re.compile(r"/admin/two-factor/setup/"))
    expect(page.locator("h1")).to_have_text("Set up your authenticator app")
    expect(page.locator(".staff-signin-qr svg")).to_be_visible()
    app = AuthenticatorApp(page.locator("code[data-secret]").inner_text(), time_machine)

    # Any other admin address brings the user back here.
    page.goto(f"{users['url']}/admin/images/")
    page.wait_for_url(re.compile(r"/admin/two-factor/setup/\?next=%2Fadmin%2Fimages%2F"))

    page.fill("#id_code", app.code())
    page.get_by_role("button", name="Turn on").click()
    codes = page.locator("[data-recovery-codes] code")
    expect(codes).to_have_count(10)
    shown = codes.all_inner_texts()
    page.get_by_role("link", name="I have saved them, continue").click()
    page.wait_for_url(re.compile(r"/admin/images/$"))
    expect(page.locator("h1")).to_contain_text("Images")
    stored = set(RecoveryCode.objects.values_list("digest", flat=True))
    assert not stored & set(shown)

    # Another day, another browser: password, then the app's code.
    later = new_page()
    password_step(later, users, "moderator")
    later.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    enter_code(later, app.code())
    later.wait_for_url(re.compile(r"/admin/$"))
    expect(later.get_by_role("navigation", name="Main menu")).to_contain_text("People")


def test_sign_in_with_a_recovery_code_that_then_stops_working(new_page, users, time_machine):
    from playwright.sync_api import expect

    enrol_authenticator(user=users["moderator"], secret=base64.b32encode(b"0123456789abcdefghij").decode())
    codes = issue_recovery_codes(users["moderator"])

    page = new_page()
    password_step(page, users, "moderator")
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    enter_code(page, codes[0])
    page.wait_for_url(re.compile(r"/admin/$"))

    again = new_page()
    password_step(again, users, "moderator")
    enter_code(again, codes[0])
    expect(again.locator(".w-field__errors")).to_contain_text("has been used already")
    assert "/admin/two-factor/verify/" in again.url
    move_clock_on(time_machine, 1.5)  # after one wrong code the next is taken a second later; a person types slower than that
    enter_code(again, codes[1])
    again.wait_for_url(re.compile(r"/admin/$"))


def test_wrong_codes_make_the_next_try_wait(new_page, users, time_machine):
    from playwright.sync_api import expect

    secret = base64.b32encode(b"a-secret-for-waiting!").decode()
    device = enrol_authenticator(user=users["moderator"], secret=secret)
    app = AuthenticatorApp(secret, time_machine)

    page = new_page()
    password_step(page, users, "moderator")
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    errors = page.locator(".w-field__errors")
    enter_code(page, "000000")
    expect(errors).to_contain_text("That code is not right")
    for wrong in ("111111", "222222", "333333"):
        enter_code(page, wrong)
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1  # the wrong codes counted (tries during a wait do not)
    # As after four wrong codes in a row, the last just now (an 8 s wait), however slowly this machine types.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=4, throttling_failure_timestamp=timezone.now())
    enter_code(page, app.code())  # the right code, but too soon after the wrong ones
    expect(errors).to_contain_text(re.compile(r"Too many wrong codes\. Wait \d+ seconds?"))
    assert "/admin/two-factor/verify/" in page.url

    # The wait passes (moved on in the database rather than slept through).
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(minutes=5))
    app.last_step = -1
    enter_code(page, app.code())
    page.wait_for_url(re.compile(r"/admin/$"))


def test_an_administrator_resets_a_lost_phone_and_the_user_sets_up_a_new_one(new_page, users, time_machine):
    from playwright.sync_api import expect

    moderator_app = AuthenticatorApp(base64.b32encode(b"moderator-old-phone!!").decode(), time_machine)
    enrol_authenticator(user=users["moderator"], secret=moderator_app.secret)
    admin_app = AuthenticatorApp(base64.b32encode(b"the-admins-own-phone").decode(), time_machine)
    enrol_authenticator(user=users["admin"], secret=admin_app.secret)

    # The moderator is signed in on a computer they no longer have with them.
    forgotten = new_page()
    password_step(forgotten, users, "moderator")
    enter_code(forgotten, moderator_app.code())
    forgotten.wait_for_url(re.compile(r"/admin/$"))

    admin = new_page()
    password_step(admin, users, "admin")
    enter_code(admin, admin_app.code())
    admin.wait_for_url(re.compile(r"/admin/$"))
    admin.goto(f"{users['url']}/admin/users/")
    admin.get_by_role("button", name="More options for 'moderator'").click()
    admin.get_by_role("link", name="Reset second factor").click()
    expect(admin.locator("main")).to_contain_text("moderator has an authenticator app and 0 unused recovery codes")
    admin.locator("main form").get_by_role("button", name="Reset second factor").click()
    admin.wait_for_url(re.compile(r"/admin/users/$"))
    expect(admin.locator(".messages")).to_contain_text("moderator's second factor was reset")
    assert not TOTPDevice.objects.filter(user=users["moderator"]).exists()

    # The forgotten session is over.
    forgotten.reload()
    forgotten.wait_for_url(re.compile(r"/admin/login/"))

    # With a new phone, the moderator signs in and sets it up.
    password_step(forgotten, users, "moderator")
    forgotten.wait_for_url(re.compile(r"/admin/two-factor/setup/"))
    new_phone = AuthenticatorApp(forgotten.locator("code[data-secret]").inner_text(), time_machine)
    forgotten.fill("#id_code", new_phone.code())
    forgotten.get_by_role("button", name="Turn on").click()
    expect(forgotten.locator("[data-recovery-codes] code")).to_have_count(10)
