from django import template

from wagtail.models import Site

from history.view_restrictions import public_pages

register = template.Library()


@register.inclusion_tag("occ_site/includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The home page's live, public children that editors marked “show in menus”."""
    request = context.get("request")
    current_path = getattr(context.get("page"), "path", "")
    site = Site.find_for_request(request) if request else None
    if not site:
        return {"items": [], "request": request}
    pages = public_pages(site.root_page.get_children().live().in_menu())
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
    crumbs = [{"title": ancestor.title, "url": ancestor.get_url(request)} for ancestor in ancestors]
    return {"crumbs": crumbs, "page": page}
