"""A jointly owned plan action marked complete needs a sign-off from a named owner in each
owning organisation. Until every one has signed it is "awaiting sign-off by …" on the area
page, the assurance matrix, the overview and the published summary, its delivery rating is not
"complete" and it is not counted as delivered. Sign-offs keep their history, are withdrawn with
a reason, and go through the same services from the admin and the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.assurance import Delivery
from governance.models import Organisation, PlanAction, PlanActionSignOff
from governance.selectors import area_action_counts
from governance.services import plan_action_sign_off, plan_action_withdraw_sign_off
from governance.sign_offs import sign_offs_awaited
from tests import factories as f
from tests.admin.conftest import client_for
from tests.api.conftest import token_client
from tests.html_forms import form_data, set_field

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ICB = "NHS Kent and Medway ICB"
AWAITING_ICB = f"Awaiting sign-off by {ICB}"


@pytest.fixture
def joint(db):
    """Area 9 with a therapies action the council leads and the ICB co-owns, marked complete
    ten days ago; a council officer and an ICB commissioner who may sign for each."""
    council = f.OrganisationFactory(name="Test County Council", kind=Organisation.Kind.COUNCIL)
    icb = f.OrganisationFactory(
        name="NHS Kent and Medway Integrated Care Board",
        short_name=ICB,
        kind=Organisation.Kind.HEALTH,
    )
    forum = f.OrganisationFactory(name="Kent PACT", kind=Organisation.Kind.PARENT_CARER)
    area = f.AreaOfWeaknessFactory(number=9, title="Waiting times for therapies")
    plan = f.ImprovementPlanFactory(title="Accelerated Progress Plan")
    action = f.PlanActionFactory(
        plan=plan,
        reference="APP 9.1",
        title="Reduce speech and language therapy waits",
        organisation=council,
        status=PlanAction.Status.COMPLETE,
        completed_on=TODAY - timedelta(days=10),
    )
    action.areas.add(area)
    action.co_owners.add(icb)
    return {
        "council": council,
        "icb": icb,
        "forum": forum,
        "area": area,
        "plan": plan,
        "action": action,
        "officer": f.PersonFactory(name="Sam Officer", organisation=council),
        "commissioner": f.PersonFactory(name="Dr Kay Commissioner", organisation=icb),
        "pmo": f.pmo_user(username="hannah"),
    }


def _sign(joint, who: str, statement: str = "Confirmed complete.") -> PlanActionSignOff:
    return plan_action_sign_off(
        action=joint["action"], person=joint[who], statement=statement, user=joint["pmo"]
    )


def _joint_action(joint, reference: str, **kwargs) -> PlanAction:
    action = f.PlanActionFactory(
        plan=joint["plan"],
        reference=reference,
        organisation=joint["council"],
        status=PlanAction.Status.COMPLETE,
        completed_on=TODAY - timedelta(days=5),
        **kwargs,
    )
    action.areas.add(joint["area"])
    action.co_owners.add(joint["icb"])
    return action


# The services ------------------------------------------------------------------------------


def test_the_action_awaits_each_owner_until_every_one_has_signed(joint):
    action = joint["action"]
    assert sign_offs_awaited(action_ids=[action.pk], as_at=TODAY) == {
        action.pk: ["Test County Council", ICB]
    }
    counts = area_action_counts(as_at=TODAY)[joint["area"].pk]
    assert (counts.complete, counts.open, counts.awaiting_sign_off) == (0, 1, 1)
    assert counts.percent_complete == 0

    _sign(joint, "officer")
    assert sign_offs_awaited(action_ids=[action.pk], as_at=TODAY) == {action.pk: [ICB]}

    sign_off = _sign(joint, "commissioner", "The ICB confirms the new pathway is in use.")
    assert sign_offs_awaited(action_ids=[action.pk], as_at=TODAY) == {}
    counts = area_action_counts(as_at=TODAY)[joint["area"].pk]
    assert (counts.complete, counts.open, counts.awaiting_sign_off) == (1, 0, 0)
    assert sign_off.organisation == joint["icb"]
    assert sign_off.recorded_by == joint["pmo"]
    assert sign_off.signed_at is not None


def test_an_action_owned_by_one_organisation_needs_no_sign_off(joint):
    alone = f.PlanActionFactory(
        organisation=joint["council"],
        status=PlanAction.Status.COMPLETE,
        completed_on=TODAY - timedelta(days=1),
    )
    alone.areas.add(joint["area"])
    assert sign_offs_awaited(action_ids=[alone.pk], as_at=TODAY) == {}
    with pytest.raises(ValidationError) as refused:
        plan_action_sign_off(
            action=alone, person=joint["officer"], statement="Done.", user=joint["pmo"]
        )
    assert (
        "only an action with co-owners is signed off"
        in refused.value.message_dict["plan_action"][0]
    )


def test_an_action_not_marked_complete_is_not_signed_off(joint):
    open_action = _joint_action(joint, "APP 9.2")
    open_action.status, open_action.completed_on = PlanAction.Status.IN_PROGRESS, None
    open_action.save()
    with pytest.raises(ValidationError) as refused:
        plan_action_sign_off(
            action=open_action, person=joint["officer"], statement="Done.", user=joint["pmo"]
        )
    assert "is not marked complete" in refused.value.message_dict["plan_action"][0]


def test_only_a_person_of_an_owning_organisation_signs(joint):
    parent = f.PersonFactory(name="Pat Parent", organisation=joint["forum"])
    with pytest.raises(ValidationError) as refused:
        plan_action_sign_off(
            action=joint["action"], person=parent, statement="Done.", user=joint["pmo"]
        )
    message = refused.value.message_dict["signed_by"][0]
    assert "Pat Parent is of Kent PACT, which does not own APP 9.1" in message
    assert f"Choose a person of Test County Council or {ICB}" in message
    assert not PlanActionSignOff.objects.exists()


def test_a_statement_is_required(joint):
    with pytest.raises(ValidationError) as refused:
        _sign(joint, "officer", statement="   ")
    assert "statement" in refused.value.message_dict


def test_an_organisation_signs_once_until_it_withdraws(joint):
    _sign(joint, "commissioner")
    colleague = f.PersonFactory(name="Jo Colleague", organisation=joint["icb"])
    with pytest.raises(ValidationError) as refused:
        plan_action_sign_off(
            action=joint["action"], person=colleague, statement="Me too.", user=joint["pmo"]
        )
    assert (
        f"{ICB} signed APP 9.1 off already (Dr Kay Commissioner"
        in (refused.value.message_dict["signed_by"][0])
    )


def test_a_withdrawn_sign_off_stays_on_record_and_a_new_one_may_follow(joint):
    _sign(joint, "officer")
    first = _sign(joint, "commissioner")

    with pytest.raises(ValidationError) as refused:
        plan_action_withdraw_sign_off(sign_off=first, reason=" ", user=joint["pmo"])
    assert "withdrawal_reason" in refused.value.message_dict

    withdrawn = plan_action_withdraw_sign_off(
        sign_off=first, reason="The waiting list rose again in May.", user=joint["pmo"]
    )
    action = joint["action"]
    assert withdrawn.withdrawn_by == joint["pmo"]
    assert sign_offs_awaited(action_ids=[action.pk], as_at=TODAY) == {action.pk: [ICB]}
    with pytest.raises(ValidationError):
        plan_action_withdraw_sign_off(sign_off=first, reason="Again.", user=joint["pmo"])

    again = _sign(joint, "commissioner", "Waits are back under 18 weeks.")

    assert sign_offs_awaited(action_ids=[action.pk], as_at=TODAY) == {}
    assert PlanActionSignOff.objects.filter(plan_action=action).count() == 3
    assert list(PlanActionSignOff.objects.standing().filter(organisation=joint["icb"])) == [again]
    history = list(withdrawn.history.order_by("history_date", "history_id"))
    assert [h.history_change_reason for h in history] == [
        "Signed off",
        "Withdrawn: The waiting list rose again in May.",
    ]
    assert {h.history_user for h in history} == {joint["pmo"]}


def test_a_sign_off_given_before_the_action_was_completed_again_does_not_count(joint):
    _sign(joint, "officer")
    _sign(joint, "commissioner")
    action = joint["action"]
    # reopened and completed again later: the sign-offs were for the earlier completion
    PlanAction.objects.filter(pk=action.pk).update(completed_on=TODAY + timedelta(days=1))
    later = TODAY + timedelta(days=1)
    assert sign_offs_awaited(action_ids=[action.pk], as_at=later) == {
        action.pk: ["Test County Council", ICB]
    }


# The pages ---------------------------------------------------------------------------------


def test_the_area_page_rates_it_awaiting_sign_off_and_names_who(joint):
    director = client_for(f.director_user())

    page = director.get("/assurance/areas/9/")

    [action] = page.context["a"].actions
    assert action.delivery == Delivery.AWAITING_SIGN_OFF
    text = page.content.decode()
    assert "Awaiting sign-off by Test County Council and NHS Kent and Medway ICB" in text
    assert "0 of 1; 1 more awaiting sign-off" in text
    assert page.context["a"].figures.delivered == 0

    _sign(joint, "officer")
    _sign(joint, "commissioner")
    page = director.get("/assurance/areas/9/")
    [action] = page.context["a"].actions
    assert action.delivery == Delivery.COMPLETE
    assert "Awaiting sign-off by" not in page.content.decode()
    assert page.context["a"].figures.delivered == 100


def test_the_matrix_and_the_overview_say_who_is_awaited(joint):
    _sign(joint, "officer")
    director = client_for(f.director_user())

    matrix = director.get("/assurance/").content.decode()
    overview = director.get("/").content.decode()

    assert f"APP 9.1 awaiting sign-off by {ICB}" in matrix
    assert "Plan actions awaiting sign-off (1)" in overview
    assert "APP 9.1 Reduce speech and language therapy waits (area" in overview
    assert f"awaiting sign-off by {ICB}</li>" in overview


@pytest.mark.parametrize("path", ["/assurance/", "/assurance/areas/9/", "/"])
def test_the_pages_take_the_same_queries_with_more_joint_actions(joint, path):
    director = client_for(f.director_user())
    director.get(path)  # the session and permissions are cached from here on
    with CaptureQueriesContext(connection) as small:
        assert director.get(path).status_code == 200
    for n in range(2, 6):
        action = _joint_action(joint, f"APP 9.{n}")
        action.co_owners.add(joint["forum"])
        plan_action_sign_off(
            action=action, person=joint["officer"], statement="Done.", user=joint["pmo"]
        )
    with CaptureQueriesContext(connection) as large:
        response = director.get(path)
    assert len(large) == len(small)
    assert response.content.decode().count("awaiting sign-off by") >= 5


# The admin ---------------------------------------------------------------------------------


def test_the_plan_action_page_says_whose_sign_off_is_awaited_and_links_to_record_one(joint):
    client = client_for(joint["pmo"])
    page = client.get(
        reverse("admin:governance_planaction_change", args=[joint["action"].pk])
    ).content.decode()
    assert "Complete, awaiting sign-off by Test County Council and NHS Kent and Medway ICB" in page
    assert f"/admin/governance/planactionsignoff/add/?plan_action={joint['action'].pk}" in page

    reader = client_for(f.director_user()).get(
        reverse("admin:governance_planaction_change", args=[joint["action"].pk])
    )
    assert "Record a sign-off" not in reader.content.decode()


def test_the_programme_office_records_a_sign_off_in_the_admin(joint):
    client = client_for(joint["pmo"])
    url = reverse("admin:governance_planactionsignoff_add")
    data = form_data(
        client.get(f"{url}?plan_action={joint['action'].pk}"), form_id="planactionsignoff_form"
    )
    assert data["plan_action"] == [str(joint["action"].pk)]
    data["signed_by"] = [str(joint["commissioner"].pk)]
    set_field(data, "statement", "The ICB confirms the pathway is commissioned.")

    answer = client.post(url, data)

    assert answer.status_code == 302
    sign_off = PlanActionSignOff.objects.get()
    assert sign_off.organisation == joint["icb"]
    assert sign_off.recorded_by == joint["pmo"]
    assert sign_off.history.get().history_user == joint["pmo"]


def test_the_admin_refuses_a_person_of_another_organisation_with_a_form_error(joint):
    client = client_for(joint["pmo"])
    url = reverse("admin:governance_planactionsignoff_add")
    data = form_data(
        client.get(f"{url}?plan_action={joint['action'].pk}"), form_id="planactionsignoff_form"
    )
    data["signed_by"] = [str(f.PersonFactory(name="Pat Parent", organisation=joint["forum"]).pk)]
    set_field(data, "statement", "Done.")

    answer = client.post(url, data)

    assert answer.status_code == 200
    assert "Pat Parent is of Kent PACT, which does not own APP 9.1" in answer.content.decode()
    assert not PlanActionSignOff.objects.exists()


def test_the_programme_office_withdraws_a_sign_off_in_the_admin_with_a_reason(joint):
    sign_off = _sign(joint, "commissioner")
    client = client_for(joint["pmo"])
    url = reverse("admin:governance_planactionsignoff_change", args=[sign_off.pk])

    data = form_data(client.get(url), form_id="planactionsignoff_form")
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Say why the sign-off is withdrawn" in refused.content.decode()

    set_field(data, "withdrawal_reason", "Signed by mistake for the wrong action.")
    assert client.post(url, data).status_code == 302
    sign_off.refresh_from_db()
    assert sign_off.withdrawn_by == joint["pmo"]
    assert sign_off.withdrawal_reason == "Signed by mistake for the wrong action."
    # withdrawn, it is read only, and never deleted
    page = client.get(url).content.decode()
    assert 'name="withdrawal_reason"' not in page
    delete = reverse("admin:governance_planactionsignoff_delete", args=[sign_off.pk])
    assert client.get(delete).status_code == 403


# The API -----------------------------------------------------------------------------------

API = "/api/v1/plan-action-sign-offs/"


def test_the_api_records_a_sign_off_201(joint):
    client = token_client(joint["pmo"])

    answer = client.post(
        API,
        {
            "plan_action": joint["action"].pk,
            "signed_by": joint["commissioner"].pk,
            "statement": "The ICB confirms the pathway is commissioned.",
        },
        format="json",
    )

    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["organisation"] == joint["icb"].pk
    assert body["signed_by_name"] == "Dr Kay Commissioner"
    assert body["withdrawn_at"] is None
    assert client.get(API, {"plan_action": joint["action"].pk}).json()["count"] == 1


def test_the_api_refuses_with_400_naming_the_field(joint):
    client = token_client(joint["pmo"])
    parent = f.PersonFactory(name="Pat Parent", organisation=joint["forum"])

    answer = client.post(
        API,
        {"plan_action": joint["action"].pk, "signed_by": parent.pk, "statement": "Done."},
        format="json",
    )

    assert answer.status_code == 400
    [error] = answer.json()["errors"]
    assert error["attr"] == "signed_by"
    assert "does not own APP 9.1" in error["detail"]
    assert client.post(API, {}, format="json").status_code == 400


def test_directors_read_sign_offs_but_do_not_give_them_403(joint):
    sign_off = _sign(joint, "commissioner")
    director = token_client(f.director_user())
    assert director.get(f"{API}{sign_off.pk}/").status_code == 200
    answer = director.post(
        API,
        {"plan_action": joint["action"].pk, "signed_by": joint["officer"].pk, "statement": "x"},
        format="json",
    )
    assert answer.status_code == 403
    assert (
        director.post(f"{API}{sign_off.pk}/withdraw/", {"withdrawal_reason": "x"}).status_code
        == 403
    )
    assert token_client(f.lead_user()).get(API).status_code == 403


def test_the_api_withdraws_a_sign_off_and_keeps_it(joint):
    sign_off = _sign(joint, "commissioner")
    client = token_client(joint["pmo"])

    assert client.post(f"{API}{sign_off.pk}/withdraw/", {}, format="json").status_code == 400
    answer = client.post(
        f"{API}{sign_off.pk}/withdraw/",
        {"withdrawal_reason": "Signed for the wrong action."},
        format="json",
    )

    assert answer.status_code == 200
    assert answer.json()["withdrawal_reason"] == "Signed for the wrong action."
    assert answer.json()["withdrawn_by_name"] == "hannah"
    again = client.post(
        f"{API}{sign_off.pk}/withdraw/", {"withdrawal_reason": "Again."}, format="json"
    )
    assert again.status_code == 400
    assert client.post(f"{API}999999/withdraw/", {"withdrawal_reason": "x"}).status_code == 404
    assert client.get(API, {"withdrawn": "true"}).json()["count"] == 1
    history = client.get(f"{API}{sign_off.pk}/history/").json()
    assert [entry["reason"] for entry in history] == [
        "Signed off",
        "Withdrawn: Signed for the wrong action.",
    ]


def test_the_area_assurance_answer_names_who_is_awaited(joint):
    answer = token_client(f.director_user()).get("/api/v1/areas/9/assurance/")
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "awaiting_sign_off" in text
    assert ICB in text


def test_the_daily_snapshot_counts_an_action_awaiting_sign_off_as_open(joint):
    from governance.services import governance_snapshot_take

    assert governance_snapshot_take(day=TODAY).plan_actions_open == 1
    _sign(joint, "officer")
    _sign(joint, "commissioner")
    assert governance_snapshot_take(day=TODAY).plan_actions_open == 0
