"""A board with its members, a project it oversees and three meetings: 10 January 2025 (held,
setting actions), 14 February 2025 (held) and 14 March 2025 (scheduled)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from governance.models import Meeting, Membership
from tests import factories as f


@dataclass
class Board:
    body: object
    january: Meeting
    february: Meeting
    march: Meeting
    chair_user: object
    chair: object
    member_user: object
    project: object
    lead_user: object


@pytest.fixture
def board(db) -> Board:
    body = f.BodyFactory(name="SEND Transformation Strategic Board", short_name="Strategic Board")
    chair_user = f.UserFactory(username="chair")
    chair = f.PersonFactory(name="Sam Chair", user=chair_user)
    Membership.objects.create(body=body, person=chair, role=Membership.Role.CHAIR)
    member_user = f.UserFactory(username="member")
    Membership.objects.create(body=body, person=f.PersonFactory(name="Mo Member", user=member_user))
    lead_user = f.lead_user(username="boardlead")
    project = f.ProjectFactory(
        code="SUF-01", overseeing_body=body, lead=f.PersonFactory(name="Lee Lead", user=lead_user)
    )
    return Board(
        body=body,
        january=f.MeetingFactory(body=body, date=date(2025, 1, 10), status=Meeting.Status.HELD),
        february=f.MeetingFactory(body=body, date=date(2025, 2, 14), status=Meeting.Status.HELD),
        march=f.MeetingFactory(body=body, date=date(2025, 3, 14)),
        chair_user=chair_user,
        chair=chair,
        member_user=member_user,
        project=project,
        lead_user=lead_user,
    )
