"""Dates that are only as precise as what is known: "2006", "May 2015", "12 April 2023"."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    YEAR = "year", _("Year only (e.g. 2006)")
    MONTH = "month", _("Month and year (e.g. May 2015)")
    DAY = "day", _("Exact day (e.g. 12 April 2023)")


class MonthChoices(models.IntegerChoices):
    JANUARY = 1, _("January")
    FEBRUARY = 2, _("February")
    MARCH = 3, _("March")
    APRIL = 4, _("April")
    MAY = 5, _("May")
    JUNE = 6, _("June")
    JULY = 7, _("July")
    AUGUST = 8, _("August")
    SEPTEMBER = 9, _("September")
    OCTOBER = 10, _("October")
    NOVEMBER = 11, _("November")
    DECEMBER = 12, _("December")


def validate_precise_date(*, year, month, day, precision):
    """Check that the parts given match the precision; return the sort date.

    Raises a ValidationError keyed by field name so the admin shows the message
    on the field the editor has to fix.
    """
    errors = {}
    if year is None:
        errors["year"] = _("Enter the year.")
    if precision == DatePrecision.YEAR:
        if month:
            errors["month"] = _("Leave the month empty when the precision is “year only”, or choose a finer precision.")
        if day:
            errors["day"] = _("Leave the day empty when the precision is “year only”, or choose “exact day”.")
    elif precision == DatePrecision.MONTH:
        if not month:
            errors["month"] = _("Choose the month, or set the precision to “year only”.")
        if day:
            errors["day"] = _("Leave the day empty when the precision is “month and year”, or choose “exact day”.")
    elif precision == DatePrecision.DAY:
        if not month:
            errors["month"] = _("Choose the month for an exact day.")
        if not day:
            errors["day"] = _("Enter the day, or choose a coarser precision.")
    if errors:
        raise ValidationError(errors)
    try:
        return datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise ValidationError(
            {"day": _("%(month)s %(year)s has no day %(day)s.") % {"month": MonthChoices(month).label, "year": year, "day": day}}
        ) from None


class PreciseDatePresentation:
    """How a date known to a year, a month or a day is shown, for anything with a ``date`` and a
    ``date_precision``: saved milestones and award events, and the timeline's entries."""

    @property
    def display_date(self):
        return format_precise_date(self.date, self.date_precision)

    @property
    def iso_date(self):
        return iso_precise_date(self.date, self.date_precision)


class PreciseDateMixin(PreciseDatePresentation, models.Model):
    """A date known to a year, a month or a day.

    ``date`` is derived from the parts on save (the first day of the period) and
    is what the timeline sorts and filters on.
    """

    year = models.PositiveSmallIntegerField(
        _("year"),
        help_text=_("The year it happened, for example 2015."),
    )
    month = models.PositiveSmallIntegerField(
        _("month"),
        choices=MonthChoices.choices,
        null=True,
        blank=True,
        help_text=_("Leave empty if only the year is known."),
    )
    day = models.PositiveSmallIntegerField(
        _("day"),
        null=True,
        blank=True,
        help_text=_("Day of the month. Leave empty unless the exact day is known."),
    )
    date_precision = models.CharField(
        _("how precise is the date?"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.YEAR,
        help_text=_("Decides how the date is shown: “2006”, “May 2015” or “12 April 2023”."),
    )
    date = models.DateField(_("sort date"), editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Derived here too so code paths that skip full_clean() keep it right.
        self.date = datetime.date(self.year, self.month or 1, self.day or 1)
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.date = validate_precise_date(
            year=self.year, month=self.month, day=self.day, precision=self.date_precision
        )


def format_precise_date(date, precision):
    """Human date at the given precision, as the active language writes it (occ_site/formats)."""
    if precision == DatePrecision.DAY:
        return formats.date_format(date, "DATE_FORMAT")
    if precision == DatePrecision.MONTH:
        return formats.date_format(date, "YEAR_MONTH_FORMAT")
    return str(date.year)


def iso_precise_date(date, precision):
    """Value for <time datetime="...">: 2006, 2015-05 or 2023-04-12."""
    if precision == DatePrecision.DAY:
        return date.isoformat()
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return f"{date.year:04d}"
