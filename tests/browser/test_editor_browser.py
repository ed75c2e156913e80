"""An editor's and an operator's promises, in a real browser: the side-panel preview, the spreadsheet
round trip of the timeline, the contact details and privacy link in the footer, and TimelineJS on a phone."""

import re

import pytest

from history.models import MilestonePage
from staff_signin.factors import enrol_authenticator
from tests.browser.conftest import PageErrors
from tests.signin import code_for, new_secret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-browser-test-password"


@pytest.fixture
def admin_page(demo_server, open_context, django_user_model):
    chief = django_user_model.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    device = enrol_authenticator(user=chief, secret=new_secret())  # a superuser signs in with a code too
    page = open_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(demo_server.url + "/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.fill("#id_code", code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def test_the_side_panel_preview_shows_the_unsaved_headline(demo_server, admin_page):
    from playwright.sync_api import expect

    milestone = MilestonePage.objects.get(slug="innovation-park-opens")
    framed = []
    admin_page.on(
        "response",
        lambda response: "in_preview_panel=true" in response.url
        and framed.append(response.headers.get("content-security-policy", "")),
    )
    refused = []
    admin_page.on("console", lambda message: "frame-ancestors" in message.text and refused.append(message.text))

    admin_page.goto(f"{demo_server.url}/admin/pages/{milestone.pk}/edit/")
    # The editor types a new headline, then opens the preview panel: Wagtail sends the unsaved form
    # and shows the result in the panel's frame. (Typing while the first preview is still loading
    # can leave Wagtail's auto-update waiting for the next change, so the order is fixed here.)
    admin_page.locator("#id_title").fill("A headline typed a moment ago")
    admin_page.wait_for_timeout(1500)  # Wagtail notices unsaved changes after a short debounce
    admin_page.locator("[data-side-panel-toggle=preview]").click()
    preview = admin_page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text("A headline typed a moment ago", timeout=30_000)

    assert framed and all("frame-ancestors 'self'" in policy for policy in framed)
    assert not refused, refused
    milestone.refresh_from_db()
    assert milestone.title != "A headline typed a moment ago"  # a preview, nothing saved


def test_the_timeline_round_trips_through_a_spreadsheet(demo_server, admin_page, tmp_path):
    from playwright.sync_api import expect

    admin_page.goto(demo_server.url + "/admin/timeline/import/")
    expect(admin_page.locator("header")).to_contain_text("Import and export the timeline")
    with admin_page.expect_download() as download_info:
        admin_page.get_by_role("link", name="Download CSV").click()
    exported = tmp_path / "timeline.csv"
    download_info.value.save_as(exported)

    # The unchanged file: nothing to change, even when not a dry run.
    admin_page.set_input_files("#id_file", str(exported))
    admin_page.uncheck("#id_dry_run")
    admin_page.get_by_role("button", name="Upload").click()
    expect(admin_page.locator("#import-report")).to_contain_text("Nothing to change: all 14 rows of timeline.csv match")

    # One summary edited as in a spreadsheet: one milestone changes, in a draft.
    text = exported.read_text(encoding="utf-8")
    milestone = MilestonePage.objects.get(slug="innovation-park-opens")
    assert milestone.summary in text
    edited = tmp_path / "edited.csv"
    edited.write_text(text.replace(milestone.summary, "Edited in a spreadsheet."), encoding="utf-8")
    admin_page.set_input_files("#id_file", str(edited))
    admin_page.uncheck("#id_dry_run")
    admin_page.get_by_role("button", name="Upload").click()
    report = admin_page.locator("#import-report")
    expect(report).to_contain_text("Saved 0 new and 1 changed milestone(s)")
    expect(report).to_contain_text(f"Changed milestone: {milestone.title}")
    expect(report).to_contain_text("13 rows are unchanged")
    milestone.refresh_from_db()
    assert milestone.has_unpublished_changes
    assert milestone.get_latest_revision_as_object().summary == "Edited in a spreadsheet."


def test_footer_gives_contact_details_and_the_privacy_page_on_a_phone(demo_server, open_context):
    errors = PageErrors()
    page = errors.watch(open_context(viewport={"width": 390, "height": 844}).new_page())
    page.goto(demo_server.url + "/become-a-member/")
    footer = page.locator("footer")
    contact = footer.locator("address")
    assert "Ullernchausseen 64" in contact.inner_text()
    assert contact.get_by_role("link", name="post@example.org").get_attribute("href") == "mailto:post@example.org"
    assert contact.get_by_role("link", name="+47 00 00 00 00").get_attribute("href") == "tel:+4700000000"
    # The "Join" page says how to get in touch, in its own content.
    assert page.locator("main").get_by_role("heading", name="Contact us").is_visible()

    footer.get_by_role("link", name="Privacy").click()
    page.wait_for_url("**/privacy/")
    assert page.get_by_role("heading", level=1).inner_text() == "Privacy"
    assert "sets no cookies" in page.locator("main").inner_text()
    assert page.context.cookies() == []  # and it is true for this visit
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    errors.assert_none()


@pytest.mark.parametrize("width", [320, 390])
def test_timelinejs_kind_names_are_not_covered_on_a_phone(demo_server, open_context, width):
    page = open_context(viewport={"width": width, "height": 844}).new_page()
    page.goto(demo_server.url + "/our-history/interactive-timeline/")
    page.wait_for_selector(".tl-timegroup-message")
    page.wait_for_timeout(2000)  # TimelineJS animates its markers into place
    page.locator(".tl-timenav").scroll_into_view_if_needed()
    labels = page.evaluate(
        """() => [...document.querySelectorAll('.tl-timegroup-message')].map(label => {
            // The labels let clicks through (pointer-events: none); to ask what is painted on top, let them be hit.
            label.style.pointerEvents = 'auto';
            const box = label.getBoundingClientRect();
            const hidden = [];
            for (let x = box.left + 1; x < box.right - 1; x += 3) {
                for (const y of [box.top + 2, box.top + box.height / 2, box.bottom - 2]) {
                    if (!label.contains(document.elementFromPoint(x, y))) hidden.push([Math.round(x), Math.round(y)]);
                }
            }
            return {text: label.textContent, right: box.right, clipped: label.scrollWidth > label.clientWidth, hidden};
        })"""
    )
    assert [label["text"] for label in labels] == ["Founding", "Organisation", "Awards and recognition", "Buildings"]
    for label in labels:
        assert not label["hidden"], f"{label['text']} is covered at {label['hidden'][:5]}"
        assert not label["clipped"] and label["right"] <= width, label


def test_multiple_upload_never_says_successful_beside_an_error(demo_server, admin_page, tmp_path):
    from PIL import Image as PILImage
    from playwright.sync_api import expect

    photo = tmp_path / "opening.jpg"
    PILImage.new("RGB", (320, 200), "teal").save(photo, format="JPEG")
    admin_page.goto(demo_server.url + "/admin/images/multiple/add/")
    admin_page.set_input_files("#fileupload", str(photo))
    item = admin_page.locator("#upload-list li").first
    expect(item.locator("form")).to_be_visible(timeout=30_000)

    # Saved without alt text: refused, and only the refusal is shown.
    item.locator("form button[type=submit]").click()
    expect(item.locator(".w-field__errors .error-message")).to_contain_text("Add alt text")
    expect(item.locator(".status-msg.success")).to_be_hidden()
    assert "successful" not in item.inner_text().lower()

    item.locator("textarea[name$='-description'], input[name$='-description']").first.fill("A teal test card")
    item.locator("form button[type=submit]").click()
    from history.models import CaptionedImage

    for _ in range(60):
        if CaptionedImage.objects.filter(description="A teal test card").exists():
            break
        admin_page.wait_for_timeout(500)
    assert CaptionedImage.objects.filter(description="A teal test card").exists(), item.inner_text()


def test_a_new_upload_asks_for_alt_text_without_saying_successful(demo_server, admin_page, tmp_path):
    """Before its alt text is filled in, a photo's form shows Wagtail's prompt for an image
    description; "Upload successful" beside it would read as if the photo were in the library."""
    from PIL import Image as PILImage
    from playwright.sync_api import expect

    photo = tmp_path / "hub.jpg"
    PILImage.new("RGB", (320, 200), "navy").save(photo, format="JPEG")
    admin_page.goto(demo_server.url + "/admin/images/multiple/add/")
    admin_page.set_input_files("#fileupload", str(photo))
    item = admin_page.locator("#upload-list li").first
    expect(item.locator("form")).to_be_visible(timeout=30_000)

    expect(item.get_by_text("Please provide an image description", exact=False)).to_be_visible()
    expect(item.locator(".status-msg.success")).to_be_hidden()
    assert "successful" not in item.inner_text().lower()
