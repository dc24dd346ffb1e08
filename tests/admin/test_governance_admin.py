"""The programme office keeps the governance records: boards, meetings, members' requests, the
inspection's areas and the improvement plans, with their derived due dates and overdue flags."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from governance.models import AreaAssessment, InformationRequest, PlanAction
from tests import factories as f

from .conftest import add_inline_row, admin_form_data, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests_log():
    """Members asked for two things at the Sub-Committee; one is answered, one is not."""
    committee = f.BodyFactory(name="SEND Scrutiny Sub-Committee", kind="committee")
    asked = f.MeetingFactory(body=committee, date=date(2023, 3, 22))
    f.MeetingFactory(body=committee, date=date(2023, 7, 5))
    outstanding = f.InformationRequestFactory(
        meeting=asked, reference="21c", request="Data on EHCP timeliness by district."
    )
    provided = f.InformationRequestFactory(
        meeting=asked,
        reference="21a",
        request="Detail of the SEND workforce.",
        status=InformationRequest.Status.PROVIDED,
        provided_on=date(2023, 4, 1),
    )
    return outstanding, provided


def test_the_requests_log_shows_the_due_date_from_the_next_meeting_and_flags_overdue(
    pmo, requests_log
):
    url = reverse("admin:governance_informationrequest_changelist")

    response = client_for(pmo).get(url, {"overdue": "yes"})

    assert "21c" in response.text
    assert "5 July 2023 (the body&#x27;s next meeting)" in response.text
    assert "Overdue" in response.text
    assert "21a" not in response.text


def test_a_provided_request_needs_the_date_it_was_provided(pmo, requests_log):
    outstanding, _ = requests_log
    url = reverse("admin:governance_informationrequest_change", args=[outstanding.pk])

    response = client_for(pmo).post(
        url,
        {
            "meeting": outstanding.meeting_id,
            "reference": "21c",
            "request": outstanding.request,
            "status": "provided",
        },
    )

    assert response.status_code == 200
    assert "Give the date the information was provided." in response.text
    outstanding.refresh_from_db()
    assert outstanding.status == InformationRequest.Status.OPEN


def test_areas_show_their_current_self_assessment(pmo):
    area = f.AreaOfWeaknessFactory(number=6, title="Inconsistent quality of the EHC process")
    f.AreaAssessmentFactory(area=area, assessed_on=date(2023, 1, 1), rating="no_progress")
    f.AreaAssessmentFactory(area=area, assessed_on=date(2024, 6, 1), rating="good_progress")

    response = client_for(pmo).get(reverse("admin:governance_areaofweakness_changelist"))

    assert "Good progress (1 June 2024)" in response.text
    assert AreaAssessment.objects.count() == 2


def test_plan_actions_flag_the_overdue(pmo):
    f.PlanActionFactory(
        reference="ST1", title="Publish the SEND strategy", due_date=date(2023, 7, 5)
    )
    f.PlanActionFactory(
        reference="ST2",
        title="Recruit educational psychologists",
        due_date=date(2023, 7, 5),
        status=PlanAction.Status.COMPLETE,
        completed_on=date(2023, 6, 30),
    )

    response = client_for(pmo).get(
        reverse("admin:governance_planaction_changelist"), {"overdue": "yes"}
    )

    assert "ST1" in response.text
    assert "ST2" not in response.text


def test_a_lead_reads_the_boards_but_not_the_requests_log(lead):
    client = client_for(lead[0])

    assert client.get(reverse("admin:governance_body_changelist")).status_code == 200
    assert client.get(reverse("admin:governance_body_add")).status_code == 403
    assert client.get(reverse("admin:governance_informationrequest_changelist")).status_code == 403


def test_a_body_cannot_report_to_itself_through_another(pmo):
    top = f.BodyFactory(name="Strategic Board")
    middle = f.BodyFactory(name="Assurance Board", reports_to=top)
    url = reverse("admin:governance_body_change", args=[top.pk])

    response = client_for(pmo).post(
        url,
        {
            "name": top.name,
            "kind": "board",
            "organisation": top.organisation_id,
            "reports_to": middle.pk,
            "cadence": "monthly",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "This would make a loop" in response.text
    top.refresh_from_db()
    assert top.reports_to is None


def test_the_same_person_in_the_same_role_twice_is_refused_on_the_boards_page(pmo):
    body = f.BodyFactory(name="SEND Transformation Strategic Board")
    chair = f.MembershipFactory(body=body, role="chair")
    client = client_for(pmo)
    url = reverse("admin:governance_body_change", args=[body.pk])
    data = admin_form_data(client.get(url))
    add_inline_row(data, "memberships", person=chair.person_id, role="chair")

    response = client.post(url, data)

    assert response.status_code == 200
    assert "This person already holds this role on this body." in response.text
    assert body.memberships.count() == 1


def test_two_new_rows_for_the_same_open_role_are_refused(pmo):
    body = f.BodyFactory(name="Partnership Delivery Group")
    person = f.PersonFactory()
    client = client_for(pmo)
    url = reverse("admin:governance_body_change", args=[body.pk])
    data = admin_form_data(client.get(url))
    add_inline_row(data, "memberships", person=person.pk, role="member")
    add_inline_row(data, "memberships", person=person.pk, role="member")

    response = client.post(url, data)

    assert response.status_code == 200
    assert "This person already holds this role on this body." in response.text
    assert not body.memberships.exists()


def test_the_programme_office_renumbers_an_improvement_plans_version(pmo):
    # given an approved plan at version 2
    plan = f.ImprovementPlanFactory(version="2")
    client = client_for(pmo)
    url = reverse("admin:governance_improvementplan_change", args=[plan.pk])
    data = admin_form_data(client.get(url))

    # when the programme office records its next version (the document's own number)
    response = client.post(url, {**data, "version": "2.1"})

    # then it is saved as typed
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.version == "2.1"
