"""schema.org JSON-LD for search engines and link previews.

``json_ld_script`` escapes like Django's ``json_script``: ``<``, ``>`` and ``&``
become ``\\u003C``-style escapes, so a headline containing ``</script>`` stays
inert inside the ``<script type="application/ld+json">`` element.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from history.models import AwardPage, CreditRole, MilestoneKind, MilestonePage
from occ_site.privacy import public_pages

JSON_LD_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def inert_json(data):
    """JSON text whose ``<``, ``>`` and ``&`` are ``\\u`` escapes: the same data once parsed, but
    nothing an editor typed can read as markup, whether it sits in a script element or a file."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_LD_ESCAPES)


def json_ld_script(data):
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(inert_json(data)))  # noqa: S308 - escaped


def organisation(*, name, url, history_page=None):
    """The organisation, with its founding date, founders and awards taken from the published history."""
    data = {"@type": "Organization", "@id": f"{url}#organization", "name": name, "url": url}
    if history_page is None:
        return data
    founding = (
        public_pages(MilestonePage.objects.live())
        .child_of(history_page)
        .filter(kind=MilestoneKind.FOUNDING)
        .order_by("date", "path")
        .prefetch_related("people")
        .first()
    )
    if founding:
        data["foundingDate"] = founding.iso_date
        founders = [person for person in founding.people.all() if person.live]
        if founders:
            data["founder"] = [
                {"@type": "Person", "name": person.name, **({"jobTitle": person.role} if person.role else {})}
                for person in founders
            ]
    awards = public_pages(AwardPage.objects.live()).child_of(history_page).order_by("path").values_list("title", flat=True)
    if awards:
        data["award"] = list(awards)
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


def graph(*items):
    return {"@context": "https://schema.org", "@graph": [item for item in items if item]}
