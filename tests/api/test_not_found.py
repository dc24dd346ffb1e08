"""What a user may not see does not exist for them, whatever they do with it: the API answers
a record outside their rows as it answers an id that was never used (404 for every method), and
a new record that names one is refused as naming nothing; the pages do the same."""

from __future__ import annotations

import pytest

from projects.models import Milestone
from tests import factories as f
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

NEVER_USED = 99999


@pytest.fixture
def theirs_and_mine(lead, other_lead):
    mine = f.ProjectFactory(lead=lead[1])
    theirs = f.ProjectFactory(lead=other_lead[1])
    return mine, theirs


@pytest.mark.parametrize("method", ["get", "put", "patch"])
@pytest.mark.parametrize(
    ("resource", "make"),
    [
        ("projects", lambda project: project),
        ("milestones", lambda project: f.MilestoneFactory(project=project)),
        ("risks", lambda project: f.RiskFactory(project=project)),
        ("status-reports", lambda project: f.StatusReportFactory(project=project)),
    ],
)
def test_another_leads_record_answers_as_one_that_does_not_exist(
    lead, theirs_and_mine, method, resource, make
):
    _, theirs = theirs_and_mine
    record = make(theirs)
    client = token_client(lead[0])
    send = getattr(client, method)
    body = {} if method == "get" else {"data": {"title": "Taken over"}, "format": "json"}

    hidden = send(f"/api/v1/{resource}/{record.pk}/", **body)
    missing = send(f"/api/v1/{resource}/{NEVER_USED}/", **body)

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    # and what OPTIONS describes of it is what it describes of a record that does not exist
    described = client.options(f"/api/v1/{resource}/{record.pk}/").json()
    assert described == client.options(f"/api/v1/{resource}/{NEVER_USED}/").json()
    assert "PUT" not in described.get("actions", {})


def test_another_leads_indicator_and_its_figures_answer_as_missing(lead, other_lead):
    indicator = f.IndicatorFactory(owner=other_lead[1])
    figure = f.MeasurementFactory(indicator=indicator)
    client = token_client(lead[0])
    for path in (f"/api/v1/indicators/{indicator.pk}/", f"/api/v1/measurements/{figure.pk}/"):
        assert client.patch(path, {"note": "x"}, format="json").status_code == 404


def test_a_lead_may_still_be_refused_a_change_to_their_own_project(lead, theirs_and_mine):
    # what they can see, but may not change in that way, is a 403 that says why
    mine, _ = theirs_and_mine
    response = token_client(lead[0]).patch(
        f"/api/v1/projects/{mine.pk}/", {"title": "Renamed"}, format="json"
    )
    assert response.status_code == 403
    assert "the programme office changes the rest (title)" in response.json()["errors"][0]["detail"]


def test_a_new_record_naming_a_project_they_may_not_see_is_refused_as_naming_nothing(
    lead, theirs_and_mine
):
    _, theirs = theirs_and_mine
    client = token_client(lead[0])
    body = {"title": "Go live", "baseline_date": "2027-01-01", "forecast_date": "2027-01-01"}

    hidden = client.post("/api/v1/milestones/", {**body, "project": theirs.pk}, format="json")
    missing = client.post("/api/v1/milestones/", {**body, "project": NEVER_USED}, format="json")

    assert hidden.status_code == missing.status_code == 400
    assert str(theirs.pk) in str(hidden.json())
    assert hidden.json() == {
        **missing.json(),
        "errors": [
            {**error, "detail": error["detail"].replace(str(NEVER_USED), str(theirs.pk))}
            for error in missing.json()["errors"]
        ],
    }
    assert not Milestone.objects.filter(title="Go live").exists()


def test_the_project_page_of_another_leads_project_is_not_found(client, lead, theirs_and_mine):
    _, theirs = theirs_and_mine
    client.force_login(lead[0])
    assert client.get(f"/projects/{theirs.pk}/").status_code == 404
    assert client.get(f"/projects/{NEVER_USED}/").status_code == 404
