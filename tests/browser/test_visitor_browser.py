"""What a visitor does, in a real browser: navigate, filter, follow anchors, on a phone and a desktop."""

import json
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import AXE_JS, PAGES_BY_LANGUAGE, VNU_JAR, WCAG_TAGS, PageErrors, require_tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BUILDING_MILESTONES = 3  # Innovation Park opening, second building phase, Oslo Science Hub
ALL_ENTRIES = 9  # 5 milestones and 4 award events

# Pages only the HTML checker reads (besides PAGES_BY_LANGUAGE), in each language.
MORE_PAGES_TO_VALIDATE = {
    "en": {"search form": "/search/", "interactive timeline": "/our-history/interactive-timeline/"},
    "nb": {"search form": "/nb/search/", "interactive timeline": "/nb/var-historie/interactive-timeline/"},
}


def entry_ids(page):
    return page.locator("ol.timeline li.entry").evaluate_all("items => items.map(item => item.id)")


def scrolls_into_view(page, selector):
    """True once the element's top is on screen (smooth scrolling takes a moment)."""
    page.wait_for_function(
        """selector => {
            const r = document.querySelector(selector).getBoundingClientRect();
            return window.scrollY > 0 && r.top >= 0 && r.top < window.innerHeight / 2;
        }""",
        arg=selector,
    )
    return True


def test_home_to_milestone_to_next_and_back_to_its_entry(demo_server, open_context):
    errors = PageErrors()
    page = errors.watch(open_context(viewport={"width": 1280, "height": 800}).new_page())
    page.goto(demo_server.url + "/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Our history").click()
    page.wait_for_url("**/our-history/")
    assert page.get_by_role("heading", level=1).inner_text() == "Our history"

    page.get_by_role("link", name="The Innovation Park and Incubator opens at Montebello").click()
    page.wait_for_url("**/our-history/innovation-park-opens/")
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumbs")
    assert "Our history" in breadcrumbs.inner_text()

    page.get_by_role("navigation", name="Previous and next milestone").get_by_role("link", name="Next milestone").click()
    page.wait_for_url("**/our-history/second-building-phase/")
    assert "Second building phase" in page.get_by_role("heading", level=1).inner_text()

    page.get_by_role("link", name="Back to this milestone on the timeline").click()
    page.wait_for_url("**/our-history/#event-second-building-phase")
    assert scrolls_into_view(page, "#event-second-building-phase")
    assert page.locator("#event-second-building-phase").evaluate("el => el.matches(':target')")
    errors.assert_none()


def test_shared_anchor_scrolls_to_its_entry(demo_server, open_context):
    page = open_context(viewport={"width": 375, "height": 700}).new_page()
    page.goto(demo_server.url + "/our-history/#event-ecei-gold-label-renewed-2022-12")
    assert scrolls_into_view(page, "#event-ecei-gold-label-renewed-2022-12")

    page.get_by_role("link", name="Jump to the latest").click()
    page.wait_for_url("**/our-history/#event-oslo-science-hub")
    assert scrolls_into_view(page, "#event-oslo-science-hub")


def test_filter_by_kind_without_javascript(demo_server, open_context):
    page = open_context(java_script_enabled=False).new_page()
    page.goto(demo_server.url + "/our-history/")
    assert len(entry_ids(page)) == ALL_ENTRIES

    page.locator("nav.kind-filter").get_by_role("link", name="Buildings", exact=True).click()
    page.wait_for_url("**/our-history/?kind=building")
    assert page.locator("ol.timeline li.entry").count() == BUILDING_MILESTONES
    assert page.locator("ol.timeline li.entry--building").count() == BUILDING_MILESTONES
    current = page.locator("nav.kind-filter a[aria-current]")
    assert current.inner_text() == "Buildings"
    assert "3 entries" in page.locator("#timeline-status").inner_text()


def test_filter_by_kind_with_javascript_does_not_reload(demo_server, open_context):
    errors = PageErrors()
    page = errors.watch(open_context().new_page())
    page.goto(demo_server.url + "/our-history/")
    page.evaluate("window.stillTheSamePage = true")
    filters = page.locator("nav.kind-filter")

    filters.get_by_role("link", name="Buildings", exact=True).click()
    page.wait_for_url("**/our-history/?kind=building")
    page.wait_for_function(f"() => document.querySelectorAll('ol.timeline li.entry').length === {BUILDING_MILESTONES}")
    assert page.evaluate("window.stillTheSamePage") is True, "the page was reloaded"
    assert page.locator("ol.timeline li.entry--building").count() == BUILDING_MILESTONES
    assert filters.locator("a[aria-current]").inner_text() == "Buildings"
    assert "3 entries" in page.locator("#timeline-status").inner_text()
    assert "Buildings" in page.title()

    filters.get_by_role("link", name="Awards and recognition").click()
    page.wait_for_url("**/our-history/?kind=recognition")
    page.wait_for_function("() => document.querySelectorAll('ol.timeline li.entry').length === 4")

    page.go_back()
    page.wait_for_function(f"() => document.querySelectorAll('ol.timeline li.entry').length === {BUILDING_MILESTONES}")
    filters.get_by_role("link", name="All", exact=True).click()
    page.wait_for_function(f"() => document.querySelectorAll('ol.timeline li.entry').length === {ALL_ENTRIES}")
    assert page.evaluate("window.stillTheSamePage") is True
    errors.assert_none()


def html_lang(page):
    return page.locator("html").get_attribute("lang")


@pytest.mark.parametrize("language", PAGES_BY_LANGUAGE)
@pytest.mark.parametrize("width", [320, 1280])
def test_no_page_scrolls_sideways(demo_server, open_context, width, language):
    page = open_context(viewport={"width": width, "height": 800}).new_page()
    too_wide = {}
    for name, path in PAGES_BY_LANGUAGE[language].items():
        page.goto(demo_server.url + path)
        assert html_lang(page) == language, path
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide[name] = scroll_width
    assert not too_wide, f"pages wider than {width}px: {too_wide}"


@pytest.mark.parametrize("language", PAGES_BY_LANGUAGE)
def test_axe_finds_no_wcag_violations_and_no_console_errors(demo_server, open_context, language):
    # bypass_csp: axe is injected as a script; the site's own scripts are files.
    errors = PageErrors()
    page = errors.watch(open_context(bypass_csp=True).new_page())
    axe_source = AXE_JS.read_text()
    found = {}
    for name, path in PAGES_BY_LANGUAGE[language].items():
        page.goto(demo_server.url + path)
        assert html_lang(page) == language, path
        page.add_script_tag(content=axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_TAGS,
        )
        violations = [
            f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:3]}" for v in result["violations"]
        ]
        if violations:
            found[name] = violations
    assert not found, f"axe violations: {json.dumps(found, indent=2)}"
    # The 404 page is the only response the browser may report as an error.
    errors.console = [message for message in errors.console if "404" not in message]
    errors.assert_none()


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the live server on loopback
            return response.read()
    except urllib.error.HTTPError as error:  # the 404 page is validated too
        return error.read()


@pytest.mark.parametrize("language", PAGES_BY_LANGUAGE)
def test_every_page_type_is_valid_html(demo_server, language):
    require_tools(java=True)
    pages = {**PAGES_BY_LANGUAGE[language], **MORE_PAGES_TO_VALIDATE[language]}
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for name, path in pages.items():
            file = Path(folder, name.replace(" ", "-") + ".html")
            html = fetch(demo_server.url + path)
            assert f'<html lang="{language}"'.encode() in html, path
            file.write_bytes(html)
            files[file.name] = name
        # One Java start for every page: the checker takes a while to start.
        result = subprocess.run(  # noqa: S603
            ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *sorted(files)],  # noqa: S607
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=300,
        )
    report = json.loads(result.stderr or result.stdout)  # the checker reports on stderr
    errors = [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))}: line {m.get('lastLine')}: {m['message']}"
        for m in report["messages"]
    ]
    assert not errors, "\n".join(errors)
    assert result.returncode == 0


def test_interactive_timeline_loads_the_json_without_errors(demo_server, open_context):
    errors = PageErrors()
    page = errors.watch(open_context(viewport={"width": 1280, "height": 900}).new_page())
    with page.expect_response("**/our-history/timeline.json") as response_info:
        page.goto(demo_server.url + "/our-history/")
        page.get_by_role("link", name="See the timeline as slides").click()
    assert response_info.value.status == 200
    page.wait_for_selector(".tl-timeline .tl-slide")
    page.wait_for_function("() => window.occTimeline && window.occTimeline.config && window.occTimeline.config.events")
    assert page.evaluate("window.occTimeline.config.events.length") == ALL_ENTRIES
    # The title slide and one slide per event.
    assert page.locator(".tl-slide").count() >= ALL_ENTRIES + 1
    page.wait_for_timeout(500)  # let TimelineJS finish loading its images and language file
    errors.assert_none()
