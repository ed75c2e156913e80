"""Filtering the timeline by kind, jumping to the latest entry, previous/next between milestones."""

import datetime

from django.db import connection

import pytest

from history.factories import AwardEventFactory, AwardPageFactory, CaptionedImageFactory, MilestonePageFactory
from history.models import MilestonePage
from tests.queries import render_count


def entry_ids(html):
    import re

    return re.findall(r'<li class="entry entry--[a-z]+" id="([^"]+)"', html)


@pytest.fixture
def mixed_timeline(history_page):
    MilestonePageFactory(parent=history_page, slug="founded", year=2006, kind="founding")
    MilestonePageFactory(parent=history_page, slug="park", year=2015, month=5, date_precision="month", kind="building")
    MilestonePageFactory(parent=history_page, slug="hub", year=2024, kind="building")
    award = AwardPageFactory(parent=history_page, slug="gold-label")
    AwardEventFactory(award=award, year=2019, month=12)
    return history_page


@pytest.mark.django_db
def test_kind_filter_shows_only_that_kind(client, mixed_timeline):
    html = client.get("/our-history/?kind=building").content.decode()
    assert entry_ids(html) == ["event-park", "event-hub"]
    assert 'data-kind="building" aria-current="true"' in html
    assert "Showing 2 entries of the kind “Buildings”." in html
    assert "<title>Our history: Buildings" in html


@pytest.mark.django_db
def test_recognition_filter_shows_award_events_in_place(client, mixed_timeline):
    html = client.get("/our-history/?kind=recognition").content.decode()
    assert entry_ids(html) == ["event-gold-label-awarded-2019-12"]


@pytest.mark.django_db
def test_filter_links_work_without_javascript(client, mixed_timeline):
    html = client.get("/our-history/").content.decode()
    assert 'href="/our-history/?kind=building" data-kind="building"' in html
    assert 'href="/our-history/" data-kind="" aria-current="true">All</a>' in html
    # The enhancement is a static file, not inline script.
    assert '<script src="/static/js/timeline-filter.js" defer></script>' in html


@pytest.mark.django_db
def test_kind_with_nothing_says_so_and_offers_the_whole_timeline(client, mixed_timeline):
    html = client.get("/our-history/?kind=other").content.decode()
    assert entry_ids(html) == []
    assert "There is nothing of the kind “Other” on the timeline yet." in html
    assert '<a href="/our-history/">Show the whole timeline</a>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["?kind=nonsense", "?kind=", "?kind=" + "x" * 10_000, "?kind=%00", "?kind=B%C3%BCildings%F0%9F%8F%A2",
     "?year=abc", "?year=-1&kind[]=building", "?kind=building%27%20OR%201=1"],
)
def test_unknown_kind_or_year_shows_the_whole_timeline(client, mixed_timeline, query):
    response = client.get("/our-history/" + query)
    assert response.status_code == 200
    assert len(entry_ids(response.content.decode())) == 4


@pytest.mark.django_db
def test_jump_to_latest_links_to_the_last_entry(client, mixed_timeline):
    html = client.get("/our-history/").content.decode()
    assert '<a href="#event-hub">Jump to the latest</a>' in html
    assert 'id="event-hub"' in html


@pytest.mark.django_db
def test_filtered_page_query_count_does_not_grow_with_milestones(client, history_page, django_assert_num_queries):
    for n in range(3):
        MilestonePageFactory(parent=history_page, slug=f"b-{n}", kind="building", lead_photo=CaptionedImageFactory())
    client.get("/our-history/?kind=building")
    baseline = render_count(client, "/our-history/?kind=building")
    for n in range(3, 30):
        MilestonePageFactory(parent=history_page, slug=f"b-{n}", kind="building", lead_photo=CaptionedImageFactory())
    client.get("/our-history/?kind=building")  # renditions for the new photos are made once here
    connection.queries_log.clear()
    with django_assert_num_queries(baseline):
        response = client.get("/our-history/?kind=building")
    assert len(entry_ids(response.content.decode())) == 30


@pytest.mark.django_db
def test_previous_and_next_follow_the_timeline_order(client, history_page):
    # Same dates are ordered by tree path, exactly as on the timeline.
    first = MilestonePageFactory(parent=history_page, slug="first", year=2006, title="First")
    second = MilestonePageFactory(parent=history_page, slug="second", year=2006, title="Second")
    last = MilestonePageFactory(parent=history_page, slug="last", year=2024, title="Last")
    middle = MilestonePageFactory(parent=history_page, slug="middle", year=2015, title="Middle")
    draft = MilestonePageFactory(parent=history_page, slug="draft", year=2020, title="Draft", live=False)

    def around(milestone):
        return tuple(getattr(page, "pk", None) for page in (milestone.previous_milestone, milestone.next_milestone))

    assert around(first) == (None, second.pk)
    assert around(second) == (first.pk, middle.pk)
    assert around(middle) == (second.pk, last.pk)
    assert around(last) == (middle.pk, None)
    assert draft.pk not in around(middle) + around(last)
    # A draft, or a preview that moves a milestone to another date, is placed by its own date.
    assert around(draft) == (middle.pk, last.pk)
    moved = MilestonePage.objects.get(pk=middle.pk)
    moved.date = datetime.date(2030, 1, 1)
    assert around(moved) == (last.pk, None)

    html = client.get("/our-history/middle/").content.decode()
    assert '<a href="/our-history/second/" rel="prev">' in html
    assert '<a href="/our-history/last/" rel="next">' in html
    assert '<a href="/our-history/?entry=event-middle">Back to this milestone on the timeline</a>' in html
    assert 'rel="prev"' not in client.get("/our-history/first/").content.decode()


@pytest.mark.django_db
def test_back_link_finds_the_milestone_on_a_later_page_of_a_long_timeline(client, history_page):
    # 60 milestones, at most 50 a page: the last ten are on page 2.
    for n in range(60):
        MilestonePageFactory(parent=history_page, slug=f"m-{n:02d}", year=2001 + n // 30)
    early = client.get("/our-history/m-03/").content.decode()
    late = client.get("/our-history/m-57/").content.decode()
    # The link does not depend on where the entry is, so the milestone page stays the same when
    # entries before it are added; the timeline leads on to the right page.
    assert '<a href="/our-history/?entry=event-m-03">Back to this milestone on the timeline</a>' in early
    assert '<a href="/our-history/?entry=event-m-57">Back to this milestone on the timeline</a>' in late
    assert client.get("/our-history/?entry=event-m-03")["Location"] == "/our-history/#event-m-03"
    assert client.get("/our-history/?entry=event-m-57")["Location"] == "/our-history/?page=2#event-m-57"
    assert 'id="event-m-57"' in client.get("/our-history/?page=2").content.decode()
