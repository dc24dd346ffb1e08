"""Bad input is the client's error, answered in the API's JSON error format, never a 500: a
filter's month holding "%", a month in the year 9999, an oversized or malformed body, and the
import runs (whose files and problems are lists) as a spreadsheet."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from django.conf import settings

from tests import factories as f
from tests.indicators.official_setup import csv_file, kent, timeliness_mapping

from .conftest import token_client

pytestmark = pytest.mark.django_db


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.mark.parametrize("value", ["%", "%s", "%(x)s", "100%", "%d-%m"])
@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/status-reports/", "period"),
        ("/api/v1/measurements/", "period_after"),
        ("/api/v1/measurements/", "period_before"),
        ("/api/v1/benchmarks/", "period_after"),
        ("/api/v1/benchmarks/", "period_before"),
    ],
)
def test_a_month_filter_holding_a_percent_sign_is_a_400_quoting_it(pmo, url, parameter, value):
    response = token_client(pmo).get(url, {parameter: value})

    body = _error(response, 400)
    assert body["type"] == "validation_error"
    assert body["errors"][0]["attr"] == parameter
    assert body["errors"][0]["detail"] == (
        f"“{value}” is not a month. Write it as YYYY-MM, e.g. 2026-10."
    )


@pytest.mark.parametrize("name", ["programme", "risks", "kpis", "milestones"])
@pytest.mark.parametrize("period", ["9999-12", "3000-01"])
def test_a_report_for_a_month_too_far_ahead_is_a_400_naming_the_period(pmo, name, period):
    response = token_client(pmo).get(f"/api/v1/reports/{name}/", {"period": period})

    body = _error(response, 400)
    assert body["errors"][0]["attr"] == "period"
    assert body["errors"][0]["detail"] == f"“{period}” is too far ahead: give a year up to 2999."


def test_a_report_for_the_last_month_accepted_answers(pmo):
    response = token_client(pmo).get("/api/v1/reports/milestones/", {"period": "2999-12"})

    assert response.status_code == 200
    assert response.json()["period"] == "2999-12"


def test_a_figure_for_the_year_9999_is_refused_naming_the_period(pmo):
    indicator = f.IndicatorFactory()

    response = token_client(pmo).post(
        "/api/v1/measurements/", {"indicator": indicator.pk, "period": "9999-12", "value": 1}
    )

    assert _error(response, 400)["errors"][0]["attr"] == "period"


@pytest.fixture
def runs(pmo):
    kent()
    timeliness_mapping()
    response = token_client(pmo).post(
        "/api/v1/official-statistics/imports/",
        {"files": [csv_file()], "release": "June 2024"},
        format="multipart",
    )
    assert response.status_code == 201
    return response.json()["id"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_import_runs_download_as_spreadsheets_with_their_files_listed(pmo, runs, fmt):
    client = token_client(pmo)
    for url in (
        "/api/v1/official-statistics/imports/",
        f"/api/v1/official-statistics/imports/{runs}/",
    ):
        response = client.get(url, {"format": fmt})

        assert response.status_code == 200
        if fmt == "xlsx":
            book = openpyxl.load_workbook(io.BytesIO(response.content))
            header, *rows = list(book.worksheets[0].values)
            row = dict(zip(header, rows[0], strict=True))
        else:
            header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
            row = dict(zip(header, rows[0], strict=True))
        assert row["Files"] == "timeliness_20_week.csv"
        assert row["Release"] == "June 2024"


def test_an_oversized_body_is_a_413_in_the_apis_format(pmo):
    project = f.ProjectFactory()
    too_big = json.dumps({"purpose": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 500_000)})

    response = token_client(pmo).patch(
        f"/api/v1/projects/{project.pk}/", too_big, content_type="application/json"
    )

    body = _error(response, 413)
    assert body["type"] == "client_error"
    assert body["errors"][0]["code"] == "payload_too_large"
    assert "2.5 MB" in body["errors"][0]["detail"]
    project.refresh_from_db()
    assert project.purpose != "x"


@pytest.mark.parametrize(
    "content", [b"{bad", b'{"purpose": ', b"\xff\xfe\x00", b"[1, 2", b'{"purpose": "a"}}']
)
def test_a_malformed_body_is_a_400_in_the_apis_format(pmo, content):
    project = f.ProjectFactory()

    response = token_client(pmo).patch(
        f"/api/v1/projects/{project.pk}/", content, content_type="application/json"
    )

    body = _error(response, 400)
    assert body["type"] == "client_error"
    assert body["errors"][0]["code"] == "parse_error"
    assert body["errors"][0]["detail"].startswith("JSON parse error")


@pytest.mark.django_db
def test_a_number_sent_for_text_is_refused_with_the_field_named():
    # given a project the programme office may change
    project = f.ProjectFactory(purpose="Cut waiting times")
    client = token_client(f.pmo_user(username="pmo-text"))

    # when a script sends a number where the purpose's text goes
    response = client.patch(f"/api/v1/projects/{project.pk}/", {"purpose": 5}, format="json")

    # then it is refused, naming the field, and nothing is saved
    assert response.status_code == 400
    errors = {e["attr"]: e["detail"] for e in response.json()["errors"]}
    assert errors["purpose"] == "Send text here, in quotes, not a number."
    project.refresh_from_db()
    assert project.purpose == "Cut waiting times"
