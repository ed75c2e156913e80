"""CSP violation reports: both policies name the endpoint; it logs each violation as one JSON line,
refuses what is too big, malformed or too much, and cannot be made to write lines of its own."""

import json

from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

import pytest

from occ_site.csp_reports import MAX_BODY_BYTES, receive_csp_report

pytestmark = pytest.mark.django_db

URL = "/csp-report/"

LEGACY_REPORT = {
    "csp-report": {
        "document-uri": "https://www.example.org/our-history/",
        "referrer": "",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "original-policy": "default-src 'self'; report-uri /csp-report/",
        "disposition": "enforce",
        "blocked-uri": "inline",
        "line-number": 12,
        "column-number": 3,
        "source-file": "https://www.example.org/our-history/",
        "status-code": 200,
        "script-sample": "alert(1)",
    }
}


def reporting_api_report(document="https://www.example.org/", directive="img-src", blocked="https://tracker.example.com/p.gif"):
    return {
        "type": "csp-violation",
        "age": 10,
        "url": document,
        "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0",
        "body": {
            "documentURL": document,
            "blockedURL": blocked,
            "effectiveDirective": directive,
            "originalPolicy": "default-src 'self'",
            "disposition": "report",
            "statusCode": 200,
            "sourceFile": document,
            "lineNumber": 1,
            "columnNumber": 40,
            "sample": "",
        },
    }


@pytest.fixture(autouse=True)
def fresh_counters():
    """The per-client counters live in Django's default cache."""
    cache.clear()
    yield
    cache.clear()


def post(client, body, content_type="application/csp-report", **extra):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(URL, data=data, content_type=content_type, **extra)


def csp_lines(caplog):
    return [record.getMessage() for record in caplog.records if record.name == "occ_site.csp"]


def violations_logged(caplog):
    return [json.loads(line) for line in csp_lines(caplog) if json.loads(line)["event"] == "csp-violation"]


class TestThePoliciesNameTheEndpoint:
    def test_public_pages_enforce_a_policy_that_reports(self, client, site_root):
        response = client.get("/")
        policy = response["Content-Security-Policy"]
        assert f"report-uri {reverse('csp_report')}" in policy and "report-to csp" in policy
        assert response["Reporting-Endpoints"] == 'csp="/csp-report/"'
        assert reverse("csp_report") == settings.CSP_REPORT_URL == URL

    def test_the_admins_report_only_policy_reports_too(self, client):
        response = client.get("/admin/login/")
        policy = response["Content-Security-Policy-Report-Only"]
        assert "report-uri /csp-report/" in policy and "report-to csp" in policy
        assert "Content-Security-Policy" not in response
        assert response["Reporting-Endpoints"] == 'csp="/csp-report/"'

    def test_the_report_address_is_relative_so_it_keeps_the_pages_https(self, client, site_root):
        # Behind a TLS proxy the app may see plain http; the Reporting API would drop an http address.
        response = client.get("/", HTTP_HOST="www.example.org")
        assert response["Reporting-Endpoints"] == 'csp="/csp-report/"'


class TestLogging:
    def test_a_report_uri_report_is_one_json_line(self, client, caplog):
        response = post(client, LEGACY_REPORT, HTTP_USER_AGENT="Firefox/140")
        assert response.status_code == 204 and response.content == b""
        assert len(csp_lines(caplog)) == 1
        assert json.loads(csp_lines(caplog)[0]) == {
            "event": "csp-violation",
            "disposition": "enforce",
            "document": "https://www.example.org/our-history/",
            "blocked": "inline",
            "directive": "script-src-elem",
            "source": "https://www.example.org/our-history/",
            "line": 12,
            "column": 3,
            "status": 200,
            "sample": "alert(1)",
            "user_agent": "Firefox/140",
        }
        record = next(record for record in caplog.records if record.name == "occ_site.csp")
        assert record.levelname == "WARNING"

    def test_old_browsers_violated_directive_is_used_when_there_is_no_effective_one(self, client, caplog):
        report = {"csp-report": {"document-uri": "https://www.example.org/", "violated-directive": "style-src 'self'"}}
        assert post(client, report).status_code == 204
        assert violations_logged(caplog)[0]["directive"] == "style-src 'self'"

    def test_a_reporting_api_batch_logs_each_violation_and_ignores_other_reports(self, client, caplog):
        batch = [
            reporting_api_report(directive="img-src"),
            {"type": "deprecation", "url": "https://www.example.org/", "body": {"message": "old API"}},
            reporting_api_report(directive="script-src-elem", blocked="eval"),
        ]
        assert post(client, batch, content_type="application/reports+json").status_code == 204
        logged = violations_logged(caplog)
        assert [(entry["directive"], entry["blocked"], entry["disposition"]) for entry in logged] == [
            ("img-src", "https://tracker.example.com/p.gif", "report"),
            ("script-src-elem", "eval", "report"),
        ]
        assert logged[0]["user_agent"] == "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0"
        assert "originalPolicy" not in json.dumps(logged) and "age" not in logged[0]

    def test_a_batch_without_violations_is_accepted_and_logs_nothing(self, client, caplog):
        batch = [{"type": "intervention", "url": "https://www.example.org/", "body": {}}]
        assert post(client, batch, content_type="application/reports+json").status_code == 204
        assert csp_lines(caplog) == []

    def test_nothing_a_sender_writes_starts_a_new_line_or_reaches_the_terminal(self, client, caplog):
        forged = "https://www.example.org/\n2026-11-30 12:00:00 CRITICAL admin password changed\r\x1b[31m\x00\u2028\u0085"
        report = {"csp-report": {"document-uri": forged, "blocked-uri": "inline\nsecond line", "script-sample": "\x07"}}
        assert post(client, report).status_code == 204
        (line,) = csp_lines(caplog)
        assert all(" " <= character <= "~" for character in line), repr(line)
        entry = json.loads(line)
        assert entry["document"] == forged and entry["blocked"] == "inline\nsecond line"  # escaped, not lost

    def test_long_fields_are_cut_and_only_known_fields_are_kept(self, client, caplog):
        report = {"csp-report": {"document-uri": "https://www.example.org/" + "a" * 5000, "x-injected": "hello"}}
        assert post(client, report).status_code == 204
        entry = violations_logged(caplog)[0]
        assert len(entry["document"]) == 300
        assert "hello" not in csp_lines(caplog)[0]

    def test_non_text_values_are_written_as_text(self, client, caplog):
        report = {"csp-report": {"document-uri": {"nested": ["object"]}, "line-number": True, "column-number": 1.5}}
        assert post(client, report).status_code == 204
        entry = violations_logged(caplog)[0]
        assert entry["document"] == "{'nested': ['object']}" and entry["line"] == "True" and entry["column"] == "1.5"


class TestRefusals:
    def test_only_post(self, client):
        assert client.get(URL).status_code == 405
        assert client.put(URL, data="{}", content_type="application/csp-report").status_code == 405

    def test_no_csrf_token_needed(self, caplog):
        from django.test import Client

        strict = Client(enforce_csrf_checks=True)
        assert post(strict, LEGACY_REPORT).status_code == 204

    @pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
    def test_other_content_types_are_refused(self, client, caplog, content_type):
        response = post(client, json.dumps(LEGACY_REPORT), content_type=content_type)
        assert response.status_code == 415
        assert csp_lines(caplog) == []

    def test_application_json_is_accepted_as_either_format(self, client, caplog):
        assert post(client, LEGACY_REPORT, content_type="application/json").status_code == 204
        assert post(client, [reporting_api_report()], content_type="application/json").status_code == 204
        assert len(violations_logged(caplog)) == 2

    def test_a_body_over_64_kb_is_refused_unread(self, client, caplog):
        report = {"csp-report": {"document-uri": "https://www.example.org/", "script-sample": "x" * MAX_BODY_BYTES}}
        response = post(client, report)
        assert response.status_code == 413 and b"64 KB" in response.content
        assert csp_lines(caplog) == []

    def test_exactly_64_kb_is_read(self, client, caplog):
        body = json.dumps(LEGACY_REPORT)
        body = body[:-1] + " " * (MAX_BODY_BYTES - len(body)) + "}"
        assert len(body.encode()) == MAX_BODY_BYTES
        assert post(client, body).status_code == 204

    def test_a_body_longer_than_its_content_length_says_is_refused(self, caplog):
        # Django's own stream stops at Content-Length; a server that hands over more must not get more read.
        request = RequestFactory().post(URL, data=b"{" + b" " * (MAX_BODY_BYTES + 10) + b"}", content_type="application/csp-report")
        request.META["CONTENT_LENGTH"] = "100"
        assert receive_csp_report(request).status_code == 413
        assert csp_lines(caplog) == []

    def test_a_malformed_content_length_is_a_bad_request(self):
        request = RequestFactory().post(URL, data=json.dumps(LEGACY_REPORT), content_type="application/csp-report")
        request.META["CONTENT_LENGTH"] = "many"
        assert receive_csp_report(request).status_code == 400

    @pytest.mark.parametrize(
        "body",
        [
            b"  ",
            b"{",
            b"not json",
            b"\xff\xfe\xfa\x00 not utf",
            b"123",
            b'"csp-report"',
            b"null",
            b'{"csp-report": "text"}',
            b'{"something": {}}',
            b"[1, 2, 3]",
            b'[{"type": "csp-violation", "body": {}}, "text"]',
            b"[" * 30000 + b"]" * 30000,  # nested deeper than the parser goes
            b"1" * 5000,  # an integer longer than Python converts
        ],
        ids=lambda body: repr(body[:20]),
    )
    def test_what_is_not_a_report_is_a_bad_request_not_an_error(self, client, caplog, body):
        response = post(client, body)
        assert response.status_code == 400
        assert csp_lines(caplog) == []

    def test_a_lone_surrogate_is_valid_json_and_logged_escaped(self, client, caplog):
        assert post(client, b'{"csp-report": {"document-uri": "\\ud800"}}').status_code == 204
        assert '"document": "\\ud800"' in csp_lines(caplog)[0]


class TestRateLimit:
    @pytest.fixture(autouse=True)
    def small_limit(self, settings):
        settings.CSP_REPORTS_PER_CLIENT = 3
        settings.CSP_REPORT_WINDOW_SECONDS = 60

    def test_a_client_gets_its_share_then_429_and_one_line_saying_so(self, client, caplog):
        assert [post(client, LEGACY_REPORT).status_code for _ in range(3)] == [204, 204, 204]
        refused = [post(client, LEGACY_REPORT) for _ in range(5)]
        assert {response.status_code for response in refused} == {429}
        assert 1 <= int(refused[0]["Retry-After"]) <= 61
        assert len(violations_logged(caplog)) == 3
        limited = [json.loads(line) for line in csp_lines(caplog) if json.loads(line)["event"] == "csp-reports-limited"]
        assert limited == [{"event": "csp-reports-limited", "client": "127.0.0.1", "limit": 3, "window_seconds": 60}]

    def test_other_clients_are_not_affected(self, client):
        for _ in range(4):
            post(client, LEGACY_REPORT, REMOTE_ADDR="192.0.2.10")
        assert post(client, LEGACY_REPORT, REMOTE_ADDR="192.0.2.10").status_code == 429
        assert post(client, LEGACY_REPORT, REMOTE_ADDR="192.0.2.11").status_code == 204

    def test_a_batch_is_logged_up_to_the_limit(self, client, caplog):
        batch = [reporting_api_report(directive=f"img-src-{n}") for n in range(5)]
        assert post(client, batch, content_type="application/reports+json").status_code == 429
        assert [entry["directive"] for entry in violations_logged(caplog)] == ["img-src-0", "img-src-1", "img-src-2"]

    def test_refused_requests_count_too(self, client, caplog):
        assert [post(client, b"{").status_code for _ in range(3)] == [400, 400, 400]
        assert post(client, LEGACY_REPORT).status_code == 429
        assert violations_logged(caplog) == []

    def test_an_invented_forwarded_address_does_not_reset_the_count(self, client):
        for n in range(4):
            post(client, LEGACY_REPORT, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert post(client, LEGACY_REPORT, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429

    def test_behind_a_trusted_proxy_each_visitor_is_counted_alone(self, client, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        for _ in range(4):
            post(client, LEGACY_REPORT, HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert post(client, LEGACY_REPORT, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
        assert post(client, LEGACY_REPORT, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 204

    def test_the_window_passes(self, client, settings, monkeypatch):
        import time

        now = time.time()
        monkeypatch.setattr(time, "time", lambda: now)
        for _ in range(4):
            post(client, LEGACY_REPORT)
        assert post(client, LEGACY_REPORT).status_code == 429
        monkeypatch.setattr(time, "time", lambda: now + 61)
        assert post(client, LEGACY_REPORT).status_code == 204
