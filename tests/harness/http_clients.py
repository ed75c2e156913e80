"""Plain HTTP requests against a running server: they show redirects instead of following them."""

import http.client
import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser


def send(connection, path, *, method="GET", headers=None, data=None):
    """(status, headers, body) of one request on a fresh ``http.client`` connection, which it closes."""
    try:
        connection.request(method, path, body=data, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def source(address):
    """``source_address`` for an ``http.client`` connection: the client address a request comes from."""
    return (address, 0) if address else None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browserless:
    """A cookie-keeping HTTP client that shows redirects instead of following them."""

    def __init__(self, base_url, headers=None):
        self.base_url = base_url
        self.headers = headers or {}
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, path, *, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, headers={**self.headers, **(headers or {})})  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode("utf-8", "replace")

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)


class InlineCodeFinder(HTMLParser):
    """Collects what a strict Content-Security-Policy would block: inline scripts, styles, handlers."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self.image_sources = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        script_type = (attributes.get("type") or "").strip().lower()
        executable = script_type in {"", "module", "text/javascript", "application/javascript"}
        if tag == "script" and executable and not attributes.get("src"):
            self.problems.append("inline <script>")  # data blocks (application/ld+json) are not run
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in {name} of <{tag}>")
        if tag in {"img", "source"}:
            for name in ("src", "srcset"):
                if attributes.get(name):
                    self.image_sources.extend(part.strip().split(" ")[0] for part in attributes[name].split(","))


def inline_code(html):
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder
