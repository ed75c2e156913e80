from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wagtail.models import Site

from occ_site.pagecache import remember
from occ_site.privacy import public_pages

register = template.Library()


@register.inclusion_tag("occ_site/includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The home page's live, public children that editors marked “show in menus”."""
    request = context.get("request")
    current = context.get("page")
    site = Site.find_for_request(request) if request else None
    if not site:
        return {"items": [], "request": request}

    def menu_entries():
        pages = public_pages(site.root_page.get_children().live().in_menu()).specific(defer=True)
        return [(item.title, item.get_url(request), item.path) for item in pages]

    # Relative URLs and tree paths only, so one entry serves every request to this site.
    entries = remember(f"main-menu:{site.pk}", menu_entries)
    current_path = getattr(current, "path", "")
    items = [
        {"title": title, "url": url, "is_current": current_path.startswith(path), "is_exact": current_path == path}
        for title, url, path in entries
    ]
    return {"items": items, "request": request}


@register.inclusion_tag("occ_site/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """Ancestors of the current page below the tree root, ending with the page itself."""
    request = context.get("request")
    page = context.get("page")
    if not page or page.depth <= 2:
        return {"crumbs": []}
    # occ_site.routing read the ancestors while finding the page; other callers (previews) query them.
    ancestors = getattr(page, "routed_ancestors", None)
    if ancestors is None:
        ancestors = page.get_ancestors().specific(defer=True)
    ancestors = [a for a in ancestors if a.depth > 1]  # not the tree root
    # The site's root is “Home” here as on the search and credits pages, whatever its title.
    crumbs = [{"title": _("Home") if a.depth == 2 else a.title, "url": a.get_url(request)} for a in ancestors]
    return {"crumbs": crumbs, "page": page}


@register.filter(needs_autoescape=True)
def with_site_name(title, site_name, autoescape=True):
    """The document title everywhere: “Page – Organisation”, and just “Organisation” for a page named like it.

    ``title`` is rendered template output (already escaped); the site name is escaped here.
    """
    escape = conditional_escape if autoescape else str
    title = " ".join(str(title).split())
    name = escape(site_name or "")
    if not name or title == name:
        return mark_safe(title or name)  # noqa: S308 - both parts are escaped
    if not title:
        return mark_safe(name)  # noqa: S308
    return mark_safe(f"{title} – {name}")  # noqa: S308
