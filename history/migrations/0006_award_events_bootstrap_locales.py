import uuid

from django.db import migrations


def give_each_event_its_awards_locale(apps, schema_editor):
    """Every award event so far belongs to its award's language and gets its own translation key."""
    AwardEvent = apps.get_model("history", "AwardEvent")
    for event in AwardEvent.objects.select_related("award").iterator():
        event.translation_key = uuid.uuid4()
        event.locale_id = event.award.locale_id
        event.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0005_award_events_get_locale_fields"),
    ]

    operations = [migrations.RunPython(give_each_event_its_awards_locale, migrations.RunPython.noop)]
