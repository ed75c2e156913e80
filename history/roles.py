"""The editorial roles, the “History photos” collection and the moderation workflow.

Everything here is expressed in Wagtail's own permission system (groups with
Django permissions, GroupPagePermission on the history page,
GroupCollectionPermission on the photo collection, a Workflow with a
GroupApprovalTask): the admin enforces it, nothing is checked by hand.

The functions take an ``apps`` registry so that the data migration can run them
on historical models and the rest of the code (the demo loader, the signal that
fires when a history page is created, ``setup_editorial_roles``) on the real
ones. They are idempotent: running them again creates only what is missing and
never removes what an administrator added.
"""

from dataclasses import dataclass, field

from django.apps import apps as global_apps
from django.db import transaction

HISTORY_EDITORS = "History editors"
HISTORY_MODERATORS = "History moderators"
PHOTO_CONTRIBUTORS = "Photo contributors"
PHOTO_COLLECTION_NAME = "History photos"
WORKFLOW_NAME = "History moderation"
TASK_NAME = "Approval by history moderators"

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")
# wagtail-localize's "Translate this page": makes the Norwegian (or English) version to write.
SUBMIT_TRANSLATION = ("wagtail_localize", "translation", "submit_translation")
# Permission names other apps' migrations look their permission up by (with the codename):
# made here first, the row must carry the same name.
PERMISSION_NAMES = {"submit_translation": "Can submit translations"}


@dataclass(frozen=True)
class Role:
    """What one group may do. Page permissions apply to the history page and everything below it."""

    name: str
    description: str
    model_permissions: list = field(default_factory=list)  # (app_label, model, codename)
    history_page_permissions: list = field(default_factory=list)  # add, change, lock, publish, unlock
    photo_collection_permissions: list = field(default_factory=list)  # add, change, choose on “History photos”
    all_photos_permissions: list = field(default_factory=list)  # on the root collection, i.e. every photo


def person(codename):
    return ("history", "person", f"{codename}_person")


ROLES = [
    Role(
        name=HISTORY_EDITORS,
        description="Write and translate milestones, awards and people; save drafts and submit them for moderation.",
        model_permissions=[ACCESS_ADMIN, SUBMIT_TRANSLATION, person("add"), person("change"), person("lock")],
        history_page_permissions=["add", "change", "lock"],
        photo_collection_permissions=["add"],
        all_photos_permissions=["choose"],
    ),
    Role(
        name=HISTORY_MODERATORS,
        description="Approve or reject what editors submit; publish and unpublish, translations too.",
        model_permissions=[
            ACCESS_ADMIN,
            SUBMIT_TRANSLATION,
            person("add"),
            person("change"),
            person("delete"),
            person("publish"),
            person("lock"),
            person("unlock"),
        ],
        history_page_permissions=["add", "change", "lock", "publish", "unlock"],
        photo_collection_permissions=["add", "change"],
        all_photos_permissions=["choose"],
    ),
    Role(
        name=PHOTO_CONTRIBUTORS,
        description="Upload and describe photos in the “History photos” collection; no page editing.",
        model_permissions=[ACCESS_ADMIN],
        photo_collection_permissions=["add", "change", "choose"],
    ),
]

TREEBEARD_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
TREEBEARD_STEPLEN = 4


def _permission(apps, app_label, model, codename):
    """The Permission row, created if Django's post_migrate has not run yet (fresh databases)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    verb = codename.split("_", 1)[0]
    name = PERMISSION_NAMES.get(codename, f"Can {verb} {model}")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def _next_child_path(parent, children):
    """Treebeard's materialised path for a new last child (historical models lack add_child)."""
    last = children.order_by("-path").values_list("path", flat=True).first()
    number = int(last[-TREEBEARD_STEPLEN:], 36) + 1 if last else 1
    step = ""
    while number:
        number, digit = divmod(number, 36)
        step = TREEBEARD_ALPHABET[digit] + step
    return parent.path + step.rjust(TREEBEARD_STEPLEN, "0")


def ensure_photo_collection(apps=global_apps):
    """The “History photos” collection (under the root collection); returns (collection, created)."""
    Collection = apps.get_model("wagtailcore", "Collection")
    existing = Collection.objects.filter(name=PHOTO_COLLECTION_NAME).order_by("path").first()
    if existing:
        return existing, False
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        root = Collection.objects.create(name="Root", path="0001", depth=1, numchild=0)
    children = Collection.objects.filter(depth=2, path__startswith=root.path)
    collection = Collection.objects.create(
        name=PHOTO_COLLECTION_NAME, path=_next_child_path(root, children), depth=2, numchild=0
    )
    Collection.objects.filter(pk=root.pk).update(numchild=children.count())
    return collection, True


def ensure_workflow(apps=global_apps):
    """The “History moderation” workflow: one task, approved by the history moderators."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    moderators = Group.objects.get(name=HISTORY_MODERATORS)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        # Set by hand: historical models do not fill in the specific content type.
        task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True, content_type=task_type)
        task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=0)
    # People (a snippet with WorkflowMixin) go through the same moderation.
    person_type, _ = ContentType.objects.get_or_create(app_label="history", model="person")
    WorkflowContentType.objects.get_or_create(content_type=person_type, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def ensure_roles(apps=global_apps):
    """Create the three groups with their model and photo permissions, the collection and the workflow."""
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    collection, _ = ensure_photo_collection(apps)
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.name)
        group.permissions.add(*[_permission(apps, *spec) for spec in role.model_permissions])
        for target, actions in ((collection, role.photo_collection_permissions), (root_collection, role.all_photos_permissions)):
            for action in actions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=target, permission=_permission(apps, "wagtailimages", "image", f"{action}_image")
                )
        groups[role.name] = group
    ensure_workflow(apps)
    return groups


@transaction.atomic
def ensure_history_section(history_page_id, apps=global_apps):
    """Give the roles their page permissions on one history page and assign it the moderation workflow.

    An existing workflow assignment on that page is left alone (an administrator may have chosen another).
    """
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Workflow = apps.get_model("wagtailcore", "Workflow")

    if not Workflow.objects.filter(name=WORKFLOW_NAME).exists():
        ensure_roles(apps)
    for role in ROLES:
        group = Group.objects.get(name=role.name)
        for action in role.history_page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=history_page_id, permission=_permission(apps, "wagtailcore", "page", f"{action}_page")
            )
    WorkflowPage.objects.get_or_create(
        page_id=history_page_id, defaults={"workflow": Workflow.objects.get(name=WORKFLOW_NAME)}
    )


def ensure_every_history_section(apps=global_apps):
    """Roles, collection and workflow, plus the page permissions and workflow on every history page."""
    ensure_roles(apps)
    HistoryIndexPage = apps.get_model("history", "HistoryIndexPage")
    page_ids = list(HistoryIndexPage.objects.values_list("pk", flat=True))
    for page_id in page_ids:
        ensure_history_section(page_id, apps)
    return page_ids
