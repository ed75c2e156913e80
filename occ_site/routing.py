"""Find the page for a URL in three queries, whatever its depth, and none while nothing changes.

Wagtail's own routing walks the tree one URL segment at a time: two queries per
segment (the child, then its specific row), plus two more for view restrictions.
A milestone at /our-history/<slug>/ costs seven queries before it renders.

Every page stores its full ``url_path``, so the page and all its ancestors can be
read in one query: the ancestors' url_paths are the prefixes of the page's own.
That query also says whether any of them carries a view restriction. A second
query reads the page's specific row, with what its template needs
(``serving_queryset``). The result goes where Wagtail caches its own routing
(``request._wagtail_route_for_request``), and ``wagtail.views.serve`` does the
rest: view restrictions, ``before_serve_page`` hooks, ``serve()``.

Anything this short cut does not recognise (a routable page's sub-URL, a page
without a specific class) goes to Wagtail's own routing, so behaviour is
Wagtail's; only the query count differs. When the page or an ancestor carries a
view restriction, Wagtail's own check runs as usual.
"""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.http import Http404

from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site

from history.renditions import complete_picture_renditions, photos_on_page
from occ_site.pagecache import cacheable_for_visitors, remember


def url_path_prefixes(url_path):
    """'/home/our-history/' -> ['/', '/home/', '/home/our-history/']."""
    parts = [part for part in url_path.split("/") if part]
    return ["/" + "".join(f"{part}/" for part in parts[:n]) for n in range(len(parts) + 1)]


def serving_queryset(model):
    """The queryset a page type is served from: a page class may add select_related/prefetch_related."""
    if hasattr(model, "serving_queryset"):
        return model.serving_queryset()
    return model._default_manager.all()


def page_and_ancestors(url_path):
    """The page with this url_path and its ancestors, root first; each knows if it is restricted.

    Restrictions on an alias count from the page it is an alias of, as in
    Wagtail's ``Page.get_view_restrictions``.
    """
    restricted = PageViewRestriction.objects.filter(page_id=Coalesce(OuterRef("alias_of_id"), OuterRef("pk")))
    return list(
        Page.objects.filter(url_path__in=url_path_prefixes(url_path))
        .annotate(has_view_restriction=Exists(restricted))
        .order_by("depth")
    )


def find_page(request, path):
    """``(site, page)`` for ``path`` on the request's site, or None when the short cut does not apply.

    The page comes from its ``serving_queryset`` and carries its ancestors
    (``routed_ancestors``, for breadcrumbs) and, when nothing above it is
    restricted, a ``get_view_restrictions`` that needs no query.
    """
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    url_path = site.root_page.url_path + "".join(f"{component}/" for component in components)
    chain = page_and_ancestors(url_path)
    if not chain or len(chain) != chain[-1].depth:
        return None  # not a complete branch of the tree: Wagtail decides
    model = chain[-1].specific_class
    if model is None:
        return None
    if chain[-1].url_path != url_path:
        # The deepest page found has no child with the next slug. Only a page type with
        # its own route() (a routable page) could still answer; any other gives a 404.
        if model.route is Page.route:
            raise Http404
        return None
    page = serving_queryset(model).get(pk=chain[-1].pk)
    ancestors = chain[:-1]
    if ancestors:
        page._cached_parent_obj = ancestors[-1]  # treebeard's get_parent() cache
    page.routed_ancestors = ancestors
    if not any(node.has_view_restriction for node in chain):
        # Nothing to check: spare Wagtail's on_serve_page hook its two queries.
        page.get_view_restrictions = list
    # Kept with the page: the renditions of its photos (for pages routed otherwise, e.g.
    # previews, {% prefetch_page_photos %} in templates/page.html reads them).
    complete_picture_renditions(photos_on_page(page), share_photo=getattr(page, "share_photo", None))
    return site, page


def find_route(request, path):
    """The RouteResult for ``path`` on the request's site, or None when the short cut does not apply.

    What ``find_page`` found is remembered until the next purge (any publish,
    move, deletion or view restriction change: ``occ_site.signals``), so a
    visitor's request usually reads no page from the database at all. Each
    request gets its own copy (the cache stores it pickled); nothing found (a
    404, an address Wagtail must route) is not kept, so made-up addresses cannot
    fill the cache.
    """
    key = f"route:{request.get_host()}:{request.get_port()}:{path}"
    found = remember(key, lambda: find_page(request, path), keep=lambda found: found is not None)
    if found is None:
        return None
    site, page = found
    request._wagtail_site = site  # what Site.find_for_request would look up again
    return page.route(request, [])  # a page's own rules: live or 404, a routable page's index route


@cacheable_for_visitors
def serve(request, path):
    """Wagtail's page view, with the route found by ``find_route`` when it can."""
    if not hasattr(request, "_wagtail_route_for_request"):
        try:
            route = find_route(request, path)
        except Http404:
            request._wagtail_route_for_request = None
        else:
            if route is not None:
                request._wagtail_route_for_request = route
    return wagtail_views.serve(request, path)
