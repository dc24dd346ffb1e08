"""``/api/v1/official-statistics/imports/``: the programme office posts a release's files."""

from __future__ import annotations

import pytest

from indicators.models import ImportRun, Measurement
from tests import factories as f
from tests.indicators.official_setup import (
    csv_file,
    fixture_text,
    kent,
    timeliness_mapping,
    with_filters_of_the_old_layout,
)

from .conftest import token_client

pytestmark = pytest.mark.django_db
URL = "/api/v1/official-statistics/imports/"


@pytest.fixture
def mapped(db):
    kent()
    return timeliness_mapping()


def test_the_programme_office_imports_a_release_by_posting_its_file(pmo, mapped):
    response = token_client(pmo).post(
        URL, {"files": [csv_file()], "release": "June 2024"}, format="multipart"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["outcome"], body["created"], body["suppressed"]) == ("imported", 10, 3)
    assert (body["user"], body["door"], body["release"]) == ("pmo", "api", "June 2024")
    latest = Measurement.objects.get(period="2023-01-01")
    assert latest.provenance == "timeliness_20_week.csv, release June 2024, row 22"
    assert latest.entered_by == pmo


def test_a_dry_run_through_the_api_writes_nothing(pmo, mapped):
    response = token_client(pmo).post(
        URL, {"files": [csv_file()], "dry_run": "true"}, format="multipart"
    )

    assert response.status_code == 201
    assert response.json()["outcome"] == "dry_run"
    assert len(response.json()["changes"]) == 10
    assert not Measurement.objects.exists()


def test_a_bad_file_is_a_400_naming_file_row_and_column(pmo, mapped):
    bad = fixture_text("timeliness_20_week.csv").replace("\n2023,", "\n2023x,", 1)

    response = token_client(pmo).post(URL, {"files": [csv_file(bad)]}, format="multipart")

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["attr"], error["code"]) == ("files", "invalid_file")
    assert error["detail"].startswith("timeliness_20_week.csv, row 19, column time_period:")
    assert not Measurement.objects.exists()
    assert ImportRun.objects.get().outcome == ImportRun.Outcome.REFUSED


def test_posting_no_file_is_a_400(pmo, mapped):
    response = token_client(pmo).post(URL, {"release": "x"}, format="multipart")

    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "files"


def test_directors_read_the_runs_but_may_not_import(director, mapped):
    client = token_client(director)

    assert client.post(URL, {"files": [csv_file()]}, format="multipart").status_code == 403
    assert client.get(URL).status_code == 200
    assert not Measurement.objects.exists()


def test_project_leads_see_no_imports(lead, mapped):
    user, _ = lead

    assert token_client(user).get(URL).status_code == 403


@pytest.mark.parametrize("runs", [2, 8])
def test_the_list_of_runs_is_a_fixed_number_of_queries(pmo, django_assert_num_queries, runs):
    user = f.pmo_user(username="other")
    for n in range(runs):
        run = ImportRun.objects.create(
            door="api", release=f"r{n}", outcome="imported", user=user if n % 2 else pmo
        )
        run.revisions.create(
            indicator=f.IndicatorFactory(),
            period="2023-01-01",
            old_value=1,
            new_value=2,
            new_source="x",
        )
    client = token_client(pmo)
    client.get(URL)  # warm the token and groups

    # (one of them the data's version, which the answer's validator is made from)
    with django_assert_num_queries(6):
        response = client.get(URL)

    assert response.json()["count"] == runs
    assert response.json()["results"][0]["revisions"] == 1


def test_the_runs_download_as_csv(director, mapped):
    token_client(f.pmo_user(username="pmo2")).post(
        URL, {"files": [csv_file()], "release": "June 2024"}, format="multipart"
    )

    response = token_client(director).get(URL, {"format": "csv"})

    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("ID,Started at,User,Through,Release,Files")
    assert "June 2024" in lines[1]


def test_a_file_cut_short_is_a_400_naming_its_row_and_changes_nothing(pmo, mapped):
    client = token_client(pmo)
    client.post(URL, {"files": [csv_file()]}, format="multipart")
    before = list(Measurement.objects.values())
    cut = fixture_text("timeliness_20_week.csv").rstrip("\n")
    cut = cut[: cut.rindex(",")]

    response = client.post(URL, {"files": [csv_file(cut)]}, format="multipart")

    assert response.status_code == 400
    assert response.json()["errors"][0]["detail"].startswith(
        "timeliness_20_week.csv, row 35: This row has 17 values where the header has 18 columns"
    )
    assert list(Measurement.objects.values()) == before


def test_a_mapping_reading_rows_the_file_lacks_is_a_400_listing_the_files_values(pmo, mapped):
    with_filters_of_the_old_layout(mapped)

    response = token_client(pmo).post(URL, {"files": [csv_file()]}, format="multipart")

    assert response.status_code == 400
    detail = response.json()["errors"][0]["detail"]
    assert "column breakdown_topic, breakdown: No row has breakdown_topic “Total”" in detail
    assert "“Age at time of request” (2 rows)" in detail
