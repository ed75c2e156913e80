"""/our-history/timeline.json: the timeline in TimelineJS3's format, live public pages only."""

import json

from django.db import connection

from wagtail.models import PageViewRestriction

import pytest

from history.factories import AwardEventFactory, AwardPageFactory, CaptionedImageFactory, MilestonePageFactory
from tests.queries import render_count


@pytest.mark.django_db
def test_events_carry_date_precision_text_media_id_and_group(client, history_page):
    photo = CaptionedImageFactory(caption="The founders", credit_name="Gunnar Kopperud", description="Two men")
    MilestonePageFactory(parent=history_page, slug="founded", title="Founded", year=2006, kind="founding",
                         summary="It starts.", lead_photo=photo)
    MilestonePageFactory(parent=history_page, slug="park", year=2015, month=5, date_precision="month", kind="building")
    MilestonePageFactory(parent=history_page, slug="dig", year=2023, month=4, day=12, date_precision="day", kind="building")
    award = AwardPageFactory(parent=history_page, slug="gold-label", title="Gold Label")
    AwardEventFactory(award=award, event_type="renewed", year=2022, month=12, score=94)

    response = client.get("/our-history/timeline.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["title"]["text"]["headline"] == "Our history"
    events = {event["unique_id"]: event for event in data["events"]}
    assert list(events) == ["event-founded", "event-park", "event-gold-label-renewed-2022-12", "event-dig"]

    founded = events["event-founded"]
    assert founded["start_date"] == {"year": "2006", "display_date": "2006"}
    assert founded["text"]["headline"] == "Founded"
    assert "<p>It starts.</p>" in founded["text"]["text"]
    assert "http://testserver/our-history/founded/" in founded["text"]["text"]
    assert founded["group"] == "Founding"
    media = founded["media"]
    assert media["url"].startswith("http://testserver/") and "format-jpeg.width-960" in media["url"]
    assert (media["caption"], media["credit"], media["alt"]) == ("The founders", "Photo: Gunnar Kopperud", "Two men")

    assert events["event-park"]["start_date"] == {"year": "2015", "month": "5", "display_date": "May 2015"}
    assert events["event-dig"]["start_date"]["day"] == "12"
    assert "media" not in events["event-park"]
    renewed = events["event-gold-label-renewed-2022-12"]
    assert renewed["group"] == "Awards and recognition"
    assert "94%" in renewed["text"]["text"]


@pytest.mark.django_db
def test_only_live_public_pages_and_html_is_escaped(client, history_page):
    MilestonePageFactory(parent=history_page, slug="live", title="<img src=x onerror=alert(1)>")
    MilestonePageFactory(parent=history_page, slug="draft", title="Draft milestone", live=False)
    private = MilestonePageFactory(parent=history_page, slug="private", title="Private milestone")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    text = client.get("/our-history/timeline.json").content.decode()
    assert "Draft milestone" not in text and "Private milestone" not in text
    assert "<img" not in text
    headlines = [event["text"]["headline"] for event in json.loads(text)["events"]]
    assert headlines == ["&lt;img src=x onerror=alert(1)&gt;"]  # HTML-escaped for TimelineJS


@pytest.mark.django_db
def test_unpublished_history_page_has_no_export(client, history_page):
    history_page.unpublish()
    assert client.get("/our-history/timeline.json").status_code == 404
    assert client.get("/timeline.json").status_code == 404


@pytest.mark.django_db
def test_export_query_count_does_not_grow_with_milestones(client, history_page, django_assert_num_queries):
    for n in range(3):
        MilestonePageFactory(parent=history_page, slug=f"m-{n}", lead_photo=CaptionedImageFactory())
    client.get("/our-history/timeline.json")
    baseline = render_count(client, "/our-history/timeline.json")
    for n in range(3, 30):
        MilestonePageFactory(parent=history_page, slug=f"m-{n}", lead_photo=CaptionedImageFactory())
    client.get("/our-history/timeline.json")  # renditions made once
    connection.queries_log.clear()
    with django_assert_num_queries(baseline):
        assert len(client.get("/our-history/timeline.json").json()["events"]) == 30


@pytest.mark.django_db
def test_interactive_view_feeds_the_export_to_vendored_timelinejs(client, history_page):
    html = client.get("/our-history/interactive-timeline/").content.decode()
    assert 'data-timeline-url="/our-history/timeline.json"' in html
    assert '<script src="/static/vendor/timelinejs/js/timeline.js" defer></script>' in html
    assert "cdn." not in html
    # Linked below the timeline, once there is one to show as slides.
    assert 'href="/our-history/interactive-timeline/"' not in client.get("/our-history/").content.decode()
    from history.factories import MilestonePageFactory

    MilestonePageFactory(parent=history_page, title="Founded", year=2006)
    assert 'href="/our-history/interactive-timeline/"' in client.get("/our-history/").content.decode()
