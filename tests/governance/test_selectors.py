"""Overdue requests and actions, and the current assessment of an area."""

from datetime import date

import pytest

from governance.models import InformationRequest, Meeting, PlanAction
from governance.selectors import (
    areas_with_current_assessment,
    information_requests_overdue,
    information_requests_with_status,
    plan_actions_with_status,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = date(2023, 10, 1)


def test_request_without_a_due_date_is_due_at_the_bodys_next_meeting():
    body = f.BodyFactory()
    asked_at = f.MeetingFactory(body=body, date=date(2023, 7, 19))
    f.MeetingFactory(body=body, date=date(2023, 8, 1), status=Meeting.Status.CANCELLED)
    f.MeetingFactory(body=body, date=date(2023, 9, 26))
    f.MeetingFactory(body=body, date=date(2023, 11, 14))
    f.MeetingFactory(date=date(2023, 8, 2))  # another body's meeting does not count
    request = f.InformationRequestFactory(meeting=asked_at, due_date=None)
    row = information_requests_with_status(today=TODAY).get(pk=request.pk)
    assert row.effective_due_date == date(2023, 9, 26)
    assert row.is_overdue
    assert list(information_requests_overdue(today=TODAY)) == [request]


def test_request_with_a_due_date_uses_it_and_provided_is_never_overdue():
    asked_at = f.MeetingFactory(date=date(2023, 7, 19))
    later = f.InformationRequestFactory(meeting=asked_at, due_date=date(2023, 12, 1))
    done = f.InformationRequestFactory(
        meeting=asked_at,
        due_date=date(2023, 8, 1),
        status=InformationRequest.Status.PROVIDED,
        provided_on=date(2023, 9, 1),
    )
    rows = {r.pk: r for r in information_requests_with_status(today=TODAY)}
    assert not rows[later.pk].is_overdue
    assert not rows[done.pk].is_overdue


def test_open_actions_past_due_are_overdue_and_closed_ones_are_not():
    overdue = f.PlanActionFactory(due_date=date(2023, 9, 1), status=PlanAction.Status.IN_PROGRESS)
    f.PlanActionFactory(due_date=date(2023, 9, 1), status="complete", completed_on=date(2023, 9, 2))
    f.PlanActionFactory(due_date=date(2023, 9, 1), status=PlanAction.Status.CARRIED_FORWARD)
    f.PlanActionFactory(due_date=date(2023, 12, 1))
    flagged = [a for a in plan_actions_with_status(today=TODAY) if a.is_overdue]
    assert flagged == [overdue]


def test_current_assessment_is_the_latest():
    area = f.AreaOfWeaknessFactory()
    f.AreaAssessmentFactory(area=area, assessed_on=date(2023, 3, 1), rating="no_progress")
    f.AreaAssessmentFactory(
        area=area,
        assessed_on=date(2024, 3, 1),
        rating="good_progress",
        rationale="Backlog down from 1,080 to 397.",
    )
    row = areas_with_current_assessment().get(pk=area.pk)
    assert (row.current_rating, row.current_assessed_on) == ("good_progress", date(2024, 3, 1))
    assert "397" in row.current_rationale


def test_an_action_promised_by_the_next_meeting_is_due_at_that_bodys_next_meeting():
    committee = f.BodyFactory(name="SEND Scrutiny Sub-Committee")
    promised = f.MeetingFactory(body=committee, date=date(2023, 3, 22))
    f.MeetingFactory(body=committee, date=date(2023, 5, 1), status="cancelled")
    f.MeetingFactory(body=committee, date=date(2023, 6, 6))
    f.MeetingFactory(date=date(2023, 4, 1))  # another body's meeting does not count
    action = f.PlanActionFactory(
        reference="ST1", timescale=PlanAction.Timescale.NEXT_MEETING, promised_at=promised
    )

    row = plan_actions_with_status(today=TODAY).get(pk=action.pk)

    assert row.effective_due_date == date(2023, 6, 6)
    assert row.is_overdue
