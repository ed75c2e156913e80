"""Milestone rows in another language than the history page's: translations, kept by wagtail-localize.

Such a row is the translation of a milestone of the history page, named by
``translation_key`` or by ``source_slug`` (that milestone's slug, on the
timeline or on a row of the same file), and goes under the history page's
translation in that language. Its ``slug`` is its own address; its date and
kind are its source's (wagtail-localize keeps them in step), so a row may only
repeat them.
"""

import uuid
from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.models import Locale

from history.importing.forms import milestone_texts
from history.importing.plan import (
    TRANSLATED_MILESTONE_FIELDS,
    ImportPlan,
    PlannedTranslation,
    apply_values,
    first_day,
    first_in_file,
    iso_date,
    latest,
    milestone_values,
)
from history.importing.report import language_name
from history.models import HistoryIndexPage, MilestonePage
from history.models.base import sub_route_error, sub_route_taken


@dataclass
class TranslatedTimeline:
    """The history page's translation into one other language and the pages under it, read once for
    that language's rows; ``problem`` when its rows cannot be imported at all (reported on the first)."""

    locale: Locale | None
    index: HistoryIndexPage | None
    children_by_slug: dict = field(default_factory=dict)  # slug → page under the translated history page
    milestones_by_key: dict = field(default_factory=dict)  # translation key → milestone under it
    elsewhere: set = field(default_factory=set)  # translation keys of this language's pages in other places
    problem: str = ""
    problem_reported: bool = False

    @classmethod
    def read(cls, history_page, language, user):
        locale = Locale.objects.filter(language_code=language).first()
        index = history_page.get_translation_or_none(locale) if locale else None
        timeline = cls(locale, index)
        if index is None:
            timeline.problem = _(
                "there is no version of “%(page)s” in %(language)s yet: translate that page in the admin first."
            ) % {"language": language_name(language), "page": history_page.title}
            return timeline
        if user is not None and not index.permissions_for_user(user).can_add_subpage():
            timeline.problem = _("you may not add pages under “%(page)s”.") % {"page": index.title}
            return timeline
        for page in index.get_children().specific():
            timeline.children_by_slug[page.slug] = page
            if isinstance(page, MilestonePage):
                timeline.milestones_by_key[page.translation_key] = page
        timeline.elsewhere = set(
            MilestonePage.objects.filter(locale=locale)
            .exclude(pk__in=[page.pk for page in timeline.milestones_by_key.values()])
            .values_list("translation_key", flat=True)
        )
        return timeline


@dataclass
class SourceMilestones:
    """The history page's own milestones, to find the one a row in another language translates."""

    history_page: HistoryIndexPage
    plan: ImportPlan
    by_slug: dict = field(default_factory=dict)  # slug → milestone on the timeline
    slug_by_key: dict = field(default_factory=dict)  # translation key → slug

    @classmethod
    def read(cls, history_page, plan):
        sources = cls(history_page, plan)
        for page in MilestonePage.objects.child_of(history_page):
            sources.by_slug[page.slug] = page
            sources.slug_by_key[page.translation_key] = page.slug
        return sources

    def get(self, slug):
        """The milestone with this slug as it is after the import: its row's version, else its latest draft."""
        if slug in self.plan.source_rows:
            return self.plan.source_rows[slug]
        page = self.by_slug.get(slug)
        return latest(page) if page is not None else None


def find_source(row, report, sources, timeline):
    """(found, English milestone or None, its existing translation or None) for a milestone row in another
    language: linked by ``translation_key`` when it names a milestone here, else by ``source_slug``."""
    source_language = language_name(sources.history_page.locale.language_code)
    key_text = row.values.get("translation_key", "")
    source_slug = row.values.get("source_slug", "")
    key = None
    if key_text:
        try:
            key = uuid.UUID(key_text)
        except ValueError:
            report.add(
                row.number,
                "translation_key",
                _("“%(value)s” is not a translation key; they look like %(example)s.")
                % {"value": key_text, "example": "1bf38407-402c-4859-a555-efe348b728a5"},
                row.unit,
            )
            return False, None, None
    source = None
    if key is not None and key in sources.slug_by_key:
        source = sources.get(sources.slug_by_key[key])
        if source_slug and source_slug != source.slug:
            report.add(
                row.number,
                "source_slug",
                _("the translation key is that of the milestone “%(slug)s”, not “%(source_slug)s”; correct one of them.")
                % {"slug": source.slug, "source_slug": source_slug},
                row.unit,
            )
            return False, None, None
    elif source_slug:
        source = sources.get(source_slug)
        if source is None:
            if source_slug not in sources.plan.source_row_slugs:  # else that row's own problem says why
                report.add(
                    row.number,
                    "source_slug",
                    _("no milestone in %(language)s has the address “%(slug)s”, on the timeline or in this file.")
                    % {"language": source_language, "slug": source_slug},
                    row.unit,
                )
            return False, None, None
    if source is not None:
        translation = timeline.milestones_by_key.get(source.translation_key)
        if translation is None and source.translation_key in timeline.elsewhere:
            report.add(
                row.number,
                "locale",
                _("the version of “%(title)s” in %(language)s is not under “%(page)s”; move it there in the admin first.")
                % {"language": language_name(timeline.locale.language_code), "title": source.title,
                   "page": timeline.index.title},
                row.unit,
            )
            return False, None, None
        return True, source, translation
    if key is not None and key in timeline.milestones_by_key:
        return True, None, timeline.milestones_by_key[key]  # a milestone only in this language
    if key is not None:
        report.add(
            row.number,
            "translation_key",
            _("no milestone here has this translation key; give source_slug, the address of the milestone in "
              "%(language)s that this row translates.")
            % {"language": source_language},
            row.unit,
        )
    else:
        report.add(
            row.number,
            "source_slug",
            _("this is required: the address (slug) of the milestone in %(language)s that this row translates.")
            % {"language": source_language},
            row.unit,
        )
    return False, None, None


def plan_translated_milestone(row, date_parts, timeline, sources, report, plan, seen):
    """A milestone row in another language: a new translation of its English milestone, or a change to
    the translation there is. Checked like an English row; its date and kind must be the English ones."""
    if timeline.problem:
        if not timeline.problem_reported:
            report.add(row.number, "locale", timeline.problem, row.unit)
            timeline.problem_reported = True
        return
    headline, summary, kind = milestone_texts(row, report)
    found, source, translation = find_source(row, report, sources, timeline)
    if not found:
        return
    current = latest(translation) if translation is not None else None
    slug = slugify(row.values.get("slug") or (current.slug if current else headline))[:255]
    holder = timeline.children_by_slug.get(slug)
    if headline and not slug:
        report.add(row.number, "slug", _("the headline gives no web address; add a slug (letters, digits, hyphens)."), row.unit)
        return
    if sub_route_taken(timeline.index, slug):
        report.add(row.number, "slug", str(sub_route_error(slug).message), row.unit)
        return
    if holder is not None and (translation is None or holder.pk != translation.pk):
        if isinstance(holder, MilestonePage):
            message = _("the address “%(slug)s” belongs to another milestone, “%(title)s”; choose another slug.")
        else:
            message = _("the address “%(slug)s” belongs to a page that is not a milestone; choose another slug.")
        report.add(row.number, "slug", message % {"slug": slug, "title": holder.title}, row.unit)
        return
    if not date_parts or not headline:
        return
    year, month, day, precision = date_parts
    date = first_day(date_parts)
    if source is not None:
        # wagtail-localize keeps a translation's date and kind those of its source: a row may repeat the
        # English ones, or the translation's own until it is next synced, but not set others.
        dates = {(page.year, page.month, page.day, page.date_precision) for page in (source, current) if page}
        if (year, month, day, precision) not in dates:
            report.add(
                row.number,
                "date",
                _("a translation has the date of the milestone it translates (%(date)s); change that milestone's "
                  "date instead.")
                % {"date": iso_date(source)},
                row.unit,
            )
            return
        if kind and kind not in {page.kind for page in (source, current) if page}:
            report.add(
                row.number,
                "kind",
                _("a translation has the kind of the milestone it translates (%(kind)s); change that milestone's "
                  "kind instead.")
                % {"kind": source.kind},
                row.unit,
            )
            return
    language_code = timeline.locale.language_code
    link_column = "source_slug" if row.values.get("source_slug") else "translation_key"
    duplicate_keys = [
        ("slug", language_code, slug),
        ("headline", language_code, headline.casefold(), date),
        (link_column, language_code, (source or translation).translation_key),
    ]
    if not first_in_file(row, report, seen, duplicate_keys):
        return
    if not kind:
        return
    values = {"slug": slug, **milestone_values(headline, summary, kind, date_parts)}
    if translation is None:
        page = MilestonePage(live=False, locale=timeline.locale, translation_key=source.translation_key, **values)
        plan.translations.append(PlannedTranslation(row, page, timeline.locale, source, values))
        return
    if translation.locked:
        report.add(
            row.number,
            "slug",
            _("“%(title)s” is locked in the admin; unlock it first.") % {"title": translation.title},
            row.unit,
        )
        return
    if translation.alias_of_id:
        report.add(
            row.number,
            "slug",
            _("“%(title)s” is an alias of another page, not a translation; translate it in the admin first.")
            % {"title": translation.title},
            row.unit,
        )
        return
    if apply_values(current, values, TRANSLATED_MILESTONE_FIELDS):
        current.date = date
        plan.translations.append(PlannedTranslation(row, current, timeline.locale, source, values, is_new=False))
    else:
        report.unchanged += 1
