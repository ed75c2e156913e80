"""Private pages stay private on every listing; drafts and unknown addresses are not found."""

from wagtail.models import PageViewRestriction

import pytest

from history.factories import MilestonePageFactory
from occ_site.models import ContentPage


@pytest.fixture
def private_section(site_root):
    section = site_root.add_child(instance=ContentPage(title="Members", slug="members", show_in_menus=True))
    section.add_child(instance=ContentPage(title="Board minutes", slug="minutes"))
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-words")
    return section


@pytest.mark.django_db
def test_password_protected_pages_and_their_children_still_ask_for_the_password(client, private_section):
    for url in ("/members/", "/members/minutes/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Board minutes" not in response.content.decode()
        assert 'name="password"' in response.content.decode()
        assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_private_pages_are_left_out_of_menus_and_the_timeline(client, site_root, history_page, private_section):
    history_page.show_in_menus = True
    history_page.save()
    public = MilestonePageFactory(parent=history_page, slug="public", title="Public milestone")
    secret = MilestonePageFactory(parent=history_page, slug="secret", title="Login-only milestone")
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    html = client.get("/our-history/").content.decode()
    assert public.title in html and "Login-only milestone" not in html
    assert 'href="/our-history/"' in html and 'href="/members/"' not in html
    assert client.get("/our-history/secret/").status_code == 302  # to the login page


@pytest.mark.django_db
def test_drafts_unknown_pages_and_deeper_urls_are_not_found(client, history_page):
    MilestonePageFactory(parent=history_page, slug="draft", live=False)
    MilestonePageFactory(parent=history_page, slug="live")
    assert client.get("/our-history/draft/").status_code == 404
    assert client.get("/our-history/nothing-here/").status_code == 404
    assert client.get("/our-history/live/deeper/").status_code == 404
    assert client.get("/our-history/live/").status_code == 200


@pytest.mark.django_db
def test_breadcrumbs_come_from_the_route(client, history_page):
    MilestonePageFactory(parent=history_page, slug="founded", title="Founded")
    html = client.get("/our-history/founded/").content.decode()
    assert '<a href="/">Home</a>' in html
    assert '<a href="/our-history/">Our history</a>' in html
