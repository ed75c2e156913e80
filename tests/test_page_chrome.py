"""What every page shows around its content: the document title, breadcrumbs, footer contact and privacy links."""

import re

import pytest

from occ_site.models import SiteSettings


def title_of(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


@pytest.mark.django_db
class TestOneFormat:
    @pytest.mark.parametrize(
        "path,title",
        [
            ("/", "Oslo Cancer Cluster"),  # the home page is named like the organisation: said once
            ("/our-history/", "Our history – Oslo Cancer Cluster"),
            ("/our-history/?kind=building", "Our history: Buildings – Oslo Cancer Cluster"),
            ("/our-history/ecei-gold-label/", "Gold Label certificate – Oslo Cancer Cluster"),  # its SEO title
            ("/search/", "Search – Oslo Cancer Cluster"),
            ("/photo-credits/", "Photo credits – Oslo Cancer Cluster"),
            ("/no-such-page/", "Page not found – Oslo Cancer Cluster"),
        ],
    )
    def test_document_titles(self, client, demo_site, path, title):
        assert title_of(client.get(path)) == title

    def test_titles_are_escaped(self, client, demo_site):
        assert title_of(client.get("/search/?q=<b>x</b>")) == "Search results for “&lt;b&gt;x&lt;/b&gt;” – Oslo Cancer Cluster"

    @pytest.mark.parametrize("path", ["/our-history/", "/our-history/ecei-gold-label/", "/search/", "/photo-credits/"])
    def test_the_breadcrumbs_start_at_home_everywhere(self, client, demo_site, path):
        html = client.get(path).content.decode()
        nav = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
        assert re.search(r'<li><a href="/">Home</a></li>', nav), nav


@pytest.mark.django_db
class TestSearchHint:
    def test_nothing_found_links_to_the_timeline(self, client, demo_site):
        html = client.get("/search/?q=zebrafinch").content.decode()
        assert 'or <a href="/our-history/">browse the timeline</a>.' in html

    def test_the_timeline_links_are_below_it_and_worded_for_visitors(self, client, demo_site):
        html = client.get("/our-history/").content.decode()
        assert "TimelineJS" not in html
        assert html.index('class="timeline"') < html.index("See the timeline as slides")
        assert "Download the timeline's data (JSON, for reuse)" in html


@pytest.mark.django_db
class TestContactAndPrivacy:
    def test_footer_shows_the_contact_details_and_links_the_privacy_page(self, client, demo_site):
        html = client.get("/our-history/").content.decode()
        footer = html[html.index('<footer class="site-footer">'):]
        assert "Ullernchausseen 64" in footer
        assert '<a href="mailto:post@example.org">post@example.org</a>' in footer
        assert '<a href="tel:+4700000000">+47 00 00 00 00</a>' in footer
        assert '<a href="/privacy/">Privacy</a>' in footer
        privacy = client.get("/privacy/").content.decode()
        assert "Reading this website sets no cookies" in privacy

    def test_the_join_page_says_how_to_get_in_touch(self, client, demo_site):
        main = client.get("/become-a-member/").content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        assert "Contact us" in main and "mailto:post@example.org" in main

    def test_without_contact_details_or_a_live_privacy_page_nothing_is_shown(self, client, demo_site):
        settings = SiteSettings.for_site(demo_site)
        settings.contact_address = settings.contact_email = settings.contact_phone = ""
        settings.save()
        settings.privacy_page.specific.unpublish()
        html = client.get("/become-a-member/").content.decode()
        assert "<address" not in html and "Contact us</h2>" not in html
        assert 'href="/privacy/"' not in html
