"""The full-page cache: anonymous visitors get stored pages until something on them changes;
editors, previews and personal pages never get or fill it."""

from django.contrib.auth import get_user_model

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from history.factories import (
    AwardEventFactory,
    AwardPageFactory,
    CaptionedImageFactory,
    MilestonePageFactory,
    PersonFactory,
)
from history.renditions import build_page_renditions
from occ_site.models import SiteSettings
from occ_site.pagecache import STATUS_HEADER, page_cache, purge
from tests.signin import log_in_verified


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.OCC_PAGE_CACHE_SECONDS = 600
    purge()
    page_cache().clear()


@pytest.fixture
def milestone(history_page):
    page = MilestonePageFactory(
        parent=history_page, slug="founded", title="Founded in Oslo", lead_photo=CaptionedImageFactory(caption="Old caption")
    )
    build_page_renditions(page)  # as publishing does
    return page


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-test-password")


def visit(client, url="/our-history/"):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_second_anonymous_visit_is_served_from_the_cache_with_sensible_headers(client, milestone):
    first = visit(client)
    second = visit(client)
    assert (first[STATUS_HEADER], second[STATUS_HEADER]) == ("miss", "hit")
    assert second.content == first.content
    cache_control = second["Cache-Control"]
    assert "public" in cache_control and "max-age=60" in cache_control
    assert "Set-Cookie" not in second
    revalidated = client.get("/our-history/", HTTP_IF_NONE_MATCH=second["ETag"])
    assert revalidated.status_code == 304


def test_publishing_a_change_shows_on_the_next_anonymous_visit(client, milestone):
    visit(client)
    assert visit(client)[STATUS_HEADER] == "hit"
    milestone.title = "Founded in Oslo, 2006"
    milestone.save_revision().publish()
    response = visit(client)
    assert response[STATUS_HEADER] == "miss"
    assert "Founded in Oslo, 2006" in response.content.decode()


def test_a_saved_draft_keeps_the_cached_page(client, milestone):
    visit(client)
    milestone.title = "Unapproved headline"
    milestone.save_revision()
    response = visit(client)
    assert response[STATUS_HEADER] == "hit"
    assert "Unapproved headline" not in response.content.decode()


def test_unpublishing_moving_and_deleting_purge(client, history_page, milestone):
    other = MilestonePageFactory(parent=history_page, slug="second", title="Second milestone")
    visit(client)
    milestone.unpublish()
    assert "Founded in Oslo" not in visit(client).content.decode()
    visit(client)
    other.move(history_page, pos="first-child")
    assert visit(client)[STATUS_HEADER] == "miss"
    other.delete()
    assert "Second milestone" not in visit(client).content.decode()


def test_award_published_shows_its_events(client, history_page, milestone):
    visit(client)
    award = AwardPageFactory(parent=history_page, slug="gold", title="Gold Label", live=False)
    AwardEventFactory(award=award)
    award.save_revision().publish()
    assert "Gold Label" in visit(client).content.decode()


def test_photo_caption_and_credit_edits_show(client, milestone):
    visit(client)
    photo = milestone.lead_photo
    photo.caption = "New caption"
    photo.credit_name = "Gunnar Kopperud"
    photo.save()
    html = visit(client).content.decode()
    assert "New caption" in html and "Gunnar Kopperud" in html


def test_photo_credits_page_is_cached_and_purged_like_the_pages(client, history_page, milestone):
    assert visit(client, "/photo-credits/")[STATUS_HEADER] == "miss"
    assert visit(client, "/photo-credits/")[STATUS_HEADER] == "hit"
    photo = milestone.lead_photo
    photo.credit_name = "Gunnar Kopperud"
    photo.save()
    assert "Gunnar Kopperud" in visit(client, "/photo-credits/").content.decode()
    MilestonePageFactory(parent=history_page, slug="second", title="A second use", lead_photo=photo)
    milestone.save_revision().publish()  # factories create pages without publishing
    assert "A second use" in visit(client, "/photo-credits/").content.decode()


def test_site_settings_change_shows_on_every_page(client, site_root, milestone):
    visit(client, "/")
    settings_row = SiteSettings.for_site(site_root.get_site())
    settings_row.organisation_name = "OCC renamed"
    settings_row.save()
    assert "OCC renamed" in visit(client, "/").content.decode()


def test_person_published_shows_on_their_milestone(client, milestone):
    person = PersonFactory(name="Kaare Norum")
    milestone.people.add(person)
    milestone.save_revision().publish()
    visit(client, "/our-history/founded/")
    person.name = "Kaare R. Norum"
    person.save_revision().publish()
    assert "Kaare R. Norum" in visit(client, "/our-history/founded/").content.decode()


def test_logged_in_editor_neither_gets_nor_fills_the_cache(client, milestone, editor):
    editor_client = type(client)()
    log_in_verified(editor_client, editor)
    # An editor's view is not stored for visitors...
    response = editor_client.get("/our-history/")
    assert response.status_code == 200
    assert STATUS_HEADER not in response
    assert "private" in response["Cache-Control"]
    assert visit(client)[STATUS_HEADER] == "miss"
    # ...and the visitors' stored page is not what the editor gets.
    page_cache_entry_exists = visit(client)[STATUS_HEADER] == "hit"
    assert page_cache_entry_exists
    assert STATUS_HEADER not in editor_client.get("/our-history/")


def test_preview_of_a_draft_never_reaches_visitors(client, history_page, milestone, editor):
    visit(client, "/our-history/founded/")
    editor_client = type(client)()
    log_in_verified(editor_client, editor)
    preview_url = f"/admin/pages/{milestone.pk}/edit/preview/"
    form = nested_form_data(
        {
            "title": "Draft headline only in preview",
            "slug": "founded",
            "date_precision": "year",
            "year": 2006,
            "kind": "founding",
            "summary": "Summary.",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    posted = editor_client.post(preview_url, form)
    assert posted.json()["is_valid"], posted.json()
    preview = editor_client.get(preview_url)
    assert "Draft headline only in preview" in preview.content.decode()
    response = visit(client, "/our-history/founded/")
    assert response[STATUS_HEADER] == "hit"
    assert "Draft headline only in preview" not in response.content.decode()


def test_admin_and_pages_that_set_cookies_are_never_stored(client, milestone):
    assert STATUS_HEADER not in client.get("/admin/login/")
    assert client.get("/no-such-page/").get(STATUS_HEADER) == "skip"  # 404s are not stored
    assert STATUS_HEADER not in client.get("/our-history/", HTTP_COOKIE="sessionid=abc")
