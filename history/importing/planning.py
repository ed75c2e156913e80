"""Planning an import: every row checked against the file and the timeline, nothing saved.

A row whose slug names an existing milestone changes it; a row naming an award
event that its award has (same type, same date) changes that event; rows that
match what is there change nothing. Rows in another language than the history
page's are planned after all the others (history.importing.translations), so
that they may translate a milestone any row of the same file adds.
"""

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _

from history.importing.forms import AwardEventRowForm, RowForm, checked_row, milestone_texts
from history.importing.plan import (
    AWARD_EVENT_FIELDS,
    MILESTONE_FIELDS,
    ImportPlan,
    PlannedAwardEvent,
    PlannedMilestone,
    apply_values,
    first_day,
    first_in_file,
    latest,
    milestone_values,
)
from history.importing.reading import MILESTONE
from history.importing.translations import SourceMilestones, TranslatedTimeline, plan_translated_milestone
from history.models import AwardEvent, AwardPage, MilestonePage
from history.models.base import sub_route_error, sub_route_taken


def plan_import(rows, *, history_page, report, user=None):
    """Check every row; return what would be created. Problems are added to the report, in line order.

    Rows in the history page's own language are checked first, so that a row in another language may
    translate a milestone that an earlier or later row of the same file adds."""
    plan = ImportPlan()
    seen = {}
    source_language = history_page.locale.language_code
    languages = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    translated_rows = []
    for row in rows:
        checked = checked_row(RowForm, row, report, languages=languages, default_language=source_language)
        date_parts, language, entry_type = checked["date"], checked["locale"], checked["type"]
        if language is None or entry_type is None:
            continue
        if language != source_language:
            translated_rows.append((row, date_parts, language))  # a milestone: RowForm allows no other
        elif entry_type == MILESTONE:
            plan_milestone(row, date_parts, history_page, report, plan, seen)
        else:
            plan_award_event(row, date_parts, history_page, report, plan, seen)
    if translated_rows:
        sources = SourceMilestones.read(history_page, plan)
        timelines = {}
        for row, date_parts, language in translated_rows:
            if language not in timelines:
                timelines[language] = TranslatedTimeline.read(history_page, language, user)
            plan_translated_milestone(row, date_parts, timelines[language], sources, report, plan, seen)
        report.problems.sort(key=lambda problem: problem.line or 0)
    return plan


def plan_milestone(row, date_parts, history_page, report, plan, seen):
    headline, summary, kind = milestone_texts(row, report)
    slug = slugify(row.values.get("slug") or headline)[:255]
    plan.source_row_slugs.add(slug)
    if headline and not slug:
        report.add_for(row, "slug", _("the headline gives no web address; add a slug (letters, digits, hyphens)."))
    elif sub_route_taken(history_page, slug):
        report.add_for(row, "slug", str(sub_route_error(slug).message))
        return
    if not date_parts or not headline:
        return
    date = first_day(date_parts)
    language = history_page.locale.language_code
    if not first_in_file(row, report, seen, [("slug", language, slug), ("headline", language, headline.casefold(), date)]):
        return
    # The slug says which milestone a row is: an existing one is changed, not duplicated.
    existing_page = history_page.get_children().filter(slug=slug).specific().first() if slug else None
    if existing_page is not None and not isinstance(existing_page, MilestonePage):
        report.add_for(
            row,
            "slug",
            _("the address “%(slug)s” belongs to a page that is not a milestone; choose another slug.") % {"slug": slug},
        )
        return
    if existing_page is None and MilestonePage.objects.child_of(history_page).filter(title__iexact=headline, date=date).exists():
        report.add_for(
            row,
            "headline",
            _("duplicate: this milestone is already on the timeline for this date. To change it, give its slug."),
        )
        return
    if not (kind and slug):
        return
    values = milestone_values(headline, summary, kind, date_parts)
    if existing_page is None:
        page = MilestonePage(slug=slug, live=False, **values)
        plan.milestones.append(PlannedMilestone(row, page))
        plan.source_rows[slug] = page
        return
    if existing_page.locked:
        report.add_for(row, "slug", _("“%(title)s” is locked in the admin; unlock it first.") % {"title": existing_page.title})
        return
    page = latest(existing_page)
    plan.source_rows[slug] = page
    if apply_values(page, values, MILESTONE_FIELDS):
        page.date = date
        plan.milestones.append(PlannedMilestone(row, page, is_new=False))
    else:
        report.unchanged += 1


def plan_award_event(row, date_parts, history_page, report, plan, seen):
    def find_award(slug):
        if slug not in plan.awards:
            page = AwardPage.objects.child_of(history_page).filter(slug=slug).first()
            if page is None:
                return None
            award = plan.awards[slug] = page.get_latest_revision_as_object()
            award.events = list(award.events.all())  # held in memory: rows below change these very objects
        return plan.awards[slug]

    checked = checked_row(AwardEventRowForm, row, report, find_award=find_award)
    award, event_type = checked["award"], checked["event_type"]
    if not (award and event_type and date_parts):
        return
    year, month, day, precision = date_parts
    date = first_day(date_parts)
    if not first_in_file(row, report, seen, [("date", "award_event", row.values["award"], event_type, date)]):
        return
    values = {
        "year": year,
        "month": month,
        "day": day,
        "date_precision": precision,
        "headline": checked["headline"],
        "score": checked["score"],
        "note": checked["note"],
    }
    # An award has one event of a type on a date: a row naming it changes it.
    existing_event = next((e for e in award.events.all() if e.event_type == event_type and e.date == date), None)
    if existing_event is None:
        event = AwardEvent(event_type=event_type, date=date, **values)
        plan.award_events.append(PlannedAwardEvent(row, award, event))
    elif apply_values(existing_event, values, AWARD_EVENT_FIELDS):
        plan.award_events.append(PlannedAwardEvent(row, award, existing_event, is_new=False))
    else:
        report.unchanged += 1
