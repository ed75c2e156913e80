"""schema.org JSON-LD for search engines and link previews.

``json_ld_script`` escapes like Django's ``json_script`` (``core.json_output``),
so a headline containing ``</script>`` stays inert inside the
``<script type="application/ld+json">`` element.
"""

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.json_output import inert_json
from history.choices import CreditRole
from history.dates import iso_precise_date


def json_ld_script(data):
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(inert_json(data)))  # noqa: S308 - escaped


def organisation(*, name, url, history_page=None):
    """The organisation, with its founding date, founders and awards taken from the published history."""
    data = {"@type": "Organization", "@id": f"{url}#organization", "name": name, "url": url}
    if history_page is None:
        return data
    founding = history_page.founding_entry
    if founding:
        data["foundingDate"] = iso_precise_date(founding.date, founding.date_precision)
        founders = history_page.founders()
        if founders:
            data["founder"] = [
                {"@type": "Person", "name": person.name, **({"jobTitle": person.role_text.text} if person.role_text else {})}
                for person in founders
            ]
    awards = history_page.award_titles()
    if awards:
        data["award"] = awards
    return data


def image_object(photo, *, url):
    """A photo with its caption and credit (Google shows creditText and creator in image results)."""
    data = {"@type": "ImageObject", "contentUrl": url, "url": url}
    if photo.description and not photo.is_decorative:
        data["description"] = photo.description
    if photo.caption:
        data["caption"] = photo.caption
    if photo.credit_name:
        data["creditText"] = photo.credit
        # A photographer is usually a person; illustrations and graphics here come from studios.
        creator_type = "Person" if photo.credit_role == CreditRole.PHOTO else "Organization"
        data["creator"] = {"@type": creator_type, "name": photo.credit_name}
    if photo.licence:
        data["copyrightNotice"] = photo.licence
    return data


def web_page(*, url, name, language):
    """The page itself, with the language it is written in."""
    return {"@type": "WebPage", "@id": url, "url": url, "name": name, "inLanguage": language}


def graph(*items):
    return {"@context": "https://schema.org", "@graph": [item for item in items if item]}
