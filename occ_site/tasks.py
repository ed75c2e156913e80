"""Background tasks of the site: invalidating cache tags in Varnish (vmod xkey).

Queued by ``occ_site.front_cache`` once an edit commits; run by the task worker in
production, at once in dev and tests.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings

from django_tasks import task

logger = logging.getLogger(__name__)

# Varnish reads request headers up to http_req_hdr_len (8 KiB by default): long lists go in parts.
MAX_TAGS_LENGTH = 6000
# ops/varnish/default.vcl: which header asks for which purge.
SOFT_HEADER = "xkey-softpurge"
HARD_HEADER = "xkey-purge"


class PurgeRequest(Request):
    def get_method(self):
        return "PURGE"


def tag_batches(tags):
    batch, length = [], 0
    for tag in tags:
        if batch and length + len(tag) + 1 > MAX_TAGS_LENGTH:
            yield batch
            batch, length = [], 0
        batch.append(tag)
        length += len(tag) + 1
    if batch:
        yield batch


@task()
def purge_cache_tags_task(tags, hard=False):
    """Invalidate every cached response carrying one of ``tags``: softly (served while one fetch
    refreshes it) or, with ``hard``, at once. A front cache that cannot be reached is logged, not
    retried: its copies expire with their s-maxage."""
    location = urlsplit(settings.FRONT_CACHE_XKEY_URL)
    if not tags or not location.netloc:
        return {"tags": 0, "invalidated": 0}
    url = urlunsplit((location.scheme, location.netloc, "/", "", ""))
    invalidated = 0
    for batch in tag_batches(tags):
        request = PurgeRequest(url, headers={HARD_HEADER if hard else SOFT_HEADER: " ".join(batch)})
        try:
            with urlopen(request, timeout=10) as response:  # noqa: S310 - the scheme comes from the settings
                invalidated += int(response.headers.get("X-Invalidated", "0") or 0)
        except (HTTPError, URLError, OSError) as error:
            logger.error("Could not purge cache tags %s from %s: %s", " ".join(batch), url, error)
    return {"tags": len(tags), "invalidated": invalidated, "hard": hard}
