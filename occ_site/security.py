"""Security plumbing that settings refer to: the CSP split, its report endpoint header and the client address for lockouts."""

import ipaddress

from django.conf import settings

from csp.middleware import CSPMiddleware

PREVIEW_FRAME_ANCESTORS = "'self'"


def _is_admin_path(path):
    return path.startswith(tuple(getattr(settings, "CSP_REPORT_ONLY_PATH_PREFIXES", ("/admin/",))))


class SiteCSPMiddleware(CSPMiddleware):
    """Enforce CONTENT_SECURITY_POLICY on public pages, report CONTENT_SECURITY_POLICY_REPORT_ONLY on the admin.

    The Wagtail admin relies on inline scripts and styles, so an enforced policy
    there would break editing; the public site has none, so it gets the strict
    policy. The enforced policy excludes the admin with EXCLUDE_URL_PREFIXES;
    ``get_policy_parts`` (django-csp's documented extension point) gives public
    pages an empty report-only policy, which sends no header.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if "Content-Security-Policy" in response or "Content-Security-Policy-Report-Only" in response:
            response.headers.setdefault("Reporting-Endpoints", reporting_endpoints())
        return response

    def get_policy_parts(self, request, response, report_only=False):
        """Also lets the editor's side-panel preview be framed by the admin (same origin) and nothing else.

        Wagtail renders a preview by passing a made-up request for the page's public
        address through the whole middleware stack (``make_preview_request``), so it
        gets the public pages' enforced policy with ``frame-ancestors 'none'`` and the
        panel's iframe stays blank. Wagtail marks that request with the documented
        ``is_preview`` and ``in_preview_panel`` attributes; only then is framing by the
        same origin allowed. Previews opened in a new tab, and every public page, keep
        ``'none'``.
        """
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only and not _is_admin_path(request.path_info):
            parts.config = {}  # no report-only policy outside the admin
        if getattr(request, "is_preview", False) and getattr(request, "in_preview_panel", False):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [PREVIEW_FRAME_ANCESTORS]}
        return parts


def reporting_endpoints():
    """The Reporting-Endpoints header that the policies' ``report-to`` refers to. The address is
    relative: the browser takes the page's own scheme and host (the Reporting API sends only to
    https or loopback addresses, so behind a TLS proxy it must not become http)."""
    return f'{settings.CSP_REPORT_TO_ENDPOINT}="{settings.CSP_REPORT_URL}"'


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The address django-axes counts login failures against.

    By default only REMOTE_ADDR, the address of the TCP peer, which a client
    cannot forge: an X-Forwarded-For header is ignored, so a visitor cannot
    reset their failure count by inventing addresses. Behind N reverse proxies
    that append to X-Forwarded-For, set DJANGO_TRUSTED_PROXY_COUNT=N: the
    N-th address from the right is the one the outermost trusted proxy saw
    (entries further left are client-supplied and ignored).
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxy_count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxy_count <= 0:
        return remote_addr
    forwarded = [item for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if item.strip()]
    if len(forwarded) < proxy_count:
        return remote_addr
    return _valid_ip(forwarded[-proxy_count]) or remote_addr
