"""Private pages stay private on every listing; drafts and unknown addresses are not found."""

from wagtail.models import PageViewRestriction

import pytest

from history.factories import AwardEventFactory, AwardPageFactory, MilestonePageFactory, PersonFactory
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


@pytest.mark.django_db
def test_private_pages_are_left_out_of_search(client, history_page):
    MilestonePageFactory(parent=history_page, slug="park", title="The park opens", summary="Montebello park.")
    secret = MilestonePageFactory(parent=history_page, slug="secret", title="Secret park plans", summary="Park plans.")
    secret_award = AwardPageFactory(parent=history_page, slug="secret-award", title="Secret park award", summary="Park.")
    AwardEventFactory(award=secret_award, year=2020)
    person = PersonFactory(name="Ada Park", role="Planner")
    person.save_revision().publish()
    secret.people.set([person])
    secret.save_revision().publish()
    for page in (secret, secret_award):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    html = client.get("/search/?q=park").content.decode()
    assert "The park opens" in html
    assert "Secret park" not in html
    assert "Ada Park" in html and "/our-history/secret/" not in html  # named, but not where she appears


@pytest.mark.django_db
def test_search_without_results_links_only_to_a_public_timeline(client, history_page):
    assert 'href="/our-history/"' in client.get("/search/?q=nothing-matches").content.decode()
    PageViewRestriction.objects.create(page=history_page, restriction_type=PageViewRestriction.LOGIN)
    assert 'href="/our-history/"' not in client.get("/search/?q=nothing-matches").content.decode()
