"""The API's resources as analysts, leads, directors and the programme office use them: who
may read and write what, the filters, the order of pages, the files and the errors."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from rest_framework.test import APIClient

from indicators.models import Indicator, Measurement
from projects.models import Risk, StatusReport
from sendtrack.kernel.rag import RAG
from tests import factories as f

from .conftest import token_client

pytestmark = pytest.mark.django_db

LISTS = [
    "workstreams",
    "projects",
    "milestones",
    "risks",
    "status-reports",
    "indicators",
    "measurements",
    "targets",
    "benchmarks",
    "bodies",
    "meetings",
    "information-requests",
    "areas-of-weakness",
    "plan-actions",
]
REPORTS = ["milestones", "risks", "kpis", "programme"]


def errors_by_field(response) -> dict[str, str]:
    return {error["attr"]: error["detail"] for error in response.json()["errors"]}


# Signing in -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", [f"/api/v1/{name}/" for name in LISTS] + [f"/api/v1/reports/{name}/" for name in REPORTS]
)
def test_anonymous_callers_are_told_to_authenticate(url):
    response = APIClient().get(url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_token_is_refused():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert client.get("/api/v1/projects/").status_code == 401


def test_a_browser_session_works_as_well_as_a_token(pmo):
    client = APIClient()
    client.force_login(pmo)

    assert client.get("/api/v1/projects/").status_code == 200


def test_a_signed_in_user_without_a_role_reads_nothing():
    client = token_client(f.UserFactory(username="nobody"))

    assert client.get("/api/v1/projects/").status_code == 403
    assert client.get("/api/v1/reports/kpis/").status_code == 403


# What each role sees ----------------------------------------------------------------------------


def test_a_lead_lists_only_the_projects_they_lead(lead, other_lead):
    mine = f.ProjectFactory(lead=lead[1])
    f.ProjectFactory(lead=other_lead[1])

    response = token_client(lead[0]).get("/api/v1/projects/")

    assert [row["code"] for row in response.json()["results"]] == [mine.code]


def test_another_leads_project_is_not_found_for_a_lead(lead, other_lead):
    theirs = f.ProjectFactory(lead=other_lead[1])

    assert token_client(lead[0]).get(f"/api/v1/projects/{theirs.pk}/").status_code == 404


def test_directors_read_every_project_and_write_none(director, lead):
    project = f.ProjectFactory(lead=lead[1])
    client = token_client(director)

    assert client.get(f"/api/v1/projects/{project.pk}/").status_code == 200
    response = client.patch(f"/api/v1/projects/{project.pk}/", {"purpose": "New"})
    assert response.status_code == 403


def test_leads_cannot_read_the_members_information_requests(lead):
    # As in the admin: the request log is for the programme office, directors and members.
    assert token_client(lead[0]).get("/api/v1/information-requests/").status_code == 403


# Writing a month's report ----------------------------------------------------------------------


def report_data(for_project, **changes) -> dict:
    return {
        "project": for_project.pk,
        "period": "2026-10",
        "rag": "amber",
        "commentary": "Recruitment delayed; recovery plan agreed.",
        **changes,
    }


def test_a_lead_files_their_projects_report_and_is_recorded_as_submitter(lead):
    project = f.ProjectFactory(lead=lead[1])

    response = token_client(lead[0]).post("/api/v1/status-reports/", report_data(project))

    assert response.status_code == 201, response.json()
    assert response.json()["period"] == "2026-10-01"
    assert response.json()["submitted_by_name"] == "Priya Shah"
    report = StatusReport.objects.get()
    assert (report.project, report.period, report.rag) == (project, date(2026, 10, 1), RAG.AMBER)
    assert report.submitted_by == lead[0]


def test_a_second_report_for_the_same_month_is_a_conflict_naming_the_first(lead):
    project = f.ProjectFactory(lead=lead[1], code="SUF-01")
    first = f.StatusReportFactory(project=project, period=date(2026, 10, 1))

    response = token_client(lead[0]).post("/api/v1/status-reports/", report_data(project))

    assert response.status_code == 409
    detail = response.json()["errors"][0]["detail"]
    assert "SUF-01 already has a report for October 2026" in detail
    assert f"/api/v1/status-reports/{first.pk}/" in detail
    assert StatusReport.objects.count() == 1


def test_moving_a_report_onto_a_month_already_reported_is_a_conflict(lead):
    project = f.ProjectFactory(lead=lead[1])
    f.StatusReportFactory(project=project, period=date(2026, 10, 1))
    september = f.StatusReportFactory(project=project, period=date(2026, 9, 1))

    response = token_client(lead[0]).patch(
        f"/api/v1/status-reports/{september.pk}/", {"period": "2026-10"}
    )

    assert response.status_code == 409


def test_a_lead_may_not_report_on_another_leads_project(lead, other_lead):
    # a project they may not see is, to them, one that does not exist
    theirs = f.ProjectFactory(lead=other_lead[1])

    response = token_client(lead[0]).post("/api/v1/status-reports/", report_data(theirs))

    assert response.status_code == 400
    assert "does not exist" in errors_by_field(response)["project"]
    assert StatusReport.objects.count() == 0


def test_a_lead_may_not_change_another_leads_report(lead, other_lead):
    report = f.StatusReportFactory(project=f.ProjectFactory(lead=other_lead[1]))

    response = token_client(lead[0]).patch(f"/api/v1/status-reports/{report.pk}/", {"rag": "red"})

    # not found, as a report that does not exist: a refusal would tell them it exists
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.rag == RAG.GREEN


def test_the_programme_office_corrects_a_report_and_the_submitter_is_kept(lead, pmo):
    report = f.StatusReportFactory(project=f.ProjectFactory(lead=lead[1]), submitted_by=lead[0])

    response = token_client(pmo).patch(f"/api/v1/status-reports/{report.pk}/", {"rag": "red"})

    assert response.status_code == 200
    report.refresh_from_db()
    assert (report.rag, report.submitted_by) == (RAG.RED, lead[0])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"period": "2026-13"}, "period", "months run from 01 to 12"),
        ({"period": "2026-10-15"}, "period", "not “2026-10-15”"),
        ({"rag": "purple"}, "rag", "not a valid choice"),
        ({"commentary": ""}, "commentary", "may not be blank"),
        ({"project": 999999}, "project", "does not exist"),
    ],
)
def test_a_bad_report_is_refused_field_by_field_and_nothing_is_saved(lead, changes, field, message):
    project = f.ProjectFactory(lead=lead[1])

    response = token_client(lead[0]).post(
        "/api/v1/status-reports/", report_data(project, **changes)
    )

    assert response.status_code == 400
    assert message in errors_by_field(response)[field]
    assert StatusReport.objects.count() == 0


# Projects, milestones, risks, figures ----------------------------------------------------------


def test_a_lead_updates_their_projects_stage_but_not_its_title(lead):
    project = f.ProjectFactory(lead=lead[1], title="Sufficiency strategy")
    client = token_client(lead[0])

    assert client.patch(f"/api/v1/projects/{project.pk}/", {"stage": "closing"}).status_code == 200
    response = client.patch(f"/api/v1/projects/{project.pk}/", {"title": "Renamed"})

    assert response.status_code == 403
    assert "title" in response.json()["errors"][0]["detail"]
    project.refresh_from_db()
    assert (project.stage, project.title) == ("closing", "Sufficiency strategy")


def test_only_the_programme_office_moves_an_agreed_baseline(lead, pmo):
    milestone = f.MilestoneFactory(
        project=f.ProjectFactory(lead=lead[1]), baseline_date=date(2027, 3, 1)
    )
    url = f"/api/v1/milestones/{milestone.pk}/"

    refused = token_client(lead[0]).patch(url, {"baseline_date": "2027-06-01"})
    forecast = token_client(lead[0]).patch(url, {"forecast_date": "2027-06-01"})
    rebaselined = token_client(pmo).patch(url, {"baseline_date": "2027-05-01"})

    assert refused.status_code == 400
    assert "Only the programme office" in errors_by_field(refused)["baseline_date"]
    assert forecast.status_code == 200
    assert forecast.json()["slippage_days"] == 92
    assert rebaselined.status_code == 200
    milestone.refresh_from_db()
    assert milestone.baseline_date == date(2027, 5, 1)


def test_a_lead_raises_a_risk_and_it_is_numbered_in_the_projects_register(lead):
    project = f.ProjectFactory(lead=lead[1], code="SUF-01")
    f.RiskFactory(project=project, reference="SUF-01-R1")

    response = token_client(lead[0]).post(
        "/api/v1/risks/",
        {
            "project": project.pk,
            "title": "Not enough specialist places",
            "likelihood": 4,
            "impact": 5,
            "owner": lead[1].pk,
            "raised_on": "2026-10-02",
        },
    )

    assert response.status_code == 201, response.json()
    assert (response.json()["reference"], response.json()["score"]) == ("SUF-01-R2", 20)


def test_the_models_own_rules_answer_as_field_errors(pmo):
    risk = f.RiskFactory()

    response = token_client(pmo).patch(f"/api/v1/risks/{risk.pk}/", {"status": "closed"})

    assert response.status_code == 400
    assert errors_by_field(response)["closed_on"] == "Give the date the risk was closed."
    assert Risk.objects.get().status == Risk.Status.OPEN


def test_a_lead_may_not_raise_a_programme_risk(lead):
    response = token_client(lead[0]).post(
        "/api/v1/risks/",
        {
            "level": "programme",
            "title": "Funding",
            "likelihood": 3,
            "impact": 3,
            "owner": lead[1].pk,
            "raised_on": "2026-10-02",
        },
    )

    assert response.status_code == 403


def test_an_owner_enters_their_indicators_figure_and_a_second_is_a_conflict(lead):
    indicator = f.IndicatorFactory(owner=lead[1], code="KPI-01")
    client = token_client(lead[0])
    figure = {"indicator": indicator.pk, "period": "2026-10", "value": "69.1"}

    first = client.post("/api/v1/measurements/", figure)
    second = client.post("/api/v1/measurements/", {**figure, "value": "70"})

    assert first.status_code == 201, first.json()
    assert first.json()["value"] == 69.1
    assert second.status_code == 409
    assert Measurement.objects.get().entered_by == lead[0]


def test_only_an_indicators_owner_enters_its_figures(lead, other_lead):
    theirs = f.IndicatorFactory(owner=other_lead[1])

    response = token_client(lead[0]).post(
        "/api/v1/measurements/", {"indicator": theirs.pk, "period": "2026-10", "value": "50"}
    )

    assert response.status_code == 400
    assert "does not exist" in errors_by_field(response)["indicator"]


def test_a_percentage_over_100_is_refused(pmo):
    indicator = f.IndicatorFactory(unit=Indicator.Unit.PERCENT)

    response = token_client(pmo).post(
        "/api/v1/measurements/", {"indicator": indicator.pk, "period": "2026-10", "value": "120"}
    )

    assert response.status_code == 400
    assert "from 0 to 100" in errors_by_field(response)["value"]


def test_governance_records_are_written_by_the_programme_office_only(pmo, director):
    body = f.BodyFactory()
    data = {"body": body.pk, "date": "2026-12-03", "status": "scheduled"}

    assert token_client(director).post("/api/v1/meetings/", data).status_code == 403
    assert token_client(pmo).post("/api/v1/meetings/", data).status_code == 201


# Filters, order and pages ----------------------------------------------------------------------


def test_projects_filter_by_workstream_and_latest_rag(pmo):
    sufficiency = f.WorkstreamFactory(name="Sufficiency")
    red = f.ProjectFactory(workstream=sufficiency, code="SUF-01")
    f.StatusReportFactory(project=red, rag=RAG.RED)
    f.StatusReportFactory(project=f.ProjectFactory(workstream=sufficiency), rag=RAG.GREEN)
    f.StatusReportFactory(project=f.ProjectFactory(), rag=RAG.RED)

    response = token_client(pmo).get(f"/api/v1/projects/?workstream={sufficiency.pk}&rag=red")

    assert [row["code"] for row in response.json()["results"]] == ["SUF-01"]


def test_milestones_filter_by_due_dates_and_status(pmo):
    project = f.ProjectFactory()
    f.MilestoneFactory(project=project, title="Early", baseline_date=date(2026, 1, 10))
    f.MilestoneFactory(project=project, title="Spring", baseline_date=date(2026, 4, 10))
    f.MilestoneFactory(
        project=project,
        title="Done",
        baseline_date=date(2026, 4, 20),
        completed_date=date(2026, 4, 18),
    )

    response = token_client(pmo).get(
        "/api/v1/milestones/?due_after=2026-04-01&due_before=2026-04-30&status=complete"
    )

    assert [row["title"] for row in response.json()["results"]] == ["Done"]


def test_status_reports_filter_by_month(pmo):
    project = f.ProjectFactory()
    f.StatusReportFactory(project=project, period=date(2026, 9, 1))
    october = f.StatusReportFactory(project=project, period=date(2026, 10, 1))

    response = token_client(pmo).get("/api/v1/status-reports/?period=2026-10")

    assert [row["id"] for row in response.json()["results"]] == [october.pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("colour=red", "colour"),
        ("rag=purple", "rag"),
        ("workstream=abc", "workstream"),
        ("period=2023-13", "period"),
        ("ordering=password", "ordering"),
        ("format=pdf", "format"),
        ("page=99", None),
    ],
)
def test_bad_query_parameters_are_refused_with_a_message(pmo, query, field):
    url = "/api/v1/status-reports/" if "period" in query else "/api/v1/projects/"

    response = token_client(pmo).get(f"{url}?{query}")

    assert response.status_code == 404 if field is None else 400
    if field:
        assert field in errors_by_field(response)


def test_pages_in_a_non_unique_order_never_repeat_or_skip_a_row(pmo):
    workstream = f.WorkstreamFactory()
    f.ProjectFactory.create_batch(7, workstream=workstream, stage="delivery")
    client = token_client(pmo)

    seen = []
    for page in (1, 2, 3):
        response = client.get(f"/api/v1/projects/?ordering=stage&page_size=3&page={page}")
        seen += [row["id"] for row in response.json()["results"]]

    assert len(set(seen)) == len(seen) == 7


def test_search_finds_projects_by_words_in_their_title(pmo):
    f.ProjectFactory(title="Speech and language therapy waiting times")
    f.ProjectFactory(title="Post-16 pathways")

    response = token_client(pmo).get("/api/v1/projects/?search=therapy")

    assert [row["title"] for row in response.json()["results"]] == [
        "Speech and language therapy waiting times"
    ]


# Files -----------------------------------------------------------------------------------------


def test_a_list_as_csv_has_every_row_under_human_headers(pmo):
    f.MeasurementFactory.create_batch(
        60, indicator=f.IndicatorFactory(code="KPI-01"), period=factory_month()
    )

    response = token_client(pmo).get("/api/v1/measurements/?format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="measurements.csv"'
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:7] == [
        "ID",
        "Indicator",
        "Indicator code",
        "Period",
        "Period type",
        "Period named",
        "Value",
    ]
    assert rows[1][4] == "month"
    assert len(rows) == 61  # every row, not a page of 50


def test_accept_header_chooses_the_format(pmo):
    response = token_client(pmo).get(
        "/api/v1/projects/",
        HTTP_ACCEPT="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_a_list_as_xlsx_holds_dates_as_dates_and_numbers_as_numbers(pmo):
    indicator = f.IndicatorFactory(code="KPI-01")
    f.MeasurementFactory(indicator=indicator, period=date(2026, 10, 1), value=Decimal("69.1"))

    response = token_client(pmo).get("/api/v1/measurements/?format=xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["Indicator code"] == "KPI-01"
    assert row["Period"].date() == date(2026, 10, 1)
    assert row["Value"] == pytest.approx(69.1)
    assert isinstance(row["Value"], float)


def test_errors_come_back_as_json_even_when_a_file_was_asked_for(pmo):
    response = token_client(pmo).get("/api/v1/projects/?format=csv&rag=purple")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "rag" in errors_by_field(response)


_months = iter(range(10_000))


def factory_month():
    """A different month for each figure: January 2000 onwards."""
    return f.factory.LazyFunction(lambda: _next_month())


def _next_month() -> date:
    index = next(_months)
    return date(2000 + index // 12, index % 12 + 1, 1)
