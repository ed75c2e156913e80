"""Translating the site in the admin: an editor translates an English page with wagtail-localize and
only a moderator publishes it, through the same "History moderation" workflow as an English change;
until then visitors see nothing of it. An editor who prefers Norwegian gets the admin in Norwegian.

What visitors get in each language is in tests/test_bilingual_site.py.
"""

from urllib.parse import urlencode

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from wagtail.models import Page, Site
from wagtail.users.models import UserProfile

import pytest
from wagtail_localize.models import StringSegment, Translation

from history.models import MilestonePage
from history.roles import HISTORY_EDITORS, HISTORY_MODERATORS, PHOTO_CONTRIBUTORS
from tests.bilingual_content import HUNDREDTH_COMPANY_IN_NORWEGIAN, norwegian, publish_hundredth_company
from tests.signin import log_in_verified

pytestmark = pytest.mark.django_db


def demo_site_home():
    return Site.objects.get(is_default_site=True).root_page.specific


def signed_in_staff(django_user_model, group_name):
    """A new client, signed in (past the second step) as a new member of ``group_name``."""
    user = django_user_model.objects.create_user(group_name.split()[-1].lower(), password="a-long-test-password")
    user.groups.add(Group.objects.get(name=group_name))
    return log_in_verified(Client(), user)


def write_in_norwegian(client, translation):
    """Type each string's Norwegian text into the translation editor, as its API receives it."""
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        response = client.put(
            reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
            urlencode({"value": HUNDREDTH_COMPANY_IN_NORWEGIAN[segment.string.data]}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 201


class TestEditorsTranslateInTheAdmin:
    """An editor starts a translation and writes it (wagtail-localize's editor saves each string as it is
    typed); only a moderator publishes it. Until then visitors see nothing of it."""

    @pytest.fixture
    def english_milestone(self, demo_site):
        return publish_hundredth_company()

    def test_an_editor_translates_and_a_moderator_publishes(
        self, client, django_user_model, english_milestone, django_capture_on_commit_callbacks
    ):
        editor = signed_in_staff(django_user_model, HISTORY_EDITORS)
        submit = reverse("wagtail_localize:submit_page_translation", args=[english_milestone.pk])
        response = editor.post(submit, {"locales": [norwegian().pk]})
        assert response.status_code == 302
        draft = english_milestone.get_translation(norwegian())
        assert not draft.live  # a copy holding the English text: not for visitors yet
        assert client.get("/nb/var-historie/hundredth-company/").status_code == 404

        translation = Translation.objects.get(
            source__object_id=english_milestone.translation_key, target_locale=norwegian()
        )
        write_in_norwegian(editor, translation)

        edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])
        assert editor.get(edit).status_code == 200
        editor.post(edit, {"action": "publish"})  # editors do not publish: Wagtail says so
        draft.refresh_from_db()
        assert not draft.live

        moderator = signed_in_staff(django_user_model, HISTORY_MODERATORS)
        with django_capture_on_commit_callbacks(execute=True):
            assert moderator.post(edit, {"action": "publish"}).status_code == 302
        response = client.get("/nb/var-historie/hundrede-selskap/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Inkubatoren ønsker sitt hundrede selskap velkommen" in html and "Hundre selskaper" in html
        assert "/nb/var-historie/hundrede-selskap/" in client.get("/our-history/hundredth-company/").content.decode()
        assert "Inkubatoren ønsker sitt hundrede selskap velkommen" in client.get("/nb/var-historie/").content.decode()

    def test_translating_the_history_page_with_its_subpages_makes_drafts_that_publish_one_by_one(
        self, client, admin_client, english_milestone, django_capture_on_commit_callbacks
    ):
        # A second site language tree from scratch: translate the English home page and everything below.
        for page in Page.objects.filter(locale=norwegian()).order_by("-depth"):
            page.delete()
        home = demo_site_home()
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                reverse("wagtail_localize:submit_page_translation", args=[home.pk]),
                {"locales": [norwegian().pk], "include_subtree": "on"},
            )
        assert response.status_code == 302
        translations = Page.objects.filter(locale=norwegian())
        assert translations.count() == 13 and not translations.filter(live=True).exists()
        assert client.get("/nb/").status_code == 404
        # Published parents first, each from its own editor, as a moderator would: every one then answers.
        for page in translations.order_by("path"):
            with django_capture_on_commit_callbacks(execute=True):
                response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"})
            assert response.status_code == 302
        for page in Page.objects.filter(locale=norwegian()):
            assert client.get(page.url).status_code == 200, page.url


class TestTranslationsGoThroughModeration:
    """The translation editor offers only "Publish", to those who may publish. An editor submits the
    translation to the same "History moderation" workflow as an English change instead, from the
    page's "More" menu, and a moderator approves (publishes) it or asks for changes."""

    @pytest.fixture
    def translation(self, demo_site, admin_client):
        milestone = publish_hundredth_company()
        admin_client.post(
            reverse("wagtail_localize:submit_page_translation", args=[milestone.pk]), {"locales": [norwegian().pk]}
        )
        translation = Translation.objects.get(source__object_id=milestone.translation_key, target_locale=norwegian())
        return translation

    def norwegian_page(self, translation):
        return MilestonePage.objects.get(translation_key=translation.source.object_id, locale=norwegian())

    def test_an_editor_submits_a_translation_and_a_moderator_approves_it(
        self, client, django_user_model, translation, django_capture_on_commit_callbacks
    ):
        editor = signed_in_staff(django_user_model, HISTORY_EDITORS)
        write_in_norwegian(editor, translation)
        page = self.norwegian_page(translation)
        submit = reverse("history_submit_translation", args=[page.pk])
        listing = editor.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk])).content.decode()
        assert submit in listing and "Submit translation for moderation" in listing

        confirm = editor.get(submit)
        assert confirm.status_code == 200 and "History moderation" in confirm.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = editor.post(submit)
        assert response.status_code == 302
        page.refresh_from_db()
        assert page.workflow_in_progress and not page.live
        assert page.get_latest_revision_as_object().title == "Inkubatoren ønsker sitt hundrede selskap velkommen"
        assert client.get("/nb/var-historie/hundrede-selskap/").status_code == 404
        assert "already waiting for moderation" in editor.get(submit).content.decode()
        editor.post(submit)  # a second submit starts nothing more
        assert page.workflow_states.count() == 1

        moderator = signed_in_staff(django_user_model, HISTORY_MODERATORS)
        dashboard = moderator.get(reverse("wagtailadmin_home")).content.decode()
        assert "Inkubatoren ønsker sitt hundrede selskap velkommen" in dashboard  # "Awaiting your review"
        task_state = page.current_workflow_task_state
        approve = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
        with django_capture_on_commit_callbacks(execute=True):
            assert moderator.post(approve, {"comment": ""}).status_code == 302
        response = client.get("/nb/var-historie/hundrede-selskap/")
        assert response.status_code == 200
        assert "Hundre selskaper har nå startet i inkubatoren." in response.content.decode()

    def test_a_moderator_can_ask_for_changes_and_the_editor_submits_again(
        self, client, django_user_model, translation
    ):
        editor = signed_in_staff(django_user_model, HISTORY_EDITORS)
        write_in_norwegian(editor, translation)
        page = self.norwegian_page(translation)
        submit = reverse("history_submit_translation", args=[page.pk])
        editor.post(submit)
        moderator = signed_in_staff(django_user_model, HISTORY_MODERATORS)
        task_state = self.norwegian_page(translation).current_workflow_task_state
        reject = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])
        assert moderator.post(reject, {"comment": "Skriv «100.» i tittelen"}).status_code == 302
        page.refresh_from_db()
        assert not page.live and not page.workflow_in_progress
        assert "asked for changes" in editor.get(submit).content.decode()
        assert editor.post(submit).status_code == 302
        page.refresh_from_db()
        assert page.workflow_in_progress and page.workflow_states.count() == 1

    def test_only_translations_that_the_user_may_edit_can_be_submitted(self, django_user_model, translation):
        english = Page.objects.get(translation_key=translation.source.object_id, locale__language_code="en")
        editor = signed_in_staff(django_user_model, HISTORY_EDITORS)
        assert editor.get(reverse("history_submit_translation", args=[english.pk])).status_code == 404
        listing = editor.get(reverse("wagtailadmin_explore", args=[english.get_parent().pk])).content.decode()
        assert "Submit translation for moderation" not in listing
        photographer = signed_in_staff(django_user_model, PHOTO_CONTRIBUTORS)
        page = self.norwegian_page(translation)
        assert photographer.post(reverse("history_submit_translation", args=[page.pk])).status_code in (302, 403)
        page.refresh_from_db()
        assert not page.workflow_in_progress

    def test_a_translation_whose_source_was_deleted_is_edited_and_submitted_like_any_page(
        self, django_user_model, translation
    ):
        editor = signed_in_staff(django_user_model, HISTORY_EDITORS)
        write_in_norwegian(editor, translation)
        page = self.norwegian_page(translation)
        Page.objects.get(translation_key=page.translation_key, locale__language_code="en").delete()
        # Nothing is kept in step any more: no submit here, and Wagtail's own editor (with its
        # "Submit to History moderation") takes over from the translation editor.
        assert editor.post(reverse("history_submit_translation", args=[page.pk])).status_code == 404
        edit = editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert edit.status_code == 200 and "Submit to History moderation" in edit.content.decode()
        page.refresh_from_db()
        assert not page.workflow_in_progress and not page.live


class TestTheAdminInNorwegian:
    def test_an_editor_who_prefers_norwegian_gets_the_admin_in_norwegian(self, client, django_user_model, demo_site):
        editor = django_user_model.objects.create_user("redaktor", password="a-long-test-password")
        editor.groups.add(Group.objects.get(name=HISTORY_EDITORS))
        log_in_verified(client, editor)
        assert "Import / export timeline" in client.get(reverse("wagtailadmin_home")).content.decode()

        account = reverse("wagtailadmin_account")
        form = client.get(account).content.decode()
        assert 'value="nb"' in form  # Norwegian is on offer in the account's language setting
        profile = UserProfile.get_for_user(editor)
        profile.preferred_language = "nb"
        profile.save()
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert '<html lang="nb"' in html
        assert "Importer / eksporter tidslinjen" in html  # the site's own menu item
        assert "Sider" in html  # Wagtail's own "Pages"
