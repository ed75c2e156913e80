"""Background tasks of the history app (Django's Tasks framework, through django-tasks).

In production they wait in the database until the task worker (``manage.py
db_worker``) runs them; in dev and tests they run at once. See
docs/operations.md "Background tasks".
"""

import logging
from datetime import timedelta

from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from django_tasks import task

from core.renditions import (
    OPEN_GRAPH_FILTER_SPEC,
    PICTURE_FILTER_SPECS,
    RenditionStorageError,
    build_missing_renditions,
    lead_photo,
    photos_on_page,
)

logger = logging.getLogger(__name__)

# How long to wait before each new attempt after a storage or database failure. After the
# last, the task fails, with the error, in Reports > Background tasks.
RETRY_DELAYS = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10))
RENDITION_BUILD_ATTEMPTS = len(RETRY_DELAYS) + 1

# Below Wagtail's own tasks (reference index, search index, front-cache purges: default
# priority 0), which take milliseconds: a batch of uploads does not hold up a purge.
RENDITION_TASK_PRIORITY = -10


@task(priority=RENDITION_TASK_PRIORITY)
def build_photo_renditions_task(photo_id, specs, attempt=1):
    """Build the renditions among ``specs`` that photo ``photo_id`` lacks.

    Idempotent; a photo deleted meanwhile is a no-op. A storage failure, or a database
    connection lost on the way, is tried again later, ``RENDITION_BUILD_ATTEMPTS`` times
    in all; an image that cannot be decoded fails at once (it would fail the same way).
    """
    try:
        built = build_missing_renditions(photo_id, specs)
    except (RenditionStorageError, OperationalError, InterfaceError) as error:
        if not isinstance(error, RenditionStorageError):
            # The database dropped the connection (a restart, a failover). Django reconnects
            # between requests, not inside one: close it, so the worker can record this task.
            connection.close()
        backend = build_photo_renditions_task.get_backend()
        if attempt >= RENDITION_BUILD_ATTEMPTS or not backend.supports_defer:
            raise
        delay = RETRY_DELAYS[attempt - 1]
        build_photo_renditions_task.using(run_after=timezone.now() + delay).enqueue(photo_id, specs, attempt=attempt + 1)
        logger.warning(
            "%s. Attempt %s of %s in %s seconds.", error, attempt + 1, RENDITION_BUILD_ATTEMPTS, int(delay.total_seconds())
        )
        return {"photo": photo_id, "built": [], "error": f"{error!r}", "next_attempt": attempt + 1}
    return {"photo": photo_id, "built": built}


def queue_photo_renditions(photo, specs=PICTURE_FILTER_SPECS):
    """Build a photo's renditions in the background, once the current transaction commits
    (the task must find the photo; a rolled-back upload queues nothing)."""
    photo_id, specs = photo.pk, list(specs)
    transaction.on_commit(lambda: build_photo_renditions_task.enqueue(photo_id, specs))


def queue_page_renditions(page):
    """Everything a page shows: its photos' renditions, and its lead photo's share image.

    After an upload these are normally built already, and the tasks only look them up.
    """
    lead = lead_photo(page)
    for photo in {p.pk: p for p in photos_on_page(page)}.values():
        is_lead = lead is not None and photo.pk == lead.pk
        queue_photo_renditions(photo, [*PICTURE_FILTER_SPECS, OPEN_GRAPH_FILTER_SPEC] if is_lead else PICTURE_FILTER_SPECS)
