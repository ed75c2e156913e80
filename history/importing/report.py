"""What an import found: its problems, each where it is, and what it would change."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The content languages' names as the messages use them: “in English”, “på engelsk”.
LANGUAGE_NAMES = {"en": gettext_lazy("English"), "nb": gettext_lazy("Norwegian")}


def language_name(code):
    return str(LANGUAGE_NAMES.get(code, code))


@dataclass
class Row:
    """One row of the file: its line (CSV) or entry (JSON) number and its cells by column."""

    number: int
    values: dict
    unit: str = "line"

    def where(self):
        """“line 3” or “entry 2”, as another row's problem names this one."""
        return (_("line %(number)s") if self.unit == "line" else _("entry %(number)s")) % {"number": self.number}


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file: where (line or entry), which column, and why."""

    line: int | None
    column: str
    message: str
    unit: str = "line"

    def __str__(self):
        if self.line is None:
            return _("File: %(message)s") % {"message": self.message}
        where = _("Line %(number)s") if self.unit == "line" else _("Entry %(number)s")
        return _("%(where)s, %(column)s: %(message)s") % {
            "where": where % {"number": self.line},
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportReport:
    dry_run: bool
    problems: list = field(default_factory=list)
    milestones: list = field(default_factory=list)  # headlines of new milestones
    updated_milestones: list = field(default_factory=list)  # headlines of changed milestones
    award_events: list = field(default_factory=list)  # “Renewed: ECEI Gold Label (December 2022)”
    updated_award_events: list = field(default_factory=list)
    unchanged: int = 0  # rows that match what is already there

    @property
    def ok(self):
        return not self.problems

    @property
    def saved(self):
        return self.ok and not self.dry_run and self.has_changes

    @property
    def has_changes(self):
        return bool(self.milestones or self.updated_milestones or self.award_events or self.updated_award_events)

    def add(self, line, column, message, unit="line"):
        self.problems.append(ImportProblem(line, column, message, unit))

    def add_for(self, row, column, message):
        """A problem with one cell of a row."""
        self.add(row.number, column, message, row.unit)

    def add_form_errors(self, row, form):
        """Every problem a row's form found, field by field in the form's order."""
        for column, messages in form.errors.items():
            for message in messages:
                self.add_for(row, column, message)
