"""What the import tells people about a file it cannot take: one problem per sheet, row and
column, in plain English."""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter


@dataclass(frozen=True, order=True)
class RowProblem:
    """One thing wrong with one row (or one cell) of one sheet."""

    sheet: str
    row: int | None
    column: int | None = None
    header: str = ""
    message: str = ""

    @property
    def column_letter(self) -> str:
        """The column as Excel names it (A, B, … AA)."""
        return get_column_letter(self.column) if self.column else ""

    @property
    def where(self) -> str:
        """Where the problem is, e.g. "Milestones, row 5, column C (Forecast date)"."""
        parts = [self.sheet]
        if self.row:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(
                f"column {self.column_letter} ({self.header})"
                if self.header
                else f"column {self.column_letter}"
            )
        elif self.header:
            parts.append(f"column “{self.header}”")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class CellError(ValueError):
    """A cell's value cannot be read; the message says what to write instead."""


@dataclass
class SheetCounts:
    """How many rows of a sheet would be (or were) added, changed or left as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ImportReport:
    """What an import found and did: problems, notes (columns ignored) and counts per sheet."""

    dry_run: bool
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[RowProblem] = field(default_factory=list)
    counts: dict[str, SheetCounts] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def applied(self) -> bool:
        """Whether the rows were written: a real run with no problems at all."""
        return self.ok and not self.dry_run

    @property
    def changed(self) -> int:
        return sum(c.created + c.updated for c in self.counts.values())

    def problem(self, problem: RowProblem) -> None:
        self.problems.append(problem)

    def summary(self) -> str:
        """One line per sheet: what would be (or was) added, changed and left alone."""
        ahead = self.dry_run or not self.ok
        added, changed = ("to add", "to change") if ahead else ("added", "changed")
        lines = [
            f"{sheet}: {counts.created} {added}, {counts.updated} {changed}, "
            f"{counts.unchanged} already up to date."
            for sheet, counts in self.counts.items()
        ]
        return "\n".join(lines)
