"""Nothing an editor does is lost: revisions, reverting, locking, scheduling, preview, concurrent-editing notice.

Everything goes through the admin as the editors and moderators use it, with
the roles from the data migration.
"""

import datetime
from unittest import mock

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Revision
from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest

from history.factories import CaptionedImageFactory, MilestonePageFactory, PersonFactory
from history.models import MilestonePage, Person
from history.roles import HISTORY_EDITORS, HISTORY_MODERATORS
from tests.signin import log_in_verified


@pytest.fixture
def make_user(django_user_model):
    def make(username, group_name):
        user = django_user_model.objects.create_user(username, password="a-long-test-password", first_name=username.title())
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def milestone(history_page):
    return MilestonePageFactory(parent=history_page, title="Innovation Park opens", slug="park", year=2015)


def edit_data(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "date_precision": page.date_precision,
        "year": page.year,
        "month": page.month or "",
        "day": page.day or "",
        "kind": page.kind,
        "summary": page.summary,
        "lead_photo": page.lead_photo_id or "",
        "related_award": "",
        "body": streamfield([]),
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(changes)
    return nested_form_data(data)


def edit(client, page, **changes):
    return client.post(f"/admin/pages/{page.pk}/edit/", edit_data(page, **changes))


@pytest.mark.django_db
class TestRevisions:
    def test_three_edits_give_three_revisions_and_reverting_restores(self, client, make_user, milestone):
        log_in_verified(client, make_user("erika", HISTORY_EDITORS))
        for summary in ("First version.", "Second version.", "Third version."):
            assert edit(client, milestone, summary=summary).status_code == 302
        revisions = list(Revision.page_revisions.filter(object_id=str(milestone.pk)).order_by("created_at", "pk"))
        assert [r.as_object().summary for r in revisions] == ["First version.", "Second version.", "Third version."]

        # “Review this version” → the edit form filled with the first version; saving it restores it.
        response = client.get(f"/admin/pages/{milestone.pk}/revisions/{revisions[0].pk}/revert/")
        assert response.status_code == 200
        assert response.context["form"].initial["summary"] == "First version."
        edit(client, milestone, summary=response.context["form"].initial["summary"])
        latest = MilestonePage.objects.get(pk=milestone.pk).get_latest_revision_as_object()
        assert latest.summary == "First version."
        assert Revision.page_revisions.filter(object_id=str(milestone.pk)).count() == 4

    def test_person_snippet_keeps_revisions_and_reverts(self, client, make_user):
        log_in_verified(client, make_user("erika", HISTORY_EDITORS))
        person = PersonFactory(name="Kaare Norum", role="Principal")
        person.save_revision()
        for role in ("former Principal", "former Principal of UiO", "former Principal of the University of Oslo"):
            response = client.post(f"/admin/snippets/history/person/edit/{person.pk}/", {"name": person.name, "role": role, "portrait": ""})
            assert response.status_code == 302
        revisions = list(person.revisions.order_by("created_at", "pk"))
        assert [r.as_object().role for r in revisions][-3:] == [
            "former Principal", "former Principal of UiO", "former Principal of the University of Oslo"
        ]
        response = client.get(f"/admin/snippets/history/person/history/{person.pk}/")
        assert response.status_code == 200
        response = client.get(f"/admin/snippets/history/person/history/{person.pk}/revisions/{revisions[-3].pk}/revert/")
        assert response.status_code == 200
        assert response.context["form"].initial["role"] == "former Principal"

    def test_editors_cannot_publish_people_directly(self, client, make_user):
        log_in_verified(client, make_user("erika", HISTORY_EDITORS))
        person = PersonFactory(name="Jónas Einarsson", live=False)
        person.save_revision()
        client.post(f"/admin/snippets/history/person/edit/{person.pk}/", {"name": "Jónas Einarsson", "role": "CEO", "portrait": "", "action-publish": "publish"})
        assert not Person.objects.get(pk=person.pk).live


@pytest.mark.django_db
class TestLocking:
    def test_a_locked_milestone_cannot_be_saved_by_another_editor(self, client, make_user, milestone):
        erika, edvard = make_user("erika", HISTORY_EDITORS), make_user("edvard", HISTORY_EDITORS)
        log_in_verified(client, erika)
        assert client.post(f"/admin/pages/{milestone.pk}/lock/").status_code == 302
        assert MilestonePage.objects.get(pk=milestone.pk).locked_by == erika

        log_in_verified(client, edvard)
        page = client.get(f"/admin/pages/{milestone.pk}/edit/")
        assert "locked" in page.content.decode().lower()
        response = edit(client, milestone, summary="Overwritten by Edvard.")
        assert response.status_code == 200
        assert "locked" in " ".join(str(m) for m in response.context["messages"]).lower()
        assert not Revision.page_revisions.filter(object_id=str(milestone.pk)).exists()

        log_in_verified(client, erika)
        assert edit(client, milestone, summary="Erika's own edit.").status_code == 302
        assert MilestonePage.objects.get(pk=milestone.pk).get_latest_revision_as_object().summary == "Erika's own edit."

    def test_a_moderator_can_unlock_someone_elses_lock(self, client, make_user, milestone):
        erika, mona = make_user("erika", HISTORY_EDITORS), make_user("mona", HISTORY_MODERATORS)
        log_in_verified(client, erika)
        client.post(f"/admin/pages/{milestone.pk}/lock/")
        log_in_verified(client, mona)
        client.post(f"/admin/pages/{milestone.pk}/unlock/")
        assert not MilestonePage.objects.get(pk=milestone.pk).locked


@pytest.mark.django_db
class TestScheduledPublishing:
    def test_a_scheduled_milestone_appears_only_after_its_go_live_time(self, client, make_user, history_page):
        draft = MilestonePageFactory(parent=history_page, title="Oslo Science Hub", slug="hub", year=2024, live=False)
        moderator = client
        log_in_verified(moderator, make_user("mona", HISTORY_MODERATORS))
        go_live = timezone.localtime() + datetime.timedelta(days=2)
        response = edit(moderator, draft, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"), **{"action-publish": "publish"})
        assert response.status_code == 302
        draft.refresh_from_db()
        assert not draft.live and draft.get_latest_revision().approved_go_live_at is not None

        moderator.logout()
        call_command("publish_scheduled")
        assert b"Oslo Science Hub" not in client.get(history_page.url).content

        # Three days later (the clock is moved, nobody waits): the go-live moment is behind us.
        three_days_later = timezone.now() + datetime.timedelta(days=3)
        with mock.patch("django.utils.timezone.now", return_value=three_days_later):
            call_command("publish_scheduled")
        assert MilestonePage.objects.get(pk=draft.pk).live
        assert b"Oslo Science Hub" in client.get(history_page.url).content

    def test_editors_cannot_schedule(self, client, make_user, history_page):
        draft = MilestonePageFactory(parent=history_page, title="Hub", slug="hub", live=False)
        log_in_verified(client, make_user("erika", HISTORY_EDITORS))
        go_live = timezone.localtime() + datetime.timedelta(days=2)
        edit(client, draft, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"), **{"action-publish": "publish"})
        draft.refresh_from_db()
        assert not draft.live and draft.get_latest_revision().approved_go_live_at is None


@pytest.mark.django_db
class TestPreview:
    def test_preview_renders_the_public_template_with_caption_and_credit(self, client, make_user, milestone):
        log_in_verified(client, make_user("mona", HISTORY_MODERATORS))
        photo = CaptionedImageFactory(caption="Erna Solberg at the opening", credit_name="Gunnar Kopperud")
        url = f"/admin/pages/{milestone.pk}/edit/preview/"
        response = client.post(url, edit_data(milestone, summary="Previewed, not saved.", lead_photo=photo.pk))
        assert response.json()["is_valid"]
        response = client.get(url)
        assert [t.name for t in response.templates][:3] == ["history/milestone_page.html", "page.html", "base.html"]
        html = response.content.decode()
        assert "Previewed, not saved." in html
        assert "Erna Solberg at the opening" in html and "Photo: Gunnar Kopperud" in html
        assert MilestonePage.objects.get(pk=milestone.pk).summary != "Previewed, not saved."

    def test_person_preview(self, client, make_user):
        log_in_verified(client, make_user("mona", HISTORY_MODERATORS))
        person = PersonFactory(name="Kaare Norum")
        url = f"/admin/snippets/history/person/preview/{person.pk}/"
        client.post(url, {"name": "Kaare Norum", "role": "founder", "portrait": ""})
        assert "founder" in client.get(url).content.decode()


@pytest.mark.django_db
def test_two_editors_on_the_same_milestone_are_told_about_each_other(client, make_user, milestone):
    erika, edvard = make_user("erika", HISTORY_EDITORS), make_user("edvard", HISTORY_EDITORS)
    url = f"/admin/editing-sessions/ping/wagtailcore/page/{milestone.pk}/0/"
    log_in_verified(client, erika)
    assert client.post(url, {"is_editing": "1"}).status_code == 200
    log_in_verified(client, edvard)
    response = client.post(url)
    assert "Erika" in response.content.decode()
