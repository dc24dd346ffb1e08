"""One row of a sheet being imported: its cells read by their columns' kinds, its problems
recorded with their sheet, row and column, and its values applied to a record and saved."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction

from indicators.models import Measurement
from projects.models import Milestone, Project, Risk
from sendtrack.kernel.concurrency import StaleRecordError

from . import cells
from .layout import MEASUREMENTS, MILESTONES, PROJECTS, RISKS, Column, Sheet
from .problems import CellError, ImportReport, RowProblem
from .reading import SheetRows


class ImportRun(Protocol):
    """What a row asks of the import it belongs to (``importer.Importer``): who is importing,
    the report its problems and changes go to, and the records its cells name."""

    user: Any
    report: ImportReport

    def lookup(self, column: Column, value: Any) -> Any: ...


class RowRefused(Exception):
    """Raised inside a row's checks once its problems are recorded."""


class Row:
    """One row being checked: its problems, and how to apply its values to a record."""

    def __init__(self, importer: ImportRun, sheet: SheetRows, number: int):
        self.importer = importer
        self.sheet = sheet
        self.number = number
        self.problems: list[RowProblem] = []

    def problem(self, field: str | None, message: str) -> None:
        column = self.sheet.spec.by_field.get(field or "")
        self.problems.append(
            RowProblem(
                self.sheet.title,
                self.number,
                self.sheet.columns.get(field or ""),
                column.header if column else "",
                message,
            )
        )

    def stop_if_refused(self) -> None:
        if self.problems:
            self.importer.report.problems.extend(self.problems)
            raise RowRefused

    def refuse(self, field: str | None, message: str) -> None:
        self.problem(field, message)
        self.stop_if_refused()

    def parse(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Each cell of the row read by its column's kind; every unreadable cell reported."""
        values: dict[str, Any] = {}
        spec: Sheet = self.sheet.spec
        for name, cell in raw.items():
            column = spec.by_field[name]
            if cells.is_blank(cell):
                if column.required:
                    self.problem(name, f"Enter the {column.header.lower()}.")
                else:
                    values[name] = None if column.kind != "text" else ""
                continue
            try:
                values[name] = self._read(column, cell)
            except CellError as error:
                self.problem(name, str(error))
        self.stop_if_refused()
        return values

    def _read(self, column: Column, cell: Any) -> Any:
        kind = column.kind
        if kind == "text":
            value = cells.text(cell)
            model = {
                PROJECTS.name: Project,
                MILESTONES.name: Milestone,
                RISKS.name: Risk,
                MEASUREMENTS.name: Measurement,
            }[self.sheet.spec.name]
            limit = model._meta.get_field(column.field).max_length
            if limit and len(value) > limit:
                raise CellError(f"Keep it to {limit} characters (this has {len(value)}).")
            return value
        readers = {
            "number": cells.whole_number,
            "figure": cells.figure,
            "date": cells.day,
            "month": cells.month,
            "yes_no": cells.yes_no,
        }
        if kind in readers:
            return readers[kind](cell)
        if kind == "choice":
            return cells.choice(cell, column.choices)
        return self.importer.lookup(column, cell)

    def apply_and_save(self, record: models.Model, values: dict[str, Any], save) -> str:
        """Apply the row to the record, check it as the admin would, and save it (in a
        savepoint, so that a refusal by the database is reported, not fatal). Answers
        "created", "updated" or "unchanged"; an unchanged record is not saved at all."""
        changed = changed_fields(record, values) if record.pk else list(values)
        if record.pk and not changed:
            return "unchanged"
        for name in changed:
            value = values[name]
            field = record._meta.get_field(name)
            if value is None and not field.null:
                value = field.get_default() if field.has_default() else value
            setattr(record, name, value)
        try:
            record.full_clean(exclude=["reference"] if isinstance(record, Risk) else None)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.problem(None if name == NON_FIELD_ERRORS else name, message)
            self.stop_if_refused()
        outcome = "updated" if record.pk else "created"
        record._history_user = self.importer.user
        try:
            with transaction.atomic():
                save()
        except (DatabaseError, ValidationError) as error:
            self.refuse(None, f"The row could not be saved: {error}")
        except StaleRecordError as error:
            # Someone saved the record while the file was being imported.
            self.refuse(None, str(error))
        self.importer.report.changes.append(
            f"{self.sheet.title}, row {self.number}: {_describe(record)} "
            + (
                "added"
                if outcome == "created"
                else "changed ("
                + ", ".join(self.sheet.spec.by_field[name].header for name in changed)
                + ")"
            )
        )
        return outcome


def changed_fields(record: models.Model, values: dict[str, Any]) -> list[str]:
    """The fields whose value in the row differs from the record's."""
    changed = []
    for name, value in values.items():
        field = record._meta.get_field(name)
        current = getattr(record, field.attname)
        wanted = value.pk if isinstance(value, models.Model) else value
        if wanted is None and not field.null and field.has_default():
            wanted = field.get_default()
        if wanted is None and isinstance(current, str):
            wanted = ""
        if current != wanted:
            changed.append(name)
    return changed


def key_part(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk or id(value)
    return value.casefold() if isinstance(value, str) else value


def shown(value: Any) -> str:
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    return "" if value is None else str(value)


def _describe(record: models.Model) -> str:
    if isinstance(record, Project):
        return f"project {record.code}"
    if isinstance(record, Milestone):
        return f"milestone “{record.title}” of {record.project.code}"
    if isinstance(record, Risk):
        return f"risk {record.reference}"
    if isinstance(record, Measurement):
        return f"{record.indicator.code} figure for {record.period_label}"
    return str(record)
