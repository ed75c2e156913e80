"""What pages remember between requests (occ_site.pagecache.remember), with the page cache off.

Routes (the page, its ancestors and photos), the site settings, the timeline's
index and entries are kept until the next purge, so a visitor's request usually
reads nothing from the database. Each change below must show on the very next
request, exactly as with the full-page cache.
"""

from wagtail.models import PageViewRestriction

import pytest

from history.factories import CaptionedImageFactory, MilestonePageFactory, PersonFactory
from history.renditions import build_page_renditions
from occ_site.models import SiteSettings
from tests.signin import log_in_verified
from tests.test_no_lost_work import edit_data


@pytest.fixture
def milestone(history_page):
    page = MilestonePageFactory(
        parent=history_page, slug="founded", title="Founded in Oslo", lead_photo=CaptionedImageFactory(caption="Old caption")
    )
    build_page_renditions(page)
    return page


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_change_shows_on_the_page_and_the_timeline(client, milestone, django_assert_num_queries):
    html(client, "/our-history/founded/")
    html(client, "/our-history/")
    with django_assert_num_queries(0):  # both remembered: nothing is read again
        client.get("/our-history/")
    milestone.title = "Founded in Oslo, 2006"
    milestone.save_revision().publish()
    assert "Founded in Oslo, 2006" in html(client, "/our-history/founded/")
    assert "Founded in Oslo, 2006" in html(client, "/our-history/")


def test_unpublished_moved_and_deleted_pages_leave_their_old_addresses(client, history_page, milestone):
    other = MilestonePageFactory(parent=history_page, slug="second", title="Second milestone")
    html(client, "/our-history/second/")
    html(client, "/our-history/founded/")
    milestone.unpublish()
    assert client.get("/our-history/founded/").status_code == 404
    assert "Founded in Oslo" not in html(client, "/our-history/")
    other.slug = "renamed"
    other.save_revision().publish()
    assert client.get("/our-history/second/").status_code == 404
    assert "Second milestone" in html(client, "/our-history/renamed/")
    other.delete()
    assert client.get("/our-history/renamed/").status_code == 404


def test_a_new_view_restriction_applies_to_a_remembered_route(client, history_page, milestone):
    html(client, "/our-history/founded/")
    PageViewRestriction.objects.create(page=history_page, restriction_type="password", password="secret-word")
    response = client.get("/our-history/founded/")
    assert response.status_code == 200
    assert "Founded in Oslo" not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_photo_person_and_settings_edits_show(client, site_root, milestone):
    person = PersonFactory(name="Kaare Norum")
    milestone.people.add(person)
    milestone.save_revision().publish()
    html(client, "/our-history/founded/")
    photo = milestone.lead_photo
    photo.caption = "New caption"
    photo.description = "The founders signing the papers"  # the alt text, inside the remembered <picture>
    photo.save()
    page = html(client, "/our-history/founded/")
    assert "New caption" in page and 'alt="The founders signing the papers"' in page
    assert 'alt="The founders signing the papers"' in html(client, "/our-history/")
    person.name = "Kaare R. Norum"
    person.save_revision().publish()
    assert "Kaare R. Norum" in html(client, "/our-history/founded/")
    settings_row = SiteSettings.for_site(site_root.get_site())
    settings_row.organisation_name = "OCC renamed"
    settings_row.save()
    assert "OCC renamed" in html(client, "/our-history/founded/")


def test_a_missing_rendition_is_built_once_not_looked_for_on_every_request(client, history_page, django_assert_num_queries):
    # A photo whose renditions were never built (say, the upload's background job failed).
    MilestonePageFactory(parent=history_page, slug="founded", lead_photo=CaptionedImageFactory())
    html(client, "/our-history/")  # builds them, once
    with django_assert_num_queries(0):
        assert "<picture>" in html(client, "/our-history/")


# Page templates render their shared parts once per purge (templates/page.html, {% remembered %}).


def test_a_preview_shows_the_draft_and_leaves_the_live_page_alone(client, milestone, django_user_model):
    assert "Founded in Oslo" in html(client, "/our-history/founded/")  # the live content, now remembered
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    editor_client = type(client)()
    log_in_verified(editor_client, editor)
    preview_url = f"/admin/pages/{milestone.pk}/edit/preview/"
    form = edit_data(milestone, title="Draft headline only in preview", summary="A draft summary.")
    assert editor_client.post(preview_url, form).json()["is_valid"]
    preview = editor_client.get(preview_url).content.decode()
    assert "Draft headline only in preview" in preview and "A draft summary." in preview
    live = html(client, "/our-history/founded/")
    assert "Founded in Oslo" in live and "Draft headline only in preview" not in live
    assert "A draft summary." not in live


def test_each_host_gets_its_own_absolute_links(client, milestone):
    first = client.get("/our-history/founded/", HTTP_HOST="localhost").content.decode()
    second = client.get("/our-history/founded/", HTTP_HOST="www.example.org").content.decode()
    assert '<link rel="canonical" href="http://localhost/our-history/founded/">' in first
    assert '<link rel="canonical" href="http://www.example.org/our-history/founded/">' in second


def main_menu(page):
    return page.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]


def test_the_menu_marks_the_section_of_each_page(client, history_page, milestone):
    history_page.show_in_menus = True
    history_page.save_revision().publish()
    history_link = '<a href="/our-history/"'
    assert f'{history_link} aria-current="page">' in main_menu(html(client, "/our-history/"))
    assert f'{history_link} aria-current="true">' in main_menu(html(client, "/our-history/founded/"))
    assert f"{history_link}>" in main_menu(html(client, "/"))
