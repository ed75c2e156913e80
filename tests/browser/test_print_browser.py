"""A printed history page (Chromium's print to PDF): the milestones, without the site's header,
menus, search and filters, in both languages."""

import io

import pytest
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PRINTED = {
    "en": {
        "path": "/our-history/",
        "headlines": ["Oslo Cancer Cluster is founded", "Innovation Park"],
        "absent": ["Search", "Become a member", "Norsk bokmål", "Skip to content", "Menu"],
    },
    "nb": {
        "path": "/nb/var-historie/",
        "headlines": ["Oslo Cancer Cluster blir etablert", "Innovasjonspark"],
        "absent": ["Søk", "Bli medlem", "English", "Hopp til innholdet", "Meny"],
    },
}


def pdf_text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize("language", PRINTED)
def test_a_printed_history_page_has_the_milestones_and_no_site_chrome(demo_server, open_context, language):
    expected = PRINTED[language]
    page = open_context().new_page()
    page.goto(demo_server.url + expected["path"])
    screen_text = page.locator("body").inner_text()
    for word in expected["absent"]:  # on screen, so leaving them out of print is the stylesheet's doing
        assert word in screen_text or word in page.content(), word
    text = pdf_text(page.pdf(format="A4", print_background=False))
    for headline in expected["headlines"]:
        assert headline in text, headline
    for word in expected["absent"]:
        assert word not in text, f"{word!r} is printed"
