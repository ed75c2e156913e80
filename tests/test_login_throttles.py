"""Every shape of password guessing against the admin login, with django-axes switched on.

One address spraying a password over many usernames, one username guessed from
many addresses, one username from one address (tests/test_login_protection.py),
and forged X-Forwarded-For chains in front of and behind the front cache.
"""

import json
import logging

import pytest
from axes.models import AccessAttempt

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple 42"
COMMON_PASSWORD = "Summer2025!"  # what a sprayer tries on every account
ATTACKER = "203.0.113.7"
VARNISH = "10.0.0.2"  # the front cache: the TCP peer of every request behind it


@pytest.fixture
def admin(db, django_user_model):
    return django_user_model.objects.create_user("admin", "admin@example.org", PASSWORD, is_staff=True)


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 30
    settings.LOGIN_FAILURE_LIMIT_PER_USERNAME = 10
    settings.AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes


@pytest.fixture
def lockout_lines(caplog):
    caplog.set_level(logging.WARNING, logger="staff_signin")

    def lines():
        events = [json.loads(record.getMessage()) for record in caplog.records if record.name == "staff_signin"]
        return [event for event in events if event["event"] == "login_lockout"]

    return lines


def attempt(client, username, password, *, ip=ATTACKER, **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)


def signed_in(response):
    return response.status_code == 302 and not response.url.startswith(LOGIN)


def test_spraying_one_password_over_many_usernames_locks_the_address(client, admin, axes_on, lockout_lines):
    statuses = [attempt(client, f"user{n}", COMMON_PASSWORD).status_code for n in range(40)]
    assert statuses[:29] == [200] * 29  # the login form again, with an error
    assert statuses[29:] == [429] * 11
    locked = attempt(client, "admin", PASSWORD)  # the real password, from the sprayer's address
    assert locked.status_code == 429
    assert "Sign-in from your network is paused after 30 failed login attempts" in locked.content.decode()
    assert "css/site.css" in locked.content.decode()
    # The admin, from their own address, is not locked out.
    assert signed_in(attempt(client, "admin", PASSWORD, ip="198.51.100.20"))
    [line] = lockout_lines()
    assert line["rule"] == "address"
    assert line["address"] == ATTACKER
    assert line["failures"] == line["limit"] == 30
    assert line["cooloff_seconds"] == 900


def test_guessing_one_username_from_many_addresses_locks_the_username(client, admin, axes_on, lockout_lines):
    statuses = [attempt(client, "admin", f"guess-{n}", ip=f"192.0.2.{n + 1}").status_code for n in range(12)]
    assert statuses[:9] == [200] * 9
    assert statuses[9:] == [429] * 3
    locked = attempt(client, "admin", PASSWORD, ip="198.51.100.20")  # even the right password, from anywhere
    assert locked.status_code == 429
    assert "This account is locked after 10 failed login attempts" in locked.content.decode()
    # Other accounts are untouched.
    assert attempt(client, "someone-else", "wrong", ip="198.51.100.20").status_code == 200
    [line] = lockout_lines()
    assert (line["rule"], line["username"], line["failures"]) == ("username", "admin", 10)


def test_one_username_from_one_address_is_still_locked_after_five(client, admin, axes_on, lockout_lines):
    statuses = [attempt(client, "admin", f"guess-{n}").status_code for n in range(5)]
    assert statuses == [200] * 4 + [429]
    assert "locked on this device after 5 failed login attempts" in attempt(client, "admin", PASSWORD).content.decode()
    [line] = lockout_lines()
    assert line["rule"] == "username+address"


def test_a_lockout_is_logged_once_however_long_the_attacker_keeps_trying(client, admin, axes_on, lockout_lines):
    for n in range(45):
        attempt(client, f"user{n}", COMMON_PASSWORD)
    assert [line["rule"] for line in lockout_lines()] == ["address"]


def test_logging_in_with_a_working_account_does_not_wipe_the_spraying_count(client, admin, axes_on):
    for n in range(20):
        assert attempt(client, f"user{n}", COMMON_PASSWORD).status_code == 200
    assert signed_in(attempt(client, "admin", PASSWORD))  # the sprayer owns one real account
    client.logout()
    statuses = [attempt(client, f"other{n}", COMMON_PASSWORD).status_code for n in range(10)]
    assert statuses == [200] * 9 + [429]


def test_a_successful_login_forgives_only_its_own_failures(client, admin, axes_on):
    for n in range(4):
        attempt(client, "admin", f"typo-{n}")
    attempt(client, "admin", "typo", ip="192.0.2.50")  # someone else guessing elsewhere
    assert signed_in(attempt(client, "admin", PASSWORD))
    assert list(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == [("192.0.2.50", 1)]


@pytest.mark.parametrize("forged", ["198.51.100.{n}", "10.9.{n}.1, 192.0.2.{n}", "garbage{n}", "127.0.0.1"])
def test_forged_x_forwarded_for_does_not_dodge_the_address_rule_without_a_proxy(client, admin, axes_on, forged):
    statuses = [
        attempt(client, f"user{n}", COMMON_PASSWORD, HTTP_X_FORWARDED_FOR=forged.format(n=n)).status_code
        for n in range(30)
    ]
    assert statuses[-1] == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def behind_varnish(client, username, password, *, real_ip, forged=""):
    """A request as the app sees it behind Varnish: Varnish is the peer and appends the address it saw."""
    chain = f"{forged}, {real_ip}" if forged else real_ip
    return attempt(client, username, password, ip=VARNISH, HTTP_X_FORWARDED_FOR=chain)


@pytest.fixture
def behind_front_cache(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_behind_the_front_cache_forged_chains_do_not_dodge_the_address_rule(client, admin, axes_on, behind_front_cache):
    statuses = [
        behind_varnish(client, f"user{n}", COMMON_PASSWORD, real_ip=ATTACKER, forged=f"192.0.2.{n}, 10.0.{n}.9").status_code
        for n in range(30)
    ]
    assert statuses == [200] * 29 + [429]
    assert behind_varnish(client, "admin", PASSWORD, real_ip=ATTACKER, forged="198.51.100.20").status_code == 429
    # Everyone else behind the same cache still gets in: the lock is on the attacker's address, not Varnish's.
    assert signed_in(behind_varnish(client, "admin", PASSWORD, real_ip="198.51.100.20"))


def test_behind_the_front_cache_forged_chains_do_not_dodge_the_username_rules(client, admin, axes_on, behind_front_cache):
    # One attacker forging a new address each time is still one address: five tries at one account.
    statuses = [
        behind_varnish(client, "admin", f"guess-{n}", real_ip=ATTACKER, forged=f"192.0.2.{n}").status_code
        for n in range(5)
    ]
    assert statuses == [200] * 4 + [429]
    # Real addresses spread over many machines add up on the username.
    statuses = [
        behind_varnish(client, "admin", f"guess-{n}", real_ip=f"198.51.100.{n + 1}", forged=ATTACKER).status_code
        for n in range(5)
    ]
    assert statuses == [200] * 4 + [429]
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER} | {
        f"198.51.100.{n + 1}" for n in range(5)
    }
    assert behind_varnish(client, "admin", PASSWORD, real_ip="192.0.2.200").status_code == 429
