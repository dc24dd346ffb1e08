"""A partner officer's drop-downs, filters and autocompletes offer only what they may see:
the dashboards' filters, the admin's list filters and related fields, and the API's filters
and related fields never name the council's people, boards or projects, and an id of one is
answered as one that does not exist."""

from __future__ import annotations

import pytest
from django.test import Client

from projects.models import Risk
from tests import factories as f
from tests.html_forms import form_data, set_field

pytestmark = pytest.mark.django_db


@pytest.fixture
def council_names(orgs, records):
    """Names only the council's records carry: a director, a board and a risk's owner."""
    council, _ = orgs
    director = f.PersonFactory(organisation=council, name="Dana Council-Director")
    board = f.BodyFactory(name="Council SEND Board")
    workstream = f.WorkstreamFactory(director=director, overseeing_body=board)
    f.ProjectFactory(
        code="KCC-02", organisation=council, workstream=workstream, overseeing_body=board
    )
    # the board also oversees the joint project: still not a board the ICB's officer reads
    records["co_owned"].overseeing_body = board
    records["co_owned"].save()
    owner = f.PersonFactory(organisation=council, name="Olu Council-Owner")
    f.RiskFactory(
        project=None,
        level=Risk.Level.PARTNERSHIP,
        organisation=council,
        owner=owner,
        escalated_to=board,
        title="Council's own",
    )
    return {"director": director, "board": board, "owner": owner}


@pytest.mark.parametrize("page", ["/", "/performance/", "/operational/", "/finance/"])
def test_the_dashboards_filters_name_none_of_the_councils_records(client, council_names, page):
    html = client.get(page).content.decode()
    assert "Dana Council-Director" not in html
    assert "Council SEND Board" not in html
    assert 'name="body"' not in html  # the council's boards are not theirs to filter by


def test_a_programme_officer_still_filters_by_every_board_and_director(council_names):
    client = Client()
    client.force_login(f.pmo_user())
    html = client.get("/").content.decode()
    assert "Dana Council-Director" in html
    assert "Council SEND Board" in html


def test_the_admin_lists_filter_only_by_what_they_see(client, council_names):
    risks = client.get("/admin/projects/risk/").content.decode()
    assert "Council SEND Board" not in risks
    projects = client.get("/admin/projects/project/").content.decode()
    assert "Council SEND Board" not in projects
    people = client.get("/admin/governance/person/").content.decode()
    assert "Kent County Council" not in people
    owners = client.get(
        "/admin/autocomplete/?app_label=projects&model_name=risk&field_name=owner&term=Council"
    )
    assert "Olu Council-Owner" not in owners.content.decode()


def test_the_admin_refuses_a_council_owner_on_their_risk(client, council_names, records):
    url = f"/admin/projects/risk/{records['partnership'].pk}/change/"
    data = form_data(client.get(url), form_id="risk_form")
    set_field(data, "owner", str(council_names["owner"].pk))
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_the_api_filters_answer_a_council_record_as_none_that_exists(
    client, council_names, officer
):
    hidden = client.get(f"/api/v1/risks/?owner={council_names['owner'].pk}")
    assert hidden.status_code == 400
    assert hidden.json()["errors"][0]["attr"] == "owner"
    own = client.get(f"/api/v1/risks/?owner={officer[1].pk}")
    assert own.status_code == 200
    assert (
        client.get(f"/api/v1/projects/?overseeing_body={council_names['board'].pk}").status_code
        == 400
    )
    assert (
        client.get(f"/api/v1/workstreams/?director={council_names['director'].pk}").status_code
        == 400
    )
