"""Login throttles count the real client through the shipped front cache.

A real varnishd with the project's VCL in front of the app, and DJANGO_TRUSTED_PROXY_COUNT as
.env.example ships it. Two clients on two loopback addresses: the one that sprays wrong passwords
over many usernames is locked out; the other signs in right after. With the count at 0 every
login would come from Varnish's address, and the sprayer would lock everyone out.
"""

import urllib.parse
from pathlib import Path

from django.core.checks import run_checks

import pytest

from tests.compose_files import env_file
from tests.harness.varnish_server import running_varnish
from tests.signin import log_in_over_http

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple 42"
SPRAYER = "127.0.0.2"
COLLEAGUE = "127.0.0.3"


def shipped_proxy_count():
    return int(env_file(ROOT / ".env.example")["DJANGO_TRUSTED_PROXY_COUNT"])


@pytest.fixture
def front(live_server, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 30
    settings.LOGIN_FAILURE_LIMIT_PER_USERNAME = 10
    settings.TRUSTED_PROXY_COUNT = shipped_proxy_count()
    with running_varnish([("127.0.0.1", urllib.parse.urlsplit(live_server.url).port)]) as varnish:
        yield varnish


@pytest.mark.varnish
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed: the live server reads it
def test_a_sprayer_is_locked_out_and_a_colleague_signs_in_right_after(front, django_user_model):
    django_user_model.objects.create_user("editor", "editor@example.org", PASSWORD, is_staff=True)
    statuses = [log_in_over_http(front, f"user{n}", "Summer2025!", client=SPRAYER)[0] for n in range(30)]
    assert statuses == [200] * 29 + [429]  # the form again with an error, then the lockout
    assert log_in_over_http(front, "editor", PASSWORD, client=SPRAYER)[0] == 429  # the sprayer's address stays locked
    status, location = log_in_over_http(front, "editor", PASSWORD, client=COLLEAGUE)
    assert status == 302 and not location.startswith("/admin/login/"), (status, location)


def test_the_shipped_count_is_what_the_stack_needs(settings):
    # .env.example's value passes the system check that guards the stack (occ_site/checks.py) ...
    settings.FRONTEND_CACHE_URL = "http://varnish:80"
    settings.TRUSTED_PROXY_COUNT = shipped_proxy_count()
    assert not [message for message in run_checks() if message.id == "occ_site.E001"]
    # ... and a count that trusts no proxy behind the front cache is refused, saying why.
    settings.TRUSTED_PROXY_COUNT = 0
    errors = [message for message in run_checks() if message.id == "occ_site.E001"]
    assert errors and "lock everyone out" in errors[0].msg
