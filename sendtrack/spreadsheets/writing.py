"""The template to fill in and the export of what a user may see, as XLSX workbooks of the
same shape as the import reads: exporting and importing again changes nothing."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from governance.models import Body, Person
from indicators.models import Measurement
from indicators.permissions import indicator_records_visible_to
from projects.models import Milestone, Risk
from projects.permissions import project_records_visible_to, projects_visible_to
from sendtrack.kernel.exports import xlsx_cell

from .layout import MEASUREMENTS, MILESTONES, PROJECTS, RISKS, SHEETS, Column, Sheet

BOLD = Font(bold=True)
DATE_FORMAT = "dd/mm/yyyy"
MONTH_FORMAT = "mmmm yyyy"


def template_workbook() -> bytes:
    """An empty workbook to fill in: an About sheet explaining each sheet and column, then
    one sheet per kind of record with its header row and drop-down lists for choices."""
    return _workbook({sheet.name: [] for sheet in SHEETS}, title="Template")


def export_workbook(*, user: AbstractBaseUser) -> bytes:
    """Every project, milestone, risk and KPI figure the user may see, in the import's shape."""
    return _workbook(
        {
            PROJECTS.name: _project_rows(user),
            MILESTONES.name: _milestone_rows(user),
            RISKS.name: _risk_rows(user),
            MEASUREMENTS.name: _measurement_rows(user),
        },
        title=f"Export of {timezone.localdate():%-d %B %Y}",
    )


def _person(person: Person | None) -> str:
    """A person as the import finds them: by email, or by name when they have none."""
    if person is None:
        return ""
    return person.email or person.name


def _body(body: Body | None) -> str:
    return body.name if body else ""


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _label(sheet: Sheet, field: str, value: Any) -> str:
    return dict(sheet.by_field[field].choices).get(value, "") if value not in (None, "") else ""


def _project_rows(user: AbstractBaseUser) -> list[list[Any]]:
    projects = projects_visible_to(user=user).select_related(
        "workstream", "lead", "sponsor", "overseeing_body"
    )
    return [
        [
            p.code,
            p.title,
            p.purpose,
            p.workstream.name,
            _person(p.lead),
            _person(p.sponsor),
            _body(p.overseeing_body),
            _label(PROJECTS, "stage", p.stage),
            _label(PROJECTS, "priority_tier", p.priority_tier),
            p.start_date,
            p.planned_end_date,
            p.actual_end_date,
            _yes_no(p.safety_valve),
            p.savings_target,
        ]
        for p in projects.order_by("code")
    ]


def _milestone_rows(user: AbstractBaseUser) -> list[list[Any]]:
    milestones = project_records_visible_to(user=user, queryset=Milestone.objects.all())
    return [
        [
            m.project.code,
            m.title,
            m.baseline_date,
            m.forecast_date,
            m.completed_date,
            _yes_no(m.is_key),
        ]
        for m in milestones.select_related("project").order_by("project__code", "title", "pk")
    ]


def _risk_rows(user: AbstractBaseUser) -> list[list[Any]]:
    risks = project_records_visible_to(user=user, queryset=Risk.objects.all())
    return [
        [
            r.reference or "",
            r.project.code if r.project else "",
            _label(RISKS, "level", r.level),
            _label(RISKS, "kind", r.kind),
            r.title,
            r.description,
            r.likelihood,
            r.impact,
            _person(r.owner),
            r.mitigation,
            _label(RISKS, "status", r.status),
            r.raised_on,
            r.review_date,
            r.closed_on,
            _body(r.escalated_to),
        ]
        for r in risks.select_related("project", "owner", "escalated_to").order_by(
            "project__code", "reference", "pk"
        )
    ]


def _measurement_rows(user: AbstractBaseUser) -> list[list[Any]]:
    measurements = indicator_records_visible_to(user=user, queryset=Measurement.objects.all())
    return [
        [
            m.indicator.code,
            m.period,
            _label(MEASUREMENTS, "period_type", m.period_type),
            m.value,
            m.numerator,
            m.denominator,
            _label(MEASUREMENTS, "status", m.status),
            m.note,
        ]
        for m in measurements.select_related("indicator").order_by("indicator__code", "period")
    ]


def _workbook(rows_by_sheet: dict[str, list[list[Any]]], *, title: str) -> bytes:
    book = Workbook()
    about = book.active
    about.title = "About"
    _about_sheet(about, title)
    for sheet in SHEETS:
        worksheet = book.create_sheet(sheet.name)
        worksheet.append(sheet.headers)
        for cell in worksheet[1]:
            cell.font = BOLD
        worksheet.freeze_panes = "A2"
        for row in rows_by_sheet[sheet.name]:
            worksheet.append([xlsx_cell(worksheet, value) for value in row])
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            worksheet.column_dimensions[letter].width = max(14, min(40, len(column.header) + 4))
            if column.kind in ("date", "month"):
                number_format = DATE_FORMAT if column.kind == "date" else MONTH_FORMAT
                for (cell,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
            _add_validation(worksheet, column, letter)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _add_validation(worksheet, column: Column, letter: str) -> None:
    """A drop-down list for choices and yes/no, so that Excel offers only what is accepted."""
    if column.kind == "choice":
        options = [label for _, label in column.choices]
    elif column.kind == "yes_no":
        options = ["Yes", "No"]
    else:
        return
    listing = ",".join(options)
    if len(listing) > 250 or '"' in listing:
        return  # Excel's list validations hold at most 255 characters
    validation = DataValidation(type="list", formula1=f'"{listing}"', allow_blank=True)
    validation.error = f"Choose one of: {', '.join(options)}."
    validation.errorTitle = column.header
    worksheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}5000")


def _about_sheet(worksheet, title: str) -> None:
    worksheet.column_dimensions["A"].width = 28
    worksheet.column_dimensions["B"].width = 12
    worksheet.column_dimensions["C"].width = 90
    worksheet.append([f"sendtrack spreadsheet: {title}"])
    worksheet["A1"].font = Font(bold=True, size=14)
    worksheet.append(
        [
            "Fill in the sheets named below, keeping their names and header rows. Rows are "
            "matched to what is stored by the columns marked “identifies”, so importing the "
            "same file again changes nothing. Dates may be Excel dates or text such as "
            "15/10/2026; months such as October 2026. A blank optional cell clears the value "
            "(or, for choices, gives the usual one). The import checks every row first and "
            "writes nothing unless every row is right."
        ]
    )
    worksheet["A2"].alignment = Alignment(wrap_text=True)
    worksheet.merge_cells("A2:C2")
    worksheet.row_dimensions[2].height = 75
    for sheet in SHEETS:
        worksheet.append([])
        worksheet.append([sheet.name])
        worksheet.cell(row=worksheet.max_row, column=1).font = BOLD
        worksheet.append([sheet.about])
        worksheet.cell(row=worksheet.max_row, column=1).alignment = Alignment(wrap_text=True)
        worksheet.merge_cells(
            start_row=worksheet.max_row, start_column=1, end_row=worksheet.max_row, end_column=3
        )
        worksheet.row_dimensions[worksheet.max_row].height = 45
        worksheet.append(["Column", "", "What to enter"])
        for cell in worksheet[worksheet.max_row]:
            cell.font = BOLD
        for column in sheet.columns:
            marks = []
            if column.field in sheet.key:
                marks.append("identifies")
            if column.required:
                marks.append("required")
            what = column.hint
            if column.choices:
                what = "one of: " + ", ".join(label for _, label in column.choices)
            worksheet.append([column.header, ", ".join(marks), what or _kind_hint(column.kind)])


def _kind_hint(kind: str) -> str:
    return {
        "text": "text",
        "number": "a whole number",
        "figure": "a number",
        "date": "a date, e.g. 15/10/2026",
        "month": "a month, e.g. October 2026",
        "project": "a project code, e.g. SUF-01",
        "indicator": "an indicator code, e.g. KPI-01",
        "body": "the board or group's name",
        "workstream": "the workstream's number or name",
        "person": "email address or full name",
    }.get(kind, "")
