"""A plan action, project or risk has a lead organisation and may have co-owners from other
organisations: set in the admin and the API, kept in the record's history, and read by one
rule, "owned or co-owned"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from governance.models import Organisation, PlanAction
from governance.ownership import owned_or_co_owned_by, owning_organisation_ids
from projects.models import Project, Risk
from tests import factories as f
from tests.admin.conftest import client_for
from tests.api.conftest import token_client
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(db) -> Organisation:
    return f.OrganisationFactory(name="Test County Council", kind=Organisation.Kind.COUNCIL)


@pytest.fixture
def icb(db) -> Organisation:
    return f.OrganisationFactory(
        name="NHS Kent and Medway Integrated Care Board",
        short_name="NHS Kent and Medway ICB",
        kind=Organisation.Kind.HEALTH,
    )


@pytest.fixture
def forum(db) -> Organisation:
    return f.OrganisationFactory(name="Kent PACT", kind=Organisation.Kind.PARENT_CARER)


def _records(council):
    person = f.PersonFactory(organisation=council)
    return {
        "plan action": f.PlanActionFactory(organisation=council),
        "project": f.ProjectFactory(lead=person),
        "risk": f.RiskFactory(owner=person, project=None, level=Risk.Level.PARTNERSHIP),
    }


@pytest.mark.parametrize("kind", ["plan action", "project", "risk"])
def test_the_owning_organisations_are_the_lead_and_the_co_owners(council, icb, forum, kind):
    record = _records(council)[kind]
    assert owning_organisation_ids(record) == {council.pk}

    record.co_owners.set([icb])

    assert owning_organisation_ids(record) == {council.pk, icb.pk}


@pytest.mark.parametrize(
    ("model", "kind"), [(PlanAction, "plan action"), (Project, "project"), (Risk, "risk")]
)
def test_owned_or_co_owned_finds_each_record_once(council, icb, forum, model, kind):
    # given a record the council leads and the ICB and the forum co-own, and one of the ICB's
    joint = _records(council)[kind]
    joint.co_owners.set([icb, forum])
    alone = _records(council)[kind]

    # when asking for the ICB's and the forum's records
    found = list(owned_or_co_owned_by(model.objects.all(), [icb.pk, forum.pk]))

    # then the jointly owned record is found once, the council's own not at all
    assert found == [joint]
    assert alone not in found
    council_s = list(owned_or_co_owned_by(model.objects.all(), [council.pk]))
    assert len(council_s) == 2
    assert set(council_s) == {joint, alone}


ADMIN_PAGES = {
    "plan action": ("governance", "planaction"),
    "project": ("projects", "project"),
    "risk": ("projects", "risk"),
}


@pytest.mark.parametrize("kind", sorted(ADMIN_PAGES))
def test_the_programme_office_adds_a_co_owner_in_the_admin_and_history_keeps_it(council, icb, kind):
    # given a record the council leads
    record = _records(council)[kind]
    app, model = ADMIN_PAGES[kind]
    client = client_for(f.pmo_user(username="hannah"))
    url = reverse(f"admin:{app}_{model}_change", args=[record.pk])

    # when the programme office names the ICB as a co-owner on its page
    data = form_data(client.get(url), form_id=f"{model}_form")
    data["co_owners"] = [str(icb.pk)]
    answer = client.post(url, data)

    # then it is saved, and the record's history holds the co-owner and who added it
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    assert owning_organisation_ids(type(record).objects.get(pk=record.pk)) == {
        council.pk,
        icb.pk,
    }
    latest = record.history.order_by("-history_date", "-history_id").first()
    assert [row.organisation_id for row in latest.co_owners.all()] == [icb.pk]
    assert latest.history_user.username == "hannah"


@pytest.mark.parametrize("kind", sorted(ADMIN_PAGES))
def test_the_lead_organisation_is_refused_as_a_co_owner_in_the_admin(council, icb, kind):
    record = _records(council)[kind]
    app, model = ADMIN_PAGES[kind]
    client = client_for(f.pmo_user())
    url = reverse(f"admin:{app}_{model}_change", args=[record.pk])

    data = form_data(client.get(url), form_id=f"{model}_form")
    data["co_owners"] = [str(icb.pk), str(council.pk)]
    answer = client.post(url, data)

    assert answer.status_code == 200
    assert "Test County Council is the lead organisation already" in answer.text
    assert not type(record).objects.get(pk=record.pk).co_owners.exists()


API = {"plan action": "plan-actions", "project": "projects", "risk": "risks"}


@pytest.mark.parametrize("kind", sorted(API))
def test_the_api_shows_and_sets_the_co_owners(council, icb, kind):
    record = _records(council)[kind]
    client = token_client(f.pmo_user())
    url = f"/api/v1/{API[kind]}/{record.pk}/"

    answer = client.patch(url, {"co_owners": [icb.pk]}, format="json")

    assert answer.status_code == 200, answer.content
    assert answer.json()["co_owners"] == [icb.pk]
    assert client.get(url).json()["co_owners"] == [icb.pk]


@pytest.mark.parametrize("kind", sorted(API))
def test_the_api_refuses_the_lead_as_a_co_owner_with_400_on_the_field(council, icb, kind):
    record = _records(council)[kind]
    client = token_client(f.pmo_user())

    answer = client.patch(
        f"/api/v1/{API[kind]}/{record.pk}/", {"co_owners": [council.pk]}, format="json"
    )

    assert answer.status_code == 400
    [error] = answer.json()["errors"]
    assert error["attr"] == "co_owners"
    assert "is the lead organisation already" in error["detail"]
    assert not record.co_owners.exists()


def test_changing_the_lead_to_a_co_owner_is_refused_too(council, icb):
    action = f.PlanActionFactory(organisation=council)
    action.co_owners.set([icb])
    client = token_client(f.pmo_user())

    answer = client.patch(
        f"/api/v1/plan-actions/{action.pk}/", {"organisation": icb.pk}, format="json"
    )

    assert answer.status_code == 400
    assert answer.json()["errors"][0]["attr"] == "co_owners"


def test_a_lead_cannot_change_their_projects_co_owners(council, icb):
    user = f.lead_user(username="lead")
    project = f.ProjectFactory(lead=f.PersonFactory(user=user, organisation=council))

    answer = token_client(user).patch(
        f"/api/v1/projects/{project.pk}/", {"co_owners": [icb.pk]}, format="json"
    )

    assert answer.status_code == 403
    assert not project.co_owners.exists()


def test_the_api_history_lists_a_change_of_co_owners_with_its_old_and_new_ids(council, icb, forum):
    action = f.PlanActionFactory(organisation=council)
    client = token_client(f.pmo_user(username="hannah"))
    url = f"/api/v1/plan-actions/{action.pk}/"
    assert client.patch(url, {"co_owners": [icb.pk]}, format="json").status_code == 200
    assert client.patch(url, {"co_owners": [forum.pk]}, format="json").status_code == 200

    history = client.get(f"{url}history/").json()

    changes = [c for entry in history for c in entry["changes"] if c["field"] == "co_owners"]
    # (replacing a co-owner is recorded as its two steps: one taken off, the other added)
    assert [(c["old"], c["new"]) for c in changes] == [
        ([], [icb.pk]),
        ([icb.pk], []),
        ([], [forum.pk]),
    ]
    assert {c["label"] for c in changes} == {"co-owners"}
    assert {entry["changed_by"] for entry in history[1:]} == {"hannah"}
