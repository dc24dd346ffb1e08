"""The workbook's shape: its sheets, their columns in order, and what each column holds. The
template, the export and the import all read it, so they cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators.models import Measurement
from indicators.periods import PeriodType
from projects.models import Project, Risk


@dataclass(frozen=True)
class Column:
    """A column: its header, the field it fills, how its cells are read, and a hint."""

    header: str
    field: str
    kind: str  # text, number, figure, date, month, yes_no, choice, workstream, person, body
    required: bool = False
    choices: tuple[tuple[object, str], ...] = ()
    hint: str = ""


@dataclass(frozen=True)
class Sheet:
    """A sheet: its name, its columns and which columns identify a row (its natural key)."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    about: str = ""
    by_field: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_field.update({column.field: column for column in self.columns})

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


def _choices(enum) -> tuple[tuple[object, str], ...]:
    return tuple((value, str(label)) for value, label in enum.choices)


PROJECTS = Sheet(
    name="Projects",
    key=("code",),
    about="One row per project, identified by its code. Only the programme office adds "
    "projects or changes their code, title, lead, workstream and governance; a project lead "
    "may change their own projects' purpose, stage and actual end date.",
    columns=(
        Column("Project code", "code", "text", required=True, hint="e.g. SUF-01"),
        Column("Title", "title", "text", required=True),
        Column("Purpose", "purpose", "text"),
        Column("Workstream", "workstream", "workstream", required=True, hint="number or name"),
        Column("Lead", "lead", "person", required=True, hint="email address or full name"),
        Column("Sponsor", "sponsor", "person", hint="email address or full name"),
        Column("Overseeing body", "overseeing_body", "body", required=True),
        Column("Stage", "stage", "choice", choices=_choices(Project.Stage)),
        Column("Priority tier", "priority_tier", "choice", choices=_choices(Project.Tier)),
        Column("Start date", "start_date", "date"),
        Column("Planned end date", "planned_end_date", "date"),
        Column("Actual end date", "actual_end_date", "date"),
        Column("Safety Valve", "safety_valve", "yes_no", hint="Yes or No"),
        Column("Savings target (£)", "savings_target", "figure"),
    ),
)

MILESTONES = Sheet(
    name="Milestones",
    key=("project", "title"),
    about="One row per milestone, identified by its project and its title. Once a baseline "
    "date is agreed only the programme office changes it.",
    columns=(
        Column("Project code", "project", "project", required=True),
        Column("Milestone", "title", "text", required=True),
        Column("Baseline date", "baseline_date", "date"),
        Column("Forecast date", "forecast_date", "date"),
        Column("Completed date", "completed_date", "date"),
        Column("Key milestone", "is_key", "yes_no", hint="Yes or No"),
    ),
)

RISKS = Sheet(
    name="Risks",
    key=("reference",),
    about="One row per risk or issue, identified by its reference (e.g. SUF-01-R4). Leave the "
    "reference blank for a new risk: it is numbered for you, and a later import matches it by "
    "project and title. Programme and partnership risks have no project code.",
    columns=(
        Column("Reference", "reference", "text", hint="blank for a new risk"),
        Column("Project code", "project", "project"),
        Column("Level", "level", "choice", choices=_choices(Risk.Level)),
        Column("Kind", "kind", "choice", choices=_choices(Risk.Kind)),
        Column("Title", "title", "text", required=True),
        Column("Description", "description", "text"),
        Column("Likelihood", "likelihood", "number", required=True, hint="1 to 5"),
        Column("Impact", "impact", "number", required=True, hint="1 to 5"),
        Column("Owner", "owner", "person", required=True, hint="email address or full name"),
        Column("Mitigation", "mitigation", "text"),
        Column("Status", "status", "choice", choices=_choices(Risk.Status)),
        Column("Raised on", "raised_on", "date", required=True),
        Column("Review date", "review_date", "date"),
        Column("Closed on", "closed_on", "date"),
        Column("Escalated to", "escalated_to", "body"),
    ),
)

MEASUREMENTS = Sheet(
    name="KPI figures",
    key=("indicator", "period", "period_type"),
    about="One row per indicator and period, identified by the indicator's code, the first "
    "month of the period and the period type (left blank, the indicator's own: a month for a "
    "monthly indicator).",
    columns=(
        Column("Indicator code", "indicator", "indicator", required=True, hint="e.g. KPI-01"),
        Column("Month", "period", "month", required=True, hint="e.g. October 2026"),
        Column(
            "Period type",
            "period_type",
            "choice",
            choices=_choices(PeriodType),
            hint="Blank for the indicator's own",
        ),
        Column("Value", "value", "figure", required=True),
        Column("Numerator", "numerator", "figure"),
        Column("Denominator", "denominator", "figure"),
        Column("Status", "status", "choice", choices=_choices(Measurement.Status)),
        Column("Note", "note", "text"),
    ),
)

# In the order they are imported: projects before the records that name them.
SHEETS: tuple[Sheet, ...] = (PROJECTS, MILESTONES, RISKS, MEASUREMENTS)
SHEETS_BY_NAME = {sheet.name.casefold(): sheet for sheet in SHEETS}
# Sheet names people commonly use for the same thing.
SHEETS_BY_NAME.update(
    {"measurements": MEASUREMENTS, "kpis": MEASUREMENTS, "risks and issues": RISKS}
)
