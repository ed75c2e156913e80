"""Cache-Control for the front cache (Varnish or a CDN) and for browsers, and the health check.

The front cache keeps a public response for ``FRONT_CACHE_SECONDS`` (``s-maxage``)
and is purged when what it shows changes (``occ_site.front_cache``); browsers
and other caches, which nobody can purge, keep it ``BROWSER_CACHE_SECONDS``
(``max-age``). ``stale-while-revalidate`` lets a cache answer at once while it
refreshes a page just past its lifetime; ``stale-if-error`` lets it answer
while the app is down.

What is public: a GET or HEAD answered 200, 301 or 404 (404s only briefly, so
that made-up addresses cannot fill the cache for long), without a Cache-Control
of its own (``never_cache`` views, Wagtail's private pages and previews set
one), without a cookie in the response, to a request that carries no session
(a signed-in editor's pages show the userbar and drafts: they are private).
The admin, Wagtail's login and password helpers and documents are left alone.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

from occ_site.views import healthz

NOT_SHARED_PREFIXES = ("/admin/", "/_util/", "/documents/", "/healthz")
PUBLIC_STATUSES = {200, 301}
NOT_FOUND_STATUSES = {404, 410}


class SharedCacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or "Cache-Control" in response:
            return response
        if request.path.startswith(NOT_SHARED_PREFIXES):
            return response
        if settings.SESSION_COOKIE_NAME in request.COOKIES or response.cookies:
            patch_cache_control(response, private=True, no_cache=True)
        elif response.status_code in PUBLIC_STATUSES:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.BROWSER_CACHE_SECONDS,
                s_maxage=settings.FRONT_CACHE_SECONDS,
                stale_while_revalidate=settings.BROWSER_CACHE_SECONDS,
                stale_if_error=settings.FRONT_CACHE_STALE_IF_ERROR_SECONDS,
            )
        elif response.status_code in NOT_FOUND_STATUSES:
            patch_cache_control(response, public=True, max_age=settings.BROWSER_CACHE_SECONDS, s_maxage=settings.BROWSER_CACHE_SECONDS)
        return response


class HealthCheckMiddleware:
    """Answers ``/healthz`` before anything else looks at the request: load balancers and the front
    cache's probe ask with whatever Host header they have, which ALLOWED_HOSTS would refuse."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz" and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
