"""Site search across milestones, awards and people (Wagtail search).

On PostgreSQL Wagtail's database backend is PostgreSQL full-text search; on the
SQLite demo it is SQLite FTS. Whatever a visitor types is cleaned and cut to
``MAX_QUERY_LENGTH`` first, so a pasted essay or odd Unicode cannot slow the
database down or make it fail.
"""

import unicodedata
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from wagtail.search.backends import get_search_backend

from history.models import AwardPage, MilestoneKind, MilestonePage, Person

MAX_QUERY_LENGTH = 100
# Each kind of result is cut here: a visitor pages through a few dozen hits, not thousands.
MAX_RESULTS_PER_MODEL = 50
RESULTS_PER_PAGE = 10


def clean_query(raw):
    """The query as searched: no control or invisible characters, spaces collapsed, at most 100 characters.

    NUL characters in particular would make PostgreSQL refuse the query.
    """
    if not isinstance(raw, str):
        return ""
    # Look at a bounded prefix only: the rest of a huge query is never searched anyway.
    # Double quotes go too: an unbalanced one is a syntax error for SQLite's full-text search.
    visible = "".join(
        " " if ch == '"' or unicodedata.category(ch)[0] == "C" else ch for ch in raw[: MAX_QUERY_LENGTH * 4]
    )
    return " ".join(visible.split())[:MAX_QUERY_LENGTH].strip()


@dataclass(frozen=True)
class SearchHit:
    """One search result, whatever it came from."""

    title: str
    url: str
    kind_label: str
    summary: str
    score: float
    display_date: str = ""
    iso_date: str = ""
    also: tuple = ()  # (title, url) pairs, e.g. the milestones a person appears in


def _score(obj):
    return float(getattr(obj, "_score", 0) or 0)


def milestone_hits(query, *, request=None):
    results = MilestonePage.objects.live().public().search(query).annotate_score("_score")[:MAX_RESULTS_PER_MODEL]
    return [
        SearchHit(
            title=m.title,
            url=m.get_url(request),
            kind_label=str(m.get_kind_display()),
            summary=m.summary,
            score=_score(m),
            display_date=m.display_date,
            iso_date=m.iso_date,
        )
        for m in results
    ]


def award_hits(query, *, request=None):
    awards = AwardPage.objects.live().public().prefetch_related("events")
    results = awards.search(query).annotate_score("_score")[:MAX_RESULTS_PER_MODEL]
    hits = []
    for award in results:
        first = award.events_in_order[0] if award.events_in_order else None
        hits.append(
            SearchHit(
                title=award.title,
                url=award.get_url(request),
                kind_label=str(MilestoneKind.RECOGNITION.label),
                summary=award.summary,
                score=_score(award),
                display_date=first.display_date if first else "",
                iso_date=first.iso_date if first else "",
            )
        )
    return hits


def person_hits(query, *, request=None):
    milestones = MilestonePage.objects.live().public().order_by("date", "path")
    people = Person.objects.filter(live=True).prefetch_related(Prefetch("milestones", queryset=milestones))
    # Person is a snippet: its manager has no .search(), so ask the backend directly.
    results = get_search_backend().search(query, people).annotate_score("_score")[:MAX_RESULTS_PER_MODEL]
    hits = []
    for person in results:
        appears_in = list(person.milestones.all())
        first = appears_in[0] if appears_in else None
        hits.append(
            SearchHit(
                title=person.name,
                url=first.get_url(request) if first else "",
                kind_label=str(_("Person")),
                summary=person.role,
                score=_score(person),
                display_date=first.display_date if first else "",
                iso_date=first.iso_date if first else "",
                also=tuple((m.title, m.get_url(request)) for m in appears_in),
            )
        )
    return hits


def search_history(query, *, request=None):
    """Milestones, awards and people matching ``query``, best first; a constant number of queries."""
    query = clean_query(query)
    if not query:
        return []
    hits = milestone_hits(query, request=request) + award_hits(query, request=request) + person_hits(query, request=request)
    return sorted(hits, key=lambda hit: -hit.score)
