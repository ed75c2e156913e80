import mimetypes
import posixpath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from core.cache_tags import ALL_PAGES_TAG, ALL_PHOTOS_TAG, add_cache_tags
from core.media_storage import STORAGE_ERRORS, media_is_on_s3, media_storage_answers
from occ_site.credits import photo_credits as photo_credits_selector
from occ_site.outages import RETRY_AFTER_SECONDS

# What the app serves from the media storage: renditions, and the profile pictures editors upload
# for themselves (Account → Profile picture, shown in the admin). Never original_images/.
SERVED_MEDIA_FOLDERS = ("images", "avatar_images")


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return False
    return True


@never_cache
@require_GET
def healthz(request):
    """200 when the database and the media storage answer, 503 naming the part that does not.

    For load balancers: the body never says where the parts are or how to reach them.
    """
    parts = {
        "database": "ok" if database_answers() else "down",
        "storage": "ok" if media_storage_answers() else "down",
    }
    healthy = all(state == "ok" for state in parts.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **parts}, status=200 if healthy else 503)


def rendition_name(path, folder="images"):
    """The storage name of a file under /media/<folder>/, or None for anything else.

    Only plain relative names inside that folder pass: no "..", no absolute or
    backslashed paths, so original_images/ can never be reached from here.
    """
    if folder not in SERVED_MEDIA_FOLDERS:
        return None
    if not path or "\\" in path or "\x00" in path or path.startswith("/") or path.endswith("/"):
        return None
    if posixpath.normpath(path) != path or path.split("/")[0] == "..":
        return None
    return f"{folder}/{path}"


def storage_unavailable():
    # The storage is down or slow: a front cache may keep serving its stale copy meanwhile.
    return HttpResponse(status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


@require_safe
def rendition(request, path, folder="images"):
    """A rendition from the media storage (the local disk or the private S3 bucket).

    Served when media is on S3 (the bucket is private, so this is how visitors
    get renditions) and, on the local disk, in development or with
    DJANGO_SERVE_MEDIA (otherwise the web server in front serves media/images/).
    Originals are never served.
    """
    if not (media_is_on_s3() or settings.DEBUG or settings.DJANGO_SERVE_MEDIA):
        raise Http404
    name = rendition_name(path, folder)
    if name is None:
        raise Http404
    try:
        file = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, SuspiciousFileOperation):
        raise Http404 from None
    except STORAGE_ERRORS:
        return storage_unavailable()
    content_type, _ = mimetypes.guess_type(name)
    try:
        response = FileResponse(file, content_type=content_type or "application/octet-stream")  # reads it from S3
    except STORAGE_ERRORS:
        file.close()
        return storage_unavailable()
    patch_cache_control(
        response,
        public=True,
        max_age=settings.MEDIA_RENDITION_BROWSER_SECONDS,
        s_maxage=settings.MEDIA_RENDITION_SHARED_CACHE_SECONDS,
    )
    return response


@require_GET
def photo_credits(request):
    # Every photo in use and every page using one (core.cache_tags).
    add_cache_tags(ALL_PAGES_TAG, ALL_PHOTOS_TAG)
    return TemplateResponse(
        request,
        "occ_site/photo_credits.html",
        {
            "credits": photo_credits_selector(request=request),
            "page_title": _("Photo credits"),
            "meta_description": _("Who took or drew the photos and illustrations on this website, and where each one is used."),
            "canonical_url": request.path,
        },
    )
