"""The areas and their assurance in the API: the same figures and ratings as the pages, for the
programme office and directors only, in a fixed number of queries; and evidence uploaded
through the API, refused with a 400 that names the field (and nothing stored) unless the file
is an allowed type whose content matches its name."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from governance.models import EvidenceItem
from tests.governance.assurance_fixtures import CSV, PNG, build_area6, grow

from .conftest import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def area6(db) -> dict:
    """Area 6 with one plan action in each state (see ``build_area6``)."""
    return build_area6()


def test_the_areas_list_has_the_matrix_figures(area6, director):
    response = token_client(director).get("/api/v1/areas/")
    assert response.status_code == 200
    rows = {row["number"]: row for row in response.json()["results"]}
    assert set(rows) == {2, 6}
    six = rows[6]
    assert six["finding"] == "Plans are late."
    assert {k: six[k] for k in ("actions_delivered_percent", "impact_evidenced_percent")} == {
        "actions_delivered_percent": 50,
        "impact_evidenced_percent": 25,
    }
    assert six["indicators_on_target_percent"] == 50
    assert six["open_red_risks"] == 1
    assert six["overdue_actions"] == 1
    assert six["outstanding_information_requests"] == 1
    assert six["complete_without_impact"] == 1
    assert six["confidence"] == "medium"
    assert token_client(director).get("/api/v1/areas/6/").json()["confidence"] == "medium"


def test_one_areas_assurance_rates_every_action(area6, director):
    response = token_client(director).get("/api/v1/areas/6/assurance/")
    assert response.status_code == 200
    body = response.json()
    assert body["area"]["number"] == 6
    assert body["figures"]["actions_delivered_percent"] == 50
    ratings = {a["reference"]: (a["delivery"], a["impact"]) for a in body["actions"]}
    assert ratings == {
        "APP 6.1": ("complete", "evidenced"),
        "APP 6.2": ("complete", "not_yet"),
        "APP 6.3": ("overdue", "not_measured"),
        "APP 6.4": ("at_risk", "not_measured"),
        "APP 6.5": (None, None),
    }
    flagged = [a["reference"] for a in body["actions"] if a["complete_without_impact"]]
    assert flagged == ["APP 6.2"]
    assert [p["code"] for p in body["projects"]] == ["STA-01"]
    assert {e["title"] for e in body["evidence"]} == {
        "Backlog recovery figures",
        "Timeliness audit, not yet reviewed",
    }


def test_areas_are_for_the_programme_office_and_directors(area6, pmo, lead):
    assert token_client(pmo).get("/api/v1/areas/6/assurance/").status_code == 200
    assert token_client(lead[0]).get("/api/v1/areas/").status_code == 403
    assert token_client(lead[0]).get("/api/v1/areas/6/assurance/").status_code == 403
    assert APIClient().get("/api/v1/areas/").status_code == 401
    missing = token_client(pmo).get("/api/v1/areas/7/assurance/")
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["detail"] == (
        "There is no area of weakness with this number."
    )
    assert token_client(pmo).post("/api/v1/areas/", {}).status_code == 405


@pytest.mark.parametrize("path", ["/api/v1/areas/", "/api/v1/areas/6/assurance/"])
def test_the_same_queries_whatever_the_size(area6, director, path):
    client = token_client(director)
    client.get(path)
    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    grow(area6["area"], area6["plan"], 5)
    with CaptureQueriesContext(connection) as large:
        client.get(path)
    assert len(large) == len(small)


def test_evidence_uploaded_through_the_api(area6, pmo, settings, director):
    client = token_client(pmo)
    response = client.post(
        "/api/v1/evidence/",
        {
            "title": "Backlog figures",
            "kind": "data",
            "dated": "2025-01-15",
            "area": area6["area"].pk,
            "file": SimpleUploadedFile("backlog.csv", CSV),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["original_name"] == "backlog.csv"
    assert "file" not in body  # the storage address is never shown
    item = EvidenceItem.objects.get(pk=body["id"])
    assert body["download"] == f"http://testserver/evidence/{item.token}/"
    assert token_client(director).get("/api/v1/evidence/").json()["count"] == 3


@pytest.mark.parametrize(
    ("name", "content", "detail"),
    [
        ("audit.pdf", PNG, "is named as a PDF file but its content is a PNG file"),
        ("run.exe", b"MZ\x90\x00", "is not a file type sendtrack keeps"),
    ],
)
def test_a_bad_upload_through_the_api_is_a_400_and_nothing_is_stored(
    area6, pmo, settings, name, content, detail
):
    response = token_client(pmo).post(
        "/api/v1/evidence/",
        {
            "title": "Bad",
            "kind": "data",
            "dated": "2025-01-15",
            "area": area6["area"].pk,
            "file": SimpleUploadedFile(name, content),
        },
        format="multipart",
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["attr"] == "file"
    assert detail in error["detail"]
    assert not EvidenceItem.objects.filter(title="Bad").exists()
    assert not (settings.MEDIA_ROOT / "evidence").exists()


def test_directors_and_leads_cannot_add_evidence(area6, director, lead):
    data = {"title": "X", "kind": "data", "dated": "2025-01-15", "link": "https://example.org"}
    assert token_client(director).post("/api/v1/evidence/", data).status_code == 403
    assert token_client(lead[0]).post("/api/v1/evidence/", data).status_code == 403
    assert token_client(lead[0]).get("/api/v1/evidence/").status_code == 403


def test_an_areas_history_is_the_current_inspections_area_with_that_number(pmo):
    # given area 1 of an earlier inspection and area 1 of the latest
    from datetime import date

    from tests import factories as f

    f.AreaOfWeaknessFactory(number=1, title="Earlier finding")
    latest = f.InspectionFactory(start_date=date(2022, 9, 26), end_date=date(2022, 9, 30))
    current = f.AreaOfWeaknessFactory(inspection=latest, number=1, title="Current finding")
    current.title = "Current finding, reworded"
    current.save()

    # when its history is asked for by number
    response = token_client(pmo).get("/api/v1/areas/1/history/")

    # then it is the current area's
    assert response.status_code == 200
    titles = [
        c["new"] for entry in response.json() for c in entry["changes"] if c["field"] == "title"
    ]
    assert titles == ["Current finding", "Current finding, reworded"]
