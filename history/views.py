"""Visitor-facing views that are not pages: search, and the timeline.json and feed.atom bridges."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from core.cache_tags import ALL_PAGES_TAG, add_cache_tags
from core.view_restrictions import public_pages
from history.models import HistoryIndexPage
from history.search import MAX_QUERY_LENGTH, RESULTS_PER_PAGE, clean_query, search_history


@require_GET
def timeline_json(request, path):
    """``<history page>/timeline.json``: Wagtail page URLs allow no dot, so hand it to the page's own route.

    Going through Wagtail's ``serve`` keeps its checks: only live pages, and
    private pages stay private.
    """
    return wagtail_serve(request, f"{path}timeline.json/")


@require_GET
def history_feed(request, path):
    """``<history page>/feed.atom``: the page's Atom feed route (history.feeds), like ``timeline.json``."""
    return wagtail_serve(request, f"{path}feed.atom/")


@require_GET
def search(request):
    # Results list any page: every change to a live page refreshes them (core.cache_tags).
    add_cache_tags(ALL_PAGES_TAG)
    raw_query = request.GET.get("q", "")
    query = clean_query(raw_query)
    hits = search_history(query, request=request) if query else []
    paginator = Paginator(hits, RESULTS_PER_PAGE)
    # get_page() turns "?page=abc" or "?page=999" into a page that exists.
    results = paginator.get_page(request.GET.get("page"))
    timeline_page = None
    if query and not paginator.count:  # the "nothing matched" hint links to the timeline
        site = Site.find_for_request(request)
        timeline_page = public_pages(HistoryIndexPage.objects.live().in_site(site)).first() if site else None
    return TemplateResponse(
        request,
        "history/search.html",
        {
            "query": query,
            "query_was_cut": len(raw_query.strip()) > MAX_QUERY_LENGTH,
            "max_query_length": MAX_QUERY_LENGTH,
            "results": results,
            "result_count": paginator.count,
            "timeline_url": timeline_page.get_url(request) if timeline_page else "",
            "page_title": _("Search results for “%(query)s”") % {"query": query} if query else _("Search"),
            "noindex": True,
        },
    )
