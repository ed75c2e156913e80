"""A long timeline is split into pages of at most 50 entries, however the entries fall across years."""

import re

import pytest

from history.factories import HistoryIndexPageFactory, MilestonePageFactory
from history.models import HistoryIndexPage, MilestonePage
from tests.conftest import new_site_root
from tests.snapshots import Recording


def entry_ids(html):
    return re.findall(r'<li class="entry entry--[a-z]+" id="([^"]+)"', html)


@pytest.fixture(scope="module")
def crowded_year_recording(django_db_setup, django_db_blocker):
    """One milestone in 2014, 120 in 2015 and one in 2016: 122 entries, three pages. Built once for
    the module (tests/snapshots.py); each test gets its own copy."""

    def build():
        history_page = HistoryIndexPageFactory(parent=new_site_root())
        MilestonePageFactory(parent=history_page, slug="before", year=2014)
        for n in range(120):
            MilestonePageFactory(parent=history_page, slug=f"m-{n:03d}", year=2015, title=f"Event {n}")
        MilestonePageFactory(parent=history_page, slug="after", year=2016)
        return history_page.pk

    with django_db_blocker.unblock():
        return Recording.of(build)


@pytest.fixture
def crowded_year(db, crowded_year_recording):
    return HistoryIndexPage.objects.get(pk=crowded_year_recording.replay())


@pytest.mark.django_db
def test_a_year_with_more_entries_than_a_page_spans_pages_and_says_continued(client, crowded_year):
    pages = [client.get(f"/our-history/?page={n}").content.decode() for n in (1, 2, 3)]
    assert [len(entry_ids(html)) for html in pages] == [50, 50, 22]
    assert sum((entry_ids(html) for html in pages), []) == [
        "event-before", *[f"event-m-{n:03d}" for n in range(120)], "event-after"
    ]
    assert "2015 (continued)" not in pages[0]
    assert '<h2 class="timeline__year-heading">2015 (continued)</h2>' in pages[1]
    assert '<h2 class="timeline__year-heading">2015 (continued)</h2>' in pages[2]
    assert '<h2 class="timeline__year-heading">2016</h2>' in pages[2]


@pytest.mark.django_db
def test_year_navigation_leads_to_each_years_first_page(client, crowded_year):
    third = client.get("/our-history/?page=3").content.decode()
    assert 'href="/our-history/#year-2014"' in third
    assert 'href="/our-history/#year-2015"' in third  # 2015 begins on page 1, though it ends here
    assert 'href="#year-2016"' in third
    assert '<a href="#event-after">Jump to the latest</a>' in third
    first = client.get("/our-history/").content.decode()
    assert '<a href="?page=3#event-after">Jump to the latest</a>' in first


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "abc", "0", "-4", "99", "2.5", "1e9"])
def test_any_page_parameter_gives_an_existing_page(client, crowded_year, value):
    response = client.get(f"/our-history/?page={value}")
    assert response.status_code == 200
    assert len(entry_ids(response.content.decode())) in (50, 22)


@pytest.mark.django_db
def test_filters_paginate_too(client, crowded_year):
    MilestonePage.objects.filter(slug__in=[f"m-{n:03d}" for n in range(0, 120, 2)]).update(kind="building")
    first = client.get("/our-history/?kind=building").content.decode()
    second = client.get("/our-history/?kind=building&page=2").content.decode()
    assert [len(entry_ids(first)), len(entry_ids(second))] == [50, 10]
    assert 'href="?kind=building&amp;page=2" rel="next"' in first
    assert 'href="?kind=building" rel="prev"' in second


@pytest.mark.django_db
def test_an_entry_link_leads_to_the_page_that_holds_it(client, crowded_year):
    response = client.get("/our-history/?entry=event-m-070")
    assert response.status_code == 302
    assert response["Location"] == "/our-history/?page=2#event-m-070"
    assert "no-cache" in response["Cache-Control"]
    assert client.get("/our-history/?entry=event-before")["Location"] == "/our-history/#event-before"
    # An entry that is not (or no longer) on the timeline leads to the timeline itself.
    assert client.get("/our-history/?entry=event-gone")["Location"] == "/our-history/"
    assert 'id="event-m-070"' in client.get("/our-history/?page=2").content.decode()


@pytest.mark.django_db
def test_later_pages_are_their_own_canonical_address_and_filtered_views_point_to_the_timeline(client, crowded_year):
    assert '<link rel="canonical" href="http://testserver/our-history/?page=2">' in client.get(
        "/our-history/?page=2&utm_source=x"
    ).content.decode()
    assert '<link rel="canonical" href="http://testserver/our-history/">' in client.get("/our-history/").content.decode()
    MilestonePage.objects.filter(slug="after").update(kind="building")
    assert '<link rel="canonical" href="http://testserver/our-history/">' in client.get(
        "/our-history/?kind=building"
    ).content.decode()
