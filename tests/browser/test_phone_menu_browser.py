"""The phone header (390 px and 320 px): one line with the site's name and a menu button, the menu
usable by keyboard, with and without JavaScript, accessible and valid open and closed, in both languages."""

import json
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import AXE_JS, VNU_JAR, WCAG_TAGS, PageErrors, require_tools

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
HISTORY = {"en": "/our-history/", "nb": "/nb/var-historie/"}
MENU = {"en": "Menu", "nb": "Meny"}
OTHER_LANGUAGE = {"en": "Norsk bokmål", "nb": "English"}


def menu_button(page, language):
    return page.get_by_role("button", name=MENU[language], exact=True)


def open_menu(page, language):
    button = menu_button(page, language)
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    return button


@pytest.mark.parametrize("language", HISTORY)
def test_the_phone_header_is_one_short_line_and_the_page_starts_on_the_first_screen(demo_server, open_context, language):
    page = open_context(viewport=PHONE).new_page()
    page.goto(demo_server.url + HISTORY[language])
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 64, header
    brand, button = page.locator(".brand").bounding_box(), menu_button(page, language).bounding_box()
    assert abs((brand["y"] + brand["height"] / 2) - (button["y"] + button["height"] / 2)) < 8  # one line
    for selector in ("main h1", ".page-header .lead"):
        box = page.locator(selector).bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], selector
    assert not page.locator(".button--join").is_visible()
    assert not page.get_by_role("link", name=OTHER_LANGUAGE[language]).is_visible()
    assert page.locator(".language-switcher li").first.evaluate("li => getComputedStyle(li).listStyleType") == "none"


@pytest.mark.parametrize("language", HISTORY)
def test_the_menu_opens_closes_with_escape_and_is_keyboard_usable(demo_server, open_context, language):
    errors = PageErrors()
    page = errors.watch(open_context(viewport=PHONE).new_page())
    page.goto(demo_server.url + HISTORY[language])
    button = menu_button(page, language)
    assert button.get_attribute("aria-expanded") == "false"
    panel = page.locator("#" + button.get_attribute("aria-controls"))
    assert not panel.is_visible()

    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert panel.is_visible()
    assert page.locator(".button--join").is_visible()
    assert page.get_by_role("link", name=OTHER_LANGUAGE[language]).is_visible()
    assert page.get_by_role("searchbox").is_visible()
    page.keyboard.press("Tab")  # the first menu link follows the button
    focused = page.evaluate("document.activeElement.closest('[data-site-menu]') !== null")
    assert focused, "Tab from the button does not go into the menu"

    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert not panel.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == panel.get_attribute("id")

    page.keyboard.press("Space")  # a real button: Space opens it too, and a click closes it
    assert button.get_attribute("aria-expanded") == "true"
    button.click()
    assert not panel.is_visible()
    errors.assert_none()


@pytest.mark.parametrize("language", HISTORY)
def test_without_javascript_the_menu_link_leads_to_the_menu(demo_server, open_context, language):
    page = open_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(demo_server.url + HISTORY[language])
    join = page.locator(".button--join")
    assert not join.is_visible()
    page.get_by_role("link", name=MENU[language], exact=True).click()
    assert join.is_visible()
    assert page.get_by_role("searchbox").is_visible()


@pytest.mark.parametrize("language", HISTORY)
def test_desktop_shows_the_menu_in_the_header_without_a_button(demo_server, open_context, language):
    page = open_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(demo_server.url + HISTORY[language])
    assert page.locator(".site-menu__button").count() == 1  # made by the script, hidden on wide screens
    assert not page.locator(".site-menu__button").is_visible()
    assert page.locator(".button--join").is_visible()
    assert page.get_by_role("link", name=OTHER_LANGUAGE[language]).is_visible()
    assert page.get_by_role("searchbox").is_visible()


def axe_violations(page):
    script = page.add_script_tag(content=AXE_JS.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS
    )
    script.evaluate("tag => tag.remove()")  # the page as the site made it, for the HTML checker
    return [f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:3]}" for v in result["violations"]]


def test_axe_nu_and_320_px_with_the_menu_open_and_closed_in_both_languages(demo_server, open_context):
    require_tools(java=True)
    found, too_wide, documents = {}, {}, {}
    for width in (390, 320):
        # bypass_csp: axe is injected as a script; the site's own scripts are files.
        page = open_context(viewport={"width": width, "height": 844}, bypass_csp=True).new_page()
        for language, path in HISTORY.items():
            page.goto(demo_server.url + path)
            for state in ("closed", "open"):
                if state == "open":
                    open_menu(page, language)
                name = f"{language}-{width}-{state}"
                # The document as the browser has it now (the button made by the script, the menu's state).
                documents[name] = "<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML")
                found[name] = axe_violations(page)
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                if scroll_width > width:
                    too_wide[name] = scroll_width
    assert not {name: v for name, v in found.items() if v}, f"axe violations: {json.dumps(found, indent=2)}"
    assert not too_wide, f"wider than the screen: {too_wide}"

    with tempfile.TemporaryDirectory() as folder:
        for name, html in documents.items():
            Path(folder, f"{name}.html").write_text(html)
        result = subprocess.run(  # noqa: S603
            ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *sorted(p.name for p in Path(folder).iterdir())],  # noqa: S607
            cwd=folder, capture_output=True, text=True, timeout=300,
        )
    report = json.loads(result.stderr or result.stdout)
    errors = [f"{Path(m.get('url', '')).name}: line {m.get('lastLine')}: {m['message']}" for m in report["messages"]]
    assert not errors, "\n".join(errors)
