"""The daily snapshot task: the day's figures for every project, workstream and indicator and
the governance counts, in a fixed number of queries, and the same rows however often it runs."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import GovernanceSnapshot
from indicators.models import IndicatorSnapshot
from projects.models import ProjectSnapshot, WorkstreamSnapshot
from sendtrack.services.snapshots import daily_snapshot_take
from sendtrack.tasks import take_daily_snapshot
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 16)


def _programme(size: int) -> None:
    """``size`` projects, each with a report, milestones and risks, and ``size`` indicators
    with figures and a target."""
    workstream = f.WorkstreamFactory()
    for _ in range(size):
        project = f.ProjectFactory(workstream=workstream)
        f.StatusReportFactory(project=project, period=date(2026, 9, 1))
        f.MilestoneFactory.create_batch(2, project=project, baseline_date=date(2026, 10, 1))
        f.RiskFactory.create_batch(2, project=project)
        indicator = f.IndicatorFactory()
        indicator.projects.add(project)
        f.TargetFactory(indicator=indicator)
        f.MeasurementFactory(indicator=indicator, period=date(2026, 10, 1))
        f.PlanActionFactory(due_date=date(2026, 10, 1))
        f.InformationRequestFactory()


def _queries(day: date) -> int:
    with CaptureQueriesContext(connection) as context:
        daily_snapshot_take(day=day)
    return len(context.captured_queries)


def test_the_snapshot_asks_the_same_number_of_queries_for_2_and_20_projects():
    _programme(2)
    small = _queries(DAY)
    _programme(18)

    assert _queries(date(2026, 11, 17)) == small
    assert ProjectSnapshot.objects.filter(day=date(2026, 11, 17)).count() == 20


def test_the_task_files_every_table_for_the_day_and_a_second_run_changes_nothing():
    _programme(3)

    result = take_daily_snapshot.delay(DAY.isoformat()).get()

    assert result == {"projects": 3, "workstreams": 1, "indicators": 3}
    tables = (ProjectSnapshot, WorkstreamSnapshot, IndicatorSnapshot, GovernanceSnapshot)
    before = [sorted(model.objects.values_list()) for model in tables]
    take_daily_snapshot.delay(DAY.isoformat()).get()
    assert [sorted(model.objects.values_list()) for model in tables] == before
    assert GovernanceSnapshot.objects.get(day=DAY).plan_actions_overdue == 3


def test_without_a_day_the_task_files_today():
    f.ProjectFactory()

    take_daily_snapshot.delay().get()

    assert ProjectSnapshot.objects.get().day == timezone.localdate()
