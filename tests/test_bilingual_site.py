"""The site in two languages, as visitors get it: English at the root, Norwegian Bokmål under /nb/.

The demo content carries both (its Norwegian pages are wagtail-localize translations of
the English ones). Each page says which language it is in, links its other language,
and shows its photos, people, dates and figures the way its readers write them; search,
the sitemap and the front cache know both trees; and whatever a visitor types into the
address bar in either language is a page or the site's 404, never an error.

Translating in the admin is in tests/test_bilingual_admin.py.
"""

import re
from html import unescape
from xml.etree import ElementTree

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from wagtail.models import Page

import pytest

from history.demo import data_nb
from history.models import AwardPage, HistoryIndexPage, MilestonePage
from occ_site.front_cache import page_tags
from occ_site.models import SiteSettings
from tests.bilingual_content import norwegian

NBSP = "\u00a0"
pytestmark = pytest.mark.django_db

ENGLISH_MILESTONE = "/our-history/oslo-cancer-cluster-is-founded/"
NORWEGIAN_MILESTONE = "/nb/var-historie/oslo-cancer-cluster-blir-etablert/"


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))  # keeps no-break spaces


def html_lang(html):
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def alternates(html):
    """{hreflang: href} of the page's <link rel="alternate"> elements."""
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html))


def switcher_links(html):
    """{language code: href} of the language switcher."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    return (
        dict((code, href) for href, code in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', nav.group(0)))
        if nav
        else {}
    )


class TestTheNorwegianDemo:
    def test_every_english_page_has_a_live_norwegian_translation_that_answers_in_norwegian(self, client, demo_site):
        english_pages = Page.objects.descendant_of(demo_site.root_page, inclusive=True).specific()
        assert len(english_pages) == 12
        for page in english_pages:
            translation = page.get_translation(norwegian())
            assert translation.live, page.title
            response = client.get(translation.url)
            assert response.status_code == 200, translation.url
            html = response.content.decode()
            assert html_lang(html) == "nb", translation.url
            assert unescape(translation.title) in unescape(html)

    def test_the_norwegian_history_tells_the_history_in_norwegian(self, client, demo_site):
        text = visible_text(client.get("/nb/var-historie/").content.decode())
        for fact in [
            "Vår historie",
            "Oslo Cancer Cluster blir etablert",
            "Radiumhospitalet",
            "Norsk kompetansesenter",
            "desember 2019",
            f"94{NBSP}%",
            "Foto: Gunnar Kopperud",
            "Illustrasjon: Dark Arkitekter",
            "Priser og utmerkelser",
            "Gå til det nyeste",
        ]:
            assert fact in text, fact
        for english in ["Oslo Cancer Cluster is founded", "Norwegian Radium Hospital", "December 2019", "Photo:"]:
            assert english not in text, english

    def test_photos_and_people_are_described_in_the_page_language(self, client, demo_site):
        norwegian_html = unescape(client.get(NORWEGIAN_MILESTONE).content.decode())
        english_html = unescape(client.get(ENGLISH_MILESTONE).content.decode())
        founders = data_nb.PHOTOS["founders"]
        assert f'alt="{founders["alt"]}"' in norwegian_html
        assert founders["caption"] in norwegian_html and founders["long_description"] in norwegian_html
        assert data_nb.PEOPLE["norum"]["role"] in norwegian_html
        assert founders["alt"] not in english_html and "former Principal of the University of Oslo" in english_html

    def test_the_related_award_and_the_neighbours_are_the_norwegian_pages(self, client, demo_site):
        html = client.get(NORWEGIAN_MILESTONE).content.decode()
        assert 'href="/nb/var-historie/norsk-kompetansesenter/"' in html
        assert 'href="/nb/var-historie/fra-regional-til-internasjonal-klynge/"' in html
        assert 'href="/our-history/' not in html.split('<nav class="language-switcher"')[0].split("</head>")[1]

    def test_the_header_offers_the_norwegian_join_label_and_pages(self, client, demo_site):
        html = client.get("/nb/").content.decode()
        assert 'href="/nb/bli-medlem/"' in html and ">Bli medlem<" in html
        assert 'href="/nb/personvern/"' in html

    def test_the_timeline_export_is_in_norwegian(self, client, demo_site):
        document = client.get("/nb/var-historie/timeline.json").json()
        headlines = [event["text"]["headline"] for event in document["events"]]
        assert "Oslo Cancer Cluster blir etablert" in headlines
        assert not any("is founded" in headline for headline in headlines)
        founding = next(event for event in document["events"] if event["text"]["headline"] == "Oslo Cancer Cluster blir etablert")
        founders = data_nb.PHOTOS["founders"]
        assert (founding["media"]["caption"], founding["media"]["alt"]) == (founders["caption"], founders["alt"])
        assert founding["media"]["credit"].startswith("Foto: ")
        assert ">Les mer</a>" in founding["text"]["text"]

    def test_a_caption_missing_in_norwegian_is_shown_in_english_marked_as_english(self, client, demo_site):
        founding = MilestonePage.objects.get(slug="oslo-cancer-cluster-is-founded")
        photo = founding.lead_photo
        photo.caption_nb = ""
        photo.save()
        events = client.get("/nb/var-historie/timeline.json").json()["events"]
        captions = [event["media"]["caption"] for event in events if event.get("media")]
        assert f'<span lang="en">{escape(photo.caption)}</span>' in captions


class TestEachPageLinksItsOtherLanguage:
    def test_a_translated_page_names_both_versions_and_offers_the_other(self, client, demo_site):
        english = client.get(ENGLISH_MILESTONE).content.decode()
        norwegian_html = client.get(NORWEGIAN_MILESTONE).content.decode()
        expected = {
            "en": f"http://testserver{ENGLISH_MILESTONE}",
            "nb": f"http://testserver{NORWEGIAN_MILESTONE}",
            "x-default": f"http://testserver{ENGLISH_MILESTONE}",
        }
        assert alternates(english) == expected and alternates(norwegian_html) == expected
        assert switcher_links(english) == {"nb": NORWEGIAN_MILESTONE}
        assert switcher_links(norwegian_html) == {"en": ENGLISH_MILESTONE}
        assert '<meta property="og:locale" content="nb_NO">' in norwegian_html
        assert '<meta property="og:locale:alternate" content="en_GB">' in norwegian_html
        assert '"inLanguage": "nb"' in norwegian_html and '"inLanguage": "en"' in english

    def test_the_interactive_timeline_runs_in_the_page_language(self, client, demo_site):
        norwegian_html = client.get("/nb/var-historie/interactive-timeline/").content.decode()
        assert 'data-language="nb"' in norwegian_html
        assert 'data-language="en"' in client.get("/our-history/interactive-timeline/").content.decode()

    def test_a_page_without_a_translation_offers_the_nearest_translated_page_instead(self, client, demo_site):
        history = HistoryIndexPage.objects.get(locale__language_code="en")
        untranslated = MilestonePage(
            title="Only in English", slug="only-in-english", year=2025, summary="Not yet translated."
        )
        history.add_child(instance=untranslated)
        untranslated.save_revision().publish()
        html = client.get("/our-history/only-in-english/").content.decode()
        assert switcher_links(html) == {"nb": "/nb/var-historie/"}
        assert "nb" not in alternates(html)  # the Norwegian history page is not this page's translation
        assert client.get("/nb/var-historie/only-in-english/").status_code == 404

    def test_views_that_are_not_pages_switch_to_the_same_view(self, client, demo_site):
        html = client.get("/nb/search/?q=klynge").content.decode()
        assert html_lang(html) == "nb"
        assert switcher_links(html) == {"en": "/search/?q=klynge"}
        assert switcher_links(client.get("/photo-credits/").content.decode()) == {"nb": "/nb/photo-credits/"}


class TestSearchInEachLanguage:
    @pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQLite demo has no Norwegian stemming")
    def test_a_norwegian_search_finds_norwegian_pages_with_norwegian_word_forms(self, client, demo_site):
        html = client.get("/nb/search/", {"q": "byggetrinnet"}).content.decode()  # the page says "byggetrinn"
        assert 'href="/nb/var-historie/andre-byggetrinn/"' in html
        assert 'href="/our-history/' not in html

    def test_an_english_search_finds_only_english_pages(self, client, demo_site):
        html = client.get("/search/", {"q": "Innovation Park"}).content.decode()
        assert 'href="/our-history/innovation-park-opens/"' in html
        assert 'href="/nb/' not in html.split("<main")[1]


class TestAddressesInEitherLanguage:
    @pytest.mark.parametrize(
        "path",
        [
            "/xx/our-history/",  # a language the site does not have
            # An English address under the Norwegian prefix. (Not "/nb/our-history/": once the demo is
            # committed, Wagtail's automatic redirects from the Norwegian drafts' first, English slugs
            # send that to /nb/var-historie/.)
            "/nb/our-history/second-building-phase/",
            "/var-historie/",  # a Norwegian address without it
            "/nb/var-historie/no-such-milestone/",
            "/nb/var-historie/timeline.json/extra",
            "/en/our-history/",  # English has no prefix
        ],
    )
    def test_an_unknown_address_is_the_sites_404(self, client, demo_site, path):
        response = client.get(path)
        assert response.status_code == 404
        assert 'class="language-switcher"' in response.content.decode()  # the site's own 404 page

    def test_a_site_not_yet_translated_has_no_norwegian_pages(self, client, history_page):
        """Wagtail would serve the English pages under /nb/ (its fallback when a language has no home page)."""
        assert client.get(history_page.url).status_code == 200
        assert client.get("/nb/").status_code == 404
        assert client.get("/nb" + history_page.url).status_code == 404

    def test_the_404_of_a_norwegian_address_is_in_norwegian(self, client, demo_site):
        html = client.get("/nb/var-historie/no-such-milestone/").content.decode()
        assert html_lang(html) == "nb"

    def test_the_norwegian_404_leads_to_the_norwegian_home_page(self, client, demo_site):
        html = client.get("/nb/var-historie/no-such-milestone/").content.decode()
        assert '<a href="/nb/">Gå til forsiden</a>' in html

    def test_a_norwegian_draft_is_not_shown(self, client, demo_site):
        translation = MilestonePage.objects.get(locale__language_code="nb", slug="andre-byggetrinn")
        translation.unpublish()
        assert client.get("/nb/var-historie/andre-byggetrinn/").status_code == 404
        assert "Andre byggetrinn" not in visible_text(client.get("/nb/var-historie/").content.decode())
        english = client.get("/our-history/second-building-phase/").content.decode()
        assert "nb" not in alternates(english)
        assert switcher_links(english) == {"nb": "/nb/var-historie/"}

    def test_a_translation_whose_english_page_was_deleted_still_answers(self, client, admin_client, demo_site):
        english = MilestonePage.objects.get(locale__language_code="en", slug="oslo-science-hub")
        translation = english.get_translation(norwegian())
        english.delete()
        response = client.get(translation.url)
        assert response.status_code == 200
        assert switcher_links(response.content.decode()) == {"en": "/our-history/"}
        # The admin opens it too (wagtail-localize says the source is gone).
        assert admin_client.get(reverse("wagtailadmin_pages:edit", args=[translation.pk])).status_code == 200


class TestSitemap:
    def test_every_page_is_listed_in_both_languages_with_its_alternate(self, client, demo_site):
        response = client.get("/sitemap.xml")
        tree = ElementTree.fromstring(response.content)  # noqa: S314 (the site's own sitemap, not untrusted input)
        namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
        entries = {
            url.findtext("s:loc", namespaces=namespaces): {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", namespaces)
            }
            for url in tree.findall("s:url", namespaces)
        }
        assert len(entries) == 24
        norwegian_url = demo_site.root_url + NORWEGIAN_MILESTONE
        assert entries[norwegian_url] == {"en": demo_site.root_url + ENGLISH_MILESTONE, "nb": norwegian_url}


class TestThePurgeOfAPageCoversItsTranslations:
    """An edit purges its page's cache tags (occ_site.front_cache.page_tags); the pages in both
    languages that show or link the page carry one of them."""

    def test_a_milestone_reaches_its_translation_and_the_listings_in_both_languages(self, client, demo_site):
        english = MilestonePage.objects.get(locale__language_code="en", slug="oslo-cancer-cluster-is-founded")
        purged = page_tags(english)
        for address in [ENGLISH_MILESTONE, NORWEGIAN_MILESTONE, "/our-history/", "/", "/search/?q=oslo",
                        "/nb/search/?q=oslo", "/photo-credits/", "/nb/photo-credits/", "/sitemap.xml"]:
            assert purged & cache_tags_of(client.get(address)), address

    def test_a_norwegian_page_reaches_the_english_one_that_links_to_it(self, client, demo_site):
        translation = MilestonePage.objects.get(locale__language_code="nb", slug="oslo-cancer-cluster-blir-etablert")
        purged = page_tags(translation)
        for address in [NORWEGIAN_MILESTONE, ENGLISH_MILESTONE, "/nb/var-historie/", "/nb/"]:
            assert purged & cache_tags_of(client.get(address)), address


def cache_tags_of(response):
    return set(response.get(settings.FRONT_CACHE_TAG_HEADER, "").split())


class TestNorwegianSettings:
    def test_an_empty_norwegian_join_label_falls_back_to_the_english(self, client, demo_site):
        settings_row = SiteSettings.for_site(demo_site)
        settings_row.join_label_nb = ""
        settings_row.save()
        html = client.get("/nb/").content.decode()
        assert f">{settings_row.join_label}<" in html

    def test_an_award_page_writes_scores_and_dates_the_norwegian_way(self, client, demo_site):
        award = AwardPage.objects.get(locale__language_code="nb", slug="ecei-gold-label")
        text = visible_text(client.get(award.url).content.decode())
        assert f"94{NBSP}%" in text and "desember 2022" in text
