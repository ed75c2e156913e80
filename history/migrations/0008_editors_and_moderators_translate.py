"""History editors and moderators may start translations ("Translate this page", wagtail-localize).

Runs the same idempotent role set-up as 0003 (history.roles), which now includes
wagtail-localize's ``submit_translation`` permission, on installations made before it.
"""

from django.db import migrations


def grant_translation(apps, schema_editor):
    from history.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0007_award_events_are_translatable"),
        ("wagtail_localize", "0006_create_submit_translation_permission"),
    ]

    operations = [migrations.RunPython(grant_translation, migrations.RunPython.noop)]
