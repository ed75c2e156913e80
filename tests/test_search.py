"""Search across milestones, awards and people: dated, kinded, paginated, and never a 500."""

import re

from django.db import connection

import pytest

from history.factories import AwardEventFactory, AwardPageFactory, MilestonePageFactory, PersonFactory
from history.search import MAX_QUERY_LENGTH, clean_query
from tests.queries import render_count


def result_titles(html):
    return re.findall(r'<h3 class="search-result__title">(?:<a href="[^"]*">)?([^<]+)', html)


@pytest.fixture
def searchable(history_page):
    founder = PersonFactory(name="Kaare Norum", role="Former Principal of the University of Oslo")
    founder.save_revision().publish()
    founding = MilestonePageFactory(parent=history_page, slug="founded", title="The cluster is founded", year=2006,
                                    kind="founding", summary="Norum and Einarsson start the cluster.")
    founding.people.set([founder])
    founding.save_revision().publish()
    MilestonePageFactory(parent=history_page, slug="park", title="The Innovation Park opens", year=2015, month=5,
                         date_precision="month", kind="building", summary="A building at Montebello.")
    award = AwardPageFactory(parent=history_page, slug="gold-label", title="Gold Label certificate",
                             summary="The highest recognition for a cluster.")
    AwardEventFactory(award=award, year=2019, month=12)
    return history_page


@pytest.mark.django_db
def test_finds_milestones_with_date_and_kind(client, searchable):
    html = client.get("/search/?q=innovation").content.decode()
    assert result_titles(html) == ["The Innovation Park opens"]
    assert '<time datetime="2015-05">May 2015</time>' in html
    assert '<span class="entry__kind">Buildings</span>' in html
    assert "1 result for “innovation”" in html


@pytest.mark.django_db
def test_finds_awards_with_their_first_date(client, searchable):
    html = client.get("/search/?q=gold").content.decode()
    assert result_titles(html) == ["Gold Label certificate"]
    assert '<time datetime="2019-12">December 2019</time>' in html
    assert "Awards and recognition" in html


@pytest.mark.django_db
def test_finds_people_and_where_they_appear(client, searchable):
    html = client.get("/search/?q=Norum").content.decode()
    assert "Kaare Norum" in result_titles(html)
    assert '<span class="entry__kind">Person</span>' in html
    assert 'Appears in:\n                <a href="/our-history/founded/">The cluster is founded</a>' in html


@pytest.mark.django_db
def test_drafts_are_not_found(client, history_page):
    MilestonePageFactory(parent=history_page, slug="secret", title="Secret zeppelin plan", live=False)
    assert result_titles(client.get("/search/?q=zeppelin").content.decode()) == []


@pytest.mark.django_db
def test_results_are_paginated(client, history_page):
    for n in range(23):
        MilestonePageFactory(parent=history_page, slug=f"harbour-{n}", title=f"Harbour event {n}")
    first = client.get("/search/?q=harbour").content.decode()
    assert len(result_titles(first)) == 10
    assert "Page 1 of 3" in first
    assert 'href="?q=harbour&amp;page=2" rel="next"' in first
    last = client.get("/search/?q=harbour&page=3").content.decode()
    assert len(result_titles(last)) == 3
    assert '<ol class="search-results" start="21">' in last
    # Page numbers a visitor can type: nonsense gives the first page, too large the last.
    assert "Page 1 of 3" in client.get("/search/?q=harbour&page=abc").content.decode()
    assert "Page 3 of 3" in client.get("/search/?q=harbour&page=999").content.decode()


@pytest.mark.django_db
def test_search_query_count_does_not_grow_with_results(client, history_page, django_assert_num_queries):
    people = [PersonFactory(name=f"Harbour Person {n}") for n in range(2)]
    for person in people:
        person.save_revision().publish()
    for n in range(3):
        milestone = MilestonePageFactory(parent=history_page, slug=f"harbour-{n}", title=f"Harbour event {n}")
        milestone.people.set(people)
        milestone.save()
    AwardPageFactory(parent=history_page, slug="harbour-award", title="Harbour award")
    client.get("/search/?q=harbour")
    baseline = render_count(client, "/search/?q=harbour")
    for n in range(3, 30):
        MilestonePageFactory(parent=history_page, slug=f"harbour-{n}", title=f"Harbour event {n}")
    for n in range(5):
        AwardPageFactory(parent=history_page, slug=f"harbour-award-{n}", title=f"Harbour award {n}")
    for n in range(5):
        PersonFactory(name=f"Harbour Newcomer {n}").save_revision().publish()
    client.get("/search/?q=harbour")  # publishing people purged the cached menu: measure warm, as the baseline was
    connection.queries_log.clear()
    with django_assert_num_queries(baseline):
        response = client.get("/search/?q=harbour")
    assert "43 results" in response.content.decode()  # 30 milestones, 6 awards, 7 people


HOSTILE_QUERIES = [
    "a" * 10_000,
    "gold " * 2_000,
    "\x00",
    "gold\x00label",
    "🧬🏥✨",
    "‏שלום עולם‎",  # right-to-left with direction marks
    "e\u0301\u0301\u0301\u0301",  # stacked combining accents
    "\u200b\u200d\ufeff",  # invisible characters only
    "Ｇｏｌｄ",  # full-width letters
    "' OR 1=1 --",
    "&|!():*<>\\",
    '"unterminated',
    "NOT AND OR",
    "\ud800",  # a lone surrogate, as some clients send
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_odd_queries_never_fail(client, searchable, query):
    response = client.get("/search/", {"q": query.encode("utf-8", "surrogatepass")})
    assert response.status_code == 200
    searched = re.search(r'id="search-query" name="q" value="([^"]*)"', response.content.decode()).group(1)
    assert len(searched) <= MAX_QUERY_LENGTH


@pytest.mark.django_db
def test_long_query_is_cut_and_the_visitor_told(client, searchable):
    html = client.get("/search/", {"q": "gold " + "x" * 10_000}).content.decode()
    assert "Your search was shortened to its first 100 characters." in html


@pytest.mark.django_db
def test_invalid_utf8_in_the_address_is_not_a_500(client, searchable):
    assert client.get("/search/?q=%ED%A0%80%FF%FE").status_code == 200
    assert client.get("/search/?q=gold&q=other").status_code == 200


def test_clean_query_drops_control_and_invisible_characters():
    assert clean_query("  gold\x00\u200blabel \n\t 2019 ") == "gold label 2019"
    assert clean_query("x" * 500) == "x" * MAX_QUERY_LENGTH
    assert clean_query(None) == ""


@pytest.mark.django_db
def test_empty_search_shows_the_form_only(client, searchable):
    html = client.get("/search/").content.decode()
    assert '<label for="search-query">' in html
    assert "results-heading" not in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.django_db
def test_words_only_in_an_unpublished_draft_are_not_found(client, history_page):
    milestone = MilestonePageFactory(parent=history_page, slug="edited", title="Original headline")
    milestone.title = "Unapproved zeppelin headline"
    milestone.save_revision()
    assert result_titles(client.get("/search/?q=zeppelin").content.decode()) == []
    assert result_titles(client.get("/search/?q=original").content.decode()) == ["Original headline"]
