"""The monthly reports at /api/v1/reports/: milestones, risks, KPIs and the programme summary,
read through the API for March 2024 and checked against figures worked out by hand."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from indicators.api.reports import KPIRow
from indicators.models import Benchmark, Indicator
from projects.api import report_base as api_reports
from projects.api.reports import MilestoneRow
from projects.models import Project, Risk, StatusReport
from projects.selectors import month_add
from tests import factories as f

pytestmark = pytest.mark.django_db

MARCH = "2024-03"  # judged as at 31 March 2024, whatever today is
REPORTS = ["milestones", "risks", "kpis", "programme", "finance"]


def day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def get_report(user, name: str, **params):
    """The report ``name`` as ``user`` (None: signed out) asks for it."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client.get(f"/api/v1/reports/{name}/", params)


def march_report(user, name: str, **params) -> dict:
    response = get_report(user, name, period=MARCH, **params)
    assert response.status_code == 200, response.content
    return response.json()


def by_key(rows: list[dict], key: str) -> dict[str, dict]:
    return {row[key]: row for row in rows}


def pick(row: dict, *keys: str) -> tuple:
    return tuple(row[key] for key in keys)


def save_on(risk: Risk, on: str, **changes) -> Risk:
    """Save ``risk`` (with ``changes``) as if on the day ``on``: its history dates it then."""
    for name, value in changes.items():
        setattr(risk, name, value)
    risk._history_date = datetime.combine(day(on), datetime.min.time(), tzinfo=UTC)
    risk.save()
    return risk


def raise_risk(on: str, **fields) -> Risk:
    """A risk raised on the day ``on``, its history starting then."""
    return save_on(f.RiskFactory.build(raised_on=day(on), **fields), on)


def csv_lines(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so that Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def records(table: list) -> list[dict]:
    """A table's lines after its header, as dicts keyed by the header's labels."""
    header, *lines = table
    return [dict(zip(header, line, strict=True)) for line in lines]


def sheets(response) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return {name: list(book[name].values) for name in book.sheetnames}


# Milestones -----------------------------------------------------------------------------------

MILESTONES = [  # title, baseline, forecast, completed
    ("Due at month end", "2024-03-31", None, None),
    ("Completed late in March", "2024-02-26", None, "2024-03-04"),
    ("Forecast past baseline", "2024-03-10", "2024-04-15", None),
    ("Completed in April", "2024-03-15", None, "2024-04-10"),
    ("Forecast beyond the horizon", "2024-01-15", "2024-07-01", None),
    ("Due end of May", "2024-05-31", None, None),
    # in no section: due after the two months that follow, or done before March
    ("Due in June", "2024-06-01", None, None),
    ("Completed early in February", "2024-02-20", None, "2024-02-10"),
    ("Completed late in February", "2024-01-10", None, "2024-02-15"),
]


@pytest.fixture
def milestones(db):
    """SUF-01 (workstream 1) with a milestone of every kind; INC-01 (workstream 2) with one
    due at the month's end."""
    suf = f.ProjectFactory(
        code="SUF-01",
        workstream=f.WorkstreamFactory(number=1, name="Sufficiency"),
        lead=f.PersonFactory(name="Ann Lee"),
    )
    inc = f.ProjectFactory(code="INC-01", workstream=f.WorkstreamFactory(number=2))
    for title, *dates in MILESTONES:
        names = ("baseline_date", "forecast_date", "completed_date")
        dates = dict(zip(names, map(day, dates), strict=True))
        f.MilestoneFactory(project=suf, title=title, **dates)
    f.MilestoneFactory(project=inc, title="Inclusion due", baseline_date=date(2024, 3, 31))
    return suf, inc


def test_milestone_report_puts_each_milestone_in_its_sections(pmo, milestones):
    # given the milestones above
    # when the programme office asks for March 2024
    data = march_report(pmo, "milestones")
    # then rows come per project by due date, in every section that applies, as at 31 March
    columns = ("project_code", "milestone", "section", "slippage_days", "status")
    assert [pick(row, *columns) for row in data["results"]] == [
        ("INC-01", "Inclusion due", "due", 0, "on_track"),
        ("SUF-01", "Completed late in March", "completed", 7, "complete_late"),
        # completed on 10 April, so open (and overdue) on 31 March: 31 March − baseline
        ("SUF-01", "Completed in April", "due", 16, "overdue"),
        ("SUF-01", "Completed in April", "slipped", 16, "overdue"),
        ("SUF-01", "Due at month end", "due", 0, "on_track"),
        # open, forecast after the month: forecast − baseline
        ("SUF-01", "Forecast past baseline", "slipped", 36, "slipping"),
        ("SUF-01", "Forecast past baseline", "upcoming", 36, "slipping"),
        ("SUF-01", "Due end of May", "upcoming", 0, "on_track"),
        ("SUF-01", "Forecast beyond the horizon", "slipped", 168, "slipping"),
    ]
    assert data["count"] == 9
    assert data["summary"] == {"due": 3, "completed": 1, "slipped": 3, "upcoming": 2}
    columns = ("project_code", "due", "completed", "slipped", "upcoming")
    assert [pick(row, *columns) for row in data["projects"]] == [
        ("INC-01", 1, 0, 0, 0),
        ("SUF-01", 2, 1, 3, 2),
    ]


def test_milestone_rows_carry_the_project_and_the_dates(pmo, milestones):
    suf, _ = milestones
    rows = march_report(pmo, "milestones")["results"]
    assert next(row for row in rows if row["milestone"] == "Completed in April") == {
        "project_code": "SUF-01",
        "project_title": suf.title,
        "workstream": "Sufficiency",
        "lead": "Ann Lee",
        "overseeing_body": suf.overseeing_body.name,
        "section": "due",
        "milestone": "Completed in April",
        "is_key": False,
        "baseline_date": "2024-03-15",
        "forecast_date": None,
        "completed_date": "2024-04-10",
        "due_date": "2024-03-15",
        "slippage_days": 16,
        "status": "overdue",
    }


def test_milestone_report_envelope_names_the_month(pmo, milestones):
    data = march_report(pmo, "milestones")
    assert (data["report"], data["title"]) == ("milestones", "Milestones report for March 2024")
    dates = pick(data, "period", "period_start", "period_end", "as_at")
    assert dates == ("2024-03", "2024-03-01", "2024-03-31", "2024-03-31")
    assert set(data["filters"].values()) == {None}


def test_workstream_and_body_filters_narrow_the_milestones(pmo, milestones):
    suf, inc = milestones
    by_workstream = march_report(pmo, "milestones", workstream=inc.workstream_id)
    assert {row["project_code"] for row in by_workstream["results"]} == {"INC-01"}
    assert by_workstream["filters"]["workstream_name"] == inc.workstream.name
    by_body = march_report(pmo, "milestones", body=suf.overseeing_body_id)
    assert {row["project_code"] for row in by_body["results"]} == {"SUF-01"}
    assert (by_body["count"], by_body["filters"]["body"]) == (8, suf.overseeing_body_id)


def test_milestone_csv_is_the_rows_under_human_headers(pmo, milestones):
    response = get_report(pmo, "milestones", period=MARCH, format="csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = csv_lines(response)
    assert lines[0] == [str(field.label) for field in MilestoneRow().fields.values()]
    assert lines[0][:2] == ["Project", "Project title"]
    assert len(lines) == 1 + 9
    completed_late = records(lines)[1]
    columns = ("Completed", "Forecast", "Key milestone", "Slippage against baseline (days)")
    assert completed_late["Milestone"] == "Completed late in March"
    assert pick(completed_late, *columns) == ("2024-03-04", "", "No", "7")


def test_milestone_xlsx_has_a_sheet_per_table_with_typed_cells(pmo, milestones):
    response = get_report(pmo, "milestones", period=MARCH, format="xlsx")
    assert response.status_code == 200
    book = sheets(response)
    assert list(book) == ["Milestones report", "By project", "About"]
    rows = records(book["Milestones report"])
    assert len(rows) == 9
    completed_late = rows[1]
    assert isinstance(completed_late["Completed"], datetime)  # a real date, not text
    assert completed_late["Completed"].date() == date(2024, 3, 4)
    assert type(completed_late["Slippage against baseline (days)"]) is int
    assert completed_late["Slippage against baseline (days)"] == 7
    assert (completed_late["Key milestone"], completed_late["Forecast"]) == (False, None)
    assert len(book["By project"]) == 3  # header and two projects
    assert book["About"][0] == ("Report", "Milestones report for March 2024")


def test_report_xlsx_headers_are_bold_and_frozen_and_awkward_text_stays_text(pmo, milestones):
    suf, _ = milestones
    f.MilestoneFactory(project=suf, title=AWKWARD, baseline_date=date(2024, 3, 20))
    response = get_report(pmo, "milestones", period=MARCH, format="xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Milestones report"]
    assert (sheet.freeze_panes, sheet["A1"].font.b, sheet["A2"].font.b) == ("A2", True, False)
    assert sheet.column_dimensions["A"].width >= 10
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    # The control characters Excel refuses are left out; the rest of the text is as typed.
    assert AWKWARD.replace("\x01", "").replace("\x1f", "") in [cell.value for cell in cells]
    assert book["About"].freeze_panes is None


# Risks ----------------------------------------------------------------------------------------


@pytest.fixture
def risks(db, lead):
    """Five risks with a past, on the lead's SUF-01, on INC-01 and at programme level."""
    _, person = lead
    mine = f.ProjectFactory(code="SUF-01", lead=person)
    theirs = f.ProjectFactory(code="INC-01")
    board = f.BodyFactory(name="SEND Partnership Board")
    owner = f.PersonFactory(name="Ria Owner")

    def risk(on: str, reference: str, likelihood: int, impact: int, **fields) -> Risk:
        fields = {"owner": owner, "likelihood": likelihood, "impact": impact, **fields}
        return raise_risk(on, reference=reference, **fields)

    rose = risk("2024-02-10", "R-01", 2, 3, project=mine)
    save_on(rose, "2024-03-15", likelihood=4, impact=4)
    save_on(rose, "2024-04-02", likelihood=5, escalated_to=board)  # after the month
    risk("2024-03-05", "R-02", 5, 2, project=theirs, kind=Risk.Kind.ISSUE, escalated_to=board)
    closed_before = risk("2024-01-05", "R-03", 5, 5, project=mine)
    save_on(closed_before, "2024-02-20", status="closed", closed_on=date(2024, 2, 20))
    closed_after = risk("2024-01-10", "R-04", 3, 3, project=theirs, review_date=day("2024-03-01"))
    save_on(closed_after, "2024-04-05", likelihood=1, status="closed", closed_on=date(2024, 4, 5))
    programme = risk(
        "2024-01-20", "R-05", 4, 4, project=None, level="programme", review_date=day("2024-04-30")
    )
    save_on(programme, "2024-03-10", likelihood=2)
    return {"board": board, "inc_body": theirs.overseeing_body}


def test_risk_report_scores_risks_as_they_stood_at_month_end(pmo, risks):
    # given risks that moved before, during and after March
    # when the programme office asks for March 2024
    data = march_report(pmo, "risks")
    # then the risks open on 31 March, worst first, scored from their history
    columns = ("reference", "score", "previous_score", "movement")
    assert [pick(row, *columns) for row in data["results"]] == [
        ("R-01", 16, 6, "up"),  # 2×3 in February, 4×4 from 15 March (5×4 only in April)
        ("R-02", 10, None, "new"),  # raised on 5 March
        ("R-04", 9, 9, "same"),  # closed in April, so open at the end of March
        ("R-05", 8, 16, "down"),  # programme risk, 4×4 down to 2×4
    ]
    summary = data["summary"]
    assert pick(summary, "open", "risks", "issues", "escalated", "past_review") == (4, 3, 1, 1, 1)
    assert pick(summary, "new", "increased", "decreased", "unchanged") == (1, 1, 1, 1)


def test_risk_escalation_and_review_are_as_at_month_end(pmo, risks):
    rows = by_key(march_report(pmo, "risks")["results"], "reference")
    # escalated and made likelier in April: not yet at the end of March
    columns = ("likelihood", "impact", "escalated", "escalated_to")
    assert pick(rows["R-01"], *columns) == (4, 4, False, None)
    assert pick(rows["R-02"], *columns) == (5, 2, True, "SEND Partnership Board")
    assert rows["R-02"]["kind"] == "issue"
    assert pick(rows["R-04"], "review_date", "past_review") == ("2024-03-01", True)
    assert pick(rows["R-05"], "review_date", "past_review") == ("2024-04-30", False)
    assert pick(rows["R-05"], "project_code", "workstream", "level") == (None, None, "programme")
    assert rows["R-01"]["owner"] == "Ria Owner"


def test_a_lead_sees_only_their_own_projects_risks(lead, risks):
    user, _ = lead
    data = march_report(user, "risks")
    # not the other project's, nor the programme risk
    assert [row["reference"] for row in data["results"]] == ["R-01"]
    assert data["summary"]["open"] == 1


def test_body_filter_keeps_the_risks_of_the_projects_it_oversees(pmo, risks):
    data = march_report(pmo, "risks", body=risks["inc_body"].pk)
    assert [row["reference"] for row in data["results"]] == ["R-02", "R-04"]
    assert data["filters"]["body_name"] == risks["inc_body"].name


def test_body_filter_keeps_the_risks_escalated_to_it_at_month_end(pmo, risks):
    # given R-02 escalated to the board on 5 March and R-01 only on 2 April
    # when the board's March report is asked for
    data = march_report(pmo, "risks", body=risks["board"].pk)
    # then it holds the risks escalated to the board as at 31 March
    assert [pick(row, "reference", "escalated_to") for row in data["results"]] == [
        ("R-02", "SEND Partnership Board")
    ]


# KPIs -----------------------------------------------------------------------------------------


def figures(indicator: Indicator, **by_period: str) -> None:
    """Measurements given as m2024_03="77.5" (the period's first month)."""
    for name, value in by_period.items():
        period = date(int(name[1:5]), int(name[6:]), 1)
        f.MeasurementFactory(indicator=indicator, period=period, value=Decimal(value))


@pytest.fixture
def kpis(db):
    """Monthly and quarterly indicators with figures around March 2024."""
    monthly = f.IndicatorFactory(code="KPI-01")  # higher is better
    f.TargetFactory(indicator=monthly, value=Decimal("80"), tolerance=Decimal("5"))
    figures(monthly, m2024_03="77.5", m2024_02="74", m2023_03="70")
    for period, comparator, value in [
        (date(2024, 1, 1), Benchmark.Comparator.ENGLAND, "72"),
        (date(2024, 4, 1), Benchmark.Comparator.ENGLAND, "99"),  # after March: not used
        (date(2023, 12, 1), Benchmark.Comparator.STATISTICAL_NEIGHBOURS, "75.5"),
        (date(2024, 2, 1), Benchmark.Comparator.REGION, "70"),
    ]:
        f.BenchmarkFactory(
            indicator=monthly,
            period=period,
            comparator=comparator,
            value=Decimal(value),
            source="Regional return" if comparator == Benchmark.Comparator.REGION else "",
        )
    lower = f.IndicatorFactory(
        code="KPI-02", unit=Indicator.Unit.DAYS, polarity=Indicator.Polarity.LOWER
    )
    f.TargetFactory(indicator=lower, value=Decimal("20"), tolerance=Decimal("2"))
    figures(lower, m2024_03="23", m2024_02="21")
    quarterly = {"unit": Indicator.Unit.COUNT, "frequency": Indicator.Frequency.QUARTERLY}
    covering = f.IndicatorFactory(code="KPI-03", **quarterly)
    f.TargetFactory(indicator=covering, value=Decimal("120"), tolerance=Decimal("10"))
    figures(covering, m2024_01="150", m2023_10="140", m2023_01="130")
    stale = f.IndicatorFactory(code="KPI-04", **quarterly)
    f.TargetFactory(indicator=stale)
    figures(stale, m2023_12="90")
    missing = f.IndicatorFactory(code="KPI-05")
    f.TargetFactory(indicator=missing)
    figures(missing, m2024_02="85")


def test_kpi_report_compares_the_monthly_figure_with_target_past_and_benchmarks(pmo, kpis):
    row = by_key(march_report(pmo, "kpis")["results"], "code")["KPI-01"]
    assert {key: row[key] for key in KPIRow().fields if key not in ("title", "owner")} == {
        "code": "KPI-01",
        "unit": "percent",
        "polarity": "higher",
        "frequency": "monthly",
        "period_type": "month",
        "places": 1,
        "value_period": "2024-03-01",
        "value_period_label": "March 2024",
        "value": 77.5,
        "value_text": "77.5%",
        "value_status": "final",
        "value_source": "",  # typed in, not imported
        "target": 80.0,
        "target_text": "80.0%",
        "gap_to_target": -2.5,
        "rag": "amber",  # short of 80 by 2.5, within the tolerance of 5
        "previous_period": "2024-02-01",
        "previous_period_label": "February 2024",
        "previous_value": 74.0,
        "direction": "improving",
        "direction_compares": "since February 2024",
        "last_year_period": "2023-03-01",
        "last_year_period_label": "March 2023",
        "last_year_value": 70.0,
        "last_year_text": "70.0%",
        "change_on_last_year": 7.5,
        "comparable": True,  # percentages: the gaps are given
        "england_period": "2024-01-01",  # the latest by March; April's is not yet known
        "england_period_label": "January 2024",
        "england": 72.0,
        "england_text": "72.0%",
        "gap_to_england": 5.5,
        "england_source": "",
        "region_period": "2024-02-01",
        "region_period_label": "February 2024",
        "region": 70.0,
        "region_text": "70.0%",
        "gap_to_region": 7.5,
        "region_source": "Regional return",
        "statistical_neighbours_period": "2023-12-01",
        "statistical_neighbours_period_label": "December 2023",
        "statistical_neighbours": 75.5,
        "statistical_neighbours_text": "75.5%",
        "gap_to_statistical_neighbours": 2.0,
        "statistical_neighbours_used": None,
        "statistical_neighbours_named": None,
        "statistical_neighbours_source": "",
        "local_authorities_period": None,
        "local_authorities_median": None,
        "rank": None,
        "ranked": None,
        "quartile": None,
    }


def test_kpi_rag_and_direction_follow_polarity(pmo, kpis):
    row = by_key(march_report(pmo, "kpis")["results"], "code")["KPI-02"]
    # lower is better: 23 days against 20 misses by 3, beyond the tolerance of 2; up from 21
    assert pick(row, "value", "gap_to_target", "rag") == (23.0, 3.0, "red")
    assert pick(row, "previous_value", "direction") == (21.0, "worsening")
    empty = ("last_year_value", "change_on_last_year", "england", "gap_to_england")
    assert pick(row, *empty, "statistical_neighbours") == (None,) * 5


def test_a_quarterly_figure_covers_the_two_months_after_its_quarter_began(pmo, kpis):
    rows = by_key(march_report(pmo, "kpis")["results"], "code")
    covering = rows["KPI-03"]  # the quarter from January covers March
    columns = ("value_period", "value", "target", "gap_to_target", "rag")
    assert pick(covering, *columns) == ("2024-01-01", 150.0, 120.0, 30.0, "green")
    assert pick(covering, "previous_value", "direction") == (140.0, "improving")
    columns = ("last_year_period", "last_year_value", "change_on_last_year")
    assert pick(covering, *columns) == ("2023-01-01", 130.0, 20.0)
    # the quarter from December does not
    assert pick(rows["KPI-04"], "value_period", "value", "rag", "direction") == (None,) * 4


def test_an_indicator_without_a_figure_for_the_month_has_no_value_or_rag(pmo, kpis):
    data = march_report(pmo, "kpis")
    row = by_key(data["results"], "code")["KPI-05"]
    assert pick(row, "value", "rag", "target", "gap_to_target") == (None,) * 4
    assert [row["code"] for row in data["results"]] == [f"KPI-0{n}" for n in range(1, 6)]
    assert data["summary"] == {"indicators": 5, "with_figure": 3, "red": 1, "amber": 1, "green": 1}


def test_kpi_csv_and_xlsx_write_figures_plainly(pmo, kpis):
    row = records(csv_lines(get_report(pmo, "kpis", period=MARCH, format="csv")))[0]
    assert pick(row, "Value", "Gap to target", "Target") == ("77.5", "-2.5", "80")
    row = records(sheets(get_report(pmo, "kpis", period=MARCH, format="xlsx"))["KPI report"])[0]
    assert (row["Value"], row["Gap to target"], row["RAG"]) == (77.5, -2.5, "amber")
    assert isinstance(row["Gap to target"], float)
    assert row["Period of the figure"].date() == date(2024, 3, 1)


# Programme summary ----------------------------------------------------------------------------

COUNTS = (
    "workstream_number",
    "workstream",
    *("red", "amber", "green", "blue", "reported", "missing", "projects"),
)
CLOSED_IN = {  # closed in February owes no March report; closed in March does
    "february": {"stage": "closed", "actual_end_date": date(2024, 2, 20)},
    "march": {"stage": "closed", "actual_end_date": date(2024, 3, 10)},
}


@pytest.fixture
def programme(db):
    """Two workstreams' projects with their March (and February) reports."""
    sufficiency = f.WorkstreamFactory(number=1, name="Sufficiency")
    inclusion = f.WorkstreamFactory(number=2, name="Inclusion")
    march, february = date(2024, 3, 1), date(2024, 2, 1)
    for code, workstream, extra, reports in [
        ("SUF-01", sufficiency, {}, {march: "red", february: "amber"}),
        ("SUF-02", sufficiency, {}, {march: "green"}),
        ("SUF-03", sufficiency, {}, {february: "green"}),  # March report missing
        ("SUF-04", sufficiency, {"stage": "proposed"}, {march: "green"}),
        ("INC-01", inclusion, {}, {march: "amber", february: "amber"}),
        ("INC-02", inclusion, CLOSED_IN["february"], {february: "blue"}),
        ("INC-03", inclusion, CLOSED_IN["march"], {march: "blue"}),
    ]:
        project = f.ProjectFactory(code=code, workstream=workstream, **extra)
        for period, rag in reports.items():
            f.StatusReportFactory(project=project, period=period, rag=rag)
    # filed at 09:30 UTC, 10:30 in London (summer time began on 31 March)
    submitted = datetime(2024, 4, 3, 9, 30, tzinfo=UTC)
    StatusReport.objects.filter(project__code="SUF-01", period=march).update(submitted_at=submitted)


def test_programme_summary_lists_projects_owing_a_report(pmo, programme):
    data = march_report(pmo, "programme")
    # not SUF-04, still proposed, nor INC-02, closed in February
    columns = ("project_code", "rag", "previous_rag", "report_filed")
    assert [pick(row, *columns) for row in data["results"]] == [
        ("SUF-01", "red", "amber", True),
        ("SUF-02", "green", None, True),
        ("SUF-03", None, "green", False),
        ("INC-01", "amber", "amber", True),
        ("INC-03", "blue", None, True),
    ]
    assert data["results"][0]["submitted_at"] == "2024-04-03T10:30:00+01:00"
    assert [row["project_code"] for row in data["missing_reports"]] == ["SUF-03"]
    columns = ("red", "amber", "green", "blue", "reported", "missing", "projects")
    assert pick(data["summary"], *columns) == (1, 1, 1, 1, 4, 1, 5)


def test_programme_summary_counts_each_workstream(pmo, programme):
    workstreams = march_report(pmo, "programme")["workstreams"]
    assert [list(row) for row in workstreams] == [list(COUNTS)] * 2
    assert [pick(row, *COUNTS) for row in workstreams] == [
        (1, "Sufficiency", 1, 0, 1, 0, 2, 1, 3),
        (2, "Inclusion", 0, 1, 0, 1, 2, 0, 2),
    ]


def test_programme_xlsx_has_the_rows_and_both_tables(pmo, programme):
    book = sheets(get_report(pmo, "programme", period=MARCH, format="xlsx"))
    assert list(book) == ["Programme summary", "By workstream", "Reports missing", "About"]
    assert book["By workstream"][0][:3] == ("Workstream number", "Workstream", "Red")
    assert book["By workstream"][1][:3] == (1, "Sufficiency", 1)
    assert len(book["Reports missing"]) == 2
    # spreadsheets hold no time zones: the London time
    submitted = records(book["Programme summary"])[0]["Submitted at"]
    assert submitted.isoformat() == "2024-04-03T10:30:00"


def test_programme_csv_writes_yes_no_and_local_times(pmo, programme):
    response = get_report(pmo, "programme", period=MARCH, format="csv")
    rows = records(csv_lines(response))
    columns = ("Project", "RAG this month", "Report filed", "Submitted at")
    assert pick(rows[0], *columns) == ("SUF-01", "red", "Yes", "2024-04-03 10:30:00")
    assert pick(rows[2], *columns) == ("SUF-03", "", "No", "")


# The envelope, bad input and who may read -----------------------------------------------------


@pytest.mark.parametrize("name", REPORTS)
def test_the_default_period_is_the_latest_complete_month(pmo, name):
    last_month = month_add(timezone.localdate(), -1)
    data = get_report(pmo, name).json()
    assert (data["period"], data["period_start"]) == (f"{last_month:%Y-%m}", str(last_month))
    assert data["as_at"] == data["period_end"]


@pytest.mark.parametrize(
    ("params", "attr"),
    [
        ({"period": "2023-13"}, "period"),
        ({"period": "March"}, "period"),
        ({"period": "2024-03-15"}, "period"),
        ({"workstream": "999999"}, "workstream"),
        ({"workstream": "abc"}, "workstream"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_parameters_are_refused_naming_the_parameter(pmo, params, attr):
    response = get_report(pmo, "milestones", **params)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert body["errors"][0]["attr"] == attr
    assert body["errors"][0]["detail"]


@pytest.mark.parametrize("name", REPORTS)
def test_reports_need_a_login_and_a_role(db, name):
    assert get_report(None, name, period=MARCH).status_code == 401
    assert get_report(f.UserFactory(), name, period=MARCH).status_code == 403


# Query counts ---------------------------------------------------------------------------------


def add_savings(project: Project) -> None:
    """Savings for the 2023/24 financial year and for March 2024, recorded on 5 March 2024."""
    for record in (
        f.SavingsYearFactory.build(project=project, financial_year=2023, budget=1000),
        f.SavingsMonthFactory.build(project=project, month=date(2024, 3, 1), spend=10),
    ):
        record._history_date = datetime(2024, 3, 5, tzinfo=UTC)
        record.save()


def add_projects(count: int) -> None:
    """``count`` projects with a milestone, a risk with history, reports and an indicator."""
    for _ in range(count):
        project = f.ProjectFactory(safety_valve=True)
        add_savings(project)
        f.MilestoneFactory(project=project, baseline_date=date(2024, 3, 31))  # due in March
        risk = raise_risk("2024-02-01", project=project, owner=project.lead)
        save_on(risk, "2024-03-05", impact=5, escalated_to=f.BodyFactory())
        for period in (date(2024, 2, 1), date(2024, 3, 1)):
            f.StatusReportFactory(project=project, period=period)
        indicator = f.IndicatorFactory()
        indicator.projects.add(project)
        f.TargetFactory(indicator=indicator)
        f.MeasurementFactory(indicator=indicator, period=date(2024, 3, 1))
        f.BenchmarkFactory(indicator=indicator, period=date(2024, 3, 1))


def queries_for(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, {"period": MARCH})
    assert response.status_code == 200
    assert response.json()["count"] == Project.objects.count()  # one row per project
    return len(context.captured_queries)


@pytest.mark.parametrize("name", REPORTS)
def test_report_asks_the_same_number_of_queries_for_more_projects(pmo, name):
    client = APIClient()
    client.force_authenticate(pmo)
    url = f"/api/v1/reports/{name}/"
    add_projects(2)
    client.get(url, {"period": MARCH})  # warm up the user's permission caches
    with_two = queries_for(client, url)
    add_projects(8)
    assert queries_for(client, url) == with_two


@pytest.mark.parametrize("name", REPORTS)
def test_reports_answer_exactly_as_their_serializers_represent_them(pmo, name, monkeypatch):
    """Reports represent their rows field by field, without the serializer's per-row work:
    the answer is the one the serializer itself gives, value for value."""
    add_projects(3)
    # A programme risk (no project) with no history by the month's end, escalated now.
    f.RiskFactory(
        project=None,
        level=Risk.Level.PROGRAMME,
        raised_on=date(2024, 1, 1),
        escalated_to=f.BodyFactory(),
    )
    fast = march_report(pmo, name)
    monkeypatch.setattr(api_reports, "represent", lambda serializer: serializer.data)
    slow = march_report(pmo, name)
    assert fast.pop("generated_at")
    assert slow.pop("generated_at")
    assert fast["count"] > 0
    assert fast == slow


AWKWARD = 'Say "no" \\ to C:\\path\t\x01\x1f\u2028\u2029 é 😀 =HYPERLINK("x") </script>'


@pytest.mark.parametrize("name", REPORTS)
def test_reports_json_is_byte_for_byte_what_drf_writes(pmo, name):
    """The reports' JSON is encoded fast, and exactly as DRF's own renderer writes the same
    answer: awkward text (quotes, backslashes, control characters, line separators, emoji),
    dates, times, decimals large and small, and blanks alike."""
    add_projects(2)
    project = f.ProjectFactory(
        code="AWK-01", title=AWKWARD, safety_valve=True, lead=f.PersonFactory(name=AWKWARD)
    )
    add_savings(project)
    f.MilestoneFactory(project=project, title=AWKWARD, baseline_date=date(2024, 3, 31))
    risk = raise_risk(
        "2024-02-01", project=project, owner=project.lead, title=AWKWARD, mitigation=AWKWARD
    )
    save_on(risk, "2024-03-05", impact=5)
    f.StatusReportFactory(project=project, period=date(2024, 3, 1))
    for code, value in [("AWK-1", "9999999999.9999"), ("AWK-2", "0.0001"), ("AWK-3", "-0.5")]:
        indicator = f.IndicatorFactory(code=code, title=AWKWARD, decimal_places=4)
        f.TargetFactory(indicator=indicator, value=Decimal("1E+3"))
        figures(indicator, m2024_03=value, m2023_03="0")
    response = get_report(pmo, name, period=MARCH)
    assert response.status_code == 200
    assert any(AWKWARD in row.values() for row in response.json()["results"])
    assert response.content == JSONRenderer().render(response.data)
    # and an indented answer, when asked for, is DRF's own
    indented = APIClient()
    indented.force_authenticate(pmo)
    response = indented.get(
        f"/api/v1/reports/{name}/", {"period": MARCH}, HTTP_ACCEPT="application/json; indent=2"
    )
    assert response.content == JSONRenderer().render(
        response.data, "application/json; indent=2", {}
    )
