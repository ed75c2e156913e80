"""Create the editorial roles, the “History photos” collection and the moderation workflow.

The same idempotent functions (history.roles) run here on historical models and
later whenever a history page is created, so every install has the roles even
when the history page is only made after migrating.
"""

from django.db import migrations


def create_roles(apps, schema_editor):
    from history.roles import ensure_every_history_section

    ensure_every_history_section(apps)


def remove_roles(apps, schema_editor):
    """Undo what only this migration uses; the photo collection stays (it may hold photos)."""
    from history.roles import ROLES, TASK_NAME, WORKFLOW_NAME

    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    workflows = Workflow.objects.filter(name=WORKFLOW_NAME)
    WorkflowPage.objects.filter(workflow__in=workflows).delete()
    WorkflowContentType.objects.filter(workflow__in=workflows).delete()
    workflows.delete()
    Task.objects.filter(name=TASK_NAME).delete()
    Group.objects.filter(name__in=[role.name for role in ROLES]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("history", "0002_help_texts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        # After the documents app: its migrations hand choose_document to every group that exists then.
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
    ]
