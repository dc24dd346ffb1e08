"""Hypothesis writes rows of every sheet from valid, nearly valid and nonsense cells: the
import never fails with an error, never writes part of a file, and every refusal names its
sheet and row and says what to do."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.models import Measurement
from projects.models import Milestone, Project, Risk
from sendtrack.spreadsheets.importer import import_spreadsheet
from sendtrack.spreadsheets.layout import SHEETS
from tests.spreadsheets.conftest import excel_date, workbook

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text a spreadsheet cell can hold (Excel refuses control characters).
CELL_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
NEAR_MISSES = st.sampled_from(
    [
        "SUF-01",
        "SUF-02",
        "suf-01 ",
        "SUF-99",
        "KPI-01",
        "KPI-02",
        "KPI-01-R1",
        "SUF-01-R1",
        "Lee Lead",
        "lee@example.org",
        "ola@example.org",
        "Sufficiency",
        "1",
        "Yes",
        "no",
        "maybe",
        "Delivery",
        "Tier 1 – critical",
        "Provisional",
        "Project",
        "Programme",
        "Issue",
        "Closed",
        "October 2026",
        "2026-10",
        "13/2026",
        "31/02/2026",
        "15/10/2026",
        "2099-01-01",
        "1,5",
        "1,080",
        "69.5%",
        "£2,000",
        "-3",
        "0",
        "5",
        "6",
        "1e9",
        " ",
        "Business case approved",
        "Builder",
    ]
)
CELLS = st.one_of(
    st.none(),
    NEAR_MISSES,
    CELL_TEXT,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31)),
    st.datetimes(min_value=excel_date(1900, 3, 1), max_value=excel_date(2100, 12, 31)),
    st.booleans(),
)


def _state() -> list:
    return [
        sorted(model.objects.values_list("pk", "updated_at"))
        for model in (Project, Milestone, Risk, Measurement)
    ]


def _check(programme, content, filename: str = "fuzz.xlsx") -> None:
    # Each example runs in a transaction rolled back afterwards, so examples do not mix.
    with transaction.atomic():
        before = _state()
        report = import_spreadsheet(
            upload=content, filename=filename, user=programme.pmo, dry_run=False
        )
        if report.problems:
            # no partial write
            assert _state() == before
            for problem in report.problems:
                # every refusal says where and why, in words
                assert problem.sheet
                assert problem.message.strip()
                assert problem.message.rstrip()[-1] in ".)”:"
                assert "could not be saved" not in problem.message, str(problem)
                assert "Traceback" not in problem.message
        else:
            # what was taken is taken whole, and taking it again changes nothing
            content.seek(0)
            again = import_spreadsheet(
                upload=content, filename=filename, user=programme.pmo, dry_run=False
            )
            assert again.ok, [str(p) for p in again.problems]
            assert again.changed == 0
        transaction.set_rollback(True)


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda sheet: sheet.name)
def test_generated_rows_never_crash_or_half_import(programme, sheet):
    rows = st.lists(
        st.lists(CELLS, min_size=len(sheet.columns), max_size=len(sheet.columns)),
        min_size=1,
        max_size=4,
    )

    @FUZZ
    @given(rows=rows)
    def run(rows):
        _check(programme, workbook({sheet.name: [sheet.headers, *rows]}))

    run()


@FUZZ
@given(content=st.binary(max_size=300), ending=st.sampled_from([".xlsx", ".csv", ".xls"]))
def test_any_bytes_are_refused_plainly(programme, content, ending):
    _check(programme, io.BytesIO(content), filename=f"upload{ending}")


MONTHS = st.builds(date, st.integers(2015, 2026), st.integers(1, 12), st.just(1))
FIGURES = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False)
# A month and the way a spreadsheet writes it: an Excel date, or text.
MONTH_CELLS = MONTHS.flatmap(
    lambda month: st.tuples(
        st.just(month),
        st.sampled_from(
            [month, excel_date(month.year, month.month, 1), f"{month:%B %Y}", f"{month:%Y-%m}"]
        ),
    )
)


@FUZZ
@given(
    rows=st.lists(
        st.tuples(MONTH_CELLS, FIGURES, st.sampled_from(["Final", "provisional", None, " "])),
        min_size=1,
        max_size=6,
    )
)
def test_generated_valid_figures_go_in_whole(programme, rows):
    content = workbook(
        {
            "KPI figures": [
                ["Indicator code", "Month", "Value", "Status"],
                *[["KPI-01", cell, float(value), status] for (_, cell), value, status in rows],
            ]
        }
    )
    with transaction.atomic():
        before = dict(
            Measurement.objects.filter(indicator=programme.indicator).values_list("period", "value")
        )
        report = import_spreadsheet(
            upload=content, filename="ok.xlsx", user=programme.lead, dry_run=False
        )
        stored = dict(
            Measurement.objects.filter(indicator=programme.indicator).values_list("period", "value")
        )
        months = [month for (month, _), _, _ in rows]
        if len(set(months)) == len(months):
            # every row goes in, entered by the lead
            assert report.ok, [str(p) for p in report.problems]
            assert stored == {**before, **{m: v for (m, _), v, _ in rows}}
        else:
            # a month given twice is refused as a repeat, and nothing is written
            assert report.problems
            assert all("repeats row" in p.message for p in report.problems)
            assert stored == before
        transaction.set_rollback(True)
