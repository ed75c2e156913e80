"""What visitors and editors get while the database or the media storage does not answer.

One decision, ``outage_response``: an exception that means "a part the site needs is down" answers
503 with ``Retry-After`` and the site's own short page (or, to the admin's uploader and other
scripts that ask for JSON, a JSON error); anything else is a bug and stays a 500.

Two ways lead to it. A failure inside a view reaches ``OutageMiddleware.process_exception``. A
failure in middleware (sessions, authentication, the second factor, axes) or while rendering an
error page never reaches a view, so no ``process_exception`` sees it: Django converts every such
exception into a response by calling the URLconf's ``handler500`` while it handles the exception,
which is ``server_error`` below; it looks at that exception (``sys.exc_info()``) and asks the same
question.

The pages render without the request and without the database: no context processors, no site
settings. Their language comes from the address (``/nb/...``), because the middleware that would
have activated it may not have run.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.media_storage import S3_ERRORS, STORAGE_UNAVAILABLE_MESSAGE

logger = logging.getLogger(__name__)

# How long clients, crawlers and caches are asked to wait before they try again.
RETRY_AFTER_SECONDS = 30

# Django raises these (wrapping psycopg's or sqlite3's own) when it cannot reach the database,
# loses its connection, or the server refuses or cancels the work; a bug in a query raises
# ProgrammingError or IntegrityError instead, and stays a 500.
DATABASE_ERRORS = (OperationalError, InterfaceError)

DATABASE_UNAVAILABLE_MESSAGE = _("The website is not available just now. Please try again in a few minutes.")


def failed_part(exception):
    """"database" or "storage" when the exception (or what it was raised from) says that part is down, else None."""
    seen = 0
    while exception is not None and seen < 10:
        if isinstance(exception, DATABASE_ERRORS):
            return "database"
        if isinstance(exception, S3_ERRORS):
            return "storage"
        exception = exception.__cause__
        seen += 1
    return None


def wants_json(request):
    # The admin's multiple uploader (and other scripts) show error_message next to the file.
    accept = request.headers.get("accept", "")
    return request.headers.get("x-requested-with") == "XMLHttpRequest" or "application/json" in accept


def page_language(request):
    """The language of the address asked for: Norwegian under /nb/, else the default (English)."""
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def render_error_page(request, template_name):
    """An error page in the address's language, rendered without the request or the database."""
    with translation.override(page_language(request)):
        return render_to_string(template_name)


def outage_response(request, exception):
    """503 with Retry-After when the exception means the database or the media storage is down, else None."""
    part = failed_part(exception)
    if part is None:
        return None
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    if wants_json(request):
        message = STORAGE_UNAVAILABLE_MESSAGE if part == "storage" else DATABASE_UNAVAILABLE_MESSAGE
        with translation.override(page_language(request)):
            return JsonResponse({"success": False, "error_message": str(message)}, status=503, headers=headers)
    template_name = "storage_unavailable.html" if part == "storage" else "database_unavailable.html"
    return HttpResponse(render_error_page(request, template_name), status=503, headers=headers)


def server_error(request):
    """The URLconf's handler500: Django calls it while it handles an exception no view or middleware answered."""
    response = outage_response(request, sys.exc_info()[1])
    if response is not None:
        return response
    return HttpResponseServerError(render_error_page(request, "500.html"))


class OutageMiddleware:
    """The database or the media storage failing inside a view answers 503 instead of a 500.

    Photo forms check the storage before saving (a form error); this covers the storage failing
    between that check and the save, and pages whose renditions cannot be read or built while it
    is down. The failed save is rolled back with its transaction, so nothing is half-saved. Logged
    as a warning without a traceback: the outage is not a bug in the site.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        response = outage_response(request, exception)
        if response is not None:
            logger.warning(
                "%s unavailable during %s %s: %s",
                failed_part(exception).capitalize(),
                request.method,
                request.path,
                type(exception).__name__,
            )
        return response
