from django import template

from occ_site.languages import language_versions as versions_of

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context):
    """Every language of the site with the address of this page (or view) in it: for the language
    switcher and the hreflang alternates (``occ_site.languages``)."""
    request = context.get("request")
    if request is None:
        return []
    return versions_of(request, context.get("page"))
