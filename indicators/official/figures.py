"""From a published file's rows to the figures a mapping makes of them: the council's own
figure for each period, and England's, the region's, the neighbours' mean and every local
authority's median with the council's rank. Problems are collected with their file, row and
column rather than raised, so that one report lists them all."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from governance.validators import period_not_started

from ..models import (
    Benchmark,
    CouncilArea,
    Indicator,
    Measurement,
    StatisticsMapping,
    validate_value_for_unit,
)
from . import comparisons
from .files import LOCAL_AUTHORITY, NATIONAL, REGIONAL, Problem, PublishedFile, number
from .periods import PeriodError, period_start

Entry = tuple[int, dict[str, str], Decimal | None]  # line, row, value (None if suppressed)
COUNCIL = ""  # the comparator of the council's own figure


@dataclass
class Figure:
    """A figure to hold: the council's (comparator blank) or a benchmark's."""

    indicator: Indicator
    period: date
    comparator: str
    value: Decimal
    source_file: str
    source_row: int | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    extra: dict[str, int | None] = field(default_factory=dict)
    period_type: str = ""

    @property
    def key(self) -> tuple:
        return (self.indicator.pk, self.period, self.period_type, self.comparator)


@dataclass
class Reading:
    figures: list[Figure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    suppressed: int = 0


@dataclass
class PeriodRows:
    national: list[Entry] = field(default_factory=list)
    regional: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    authorities: dict[str, Entry] = field(default_factory=dict)
    old_codes: dict[str, str] = field(default_factory=dict)


def mapping_figures(
    *, mapping: StatisticsMapping, published: PublishedFile, council: CouncilArea, reading: Reading
) -> None:
    """Add to ``reading`` the figures ``mapping`` makes of ``published``, or its problems."""
    name = published.name
    missing = [column for column in mapping.columns if column not in published.columns]
    for column in missing:
        reading.problems.append(
            Problem(
                name,
                f"The mapping “{mapping.name}” reads a column this file does not have.",
                1,
                column,
            )
        )
    if missing:
        return
    periods = _rows_by_period(mapping, published, reading)
    if not periods and mapping.row_filters and published.rows:
        reading.problems.append(_no_row_matches(mapping, published))
        return
    council_rows = {period: _council_entry(rows, council) for period, rows in periods.items()}
    if not any(council_rows.values()):
        reading.problems.append(
            Problem(
                name,
                f"No row for {council.name} ({council.old_la_code}, {council.new_la_code}) "
                f"among the rows the mapping “{mapping.name}” reads.",
                None,
                "new_la_code",
            )
        )
        return
    region_code = next(entry[1]["region_code"].strip() for entry in council_rows.values() if entry)
    neighbours = list(council.neighbours.all())
    lower_is_better = mapping.indicator.polarity == Indicator.Polarity.LOWER
    for period, rows in sorted(periods.items()):
        own = council_rows[period]
        make = _maker(mapping, name, period)
        if own and own[2] is not None:
            _council_figure(mapping, name, period, own, reading)
        if len(rows.national) == 1 and rows.national[0][2] is not None:
            line, _, value = rows.national[0]
            reading.figures.append(make(Benchmark.Comparator.ENGLAND, value, line))
        region = rows.regional.get(own[1]["region_code"].strip() if own else region_code, [])
        if len(region) == 1 and region[0][2] is not None:
            line, _, value = region[0]
            reading.figures.append(make(Benchmark.Comparator.REGION, value, line))
        found = [_authority(rows, n.new_la_code, n.old_la_code) for n in neighbours]
        used = [entry[2] for entry in found if entry and entry[2] is not None]
        if used:
            reading.figures.append(
                make(
                    Benchmark.Comparator.STATISTICAL_NEIGHBOURS,
                    comparisons.mean(used),
                    None,
                    figures_used=len(used),
                    figures_expected=len(neighbours),
                )
            )
        values = [entry[2] for entry in rows.authorities.values() if entry[2] is not None]
        if values:
            place = None
            if own and own[2] is not None:
                place = comparisons.rank(own[2], values, lower_is_better=lower_is_better)
            reading.figures.append(
                make(
                    Benchmark.Comparator.LOCAL_AUTHORITIES,
                    comparisons.median(values),
                    None,
                    figures_used=len(values),
                    rank=place,
                    quartile=comparisons.quartile(place, len(values)) if place else None,
                )
            )


def _rows_by_period(
    mapping: StatisticsMapping, published: PublishedFile, reading: Reading
) -> dict[date, PeriodRows]:
    filters = {column: value.strip() for column, value in mapping.row_filters.items()}
    periods: dict[date, PeriodRows] = defaultdict(PeriodRows)
    for line, row in published.rows:
        if any(row.get(column, "").strip() != value for column, value in filters.items()):
            continue
        try:
            period = period_start(row.get("time_period", ""), mapping.period_type)
        except PeriodError as error:
            reading.problems.append(Problem(published.name, str(error), line, "time_period"))
            continue
        if not_started := period_not_started(period):
            # A published file holds no figure for a period to come; one that does is damaged
            # or mislabelled, and would become every dashboard's latest figure.
            reading.problems.append(Problem(published.name, not_started, line, "time_period"))
            continue
        try:
            value = number(row.get(mapping.value_column))
        except ValueError as error:
            reading.problems.append(Problem(published.name, str(error), line, mapping.value_column))
            continue
        if value is None:
            reading.suppressed += 1
        entry = (line, row, value)
        rows = periods[period]
        level = row.get("geographic_level", "").strip().lower()
        if level == NATIONAL:
            rows.national.append(entry)
        elif level == REGIONAL:
            rows.regional[row.get("region_code", "").strip()].append(entry)
        elif level == LOCAL_AUTHORITY:
            code = row.get("new_la_code", "").strip()
            if code in rows.authorities:
                reading.problems.append(
                    Problem(
                        published.name,
                        f"A second row for {row.get('la_name', code)} in {row['time_period']} "
                        f"among the rows the mapping “{mapping.name}” reads (the first is row "
                        f"{rows.authorities[code][0]}): add a filter that picks one.",
                        line,
                        "breakdown",
                    )
                )
                continue
            rows.authorities[code] = entry
            rows.old_codes[row.get("old_la_code", "").strip()] = code
    for rows in periods.values():
        for entries in (rows.national, *rows.regional.values()):
            if len(entries) > 1:
                reading.problems.append(
                    Problem(
                        published.name,
                        f"More than one {entries[1][1].get('geographic_level')} row for "
                        f"{entries[1][1].get('time_period')} among the rows the mapping "
                        f"“{mapping.name}” reads: add a filter that picks one.",
                        entries[1][0],
                        "breakdown",
                    )
                )
    return periods


# How many of a column's values the refusal lists, most frequent first.
VALUES_LISTED = 10


def _no_row_matches(mapping: StatisticsMapping, published: PublishedFile) -> Problem:
    """Why a mapping's filters pick no row, with the values the file does hold in each filter
    column, so that the mapping can be put right in the admin without opening the file."""
    # In the file's own column order: the stored filters keep none (PostgreSQL's jsonb sorts
    # its keys), and an officer reads the columns as the file lays them out.
    place = {column: n for n, column in enumerate(published.columns)}
    filters = {
        column: value.strip()
        for column, value in sorted(
            mapping.row_filters.items(), key=lambda item: (place.get(item[0], len(place)), item[0])
        )
    }
    wanted = " and ".join(f"{column} “{value}”" for column, value in filters.items())
    held = []
    for column in filters:
        counts = Counter(row.get(column, "").strip() for _, row in published.rows)
        listed = ", ".join(
            f"{f'“{value}”' if value else 'blank'} ({n:,} {'row' if n == 1 else 'rows'})"
            for value, n in counts.most_common(VALUES_LISTED)
        )
        more = len(counts) - VALUES_LISTED
        held.append(
            f"{column} holds {listed}" + (f" and {more:,} other values" if more > 0 else "")
        )
    # The DfE's headline rows repeat one label in every breakdown column.
    hint = ""
    if len(filters) > 1:
        headlines = Counter(
            labels.pop()
            for _, row in published.rows
            if len(labels := {row.get(column, "").strip() for column in filters}) == 1
        )
        headlines.pop("", None)
        if headlines:
            label = headlines.most_common(1)[0][0]
            hint = (
                " The file's headline rows look like "
                + ", ".join(f"{column} “{label}”" for column in filters)
                + "."
            )
    return Problem(
        published.name,
        f"No row has {wanted}, the rows the mapping “{mapping.name}” reads. In this file, "
        + "; ".join(held)
        + f".{hint} Change the mapping's “which rows” to values the file holds.",
        None,
        ", ".join(filters),
    )


def _authority(rows: PeriodRows, new_code: str, old_code: str) -> Entry | None:
    entry = rows.authorities.get(new_code)
    if entry is None and old_code in rows.old_codes:
        entry = rows.authorities[rows.old_codes[old_code]]
    return entry


def _council_entry(rows: PeriodRows, council: CouncilArea) -> Entry | None:
    return _authority(rows, council.new_la_code, council.old_la_code)


def _maker(mapping: StatisticsMapping, name: str, period: date):
    def make(comparator: str, value: Decimal, line: int | None, **extra) -> Figure:
        return Figure(
            mapping.indicator,
            period,
            comparator,
            value,
            name,
            line,
            extra=extra,
            period_type=mapping.period_type,
        )

    return make


def _council_figure(
    mapping: StatisticsMapping, name: str, period: date, entry: Entry, reading: Reading
) -> None:
    """The council's own figure, with its numerator and denominator where published, checked
    as an officer's figure would be."""
    line, row, value = entry
    parts: dict[str, Decimal | None] = {}
    for part, column in (
        ("numerator", mapping.numerator_column),
        ("denominator", mapping.denominator_column),
    ):
        try:
            parts[part] = number(row.get(column)) if column else None
        except ValueError as error:
            reading.problems.append(Problem(name, str(error), line, column))
            return
    if not parts["denominator"]:
        parts = {"numerator": None, "denominator": None}
    measurement = Measurement(
        indicator=mapping.indicator,
        period=period,
        period_type=mapping.period_type,
        value=value,
        **parts,
    )
    try:
        if errors := validate_value_for_unit(
            unit=mapping.indicator.unit, value=value, field="value"
        ):
            raise ValidationError(errors)
        measurement.clean()
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            column = {
                "numerator": mapping.numerator_column,
                "denominator": mapping.denominator_column,
            }.get(field_name, mapping.value_column)
            for message in messages:
                reading.problems.append(Problem(name, message, line, column))
        return
    reading.figures.append(
        Figure(
            mapping.indicator,
            period,
            COUNCIL,
            value,
            name,
            line,
            **parts,
            period_type=mapping.period_type,
        )
    )
