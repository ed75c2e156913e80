from django import template
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

from core.cache_tags import add_cache_tags, menu_tag, tag_pages
from core.translated_fields import active_language
from core.view_restrictions import public_pages

register = template.Library()


def home_of(page):
    """The home page a page belongs to: each language has its own (its translation of the site's root)."""
    while page.depth > 2:
        page = page.get_parent()  # Wagtail's routing keeps each page's parent with it
    return page if page.depth == 2 else None


def home_in_active_language(site):
    """For a view that is not a page (search, a 404): the site's home page in the active language.
    The site's root page is the English home page: in English no query, else one."""
    root, language = site.root_page, active_language()
    if language == settings.LANGUAGE_CODE:
        return root
    return Page.objects.filter(translation_key=root.translation_key, locale__language_code=language).first() or root


@register.inclusion_tag("occ_site/includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The home page's live, public children that editors marked “show in menus”."""
    request = context.get("request")
    page = context.get("page")
    current_path = getattr(page, "path", "")
    home = home_of(page) if getattr(page, "pk", None) else None
    if home is None:
        site = Site.find_for_request(request) if request else None
        if not site:
            return {"items": [], "request": request}
        home = home_in_active_language(site)
    pages = list(public_pages(home.get_children().live().in_menu()))
    # The menu is the home page's children: one added, removed or renamed changes it.
    add_cache_tags(menu_tag(home))
    tag_pages(home, *pages)
    items = [
        {
            "title": page.title,
            "url": page.get_url(request),
            "is_current": current_path.startswith(page.path),
            "is_exact": current_path == page.path,
        }
        for page in pages
    ]
    return {"items": items, "request": request}


@register.inclusion_tag("occ_site/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """Ancestors of the current page below the tree root, ending with the page itself."""
    request = context.get("request")
    page = context.get("page")
    if not page or page.depth <= 2:
        return {"crumbs": []}
    # Parent by parent: Wagtail's routing keeps each page's parent with it, so a served page
    # reads none of them again (a preview reads them one by one).
    ancestors = []
    parent = page.get_parent()
    while parent.depth > 1:  # not the tree root
        ancestors.insert(0, parent)
        if parent.depth == 2:
            break
        parent = parent.get_parent()
    tag_pages(page, *ancestors)
    # The site's root is “Home” here as on the search and credits pages, whatever its title.
    crumbs = [
        {"title": _("Home") if ancestor.depth == 2 else ancestor.title, "url": ancestor.get_url(request)}
        for ancestor in ancestors
    ]
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
