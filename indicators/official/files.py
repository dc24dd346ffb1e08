"""Reading published files in the DfE's open data standard: a zip of CSVs or CSVs, UTF-8 with
or without a byte-order mark, the standard columns first, then the file's own measures.
Suppressed or missing values are symbols and never numbers."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath

STANDARD_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "old_la_code",
    "la_name",
    "breakdown_topic",
    "breakdown",
)
# The symbols of the DfE's open data standard (and the GSS's) for values not published:
# suppressed (c), not applicable (z), not available (x, :), low (fewer than 0.5), unreliable (u).
SUPPRESSED = frozenset({"x", "c", "z", "low", "u", ":", "..", "~", "-", ""})

NATIONAL = "national"
REGIONAL = "regional"
LOCAL_AUTHORITY = "local authority"


@dataclass(frozen=True)
class Problem:
    """Why a file cannot be imported, at its row (header is row 1) and column where known."""

    file: str
    message: str
    row: int | None = None
    column: str = ""

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = [self.file or "The import"]
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class FileProblem(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class PublishedFile:
    """A CSV's header and rows, each row with its line number."""

    name: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def sources_from(name: str, content: bytes) -> list[tuple[str, bytes]]:
    """The CSV files in an upload: the zip's CSVs (metadata files aside), or the CSV itself."""
    if zipfile.is_zipfile(io.BytesIO(content)):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return [
                (PurePosixPath(member).name, archive.read(member))
                for member in archive.namelist()
                if member.lower().endswith(".csv")
                and not member.lower().endswith(".meta.csv")
                and not PurePosixPath(member).name.startswith(".")
                and "__MACOSX" not in member
            ]
    if not name.lower().endswith(".csv"):
        raise FileProblem(Problem(name, "Upload the release's zip or its CSV files."))
    return [(PurePosixPath(name).name, content)]


def read_file(name: str, content: bytes) -> PublishedFile:
    """Parse a CSV, refusing one without every standard column."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem(Problem(name, "The file is not UTF-8 text as published.")) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip() for column in next(reader, [])]
    for column in STANDARD_COLUMNS:
        if column not in header:
            raise FileProblem(
                Problem(name, "A standard column of the open data format is missing.", 1, column)
            )
    published = PublishedFile(name=name, columns=header)
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            # A row cut short (a download or copy that stopped part way) or one with a stray
            # comma would otherwise shift or lose its values: the file is refused whole.
            raise FileProblem(
                Problem(
                    name,
                    f"This row has {len(values)} values where the header has {len(header)} "
                    "columns: the file looks cut short or damaged. Download the release "
                    "again; nothing from it was imported.",
                    reader.line_num,
                )
            )
        published.rows.append((reader.line_num, dict(zip(header, values, strict=True))))
    return published


def number(text: str | None) -> Decimal | None:
    """A published value as a number, or None where it is a suppression symbol; anything else
    raises ``ValueError``."""
    cleaned = (text or "").strip().replace(",", "")
    if cleaned.lower() in SUPPRESSED:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(
            f"“{text}” is neither a number nor a suppression symbol (x, c, z, low, u, :)."
        ) from error
    if not value.is_finite():
        raise ValueError(f"“{text}” is not a number.")
    return value
