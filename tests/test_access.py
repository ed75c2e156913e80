"""Who can see and do what: visitors, staff without rights, and an editor.

The "editor" here is a plain staff account with only admin access and edit
rights on the history section, which is the least any editorial role has
(docs/editors.md "Editorial roles and moderation"; tests/test_roles.py checks the roles).
"""

import json

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import GroupPagePermission, PageViewRestriction

import pytest

from history.factories import AwardEventFactory, AwardPageFactory, MilestonePageFactory
from history.models import MilestonePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(history_page):
    live = MilestonePageFactory(parent=history_page, slug="live-one", title="Live milestone", summary="Live words.")
    # A live page with newer, unpublished changes.
    live.title = "Unpublished new headline"
    live.summary = "Secret draft summary."
    live.save_revision()
    draft = MilestonePageFactory(parent=history_page, slug="draft-one", title="Never published", live=False)
    draft.save_revision()
    private = MilestonePageFactory(parent=history_page, slug="members-only", title="Members only milestone")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    award_draft = AwardPageFactory(parent=history_page, slug="draft-award", title="Draft award", live=False)
    AwardEventFactory(award=award_draft, headline="Draft award event")
    return {"live": live, "draft": draft, "private": private, "award_draft": award_draft}


@pytest.fixture
def editor(django_user_model, history_page):
    """Admin access and add/edit (not publish) on the history section; nothing else."""
    group = Group.objects.create(name="Test editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group, page=history_page, permission=Permission.objects.get(codename=permission)
        )
    user = django_user_model.objects.create_user("plain-editor", "e@example.org", "not-used-password-123")
    user.groups.add(group)
    return user


def test_anonymous_visitors_get_404_for_drafts(client, pages):
    assert client.get("/our-history/draft-one/").status_code == 404
    assert client.get("/our-history/draft-award/").status_code == 404


def test_visitors_see_the_live_version_not_the_newer_draft(client, pages):
    html = client.get("/our-history/live-one/").content.decode()
    assert "Live milestone" in html
    assert "Unpublished new headline" not in html and "Secret draft summary" not in html
    timeline = client.get("/our-history/").content.decode()
    for secret in ("Unpublished new headline", "Never published", "Members only milestone", "Draft award"):
        assert secret not in timeline, secret


def test_private_pages_ask_for_a_login(client, pages):
    response = client.get("/our-history/members-only/")
    assert response.status_code == 302
    assert "Members only milestone" not in response.content.decode()


def test_anonymous_visitors_never_reach_a_preview(client, pages):
    for page in (pages["draft"], pages["live"]):
        for url in (
            reverse("wagtailadmin_pages:preview_on_edit", args=[page.id]),
            reverse("wagtailadmin_pages:view_draft", args=[page.id]),
            reverse("wagtailadmin_pages:revisions_index", args=[page.id]),
        ):
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    # Wagtail's public-facing preview path: only with a valid signed token from a logged-in editor.
    response = client.get("/our-history/live-one/", {"preview": "1"})
    assert "Unpublished new headline" not in response.content.decode()


def test_sitemap_lists_only_live_public_pages(client, pages):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/our-history/live-one/" in xml
    for path in ("draft-one", "members-only", "draft-award"):
        assert f"/our-history/{path}/" not in xml


def test_an_editor_can_edit_but_not_publish(client, editor, pages):
    from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

    client.force_login(editor)
    page = pages["live"]
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.id])
    response = client.get(edit_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="action-publish"' not in html  # no publish button offered

    data = querydict_from_html(html, form_id="page-edit-form")
    data.update(nested_form_data({"body": streamfield([])}))
    data["title"] = "Editor tried to publish this"
    data["action-publish"] = "action-publish"  # a hand-made request asking to publish anyway
    client.post(edit_url, data)
    page = MilestonePage.objects.get(pk=page.pk)
    assert page.title == "Live milestone"  # the live version is untouched
    assert page.get_latest_revision().content["title"] == "Editor tried to publish this"  # saved as a draft
    client.logout()
    assert "Editor tried to publish this" not in client.get("/our-history/live-one/").content.decode()


@pytest.mark.parametrize(
    "url_name",
    ["wagtailusers_users:index", "wagtailusers_users:add", "wagtailusers_groups:index", "wagtailsites:index",
     "wagtailadmin_workflows:index"],
)
def test_an_editor_cannot_reach_user_management(client, editor, url_name):
    client.force_login(editor)
    response = client.get(reverse(url_name))
    assert response.status_code in {302, 403}
    assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")


def test_an_editor_cannot_make_themselves_a_superuser(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailusers_users:edit", args=[editor.pk]),
        {"username": "plain-editor", "email": "e@example.org", "is_superuser": "on", "is_active": "on"},
    )
    assert response.status_code in {302, 403}
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_json_output_lists_only_live_public_pages(client, pages):
    response = client.get("/our-history/timeline.json")
    assert response.status_code == 200
    text = json.dumps(response.json(), ensure_ascii=False)
    assert "Live milestone" in text
    for secret in ("Unpublished new headline", "Secret draft summary", "Never published", "Members only milestone",
                   "Draft award"):
        assert secret not in text, secret
