"""`manage.py setup_site`: a real installation's first run, without demo content."""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings

from wagtail.models import Page, Site, WorkflowPage

import pytest

from history.models import HistoryIndexPage, MilestonePage
from history.roles import ROLES, WORKFLOW_NAME
from occ_site.models import ContentPage, HomePage, SiteSettings

HOST = "www.example.org"


def setup_site(*args):
    out = StringIO()
    call_command("setup_site", *args, stdout=out)
    return out.getvalue()


def get(client, path):
    return client.get(path, HTTP_HOST=HOST, secure=True)


@pytest.mark.django_db
class TestFirstRun:
    def test_a_fresh_database_shows_wagtails_welcome_page_until_set_up(self, client):
        assert b"Welcome to your new Wagtail site" in get(client, "/").content  # what a fresh deployment shows
        setup_site("--hostname", HOST, "--port", "443")
        home = get(client, "/")
        assert home.status_code == 200
        assert b"Welcome to your new Wagtail site" not in home.content
        assert not Page.objects.filter(depth=2, content_type__model="page").exists()

    def test_it_creates_the_pages_settings_groups_and_site_record(self, client):
        output = setup_site("--hostname", HOST, "--port", "443")
        assert f"The site is set up for https://{HOST}/" in output

        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port) == (HOST, 443)
        assert site.root_page.specific_class is HomePage
        history = HistoryIndexPage.objects.get(locale__language_code="en")
        assert history.live and history.get_parent().pk == site.root_page.pk
        assert WorkflowPage.objects.get(page=history).workflow.name == WORKFLOW_NAME
        assert {role.name for role in ROLES} <= set(Group.objects.values_list("name", flat=True))
        privacy = ContentPage.objects.get(slug="privacy")
        assert SiteSettings.for_site(site).privacy_page.pk == privacy.pk

    def test_the_empty_history_page_says_what_will_be_there(self, client):
        setup_site("--hostname", HOST, "--port", "443")
        response = get(client, "/our-history/")
        assert response.status_code == 200
        assert not MilestonePage.objects.exists()
        assert "Nothing has been published on the timeline yet" in response.content.decode()

    def test_the_privacy_page_is_linked_from_every_page(self, client):
        setup_site("--hostname", HOST, "--port", "443")
        privacy = get(client, "/privacy/").content.decode()
        assert "Reading this website sets no cookies" in privacy
        assert "server log" in privacy and "Sign-ins and failed sign-in attempts" in privacy
        for path in ("/", "/our-history/", "/search/"):
            assert 'href="/privacy/">Privacy</a>' in get(client, path).content.decode()

    def test_the_sitemap_and_robots_carry_the_real_address(self, client):
        setup_site("--hostname", HOST, "--port", "443")
        sitemap = get(client, "/sitemap.xml").content.decode()
        assert f"<loc>https://{HOST}/our-history/</loc>" in sitemap
        assert "localhost" not in sitemap

    def test_running_it_again_changes_nothing_editors_made(self, client):
        setup_site("--hostname", HOST, "--port", "443")
        history = HistoryIndexPage.objects.get(locale__language_code="en")
        history.title = "Vår historie"
        history.save_revision().publish()
        pages = Page.objects.count()

        output = setup_site("--hostname", HOST, "--port", "443")
        assert "(0 created, 0 updated)" in output
        assert Page.objects.count() == pages
        assert HistoryIndexPage.objects.get(locale__language_code="en").title == "Vår historie"

    def test_a_new_host_moves_the_site_record(self):
        setup_site("--hostname", HOST, "--port", "443")
        output = setup_site("--hostname", "occ.example.net", "--port", "8443")
        assert "updated site record occ.example.net:8443" in output
        assert Site.objects.values_list("hostname", "port").get() == ("occ.example.net", 8443)

    @override_settings(WAGTAILADMIN_BASE_URL="https://cms.example.net")
    def test_without_arguments_it_uses_the_admin_base_url(self):
        setup_site()
        assert Site.objects.values_list("hostname", "port").get() == ("cms.example.net", 443)

    @pytest.mark.parametrize("hostname", ["https://www.example.org", "www.example.org/path", "www.example.org:443", ""])
    def test_a_hostname_that_is_not_one_is_refused_and_nothing_changes(self, hostname):
        pages = Page.objects.count()
        with pytest.raises(CommandError, match="is not a host name"):
            call_command("setup_site", "--hostname", hostname or " ", "--port", "443", stdout=StringIO())
        assert Page.objects.count() == pages
        assert not HomePage.objects.exists()

    def test_demo_content_can_follow_and_fills_the_contact_details(self, client):
        setup_site("--hostname", HOST, "--port", "443")
        call_command("load_demo_content", stdout=StringIO())
        assert (
            HistoryIndexPage.objects.count() == 2 and ContentPage.objects.filter(slug="privacy").count() == 1
        )  # English and Norwegian
        assert MilestonePage.objects.exists()
        footer = get(client, "/our-history/").content.decode()
        assert "mailto:post@example.org" in footer and "Ullernchausseen 64" in footer
