"""A real browser reports CSP violations to the site, and the site logs them: enforced on a public
page, report-only in the admin. Over https, as in production: Chromium sends Reporting API reports
(``report-to``) only to secure addresses, and then ignores ``report-uri``."""

import json
import os
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import require_tools
from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.harness.polling import wait_until
from tests.harness.tls_front import openssl_missing, tls_front

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

INJECT_INLINE_SCRIPT = """() => {
    const script = document.createElement("script");
    script.textContent = "window.injectedScriptRan = true;";
    document.head.appendChild(script);
    return window.injectedScriptRan === true;
}"""


@pytest.fixture
def https_server(live_server, tmp_path):
    missing = openssl_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so this is a failure, not a skip: this test needs {missing}", pytrace=False)
        pytest.skip(f"this test needs {missing}")
    address = urlsplit(live_server.url)
    with tls_front((address.hostname, address.port), tmp_path) as url:
        yield url


@pytest.fixture
def reporting_browser(transactional_db):
    """Chromium that sends Reporting API reports at once (not batched for a minute) and accepts
    the test's self-signed certificate."""
    require_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[*CHROMIUM_ARGS, "--short-reporting-delay", "--ignore-certificate-errors"],
            headless=True,
        )
        yield chromium
        chromium.close()


def logged_violations(caplog, document_path, timeout=20):
    """The violations logged for ``document_path``, waiting for the browser to send them."""

    def found():
        entries = [json.loads(r.getMessage()) for r in caplog.records if r.name == "occ_site.csp"]
        return [entry for entry in entries if urlsplit(entry.get("document", "")).path == document_path]

    return wait_until(found, timeout=timeout, interval=0.2, waiting_for=f"a violation report for {document_path}")


def test_violations_are_reported_and_logged(https_server, reporting_browser, caplog):
    context = reporting_browser.new_context(ignore_https_errors=True)
    page = context.new_page()
    assert page.goto(https_server + "/search/").status == 200
    assert page.evaluate(INJECT_INLINE_SCRIPT) is False  # enforced: the script did not run
    (entry, *_) = logged_violations(caplog, "/search/")
    assert entry["event"] == "csp-violation" and entry["disposition"] == "enforce"
    assert entry["directive"] == "script-src-elem" and entry["blocked"] == "inline"
    assert "HeadlessChrome" in entry["user_agent"]

    assert page.goto(https_server + "/admin/login/").status == 200
    assert page.evaluate(INJECT_INLINE_SCRIPT) is True  # report-only in the admin: it ran, and was reported
    (entry, *_) = logged_violations(caplog, "/admin/login/")
    assert entry["disposition"] == "report" and entry["directive"] == "script-src-elem"
    context.close()
