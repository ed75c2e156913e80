"""Content-Security-Policy violation reports: the endpoint both policies name, and the log line per violation.

Browsers POST here when a page breaks the policy (enforced on the public site, report-only in the
admin), in one of two formats:

- ``application/csp-report`` (the ``report-uri`` directive): ``{"csp-report": {"document-uri": ...}}``;
- ``application/reports+json`` (the Reporting API behind ``report-to`` and the ``Reporting-Endpoints``
  header): a list of reports; those of ``"type": "csp-violation"`` are read, others ignored.

Each violation becomes one line on the ``occ_site.csp`` logger, level WARNING: a JSON object with
``event`` ("csp-violation"), ``disposition`` ("enforce" or "report"), ``document``, ``blocked``,
``directive``, ``source``, ``line``, ``column``, ``status``, ``sample`` and ``user_agent``, as far as
the browser sent them. Strings are cut to ``FIELD_LENGTH`` characters; the JSON is ASCII with every
control and non-ASCII character escaped (``\\n``, ``\\u001b``), so nothing a sender writes can
start a line of its own or reach a terminal as an escape sequence.

Anyone can POST here, so the endpoint answers, in this order: 405 to anything but POST, 429 when the
client has used its allowance (``CSP_REPORTS_PER_CLIENT`` per ``CSP_REPORT_WINDOW_SECONDS``: each
violation logged, and each refused request, counts one; counted per address from
``occ_site.security.client_ip`` in Django's default cache: per process with local memory, shared
by every instance with Redis), 415 to another content type, 413 to a body over
``MAX_BODY_BYTES`` (from Content-Length, then from what is read), 400 to what is not JSON or not
shaped like a report, and 204 otherwise. When a client is cut off, one line
``{"event": "csp-reports-limited", "client": ...}`` says so, once per window.
"""

import json
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from occ_site.security import client_ip

logger = logging.getLogger("occ_site.csp")

MAX_BODY_BYTES = 64 * 1024
FIELD_LENGTH = 300
CONTENT_TYPES = {"application/csp-report", "application/reports+json", "application/json"}

# What is logged of a report, under the same names for both formats: (log field, report-uri key, Reporting API key).
FIELDS = (
    ("document", "document-uri", "documentURL"),
    ("blocked", "blocked-uri", "blockedURL"),
    ("directive", "effective-directive", "effectiveDirective"),
    ("source", "source-file", "sourceFile"),
    ("line", "line-number", "lineNumber"),
    ("column", "column-number", "columnNumber"),
    ("status", "status-code", "statusCode"),
    ("sample", "script-sample", "sample"),
)


class NotAReport(ValueError):
    """The body is JSON, but not a CSP report."""


def field_value(value):
    """A number as it is; anything else as a string of at most FIELD_LENGTH characters."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return str(value)[:FIELD_LENGTH]


def violation_entry(body, *, legacy, user_agent):
    entry = {"event": "csp-violation", "disposition": field_value(body.get("disposition") or "enforce")}
    for name, legacy_key, key in FIELDS:
        value = body.get(legacy_key if legacy else key)
        if legacy and value is None and name == "directive":
            value = body.get("violated-directive")  # browsers before "effective-directive"
        if value is not None and value != "":
            entry[name] = field_value(value)
    if user_agent:
        entry["user_agent"] = field_value(user_agent)
    return entry


def violations(payload, request):
    """The log entries of every CSP violation in a parsed report body; NotAReport if it is none of the formats."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        return [violation_entry(payload["csp-report"], legacy=True, user_agent=request.headers.get("User-Agent"))]
    if isinstance(payload, list) and all(isinstance(report, dict) for report in payload):
        return [
            violation_entry(report["body"], legacy=False, user_agent=report.get("user_agent"))
            for report in payload
            if report.get("type") == "csp-violation" and isinstance(report.get("body"), dict)
        ]
    raise NotAReport


def log_line(entry):
    """One line of JSON, ASCII only: control characters and line separators arrive escaped."""
    return json.dumps(entry, ensure_ascii=True)


class ClientAllowance:
    """How many more violations a client may have logged in the current window (Django's cache)."""

    def __init__(self, request):
        self.client = client_ip(request)
        self.limit = settings.CSP_REPORTS_PER_CLIENT
        self.window = settings.CSP_REPORT_WINDOW_SECONDS
        now = time.time()
        self.key = f"csp-reports:{self.client}:{int(now // self.window)}"
        self.retry_after = int(self.window - now % self.window) + 1

    def used(self):
        return cache.get(self.key) or 0

    def take(self, count):
        """Count ``count`` violations; return how many of them are within the limit."""
        cache.add(self.key, 0, self.window)
        try:
            total = cache.incr(self.key, count)
        except ValueError:  # the window ran out between add and incr
            cache.set(self.key, count, self.window)
            total = count
        if total is None:  # a cache that ignores its errors (Redis down): let reports through
            return count
        return max(0, min(count, self.limit - (total - count)))

    def cut_off(self):
        """A 429 to raise; the first of the window is logged, naming the client."""
        if cache.add(f"{self.key}:said", True, self.window):
            logger.warning(log_line({
                "event": "csp-reports-limited", "client": self.client, "limit": self.limit, "window_seconds": self.window,
            }))
        return Refused(429, "Too many reports.", **{"Retry-After": str(self.retry_after)})


class Refused(Exception):
    """A request the endpoint answers with an error status and a short plain-text reason."""

    def __init__(self, status, reason, **headers):
        super().__init__(reason)
        self.status, self.reason, self.headers = status, reason, headers

    def response(self):
        response = HttpResponse(f"{self.reason}\n", status=self.status, content_type="text/plain; charset=utf-8")
        for name, value in self.headers.items():
            response[name] = value
        return response


def reported_violations(request):
    """The log entries of the violations in the request's body; Refused if the body is not acceptable."""
    if request.content_type not in CONTENT_TYPES:
        raise Refused(415, "Send application/csp-report or application/reports+json.")
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        raise Refused(400, "Bad Content-Length.") from None
    if declared > MAX_BODY_BYTES:
        raise Refused(413, "Reports are limited to 64 KB.")
    body = request.read(MAX_BODY_BYTES + 1)  # the declared length may be missing or wrong
    if len(body) > MAX_BODY_BYTES:
        raise Refused(413, "Reports are limited to 64 KB.")
    try:
        return violations(json.loads(body), request)
    except (ValueError, RecursionError):  # not UTF-8, not JSON, nested too deep, not a report
        raise Refused(400, "Not a CSP report.") from None


@csrf_exempt
@require_POST
def receive_csp_report(request):
    """Log the CSP violations a browser reports; 204, or the refusal the module docstring lists."""
    allowance = ClientAllowance(request)
    try:
        if allowance.used() >= allowance.limit:
            raise allowance.cut_off()
        try:
            entries = reported_violations(request)
        except Refused:
            allowance.take(1)  # refused requests count too: a flood of them is cut off before it is read
            raise
        allowed = allowance.take(max(1, len(entries)))
        for entry in entries[:allowed]:
            logger.warning(log_line(entry))
        if allowed < len(entries):
            raise allowance.cut_off()
    except Refused as refused:
        return refused.response()
    return HttpResponse(status=204)
