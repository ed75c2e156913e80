"""The admin calls no third party: no Gravatar, no CDN. Editors see Wagtail's default avatar or the
picture they uploaded, served by the site itself; nothing is broken and the console stays clean."""

import re
import secrets
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model

import pytest
from PIL import Image

from history.models import MilestonePage
from staff_signin.factors import enrol_authenticator
from tests.browser.conftest import PageErrors
from tests.signin import code_for, new_secret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BROKEN_IMAGES = """async () => {
    // Lazy images (Wagtail's avatars are) would not load off screen: load every one, then look.
    const images = Array.from(document.images);
    images.forEach(image => { image.loading = "eager"; });
    await Promise.all(images.map(image => image.complete ? null : new Promise(done => {
        image.addEventListener("load", done, {once: true});
        image.addEventListener("error", done, {once: true});
        setTimeout(done, 10000);
    })));
    return images.filter(image => image.currentSrc && (!image.complete || image.naturalWidth === 0))
                 .map(image => image.currentSrc);
}"""

IMAGE_SOURCES = "() => Array.from(document.images).map(image => image.currentSrc || image.src)"


@pytest.fixture
def editor(demo_server):
    password = secrets.token_urlsafe(16)
    user = get_user_model().objects.create_superuser(
        "chief", "chief.editor@example.org", password, first_name="Chief", last_name="Editor"
    )
    # A superuser signs in with a code too: their authenticator app, set up beforehand.
    user.authenticator = enrol_authenticator(user=user, secret=new_secret())
    return user, password


def log_in(page, server, user, password):
    page.goto(f"{server.url}/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.fill("#id_code", code_for(user.authenticator))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{server.url}/admin/")


@pytest.fixture
def admin_pages(demo_server):
    """The admin pages to check. Read from the database before the browser starts: while
    Playwright runs, Django code in this thread would open a connection nobody closes."""
    milestone = MilestonePage.objects.get(slug="innovation-park-opens")
    return {
        "dashboard": f"{demo_server.url}/admin/",
        "page explorer": f"{demo_server.url}/admin/pages/{milestone.get_parent().pk}/",
        "milestone editor": f"{demo_server.url}/admin/pages/{milestone.pk}/edit/",
        "image listing": f"{demo_server.url}/admin/images/",
    }


def check_admin_pages(page, admin_pages, errors):
    """Visit each admin page; return the image sources seen on it."""
    seen = {}
    for name, url in admin_pages.items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.evaluate(BROKEN_IMAGES) == [], f"broken images on the {name}"
        seen[name] = page.evaluate(IMAGE_SOURCES)
        errors.assert_none()
    return seen


def test_admin_pages_request_nothing_from_other_hosts_and_show_the_default_avatar(demo_server, editor, admin_pages, open_context):
    user, password = editor
    errors = PageErrors()
    page = errors.watch(open_context(viewport={"width": 1280, "height": 900}).new_page())
    log_in(page, demo_server, user, password)
    seen = check_admin_pages(page, admin_pages, errors)

    own_host = urlsplit(demo_server.url).hostname
    sources = [source for sources in seen.values() for source in sources]
    assert all(urlsplit(source).hostname == own_host for source in sources), sources
    assert any("default-user-avatar" in source for source in seen["dashboard"]), seen["dashboard"]
    assert not any("gravatar" in source for source in sources)
    assert any("/media/images/" in source for source in seen["image listing"])  # the photos' thumbnails


def test_an_editor_uploads_a_profile_picture_and_sees_it(demo_server, editor, admin_pages, open_context, tmp_path):
    user, password = editor
    picture = tmp_path / "me.png"
    Image.new("RGB", (120, 120), (40, 120, 200)).save(picture)
    errors = PageErrors()
    page = errors.watch(open_context(viewport={"width": 1280, "height": 900}).new_page())
    log_in(page, demo_server, user, password)

    page.goto(f"{demo_server.url}/admin/account/")
    page.locator("input[type=file][name='avatar-avatar']").set_input_files(str(picture))
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state("networkidle")

    seen = check_admin_pages(page, admin_pages, errors)
    avatars = [source for source in seen["dashboard"] if "/media/avatar_images/" in source]
    assert avatars and all(source.startswith(demo_server.url) for source in avatars), seen["dashboard"]
