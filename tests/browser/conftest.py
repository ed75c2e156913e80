"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

They skip, saying what is missing, when chromium or node_modules is not there on
a developer's machine; with CI set (CI=true in .ci/run) they fail instead, so CI
cannot pass by skipping them. `.ci/setup` (or `make browser-setup`) installs
everything they need.
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

import pytest

from tests.chromium import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# from the test body (loading the demo content) are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules/axe-core/axe.min.js"
VNU_JAR = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Every public page type of the demo site.
PUBLIC_PAGES = {
    "home": "/",
    "timeline": "/our-history/",
    "filtered timeline": "/our-history/?kind=building",
    "milestone": "/our-history/innovation-park-opens/",
    "award": "/our-history/ecei-gold-label/",
    "content page": "/become-a-member/",
    "privacy page": "/privacy/",
    "photo credits": "/photo-credits/",
    "search results": "/search/?q=innovation",
    "404": "/no-such-page/",
}

# The same page types in Norwegian Bokmål (history/demo/data_nb.py has the slugs).
NORWEGIAN_PAGES = {
    "home": "/nb/",
    "timeline": "/nb/var-historie/",
    "filtered timeline": "/nb/var-historie/?kind=building",
    "milestone": "/nb/var-historie/innovasjonsparken-apner/",
    "award": "/nb/var-historie/ecei-gold-label/",
    "content page": "/nb/bli-medlem/",
    "privacy page": "/nb/personvern/",
    "photo credits": "/nb/photo-credits/",
    "search results": "/nb/search/?q=klynge",
    "404": "/nb/finnes-ikke/",
}

# {language code: that language's public pages}; the language is each page's <html lang>.
PAGES_BY_LANGUAGE = {"en": PUBLIC_PAGES, "nb": NORWEGIAN_PAGES}


def missing_tools(*, java=False):
    missing = []
    if not CHROMIUM.exists():
        missing.append("chromium (/usr/bin/chromium)")
    if not AXE_JS.exists() or not VNU_JAR.exists():
        missing.append("node_modules (npm ci)")
    if java and not shutil.which("java"):
        missing.append("java")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install -r requirements.txt)")
    return missing


def require_tools(*, java=False):
    missing = missing_tools(java=java)
    if not missing:
        return
    reason = f"browser tests need {', '.join(missing)}: run .ci/setup as root"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set, so this is a failure, not a skip: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def browser(transactional_db):
    # One Playwright per test, started after the database is set up and stopped
    # before it is flushed: while Playwright's sync API runs, Django code runs in
    # its greenlet and sees fresh connection objects, which lack the data that
    # serialized rollback restores from.
    require_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def serve_media(route):
    """Play the part of the web server in front of the app: renditions and avatars come from MEDIA_ROOT."""
    relative = urlsplit(route.request.url).path.removeprefix(settings.MEDIA_URL)
    path = Path(settings.MEDIA_ROOT, relative).resolve()
    served = relative.startswith(("images/", "avatar_images/"))  # renditions; editors' profile pictures
    if served and path.is_file() and Path(settings.MEDIA_ROOT).resolve() in path.parents:
        route.fulfill(path=str(path))
    else:
        route.fulfill(status=404, body="not found")


class PageErrors:
    """Console errors, uncaught exceptions and requests that leave this machine, for one browser context."""

    def __init__(self):
        self.console = []
        self.exceptions = []
        self.outside_requests = []

    def watch(self, page):
        page.on("console", lambda message: message.type == "error" and self.console.append(message.text))
        page.on("pageerror", lambda error: self.exceptions.append(str(error)))
        page.on("request", self._check_request)
        return page

    def _check_request(self, request):
        host = urlsplit(request.url).hostname or ""
        if request.url.startswith(("http:", "https:")) and host not in {"127.0.0.1", "localhost"}:
            self.outside_requests.append(request.url)

    def assert_none(self):
        assert not self.console, f"console errors: {self.console}"
        assert not self.exceptions, f"JavaScript errors: {self.exceptions}"
        assert not self.outside_requests, f"requests to other hosts (CDN?): {self.outside_requests}"


@pytest.fixture
def demo_server(transactional_db, django_db_serialized_rollback, live_server, demo_content):
    """The live server with the demo content (committed, so the server thread sees it).

    Each test flushes the database afterwards; serialized rollback puts back what
    the migrations made (Wagtail's root page and collection) before the next one.
    """
    demo_content.replay()
    return live_server


@pytest.fixture
def open_context(browser):
    """Make browser contexts whose media requests are answered from MEDIA_ROOT; closes them afterwards."""
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        context.route(re.compile(r"^https?://[^/]+/media/"), serve_media)
        # Generous: the first view of a page makes its AVIF/WebP renditions, slow on a busy CI machine.
        context.set_default_timeout(60_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
