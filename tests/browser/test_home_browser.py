"""The home page in a real browser: everything shows on a 320 px phone without sideways scrolling,
nothing moves while the photos load, and axe finds nothing at that width either."""

import json

import pytest

from tests.browser.conftest import AXE_JS, WCAG_TAGS, PageErrors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Adds up the layout shifts of the page (as Lighthouse's CLS does), from the first paint on.
RECORD_LAYOUT_SHIFTS = """
window.layoutShift = 0;
new PerformanceObserver(list => {
    for (const entry of list.getEntries()) { if (!entry.hadRecentInput) window.layoutShift += entry.value; }
}).observe({type: "layout-shift", buffered: true});
"""

LOAD_EVERY_IMAGE = """async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 300) { window.scrollTo(0, y); await new Promise(r => setTimeout(r, 50)); }
    await Promise.all(Array.from(document.images).map(image => image.complete ? null :
        new Promise(done => { image.addEventListener("load", done); image.addEventListener("error", done); })));
    return Array.from(document.images).map(image => [image.currentSrc, image.naturalWidth]);
}"""


def test_everything_on_the_home_page_fits_a_320_px_phone(demo_server, open_context):
    errors = PageErrors()
    page = errors.watch(open_context(viewport={"width": 320, "height": 640}).new_page())
    page.goto(demo_server.url + "/")
    main = page.locator("main")
    for heading in ("Oslo Cancer Cluster", "From our history", "Where we stand today", "Become a member"):
        assert main.get_by_role("heading", name=heading).is_visible(), heading
    explore = main.get_by_role("link", name="Explore our history")
    assert explore.get_attribute("href") == "/our-history/"
    assert main.get_by_role("link", name="Join", exact=True).get_attribute("href") == "/become-a-member/"
    assert main.locator(".highlight").count() == 3 and main.locator(".standing__item").count() == 2

    images = page.evaluate(LOAD_EVERY_IMAGE)
    assert len(images) == 3 and all(width > 0 for _, width in images), images
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    too_wide = main.locator("*").evaluate_all(
        "elements => elements.filter(e => e.getBoundingClientRect().right > 320.5).map(e => e.outerHTML.slice(0, 80))"
    )
    assert too_wide == []
    errors.assert_none()


@pytest.mark.parametrize("viewport", [{"width": 412, "height": 823}, {"width": 1350, "height": 940}], ids=["phone", "desktop"])
def test_nothing_moves_while_the_photos_load(demo_server, open_context, viewport):
    context = open_context(viewport=viewport)
    context.add_init_script(RECORD_LAYOUT_SHIFTS)
    page = context.new_page()
    page.goto(demo_server.url + "/")
    page.evaluate(LOAD_EVERY_IMAGE)
    page.wait_for_timeout(300)
    assert page.evaluate("window.layoutShift") < 0.01


def test_axe_finds_nothing_on_the_home_page_at_320_px(demo_server, open_context):
    page = open_context(viewport={"width": 320, "height": 640}, bypass_csp=True).new_page()
    page.goto(demo_server.url + "/")
    page.add_script_tag(content=AXE_JS.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS
    )
    assert result["violations"] == [], json.dumps(result["violations"], indent=2)[:3000]
