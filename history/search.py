"""Site search across milestones, awards and people, in the language of the page it is asked from.

A search from an English page finds English pages, one from a Norwegian page
Norwegian pages, each with the rules of its language: on PostgreSQL, English pages
through Wagtail's search index (PostgreSQL full-text search with the ``english``
configuration), Norwegian pages with PostgreSQL's ``norwegian`` configuration, so
"bygning" finds "bygningen". (Wagtail's database backend keeps one index with one
configuration, so the second language is searched from the pages' own columns:
fine for a history of hundreds of pages.) On the SQLite demo both go through
Wagtail's SQLite FTS index. Whatever a visitor types is cleaned and cut to
``MAX_QUERY_LENGTH`` first, so a pasted essay or odd Unicode cannot slow the
database down or make it fail.
"""

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Prefetch
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from core.translated_fields import active_language
from core.view_restrictions import public_pages
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


# The PostgreSQL text-search configuration of each language the site is written in.
TEXT_SEARCH_CONFIGS = {"en": "english", "nb": "norwegian"}


def _score(obj):
    return float(getattr(obj, "_score", 0) or 0)


class LanguageSearch:
    """Finds objects matching one query in one language: Wagtail's index for the default
    language (and everywhere on SQLite), PostgreSQL's configuration of the language otherwise."""

    def __init__(self, query, language):
        self.query = query
        self.language = language
        self.uses_index = language == settings.LANGUAGE_CODE or connection.vendor != "postgresql"

    def __call__(self, queryset, fields):
        """``queryset`` matching the query, best first, at most MAX_RESULTS_PER_MODEL, each with ``_score``.
        ``fields``: the columns searched outside the index, most important first."""
        if self.uses_index:
            results = get_search_backend().search(self.query, queryset).annotate_score("_score")
            return list(results[:MAX_RESULTS_PER_MODEL])
        config = TEXT_SEARCH_CONFIGS.get(self.language, "simple")
        vector = SearchVector(fields[0], config=config, weight="A")
        for field in fields[1:]:
            vector += SearchVector(field, config=config, weight="B")
        query = SearchQuery(self.query, config=config, search_type="websearch")
        return list(
            queryset.annotate(_score=SearchRank(vector, query))
            .filter(_score__gt=0)
            .order_by(F("_score").desc())[:MAX_RESULTS_PER_MODEL]
        )


def milestone_hits(search, locale, *, request=None):
    milestones = public_pages(MilestonePage.objects.live(), searched=True).filter(locale=locale)
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
        for m in search(milestones, ["title", "summary"])
    ]


def award_hits(search, locale, *, request=None):
    awards = public_pages(AwardPage.objects.live(), searched=True).filter(locale=locale).prefetch_related("events")
    hits = []
    for award in search(awards, ["title", "summary", "awarding_body"]):
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


def person_hits(search, locale, *, request=None):
    milestones = public_pages(MilestonePage.objects.live()).filter(locale=locale).order_by("date", "path")
    people = Person.objects.filter(live=True).prefetch_related(Prefetch("milestones", queryset=milestones))
    role = "role" if search.language == settings.LANGUAGE_CODE else f"role_{search.language}"
    hits = []
    for person in search(people, ["name", role]):
        appears_in = list(person.milestones.all())
        first = appears_in[0] if appears_in else None
        hits.append(
            SearchHit(
                title=person.name,
                url=first.get_url(request) if first else "",
                kind_label=str(_("Person")),
                summary=person.role_text.text,
                score=_score(person),
                display_date=first.display_date if first else "",
                iso_date=first.iso_date if first else "",
                also=tuple((m.title, m.get_url(request)) for m in appears_in),
            )
        )
    return hits


def search_history(query, *, request=None):
    """Milestones, awards and people of the active language matching ``query``, best first; a constant
    number of queries."""
    query = clean_query(query)
    if not query:
        return []
    locale = Locale.objects.filter(language_code=active_language()).first() or Locale.get_default()
    search = LanguageSearch(query, locale.language_code)
    hits = [
        *milestone_hits(search, locale, request=request),
        *award_hits(search, locale, request=request),
        *person_hits(search, locale, request=request),
    ]
    return sorted(hits, key=lambda hit: -hit.score)
