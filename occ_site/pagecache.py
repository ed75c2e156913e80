"""Full-page cache for anonymous visitors, purged whenever something a page shows changes.

Why not Django's cache middleware: it varies on the whole Cookie header (an
analytics cookie would split the cache), keys on the raw Accept-Language
header, and cannot be purged as a whole across processes. Why not
wagtail-cache: 3.0 requires Wagtail < 8.

What is stored: a 200 response to a GET from a request that carries no session
or messages cookie (so no logged-in editor, no preview, no page unlocked by a
password), that sets no cookie (a page with a form sets the CSRF cookie), that
does not say ``private``/``no-cache``/``no-store`` (Wagtail says so for
restricted pages and previews), and that varies on nothing but Cookie and
Accept-Language. The admin, documents, media and Wagtail's login/password
helpers are never looked at. The key is the scheme, host, language (as
LocaleMiddleware picks it) and full path.

Purge: ``purge()`` starts a new *generation*; entries of older generations are
never served again. With Redis (``REDIS_URL``) the generation lives in Redis,
shared by every process and machine. With the local-memory default each
process has its own cache, so the generation is a small file that every
process reads (one ``read()`` per request, ~10 µs); the ``publish_scheduled``
command and every gunicorn worker see the same file on one machine.
``occ_site.apps`` connects ``purge`` to the signals listed there.

Only responses of views marked ``cacheable_for_visitors`` are stored: Wagtail
pages (``occ_site.routing.serve``) and the photo credits. Memory is bounded by the cache's
MAX_ENTRIES and ``OCC_PAGE_CACHE_MAX_BYTES`` per page.

Settings: ``OCC_PAGE_CACHE_SECONDS`` (0 turns the cache off; env
``DJANGO_PAGE_CACHE_SECONDS``), ``OCC_PAGE_CACHE_BROWSER_SECONDS`` (max-age
sent to browsers), ``OCC_PAGE_CACHE_MAX_BYTES``, ``OCC_PAGE_CACHE_MARKER``
(the generation file for local memory).
"""

import contextvars
import functools
import hashlib
import logging
import os
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import cc_delim_re, patch_cache_control
from django.utils.http import parse_etags
from django.utils.translation import get_language_from_request

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
FRAGMENT_ALIAS = "fragments"  # what ``remember`` keeps; purged with the pages
FRAGMENT_SECONDS = 60 * 60  # purges are exact: the lifetime only bounds what an idle process holds
GENERATION_KEY = "generation"
STATUS_HEADER = "X-Page-Cache"  # hit / miss / skip: for operators and the benchmark
NEVER_CACHED_PREFIXES = ("/admin/", "/documents/", "/media/", "/_util/", "/healthz")
# Cookies that can change what a page shows to this visitor.
PRIVATE_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
ALLOWED_VARY = {"cookie", "accept-language"}


def page_cache():
    return caches[CACHE_ALIAS]


def is_local(cache):
    return isinstance(cache, LocMemCache)


def marker_path():
    configured = getattr(settings, "OCC_PAGE_CACHE_MARKER", None)
    if configured:
        return Path(configured)
    database = str(settings.DATABASES["default"].get("NAME", "default"))
    digest = hashlib.sha256(database.encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"occ-page-cache-{digest}"


def current_generation(cache):
    if not is_local(cache):
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            generation = uuid.uuid4().hex
            cache.add(GENERATION_KEY, generation, None)
            generation = cache.get(GENERATION_KEY, generation)
        return generation
    try:
        return marker_path().read_text()
    except FileNotFoundError:
        return ""


# The generation one request works with: read on first use and then kept, so the page
# cache and every fragment of a request agree on one generation (and a page with seven
# fragments reads the marker file, or asks Redis, once). PageCacheMiddleware gives each
# request its own; outside a request it is read every time.
_request_generation = contextvars.ContextVar("occ_request_generation", default=None)


def request_generation():
    kept = _request_generation.get()
    if kept is None:
        return current_generation(page_cache())
    if not kept:
        kept.append(current_generation(page_cache()))
    return kept[0]


def purge(**kwargs):
    """Forget every cached page, in every process. Accepts (and ignores) signal arguments."""
    cache = page_cache()
    generation = uuid.uuid4().hex
    if is_local(cache):
        path = marker_path()
        temporary = path.with_name(f"{path.name}.{generation}")
        temporary.write_text(generation)
        os.replace(temporary, path)  # atomic: readers see the old or the new generation
        cache.clear()  # this process's entries; other processes clear theirs on their next request
        fragment_cache().clear()
    else:
        cache.set(GENERATION_KEY, generation, None)
    kept = _request_generation.get()
    if kept:
        kept.clear()  # purged during a request (a publish): the rest of it reads the new generation


_MISSING = object()
_seen_fragment_generation = None


def fragment_cache():
    return caches[FRAGMENT_ALIAS]


def fragment_key(key):
    """The current generation's key for ``key``; drops this process's older fragments on the way."""
    global _seen_fragment_generation
    generation = request_generation()
    cache = fragment_cache()
    if is_local(cache) and generation != _seen_fragment_generation:
        cache.clear()  # another process purged: these entries can never be read again
        _seen_fragment_generation = generation
    # Hashed: keys carry host names, paths and the organisation's name (not portable key characters).
    return f"fragment:{generation}:{hashlib.sha256(key.encode()).hexdigest()}"


def remember(key, compute, *, timeout=FRAGMENT_SECONDS, keep=lambda value: True):
    """A value computed from published content, kept until the next purge (in every process).

    For what every visitor's request reads again: the route to a page, the site
    settings, the main menu, the organisation's JSON-LD, the timeline's index.
    The same signals that purge cached pages make them be computed again, so they
    are never older than the pages around them. ``keep`` says which values are
    worth keeping (a route is; a 404 for a made-up address is not).
    """
    full_key = fragment_key(key)
    value = fragment_cache().get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        if keep(value):
            try:
                fragment_cache().set(full_key, value, timeout)
            except Exception:  # an unpicklable value or a cache outage costs speed, not the page
                logger.exception("Could not keep fragment %s", key)
    return value


def remember_unless_preview(request, key, compute):
    """``remember`` for what the live site shows; a preview (which may show a draft) computes afresh."""
    if request is not None and getattr(request, "is_preview", False):
        return compute()
    return remember(key, compute)


def cacheable_for_visitors(view):
    """Mark a view's responses as storable (the rules above still apply). Wagtail pages are marked in
    ``occ_site.routing.serve``; a search view, whose every query string would be an entry, is not."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        request.page_cache_allowed = True
        return view(request, *args, **kwargs)

    return wrapper


class PageCacheMiddleware:
    """Serve anonymous visitors' pages from the cache; see the module docstring for the rules."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seen_generation = None

    def __call__(self, request):
        token = _request_generation.set([])
        try:
            return self.serve(request)
        finally:
            _request_generation.reset(token)

    def serve(self, request):
        seconds = getattr(settings, "OCC_PAGE_CACHE_SECONDS", 0)
        if not seconds or not self.may_look_up(request):
            response = self.get_response(request)
            if seconds and request.COOKIES.keys() & set(PRIVATE_COOKIES) and "Cache-Control" not in response:
                # Personal pages must not be kept by browsers' or proxies' shared caches.
                patch_cache_control(response, private=True, no_cache=True)
            return response

        cache = page_cache()
        key = self.key(request)
        try:
            generation, entry = self.lookup(cache, key)
        except Exception:  # a cache outage must not take the site down
            logger.exception("Page cache lookup failed")
            return self.get_response(request)

        if entry is not None and entry["generation"] == generation:
            return self.cached_response(request, entry)

        response = self.get_response(request)
        if request.method == "GET" and self.may_store(request, response):
            self.store(cache, key, generation, response, seconds)
            response[STATUS_HEADER] = "miss"
        else:
            response[STATUS_HEADER] = "skip"
        return response

    def lookup(self, cache, key):
        """(current generation, stored entry or None)."""
        if not is_local(cache):
            values = cache.get_many([GENERATION_KEY, key])  # one round trip to Redis
            kept = _request_generation.get()
            if values.get(GENERATION_KEY) and kept is not None and not kept:
                kept.append(values[GENERATION_KEY])  # the fragments use it too: no second round trip
            return request_generation(), values.get(key)
        generation = request_generation()
        if generation != self.seen_generation:
            cache.clear()  # another process purged: drop this process's stale entries
            self.seen_generation = generation
        return generation, cache.get(key)

    @staticmethod
    def may_look_up(request):
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(NEVER_CACHED_PREFIXES)
            and not any(name in request.COOKIES for name in PRIVATE_COOKIES)
        )

    @staticmethod
    def may_store(request, response):
        cache_control = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
        vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part.strip()}
        return (
            response.status_code == 200
            and not response.streaming
            and len(response.content) <= getattr(settings, "OCC_PAGE_CACHE_MAX_BYTES", 1_000_000)
            and not response.cookies
            and not cache_control & {"private", "no-cache", "no-store"}
            and vary <= ALLOWED_VARY
            and not getattr(request, "is_preview", False)
            and getattr(request, "page_cache_allowed", False)
        )

    @staticmethod
    def key(request):
        language = get_language_from_request(request, check_path=False)
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        return "page:" + hashlib.sha256(f"{language} {url}".encode()).hexdigest()

    @staticmethod
    def store(cache, key, generation, response, seconds):
        browser_seconds = getattr(settings, "OCC_PAGE_CACHE_BROWSER_SECONDS", 60)
        patch_cache_control(response, public=True, max_age=browser_seconds)
        response["ETag"] = '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
        entry = {
            "generation": generation,
            "content": response.content,
            "headers": [(name, value) for name, value in response.items() if name.lower() != STATUS_HEADER.lower()],
        }
        try:
            cache.set(key, entry, seconds)
        except Exception:
            logger.exception("Page cache store failed")

    @staticmethod
    def cached_response(request, entry):
        headers = dict(entry["headers"])
        etag = headers.get("ETag")
        if etag and etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
            for name in ("ETag", "Cache-Control", "Vary", "Content-Language"):
                if name in headers:
                    response[name] = headers[name]
        else:
            response = HttpResponse(entry["content"])
            for name, value in entry["headers"]:
                response[name] = value
        response[STATUS_HEADER] = "hit"
        return response
