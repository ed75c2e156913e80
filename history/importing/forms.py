"""One Django form per kind of row: the checks of each cell, with the messages the report shows.

``RowForm`` checks what every row has (its date, language and type);
``MilestoneRowForm`` and ``AwardEventRowForm`` check the cells of their kind.
Each error becomes a problem on the row's line, under its column
(``ImportReport.add_form_errors``). What the forms cannot know (another row of
the file, the pages on the timeline) is checked when the import is planned
(history.importing.planning).
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from history.dates import DatePrecision, validate_precise_date
from history.importing.reading import AWARD_EVENT, MILESTONE
from history.importing.report import language_name
from history.models import AwardEventType, MilestoneKind

DATE_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")
HEADLINE_MAX_LENGTH = 255
SUMMARY_MAX_LENGTH = 600
REQUIRED = {"required": gettext_lazy("this is required.")}


def parse_precise_date(value):
    """“2006”, “2015-05” or “2023-04-12” → (year, month, day, precision); ValidationError otherwise."""
    match = DATE_PATTERN.match(value)
    if not match:
        raise ValidationError(
            _("“%(value)s” is not a date. Write the year (2006), year and month (2015-05) or the day (2023-04-12).")
            % {"value": value}
        )
    year = int(match["year"])
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    if month is not None and not 1 <= month <= 12:
        raise ValidationError(_("“%(value)s” has no month %(month)s.") % {"value": value, "month": month})
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    try:
        validate_precise_date(year=year, month=month, day=day, precision=precision)
    except ValidationError as exc:
        raise ValidationError(" ".join(message for messages in exc.message_dict.values() for message in messages)) from None
    return year, month, day, precision


class PreciseDateField(forms.CharField):
    """A date written at the precision that is known → (year, month, day, precision)."""

    default_error_messages = REQUIRED

    def to_python(self, value):
        value = super().to_python(value)
        return parse_precise_date(value) if value else None


class TextCell(forms.CharField):
    """Text of at most ``limit`` characters; the message says how long the cell is."""

    default_error_messages = REQUIRED

    def __init__(self, *, limit, **kwargs):
        super().__init__(**kwargs)
        self.limit = limit

    def validate(self, value):
        super().validate(value)
        if len(value) > self.limit:
            raise ValidationError(
                _("%(length)s characters; at most %(max)s are allowed.") % {"length": len(value), "max": self.limit}
            )


class NamedChoiceField(forms.CharField):
    """One of ``choices``, written as its value or its label, in any case."""

    default_error_messages = REQUIRED

    def __init__(self, *, choices, what, **kwargs):
        super().__init__(**kwargs)
        self.choices, self.what = choices, what

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return ""
        allowed = {str(choice.value): choice.value for choice in self.choices}
        allowed.update({str(choice.label).lower(): choice.value for choice in self.choices})
        if value.lower() in allowed:
            return allowed[value.lower()]
        raise ValidationError(
            _("unknown %(what)s “%(value)s”. Use one of: %(choices)s.")
            % {"what": self.what, "value": value, "choices": ", ".join(str(choice.value) for choice in self.choices)}
        )


class RowTypeField(forms.CharField):
    default_error_messages = {"required": gettext_lazy("this is required: “milestone” or “award_event”.")}

    def to_python(self, value):
        value = super().to_python(value)
        entry_type = value.lower().replace(" ", "_")
        if value and entry_type not in (MILESTONE, AWARD_EVENT):
            raise ValidationError(_("unknown type “%(value)s”. Use “milestone” or “award_event”.") % {"value": value})
        return entry_type


class LanguageField(forms.CharField):
    """A content language's code; empty means ``default``, the history page's language."""

    def __init__(self, *, languages, default, **kwargs):
        super().__init__(required=False, **kwargs)
        self.languages, self.default = languages, default

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return self.default
        if value.lower() in self.languages:
            return value.lower()
        raise ValidationError(
            _("unknown %(what)s “%(value)s”. Use one of: %(choices)s.")
            % {"what": _("language"), "value": value, "choices": ", ".join(self.languages)}
        )


class ScoreField(forms.CharField):
    """A score out of 100, as “94”, “94%” or “94,5”; empty is no score."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            score = Decimal(value.rstrip("%").strip().replace(",", "."))
        except InvalidOperation:
            score = None
        if score is None or not score.is_finite():
            raise ValidationError(_("“%(value)s” is not a number.") % {"value": value})
        if not 0 <= score <= 100:
            raise ValidationError(_("a score must be between 0 and 100."))
        return score


class RowForm(forms.Form):
    """What every row has: a date, a language and a type. Award events are imported in the history
    page's language only (their translations follow their award's)."""

    date = PreciseDateField()
    locale = forms.CharField(required=False)  # replaced per file: the site's content languages
    type = RowTypeField()

    def __init__(self, data, *, languages, default_language):
        super().__init__(data)
        self.default_language = default_language
        self.fields["locale"] = LanguageField(languages=languages, default=default_language)

    def clean(self):
        cleaned = super().clean()
        language = cleaned.get("locale")
        if cleaned.get("type") == AWARD_EVENT and language is not None and language != self.default_language:
            self.add_error(
                "locale",
                _("award events are imported in %(language)s only; their translations are made with their "
                  "award's, in the admin.")
                % {"language": language_name(self.default_language)},
            )
        return cleaned


class MilestoneRowForm(forms.Form):
    headline = TextCell(limit=HEADLINE_MAX_LENGTH)
    summary = TextCell(limit=SUMMARY_MAX_LENGTH)
    kind = NamedChoiceField(choices=MilestoneKind, what=gettext_lazy("kind"))


class AwardEventRowForm(forms.Form):
    """An award event's cells; ``find_award(slug)`` gives the award it belongs to, or None."""

    award = forms.CharField(
        error_messages={"required": gettext_lazy("this is required: the web address (slug) of the award page.")}
    )
    event_type = NamedChoiceField(choices=AwardEventType, what=gettext_lazy("event type"))
    headline = TextCell(limit=HEADLINE_MAX_LENGTH, required=False)
    note = TextCell(limit=SUMMARY_MAX_LENGTH, required=False)
    score = ScoreField(required=False)

    def __init__(self, data, *, find_award):
        super().__init__(data)
        self.find_award = find_award

    def clean_award(self):
        slug = self.cleaned_data["award"]
        award = self.find_award(slug)
        if award is None:
            raise ValidationError(
                _("no award page with the address “%(slug)s”; create the award first.") % {"slug": slug}
            )
        return award


def checked_row(form_class, row, report, **kwargs):
    """The row's cells as its form cleaned them; problems go to the report.

    A cell that is wrong reads as None, except text, which keeps what the row says
    so that the checks after the form still see it (a duplicate headline, say);
    text that no database query may carry (a null character) reads as empty.
    """
    form = form_class(row.values, **kwargs)
    report.add_form_errors(row, form)
    values = {}
    for name, form_field in form.fields.items():
        if name in form.cleaned_data:
            values[name] = form.cleaned_data[name]
        elif isinstance(form_field, TextCell):
            text = row.values.get(name, "")
            values[name] = "" if "\x00" in text else text
        else:
            values[name] = None
    return values


def milestone_texts(row, report):
    """A milestone row's headline, summary and kind, each checked (problems go to the report)."""
    values = checked_row(MilestoneRowForm, row, report)
    return values["headline"], values["summary"], values["kind"]
