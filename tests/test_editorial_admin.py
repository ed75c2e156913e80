"""The admin screens editors use for the timeline: the milestone listing, import/export, checks, the photo report."""

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from wagtail.models import Collection

import pytest

from history.factories import CaptionedImageFactory, MilestonePageFactory, PersonFactory
from history.importing import MAX_IMPORT_BYTES
from history.models import MilestonePage
from history.roles import HISTORY_EDITORS, HISTORY_MODERATORS, PHOTO_COLLECTION_NAME, PHOTO_CONTRIBUTORS
from tests.admin_forms import milestone_form
from tests.signin import log_in_verified

HEADER = "type,date,headline,kind,summary,slug,award,event_type,score,note\n"


@pytest.fixture
def login(client, django_user_model):
    def log_in(group_name):
        user = django_user_model.objects.create_user(group_name.split()[-1].lower(), password="a-long-test-password")
        user.groups.add(Group.objects.get(name=group_name))
        log_in_verified(client, user)
        return user

    return log_in


@pytest.fixture
def timeline(history_page):
    return [
        MilestonePageFactory(parent=history_page, title="Park opens", year=2015, month=5, date_precision="month", kind="building"),
        MilestonePageFactory(parent=history_page, title="Founded", year=2006, kind="founding"),
        MilestonePageFactory(parent=history_page, title="Gold Label", year=2019, kind="recognition", live=False),
    ]


def listed_titles(response):
    return [page.title for page in response.context["object_list"]]


LOCALIZE_QUERIES_PER_ROW = 2


@pytest.mark.django_db
class TestMilestoneListing:
    def test_milestones_are_listed_in_date_order_with_date_kind_and_status(self, client, login, timeline):
        login(HISTORY_EDITORS)
        response = client.get("/admin/milestones/")
        assert response.status_code == 200
        assert listed_titles(response) == ["Founded", "Park opens", "Gold Label"]
        html = " ".join(response.content.decode().split())
        assert "<td > May 2015 </td> <td > Buildings </td>" in html
        assert "Current page status:</span> draft" in html
        assert "It has no lead photo" in html

    def test_filter_by_kind_and_by_year(self, client, login, timeline):
        login(HISTORY_EDITORS)
        assert listed_titles(client.get("/admin/milestones/?kind=building")) == ["Park opens"]
        assert listed_titles(client.get("/admin/milestones/?year=2006")) == ["Founded"]

    def test_newest_first_on_request(self, client, login, timeline):
        login(HISTORY_EDITORS)
        assert listed_titles(client.get("/admin/milestones/?ordering=-date")) == ["Gold Label", "Park opens", "Founded"]

    def test_queries_do_not_grow_with_the_number_of_milestones(self, client, login, history_page, django_assert_max_num_queries):
        # As a moderator: for users without publish permission Wagtail's own “can delete?” check
        # on each row's menu asks whether the page has live descendants (2 queries a row, at most
        # 50 rows a page). That is Wagtail's explorer behaviour too; our columns add nothing per row.
        # wagtail-localize's “Translate this page” and “Sync translated pages” buttons ask two
        # questions of each row (is a language left to translate into? is it a translation source?).
        login(HISTORY_MODERATORS)
        MilestonePageFactory.create_batch(3, parent=history_page)
        connection.queries_log.clear()
        client.get("/admin/milestones/")  # warm caches
        connection.queries_log.clear()
        with django_assert_max_num_queries(500) as few:
            client.get("/admin/milestones/")
        baseline = len(few)
        MilestonePageFactory.create_batch(12, parent=history_page)
        connection.queries_log.clear()
        with django_assert_max_num_queries(baseline + 12 * LOCALIZE_QUERIES_PER_ROW):
            client.get("/admin/milestones/")

    def test_photo_contributors_do_not_get_the_listing(self, client, login, timeline):
        login(PHOTO_CONTRIBUTORS)
        response = client.get("/admin/milestones/")
        assert response.status_code in (302, 403)


@pytest.mark.django_db
class TestMilestoneWarnings:
    def test_saving_a_milestone_without_photo_and_with_a_long_summary_warns_but_saves(self, client, login, history_page):
        login(HISTORY_EDITORS)
        data = milestone_form(summary="x" * 420)
        data.pop("action-publish")
        response = client.post(f"/admin/pages/add/history/milestonepage/{history_page.pk}/", data, follow=True)
        assert MilestonePage.objects.filter(slug="a-milestone").exists()
        shown = [str(message) for message in response.context["messages"]]
        assert any("no lead photo" in message for message in shown)
        assert any("420 characters; keep it under 300" in message for message in shown)

    def test_a_complete_milestone_gets_no_warning(self, history_page):
        milestone = MilestonePageFactory.build(summary="Short.", lead_photo=CaptionedImageFactory())
        assert milestone.editorial_warnings() == []


@pytest.mark.django_db
class TestTimelineImportView:
    def upload(self, client, text, name="timeline.csv", dry_run=True):
        data = {"file": SimpleUploadedFile(name, text.encode("utf-8") if isinstance(text, str) else text)}
        if dry_run:
            data["dry_run"] = "on"
        return client.post("/admin/timeline/import/", data)

    def test_editor_checks_then_imports(self, client, login, history_page):
        editor = login(HISTORY_EDITORS)
        rows = HEADER + "milestone,2006,Founded,founding,Two founders.,,,,,\n"
        response = self.upload(client, rows)
        assert response.status_code == 200
        html = " ".join(response.content.decode().split())
        assert "1 new and 0 changed milestone(s), 0 new and 0 changed award event(s) would be saved as drafts" in html
        assert not MilestonePage.objects.exists()
        response = self.upload(client, rows, dry_run=False)
        assert "Saved 1 new and 0 changed milestone(s)" in " ".join(response.content.decode().split())
        milestone = MilestonePage.objects.get()
        assert not milestone.live and milestone.get_latest_revision().user == editor

    def test_problems_are_listed_and_nothing_is_imported(self, client, login, history_page):
        login(HISTORY_EDITORS)
        response = self.upload(client, HEADER + "milestone,2015-13,A,founding,S,,,,,\nmilestone,2016,,party,S,,,,,\n", dry_run=False)
        html = response.content.decode()
        assert "Nothing was imported" in html
        assert "Line 2, date:" in html and "Line 3, headline:" in html and "Line 3, kind:" in html
        assert not MilestonePage.objects.exists()

    def test_a_file_over_5_mb_is_refused_without_a_500(self, client, login, history_page):
        login(HISTORY_EDITORS)
        response = self.upload(client, b"x" * (MAX_IMPORT_BYTES + 10), dry_run=False)
        assert response.status_code == 200
        assert "the limit is 5 MB" in response.content.decode()

    def test_export_downloads_csv_and_json(self, client, login, timeline):
        login(HISTORY_MODERATORS)
        response = client.get("/admin/timeline/export/?format=csv")
        assert response["Content-Disposition"].endswith('-timeline.csv"')
        # The columns an import reads (an older file has the first ten), with each row's language last.
        assert response.content.decode().startswith(HEADER.rstrip("\n") + ",locale,source_slug,translation_key\n")
        assert client.get("/admin/timeline/export/?format=json")["Content-Type"].startswith("application/json")

    def test_photo_contributors_cannot_import_or_export(self, client, login, history_page):
        login(PHOTO_CONTRIBUTORS)
        assert client.get("/admin/timeline/import/").status_code in (302, 403)
        assert client.get("/admin/timeline/export/").status_code in (302, 403)


@pytest.mark.django_db
class TestPhotosMissingDetailsReport:
    def test_lists_photos_missing_alt_text_caption_or_credit_with_where_they_are_used(self, client, login, history_page):
        login(HISTORY_MODERATORS)
        collection = Collection.objects.get(name=PHOTO_COLLECTION_NAME)
        complete = CaptionedImageFactory(title="Complete", collection=collection)
        no_credit = CaptionedImageFactory(title="No credit", collection=collection, credit_name="")
        no_alt = CaptionedImageFactory(title="No alt", collection=collection, description="")
        decorative = CaptionedImageFactory(
            title="Pattern", collection=collection, description="", description_nb="", is_decorative=True
        )
        not_in_norwegian = CaptionedImageFactory(title="English only", collection=collection, description_nb="", caption_nb="")
        MilestonePageFactory(parent=history_page, title="Park opens", lead_photo=no_credit)
        PersonFactory(name="Kaare Norum", portrait=no_alt)
        response = client.get("/admin/reports/photos-missing-details/")
        assert response.status_code == 200
        photos = {photo.title: photo for photo in response.context["object_list"]}
        assert set(photos) == {"No credit", "No alt", "English only"}
        assert [str(label) for label in photos["No credit"].missing_details] == ["credit"]
        assert [str(label) for label in photos[not_in_norwegian.title].missing_details] == [
            "Norwegian alt text",
            "Norwegian caption",
        ]
        assert [page.title for page in photos["No credit"].usage] == ["Park opens"]
        assert [str(person) for person in photos["No alt"].usage] == ["Kaare Norum"]
        html = response.content.decode()
        assert "Park opens" in html and "Person: Kaare Norum" in html
        assert complete.title not in photos and decorative.title not in photos

    def test_report_can_be_exported_as_csv(self, client, login):
        login(HISTORY_MODERATORS)
        CaptionedImageFactory(title="No caption", collection=Collection.objects.get(name=PHOTO_COLLECTION_NAME), caption="")
        response = client.get("/admin/reports/photos-missing-details/?export=csv")
        assert b"No caption" in b"".join(response.streaming_content if response.streaming else [response.content])

    def test_editors_without_photo_permissions_outside_history_photos_see_only_their_uploads(self, client, login):
        login(HISTORY_EDITORS)
        CaptionedImageFactory(title="Someone else's", collection=Collection.objects.get(name=PHOTO_COLLECTION_NAME), caption="")
        response = client.get("/admin/reports/photos-missing-details/")
        assert response.status_code == 200 and not response.context["object_list"]


@pytest.mark.django_db
class TestListingsReturnHere:
    def test_awards_have_a_menu_entry_and_a_listing(self, client, login, history_page):
        from history.factories import AwardPageFactory

        AwardPageFactory(parent=history_page, title="ECEI Gold Label", awarding_body="European Cluster Excellence Initiative")
        login(HISTORY_EDITORS)
        dashboard = client.get("/admin/").content.decode()
        assert '"name": "awards"' in dashboard and "/admin/awards/" in dashboard  # the main menu's data
        listing = client.get("/admin/awards/")
        assert listing.status_code == 200
        assert listed_titles(listing) == ["ECEI Gold Label"]
        assert "European Cluster Excellence Initiative" in listing.content.decode()

    def test_photo_contributors_see_no_awards_entry(self, client, login):
        login(PHOTO_CONTRIBUTORS)
        assert "/admin/awards/" not in client.get("/admin/").content.decode()

    def test_submit_to_moderation_from_the_milestone_list_returns_to_it(self, client, login, timeline):
        from urllib.parse import quote

        from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

        login(HISTORY_EDITORS)
        founded = MilestonePage.objects.get(title="Founded")
        listing = client.get("/admin/milestones/?kind=founding").content.decode()
        edit_link = f"/admin/pages/{founded.pk}/edit/?next={quote('/admin/milestones/?kind=founding', safe='')}"
        assert f'href="{edit_link}"' in listing

        form = client.get(edit_link).content.decode()
        data = querydict_from_html(form, form_id="page-edit-form")
        data.update(nested_form_data({"body": streamfield([])}))
        data["summary"] = "Sent for review from the list."
        data["action-submit"] = "Submit to History moderation"
        response = client.post(edit_link, data)
        assert response.status_code == 302, response.context and response.context["form"].errors
        assert response["Location"] == "/admin/milestones/?kind=founding"
        founded.refresh_from_db()
        assert founded.workflow_in_progress


@pytest.mark.django_db
def test_milestone_and_award_forms_each_explain_their_own_summary_photo_and_story(client, login, history_page):
    """Both page types have a summary, a lead photo and a full story (one abstract page): each form
    still says what they are for on that page type."""
    login(HISTORY_EDITORS)
    milestone = client.get(f"/admin/pages/add/history/milestonepage/{history_page.pk}/").content.decode()
    award = client.get(f"/admin/pages/add/history/awardpage/{history_page.pk}/").content.decode()
    milestone_texts = [
        "One or two sentences shown on the timeline. Aim for under 300 characters.",
        "Shown on the timeline and at the top of the page, with its caption and credit.",
        "The full text of the milestone page: paragraphs, captioned photos and quotes.",
    ]
    award_texts = [
        "One or two sentences on what the award is and why it matters.",
        "Shown beside every event of this award on the timeline, with its caption and credit.",
        "Optional longer text on the award page: paragraphs, captioned photos and quotes.",
    ]
    assert all(text in milestone and text not in award for text in milestone_texts)
    assert all(text in award and text not in milestone for text in award_texts)
