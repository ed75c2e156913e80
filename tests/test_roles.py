"""The editorial roles, checked as the table docs/editors.md documents.

Every cell is asked of Wagtail's own permission machinery (page permission
testers, the image permission policy, the workflow task, Django's has_perm),
so the table shows what the admin will actually allow.
"""

from django.contrib.auth.models import Group

from wagtail.models import Collection, GroupPagePermission, Workflow, WorkflowContentType
from wagtail.permissions import policy_registry

import pytest

from history.factories import MilestonePageFactory
from history.models import CaptionedImage, HistoryIndexPage, Person
from history.roles import (
    HISTORY_EDITORS,
    HISTORY_MODERATORS,
    PHOTO_COLLECTION_NAME,
    PHOTO_CONTRIBUTORS,
    WORKFLOW_NAME,
    ensure_every_history_section,
)

# The documented table (docs/editors.md “Editorial roles and moderation”): capability → (editors, moderators, photo contributors).
EXPECTED = {
    "log in to the admin": (True, True, True),
    "add a milestone or award": (True, True, False),
    "edit any milestone or award": (True, True, False),
    "delete a draft milestone": (True, True, False),
    "delete a published milestone": (False, True, False),
    "publish or schedule a milestone": (False, True, False),
    "unpublish a milestone": (False, True, False),
    "lock a milestone": (True, True, False),
    "translate a page and submit the translation for moderation": (True, True, False),
    "unlock someone else's lock": (False, True, False),
    "approve or reject in moderation": (False, True, False),
    "add and edit people (drafts)": (True, True, False),
    "publish people": (False, True, False),
    "upload photos to “History photos”": (True, True, True),
    "edit others' photos in “History photos”": (False, True, True),
    "upload photos outside “History photos”": (False, False, False),
    "choose photos for pages": (True, True, True),
    "edit pages outside the history section": (False, False, False),
    "manage users and groups": (False, False, False),
}
ROLE_ORDER = (HISTORY_EDITORS, HISTORY_MODERATORS, PHOTO_CONTRIBUTORS)


def capabilities(user, *, history_page, draft, live_milestone, locked_milestone, workflow_task):
    images = policy_registry.get_by_type(CaptionedImage)
    history_collection = Collection.objects.get(name=PHOTO_COLLECTION_NAME)
    root_collection = Collection.get_first_root_node()
    someone_elses_photo = CaptionedImage.objects.create(
        title="Other's photo", collection=history_collection, width=1, height=1, file="x.jpg", description="x"
    )
    live_tester = live_milestone.permissions_for_user(user)
    return {
        "log in to the admin": user.has_perm("wagtailadmin.access_admin"),
        "add a milestone or award": history_page.permissions_for_user(user).can_add_subpage(),
        "edit any milestone or award": live_tester.can_edit(),
        "delete a draft milestone": draft.permissions_for_user(user).can_delete(),
        "delete a published milestone": live_tester.can_delete(),
        "publish or schedule a milestone": draft.permissions_for_user(user).can_publish(),
        "unpublish a milestone": live_tester.can_unpublish(),
        "lock a milestone": draft.permissions_for_user(user).can_lock(),
        "translate a page and submit the translation for moderation": user.has_perm("wagtail_localize.submit_translation")
        and live_tester.can_edit(),
        "unlock someone else's lock": locked_milestone.permissions_for_user(user).can_unlock(),
        "approve or reject in moderation": bool(workflow_task.get_actions(draft, user)),
        "add and edit people (drafts)": user.has_perm("history.add_person") and user.has_perm("history.change_person"),
        "publish people": user.has_perm("history.publish_person"),
        "upload photos to “History photos”": history_collection in images.collections_user_has_permission_for(user, "add"),
        "edit others' photos in “History photos”": images.user_has_permission_for_instance(user, "change", someone_elses_photo),
        "upload photos outside “History photos”": root_collection in images.collections_user_has_permission_for(user, "add"),
        "choose photos for pages": images.user_has_permission_for_instance(user, "choose", someone_elses_photo),
        "edit pages outside the history section": history_page.get_parent().permissions_for_user(user).can_edit(),
        "manage users and groups": user.has_perm("auth.change_user") or user.has_perm("auth.change_group"),
    }


def markdown_table(table):
    lines = ["| capability | History editors | History moderators | Photo contributors |", "| --- | :-: | :-: | :-: |"]
    for capability, cells in table.items():
        lines.append(f"| {capability} | " + " | ".join("yes" if cell else "–" for cell in cells) + " |")
    return "\n".join(lines)


@pytest.mark.django_db
def test_each_role_can_do_exactly_what_the_table_says(history_page, django_user_model):
    draft = MilestonePageFactory(parent=history_page, live=False, owner=None)
    live_milestone = MilestonePageFactory(parent=history_page)
    someone = django_user_model.objects.create_user("someone", password="a-long-test-password")
    locked_milestone = MilestonePageFactory(parent=history_page, locked=True, locked_by=someone)
    workflow_task = history_page.get_workflow().tasks.get().specific
    actual = {capability: [] for capability in EXPECTED}
    for role in ROLE_ORDER:
        user = django_user_model.objects.create_user(role.lower().replace(" ", "-"), password="a-long-test-password")
        user.groups.add(Group.objects.get(name=role))
        for capability, allowed in capabilities(
            user,
            history_page=history_page,
            draft=draft,
            live_milestone=live_milestone,
            locked_milestone=locked_milestone,
            workflow_task=workflow_task,
        ).items():
            actual[capability].append(allowed)
    actual = {capability: tuple(cells) for capability, cells in actual.items()}
    assert actual == EXPECTED, "\n" + markdown_table(actual)


@pytest.mark.django_db
def test_the_migration_created_the_roles_collection_and_workflow():
    assert set(Group.objects.values_list("name", flat=True)) >= {HISTORY_EDITORS, HISTORY_MODERATORS, PHOTO_CONTRIBUTORS}
    assert Collection.objects.filter(name=PHOTO_COLLECTION_NAME).count() == 1
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [HISTORY_MODERATORS]
    assert WorkflowContentType.objects.get(workflow=workflow).content_type.model_class() is Person
    assert Person().get_workflow() == workflow


@pytest.mark.django_db
def test_a_new_history_page_gets_the_workflow_and_page_permissions(history_page):
    assert history_page.get_workflow().name == WORKFLOW_NAME
    milestone = MilestonePageFactory(parent=history_page)
    assert milestone.get_workflow().name == WORKFLOW_NAME
    groups = set(GroupPagePermission.objects.filter(page=history_page).values_list("group__name", flat=True))
    assert groups == {HISTORY_EDITORS, HISTORY_MODERATORS}


@pytest.mark.django_db
def test_setting_up_the_roles_again_changes_nothing(history_page):
    def snapshot():
        return (
            Group.objects.count(),
            GroupPagePermission.objects.count(),
            Collection.objects.count(),
            Workflow.objects.count(),
            sorted(Group.objects.get(name=HISTORY_EDITORS).permissions.values_list("codename", flat=True)),
        )

    before = snapshot()
    assert ensure_every_history_section() == [history_page.pk]
    assert ensure_every_history_section() == [history_page.pk]
    assert snapshot() == before
    assert HistoryIndexPage.objects.get(locale__language_code="en").get_workflow().name == WORKFLOW_NAME
