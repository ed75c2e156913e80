"""Steps 3 and 4 of `make bench` (benchmarks/bench.py): the front cache against a static file, and
the front cache while milestones are published and a photo's caption is edited (tag purges).
"""

import os
import threading
import time
import urllib.request

from benchmarks.bench_load import VarnishLog, wrk
from benchmarks.bench_servers import gunicorn, nginx, varnish

SECONDS = int(os.environ.get("BENCH_SECONDS", "6"))
PURGE_SECONDS = int(os.environ.get("BENCH_PURGE_SECONDS", "20"))
PUBLISH_EVERY = 2.0
CAPTION_PAGES_LIMIT = 2000
# The mixed load while publishing: what visitors ask for most.
MIXED_PAGES = [
    "/", "/our-history/", "/our-history/?kind=building", "/our-history/oslo-cancer-cluster-is-founded/",
    "/our-history/innovation-park-opens/", "/our-history/ecei-gold-label/", "/our-history/timeline.json",
    "/photo-credits/", "/sitemap.xml",
]


def publish_every(seconds, stop, published):
    """Publish a milestone again and again until ``stop`` is set (each publish purges its pages)."""
    from django.db import connections

    from history.models import MilestonePage

    milestone = MilestonePage.objects.get(slug="innovation-park-opens")
    number = 0
    while not stop.wait(seconds):
        number += 1
        milestone.summary = f"Published again during the benchmark ({number})."
        milestone.save_revision().publish()
        published.append(number)
    connections.close_all()


def caption_edit(front, size):
    """Edit one seeded photo's caption with every milestone page cached: how many cached pages stay
    hits, and how soon every page showing the photo shows the new caption."""
    from history.models import CaptionedImage, MilestonePage

    milestones = list(MilestonePage.objects.live().filter(locale__language_code="en").order_by("path")[:CAPTION_PAGES_LIMIT])
    addresses = [*MIXED_PAGES, *(m.url for m in milestones)]
    # A photo on one milestone in the middle of the timeline (each seeded milestone has its own).
    middle = milestones[len(milestones) // 2]
    photo = CaptionedImage.objects.get(pk=middle.specific.lead_photo_id)
    old = photo.caption

    def get(address):
        with urllib.request.urlopen(front.url(address), timeout=30) as response:  # noqa: S310 (loopback)
            return response.headers.get("X-Cache"), response.read().decode()

    for address in addresses:
        get(address)
    showing = {address for address in addresses if old in get(address)[1]}
    photo.caption = f"A new caption, edited at N={size}."
    started = time.perf_counter()
    photo.save()  # soft-purges the photo's tag after the commit
    pending = set(showing)
    while pending and time.perf_counter() - started < 30:
        pending = {address for address in pending if photo.caption not in get(address)[1]}
    refreshed = time.perf_counter() - started
    others = [address for address in addresses if address not in showing]
    hits = sum(1 for address in others if get(address)[0] == "hit")
    return {"pages": len(addresses), "showing": len(showing), "refreshed_s": refreshed, "stale": len(pending),
            "hits": hits, "others": len(others)}


def front_cache_figures(env, size, history_html, workdir, with_purges):
    from django.conf import settings

    www = workdir / f"www-{size}"
    www.mkdir(parents=True, exist_ok=True)
    (www / "our-history.html").write_bytes(history_html)
    figures = {}
    varnish_dir = workdir / f"varnish-{size}"
    with gunicorn(env) as app, varnish(app.port, varnish_dir) as front, nginx(www, workdir / f"nginx-{size}") as static:
        for path in MIXED_PAGES:
            urllib.request.urlopen(front.url(path), timeout=30).read()  # noqa: S310 (loopback) - fill the cache
        figures["varnish"] = wrk(front.url("/our-history/"), SECONDS, workdir)
        figures["nginx"] = wrk(static.url("/our-history.html"), SECONDS, workdir)
        if with_purges:
            settings.FRONT_CACHE_XKEY_URL = front.url("")  # each publish soft-purges its tags
            stop, published = threading.Event(), []
            publisher = threading.Thread(target=publish_every, args=(PUBLISH_EVERY, stop, published))
            with VarnishLog(varnish_dir, workdir / f"varnish-{size}.log") as log:
                publisher.start()
                try:
                    figures["mixed"] = wrk(front.url(""), PURGE_SECONDS, workdir, paths=MIXED_PAGES)
                finally:
                    stop.set()
                    publisher.join()
            figures["mixed"]["publishes"] = len(published)
            figures["mixed_varnish"] = log.figures(figures["mixed"]["seconds"])
            figures["caption"] = caption_edit(front, size)
            settings.FRONT_CACHE_XKEY_URL = ""
    return figures
