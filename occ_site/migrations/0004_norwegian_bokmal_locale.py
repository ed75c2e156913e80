from django.db import migrations

# The site's second language (settings.LANGUAGES): every installation has its locale, so
# editors can translate pages into it from the first day. English comes from Wagtail's own
# initial locale (LANGUAGE_CODE).
LANGUAGE_CODE = "nb"


def add_locale(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code=LANGUAGE_CODE)


def remove_locale(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    if not Page.objects.filter(locale__language_code=LANGUAGE_CODE).exists():
        Locale.objects.filter(language_code=LANGUAGE_CODE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("occ_site", "0003_site_contact_details_and_privacy_page"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(add_locale, remove_locale)]
