"""Script injection through editors' text renders inert.

Every text an editor or photo contributor types carries a payload; the public
pages must show it as text. Rich text goes through Wagtail's editor converter,
which keeps only whitelisted elements and drops javascript: links: that path is
tested through the admin form, as an editor would submit it.
"""

import html
import json
import re

from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

import pytest

from history.factories import (
    AwardEventFactory,
    AwardPageFactory,
    CaptionedImageFactory,
    MilestonePageFactory,
    PersonFactory,
)
from history.models import MilestonePage
from tests.harness.http_clients import inline_code
from tests.signin import log_in_verified

SCRIPT = '<script>alert("xss")</script>'
ONERROR = '<img src=x onerror=alert("xss")>'
PAYLOAD = f"{SCRIPT}{ONERROR}"
FIELDS = ["headline", "summary", "caption", "credit", "alt", "long description", "person", "award", "award note"]


def string_values(data):
    """Every string inside a parsed JSON document."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    if isinstance(data, list):
        return [text for item in data for text in string_values(item)]
    return []


def tagged(where):
    """A payload that says where it was typed, so a failure names the field."""
    return f"{where}:{PAYLOAD}"


@pytest.fixture
def hostile_history(history_page):
    photo = CaptionedImageFactory(
        title=tagged("photo title"),
        description=tagged("alt")[:255],
        caption=tagged("caption"),
        credit_name=tagged("credit"),
        long_description=tagged("long description"),
    )
    person = PersonFactory(name=tagged("person"), role=tagged("role"))
    award = AwardPageFactory(
        parent=history_page, slug="hostile-award", title=tagged("award"), awarding_body=tagged("body"),
        summary=tagged("award summary"), lead_photo=photo,
    )
    AwardEventFactory(award=award, headline=tagged("event headline"), note=tagged("award note"), score=94)
    milestone = MilestonePageFactory(
        parent=history_page, slug="hostile-milestone", title=tagged("headline"), summary=tagged("summary"),
        lead_photo=photo, related_award=award,
        body=[
            ("quote", {"text": tagged("quote"), "attribution": tagged("said by")}),
            ("photo", {"image": photo, "caption": tagged("block caption")}),
        ],
    )
    milestone.people.add(person)
    milestone.save_revision().publish()
    return {"milestone": milestone, "award": award}


def assert_inert(html, where):
    problems = inline_code(html).problems
    assert problems == [], f"{where}: {problems}"
    assert SCRIPT not in html and ONERROR not in html, where
    assert "&lt;script&gt;alert(" in html, f"{where}: the payload should still be shown, as text"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, expected",
    [
        ("/our-history/", ["headline", "summary", "caption", "credit", "event headline", "award note"]),
        ("/our-history/hostile-milestone/", ["headline", "summary", "caption", "credit", "alt", "long description",
                                             "person", "role", "quote", "said by", "block caption", "award"]),
        ("/our-history/hostile-award/", ["award", "body", "award summary", "award note", "caption", "credit"]),
    ],
)
def test_payloads_in_every_field_render_as_text(client, hostile_history, path, expected):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert_inert(html, path)
    for where in expected:
        assert f"{where}:&lt;script&gt;" in html or f"{where}:&amp;lt;script" in html, f"{where} not shown on {path}"


# --- rich text as an editor submits it --------------------------------------------------------


def contentstate(text, links):
    """Draftail's contentstate JSON: one paragraph, "link0 link1 ..." linking to `links`, then `text`."""
    entity_map = {str(n): {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}} for n, url in enumerate(links)}
    words = "".join(f"link{n} " for n in range(len(links)))
    text = words + text
    ranges = [{"offset": 6 * n, "length": 5, "key": n} for n in range(len(links))]
    block = {"key": "a1b2c", "type": "unstyled", "depth": 0, "text": text, "inlineStyleRanges": [],
             "entityRanges": ranges, "data": {}}
    return json.dumps({"blocks": [block], "entityMap": entity_map})


@pytest.mark.django_db
def test_javascript_links_and_markup_in_rich_text_are_dropped(client, history_page, django_user_model):
    milestone = MilestonePageFactory(parent=history_page, slug="rich", title="Rich text milestone")
    admin = django_user_model.objects.create_superuser("rich-editor", "r@example.org", "not-used-password-123")
    log_in_verified(client, admin)
    edit_url = reverse("wagtailadmin_pages:edit", args=[milestone.id])
    data = querydict_from_html(client.get(edit_url).content.decode(), form_id="page-edit-form")
    hostile_links = ["javascript:alert(1)", "jav\tascript:alert(2)", " JAVASCRIPT:alert(3)", "https://example.org/ok"]
    data.update(nested_form_data({"body": streamfield([
        ("paragraph", contentstate(f"Link {PAYLOAD} text", hostile_links)),
    ])}))
    data["action-publish"] = "publish"
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response

    milestone = MilestonePage.objects.get(pk=milestone.pk)
    stored = milestone.body[0].value.source
    assert "javascript" not in stored.lower()
    assert "<script" not in stored

    client.logout()
    html = client.get("/our-history/rich/").content.decode()
    assert_inert(html, "rich text")
    assert 'href="https://example.org/ok"' in html  # ordinary links survive
    assert "javascript" not in html.lower()


# --- machine-readable output: the timeline's JSON and the milestones' JSON-LD ---------------------


@pytest.mark.django_db
def test_timeline_json_carries_payloads_as_plain_strings(client, hostile_history):
    response = client.get("/our-history/timeline.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    text = response.content.decode()
    assert "<script" not in text.lower()  # Django's JSON escapes < > & as \u003c etc. when built safely
    document = json.loads(text)
    # TimelineJS renders headline and text as HTML, so the export carries them HTML-escaped:
    # the visitor reads the editor's words literally, and they never run.
    headlines = [html.unescape(event["text"]["headline"]) for event in document["events"]]
    assert tagged("headline") in headlines


@pytest.mark.django_db
def test_json_ld_escapes_the_closing_script_tag(client, hostile_history):
    html = client.get("/our-history/hostile-milestone/").content.decode()
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, flags=re.S | re.I)
    assert blocks, "the milestone page carries no JSON-LD"
    for block in blocks:
        assert "<" not in block, "a < inside JSON-LD could close the script element"
        data = json.loads(block)
        # The photo's credit travels into the ImageObject unchanged, and stays inert.
        assert tagged("credit") in string_values(data)
    assert_inert(html, "milestone with JSON-LD")
