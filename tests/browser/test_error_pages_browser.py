"""The error pages (500, and the 503s of an outage) meet the site's bars: axe, valid HTML, 320 px.

They are rendered as the site renders them (occ_site.outages: no request, no database, the
address's language) and shown in Chromium at an address of the live server, so the site's own
stylesheet applies.
"""

import json
import subprocess
import tempfile
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

import pytest

from tests.browser.conftest import AXE_JS, VNU_JAR, WCAG_TAGS, PageErrors, require_tools

pytestmark = pytest.mark.browser

ERROR_PAGES = ["500.html", "database_unavailable.html", "storage_unavailable.html"]
LANGUAGES = ["en", "nb"]


def rendered(template_name, language):
    with translation.override(language):
        return render_to_string(template_name)


def serve(html):
    return lambda route: route.fulfill(content_type="text/html; charset=utf-8", body=html)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the live server's; its flush must restore
@pytest.mark.parametrize("language", LANGUAGES)
def test_error_pages_pass_axe_and_fit_a_phone(live_server, open_context, language):
    errors = PageErrors()
    # bypass_csp: axe is injected as a script.
    page = errors.watch(open_context(bypass_csp=True, viewport={"width": 320, "height": 640}).new_page())
    axe_source = AXE_JS.read_text()
    found = {}
    for template_name in ERROR_PAGES:
        address = f"{live_server.url}/error-pages/{template_name}"
        html = rendered(template_name, language)
        page.route(address, serve(html))
        page.goto(address)
        assert page.locator("html").get_attribute("lang") == language
        assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute", (
            "the site's stylesheet did not load"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, template_name
        page.add_script_tag(content=axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_TAGS,
        )
        if result["violations"]:
            found[template_name] = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]
    assert not found, f"axe violations: {json.dumps(found, indent=2)}"
    errors.assert_none()


def test_error_pages_are_valid_html():
    require_tools(java=True)
    with tempfile.TemporaryDirectory() as folder:
        names = []
        for language in LANGUAGES:
            for template_name in ERROR_PAGES:
                name = f"{language}-{template_name}"
                Path(folder, name).write_text(rendered(template_name, language))
                names.append(name)
        result = subprocess.run(  # noqa: S603
            ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *names],  # noqa: S607
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=300,
        )
    report = json.loads(result.stderr or result.stdout)  # the checker reports on stderr
    errors = [f"{Path(m.get('url', '')).name}: line {m.get('lastLine')}: {m['message']}" for m in report["messages"]]
    assert not errors, "\n".join(errors)
    assert result.returncode == 0
