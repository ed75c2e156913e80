"""The editorial workflow in a real browser (Playwright + Debian's Chromium).

An editor writes a milestone and uploads its photo from the image chooser,
submits it for moderation; a moderator approves; an anonymous visitor sees it
on the timeline with the photo's caption and credit. A photo contributor can
upload photos but is turned away from the page editor.

Skips (saying why) when Chromium or Playwright is missing on a developer
machine; fails instead when the CI environment variable is set.
"""

import os
import re
from pathlib import Path

from django.contrib.auth.models import Group

import pytest
from PIL import Image as PILImage

from history.factories import HistoryIndexPageFactory
from history.models import CaptionedImage, MilestonePage
from history.roles import HISTORY_EDITORS, HISTORY_MODERATORS, PHOTO_CONTRIBUTORS, ensure_roles
from occ_site.factories import HomePageFactory
from staff_signin.factors import authenticator_of, enrol_authenticator
from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.signin import code_for, new_secret

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "a-long-browser-test-password"

# serialized_rollback like every other transactional test here: a flush after one of them leaves
# no content types behind (Django expects the next such test to restore them).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def missing_browser_reason():
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements.txt)"
    return None


@pytest.fixture
def browser(site):
    """One Playwright per test, started after the database is set up (and the migration data
    restored) and stopped before it is flushed: while Playwright's sync API runs its event loop,
    Django code in this thread gets fresh connection objects, which the restore would not reach."""
    reason = missing_browser_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server):
    """A home page, the history page and one user per role, on the live server's database.

    Built from nothing: an earlier transactional test may have flushed what the
    migrations created (the default locale, the root page, the roles).
    """
    from wagtail.models import Locale, Page, Site

    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    ensure_roles()
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="OCC")
    history = HistoryIndexPageFactory(parent=home)
    from django.contrib.auth import get_user_model

    users = {}
    for username, group in (("editor", HISTORY_EDITORS), ("moderator", HISTORY_MODERATORS), ("photographer", PHOTO_CONTRIBUTORS)):
        user = get_user_model().objects.create_user(username, password=PASSWORD, first_name=username.title())
        user.groups.add(Group.objects.get(name=group))
        users[username] = user
    # Moderators sign in with a second factor: this one has set up an authenticator app already.
    enrol_authenticator(user=users["moderator"], secret=new_secret())
    return {"url": live_server.url, "history": history, "users": users}


@pytest.fixture
def new_page(browser, site):
    contexts = []

    def open_page():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def photo_file(tmp_path):
    """A phone photo: GPS position and camera model in its EXIF."""
    image = PILImage.new("RGB", (640, 400), "teal")
    exif = PILImage.Exif()
    exif[0x0110] = "SuperPhone 15 Pro"
    exif.get_ifd(0x8825).update({1: "N", 2: (59.0, 55.0, 31.0), 3: "E", 4: (10.0, 46.0, 12.0)})
    path = tmp_path / "park-opening.jpg"
    image.save(path, format="JPEG", exif=exif)
    return path


def log_in(page, site, username):
    page.goto(f"{site['url']}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    device = authenticator_of(site["users"][username])
    if device is not None:  # the second step, with the code the authenticator app shows
        page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
        page.fill("#id_code", code_for(device))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def save_screenshot(page, name):
    folder = os.environ.get("OCC_BROWSER_ARTIFACTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_editor_writes_moderator_approves_visitor_sees_it(new_page, site, photo_file):
    from playwright.sync_api import expect

    history = site["history"]

    # The editor writes the milestone and uploads its photo from the chooser.
    editor = new_page()
    log_in(editor, site, "editor")
    editor.goto(f"{site['url']}/admin/pages/add/history/milestonepage/{history.pk}/")
    editor.fill("#id_title", "Second building phase starts")
    editor.select_option("#id_date_precision", "month")
    editor.fill("#id_year", "2023")
    editor.select_option("#id_month", "4")
    editor.select_option("#id_kind", "building")
    editor.fill("#id_summary", "A fourth section adds 12 000 square metres of offices and laboratories.")
    editor.get_by_role("button", name="Choose an image").click()
    modal = editor.locator(".modal-dialog")
    modal.get_by_role("tab", name="Upload").click()
    modal.locator("input[type=file]").set_input_files(str(photo_file))
    modal.locator("#id_image-chooser-upload-title").fill("Fourth section")
    modal.locator("#id_image-chooser-upload-description").fill("Drawing of a glass building beside the park")
    modal.locator("#id_image-chooser-upload-caption").fill("The fourth section of the Innovation Park")
    modal.locator("#id_image-chooser-upload-credit_role").select_option("illustration")
    modal.locator("#id_image-chooser-upload-credit_name").fill("Dark Arkitekter")
    modal.locator("form button[type=submit]").click()
    expect(editor.locator("#id_lead_photo-chooser")).to_contain_text("Fourth section")
    save_screenshot(editor, "editor-before-submit")

    editor.locator("footer [data-w-dropdown-target='toggle']").first.click()
    editor.get_by_role("button", name=re.compile("Submit to")).click()
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    milestone = MilestonePage.objects.get(title="Second building phase starts")
    assert not milestone.live
    assert milestone.workflow_in_progress
    photo = CaptionedImage.objects.get(title="Fourth section")
    assert photo.credit == "Illustration: Dark Arkitekter"
    with photo.file.open("rb") as stored:
        assert b"SuperPhone" not in stored.read()

    # Not on the public timeline yet.
    visitor = new_page()
    visitor.goto(f"{site['url']}{history.url}")
    expect(visitor.locator("main")).not_to_contain_text("Second building phase starts")

    # The moderator approves.
    moderator = new_page()
    log_in(moderator, site, "moderator")
    moderator.goto(f"{site['url']}/admin/pages/{milestone.pk}/edit/")
    save_screenshot(moderator, "moderator-edit")
    moderator.locator("footer [data-w-dropdown-target='toggle']").first.click()
    moderator.get_by_role("button", name="Approve and Publish", exact=True).click()
    moderator.wait_for_url(re.compile(r"/admin/"))
    milestone.refresh_from_db()
    assert milestone.live

    # The visitor sees it in its place on the timeline, with caption and credit. (Browsers may keep a
    # page a minute, max-age=60, since nobody can purge them: reloading asks the site again.)
    visitor.goto(f"{site['url']}{history.url}")
    visitor.reload()
    save_screenshot(visitor, "timeline")
    entry = visitor.locator(f"#{milestone.anchor}")
    expect(entry).to_contain_text("April 2023")
    expect(entry).to_contain_text("The fourth section of the Innovation Park")
    expect(entry).to_contain_text("Illustration: Dark Arkitekter")
    expect(visitor.locator("#year-2023")).to_contain_text("Second building phase starts")
    expect(entry.locator("img")).to_have_attribute("alt", "Drawing of a glass building beside the park")


def test_photo_contributor_uploads_but_cannot_edit_pages(new_page, site, photo_file):
    from playwright.sync_api import expect

    page = new_page()
    log_in(page, site, "photographer")
    page.goto(f"{site['url']}/admin/images/add/")
    page.set_input_files("#id_file", str(photo_file))
    page.fill("#id_title", "Opening day")
    page.fill("#id_description", "A crowd in front of the new building")
    page.fill("#id_credit_name", "Gunnar Kopperud")
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/images/(\?.*)?$"))
    expect(page.get_by_role("navigation", name="Main menu")).not_to_contain_text("Milestones")
    photo = CaptionedImage.objects.get(title="Opening day")
    assert photo.collection.name == "History photos"
    with photo.file.open("rb") as stored:
        assert b"SuperPhone" not in stored.read()

    response = page.goto(f"{site['url']}/admin/pages/{site['history'].pk}/edit/")
    assert response.status == 403 or response.request.redirected_from is not None
    assert "/edit/" not in page.url
    expect(page.locator("body")).to_contain_text("do not have permission")

