"""Signing staff in from tests, second step included.

Superusers and History moderators must pass the second step; a test that logs
one of them in with ``client.force_login`` alone is sent to the setup page like
a real person would be. ``log_in_verified`` gives such a test the session a
person has after typing their code; the requirement itself stays on and is
tested in tests/staff_signin/test_staff_signin_required.py and tests/browser/test_staff_signin_browser.py.
"""

import base64
import re
import secrets
import time
import urllib.parse
from datetime import UTC, datetime

from django.contrib.auth import get_user_model

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp

from staff_signin.factors import authenticator_of, enrol_authenticator, must_verify


def new_secret():
    return base64.b32encode(secrets.token_bytes(20)).decode()


def log_in_verified(client, user):
    """``client.force_login(user)``, and for a user who needs one, a passed second step (an authenticator is made if missing)."""
    client.force_login(user)
    if must_verify(user):
        device = authenticator_of(user) or enrol_authenticator(user=user, secret=new_secret())
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def move_clock_on(clock, seconds):
    """What a person would wait for (the next code, the end of a wait after a wrong one), without
    waiting: moves this process's clock on, the live server's included. ``clock`` is time-machine's
    ``time_machine`` fixture; the clock keeps ticking from there."""
    if clock.traveller is None:
        clock.move_to(datetime.now(UTC), tick=True)
    clock.shift(seconds)


def code_for(device, clock=None):
    """The code an authenticator app would show that the device still accepts: the current step's, or, if a
    code of this step was used already, the next step's (within the clock tolerance). If both are used, a
    person would wait for the next step: with ``clock`` (see ``move_clock_on``) the clock is moved there."""
    device.refresh_from_db()
    now_step = int(time.time() - device.t0) // device.step + device.drift
    step = max(now_step, device.last_t + 1)
    if step > now_step + device.tolerance:
        if clock is None:
            raise AssertionError("both codes of this step are used: pass the time_machine fixture to move the clock on")
        move_clock_on(clock, (step - device.tolerance - now_step) * device.step)
        return code_for(device, clock)
    return f"{hotp(device.bin_key, step, device.digits):0{device.digits}d}"


class VerifiedLoginMixin:
    """For Wagtail's test cases (WagtailPageTestCase, WagtailTestUtils): ``self.login()`` past the second step."""

    def login(self, user=None, username=None, password="password"):  # noqa: S107 (Wagtail's own test default)
        user = super().login(user=user, username=username, password=password)
        if user is None:
            user = get_user_model().objects.get_by_natural_key(username)
        log_in_verified(self.client, user)
        return user


def log_in_over_http(front, username, password, *, client, headers=None):
    """The login form from ``client``'s address, as a browser fills it in: its status after the POST.

    ``front`` is whatever the browser talks to (varnishd, or Caddy in tests/test_https_stack.py);
    ``headers`` go with both requests (an Origin for HTTPS, or addresses a client claims)."""
    status, response_headers, html = front.get("/admin/login/", source_address=client, headers=headers)
    assert status == 200, html[:500]
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response_headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token}
    status, response_headers, _ = front.request(
        "/admin/login/",
        method="POST",
        data=urllib.parse.urlencode(form),
        headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie}", **(headers or {})
        },
        source_address=client,
    )
    return status, response_headers.get("Location", "")
