"""The daily snapshot of governance counts."""

from datetime import date

import pytest

from governance.models import GovernanceSnapshot, InformationRequest, PlanAction
from governance.selectors import governance_snapshot_on
from governance.services import governance_snapshot_take
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 16)


def test_counts_open_and_overdue_plan_actions_and_information_requests():
    f.PlanActionFactory(due_date=date(2026, 10, 1))  # open, overdue
    f.PlanActionFactory(due_date=date(2027, 1, 1))  # open, not yet due
    f.PlanActionFactory(
        due_date=date(2026, 1, 1),
        status=PlanAction.Status.COMPLETE,
        completed_on=date(2026, 1, 1),
    )
    f.InformationRequestFactory(due_date=date(2026, 11, 1))  # outstanding, overdue
    f.InformationRequestFactory(
        due_date=date(2026, 11, 1),
        status=InformationRequest.Status.PROVIDED,
        provided_on=date(2026, 10, 30),
    )

    snapshot = governance_snapshot_take(day=DAY)

    assert (snapshot.plan_actions_open, snapshot.plan_actions_overdue) == (2, 1)
    assert (
        snapshot.information_requests_outstanding,
        snapshot.information_requests_overdue,
    ) == (1, 1)


def test_one_row_a_day_however_often_it_is_taken():
    f.PlanActionFactory(due_date=date(2026, 10, 1))
    governance_snapshot_take(day=DAY)
    governance_snapshot_take(day=DAY)
    governance_snapshot_take(day=date(2026, 11, 17))

    assert GovernanceSnapshot.objects.filter(day=DAY).count() == 1
    assert governance_snapshot_on(day=date(2026, 11, 16)).day == DAY
    assert governance_snapshot_on(day=date(2026, 12, 1)).day == date(2026, 11, 17)
    assert governance_snapshot_on(day=date(2026, 11, 15)) is None
