"""Step 2 of `make bench` (benchmarks/bench.py): each page rendered in-process with no cache in front,
cold and warm, and the bare pages (benchmarks/models.py) each page type is measured against.
"""

import gc
import statistics
import time

RENDERS = 20
PAGES = {
    "home": "/",
    "history": "/our-history/",
    "milestone": "/our-history/oslo-cancer-cluster-is-founded/",
    "award": "/our-history/ecei-gold-label/",
    "content": "/become-a-member/",
    "timeline.json": "/our-history/timeline.json",
    "bare, depth 3": "/bare/",
    "bare, depth 4": "/bare/bare/",
}
# Each page type's floor: the bare page at its depth (the home page, the site's root at depth 2,
# is compared with the bare page one level below it, which costs a little more).
FLOORS = {"home": "bare, depth 3", "history": "bare, depth 3", "content": "bare, depth 3", "milestone": "bare, depth 4",
          "award": "bare, depth 4", "timeline.json": "bare, depth 3"}


def measure_uncached(url):
    """Queries and the median of RENDERS renders in-process: cold, every Django cache cleared before
    each render; warm, with the caches Wagtail fills (site root paths, rendition lookups) kept, as a
    running site has them. Neither has the front cache: these are the misses."""
    from django.core.cache import caches
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")

    def render(clear):
        if clear:
            for cache in caches.all():
                cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answers {response.status_code}")
        return (time.perf_counter() - started) * 1000

    figures = {}
    for mode, clear in (("cold", True), ("warm", False)):
        render(clear)  # compiles templates, as a running worker has
        gc.collect()  # not the seeding's garbage: a worker process starts without it
        reset_queries()  # the log is bounded: count from an empty one
        with CaptureQueriesContext(connection) as captured:
            render(clear)
        figures[f"{mode}_queries"] = len(captured)  # now: the next request empties the connection's log
        figures[f"{mode}_ms"] = statistics.median(render(clear) for _ in range(RENDERS))
    return figures


def add_bare_pages():
    """Bare pages (benchmarks/models.py) at depth 3 (/bare/) and 4 (/bare/bare/), beside the site's pages."""
    from wagtail.models import Site

    from benchmarks.models import BarePage

    home = Site.objects.get(is_default_site=True).root_page
    parent = home.add_child(instance=BarePage(title="Bare", slug="bare"))
    parent.add_child(instance=BarePage(title="Bare", slug="bare"))
