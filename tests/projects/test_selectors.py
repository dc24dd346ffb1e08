"""Slippage, overdue and status of milestones; latest report and next milestone of projects."""

from datetime import date, timedelta

import pytest

from projects.selectors import (
    MilestoneStatus,
    milestones_overdue,
    milestones_with_status,
    month_add,
    projects_missing_report,
    projects_with_latest,
    risks_with_review_status,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)


def _row(**dates):
    milestone = f.MilestoneFactory(**dates)
    return milestones_with_status(today=TODAY).get(pk=milestone.pk)


def test_slippage_is_forecast_minus_baseline_in_days():
    row = _row(baseline_date=date(2026, 12, 1), forecast_date=date(2027, 1, 15))
    assert row.slippage == timedelta(days=45)
    assert row.status == MilestoneStatus.SLIPPING
    assert not row.is_overdue


def test_slippage_of_a_completed_milestone_uses_its_completion_date():
    row = _row(
        baseline_date=date(2026, 3, 1),
        forecast_date=date(2026, 9, 1),
        completed_date=date(2026, 3, 11),
    )
    assert row.slippage == timedelta(days=10)
    assert row.status == MilestoneStatus.COMPLETE_LATE


def test_early_completion_is_negative_slippage_and_complete():
    row = _row(baseline_date=date(2026, 3, 10), completed_date=date(2026, 3, 1))
    assert row.slippage == timedelta(days=-9)
    assert row.status == MilestoneStatus.COMPLETE


def test_overdue_when_open_and_forecast_has_passed():
    row = _row(baseline_date=date(2026, 10, 1), forecast_date=date(2026, 11, 23))
    assert row.is_overdue
    assert row.status == MilestoneStatus.OVERDUE
    # due today is not yet overdue
    assert not _row(baseline_date=TODAY).is_overdue


def test_overdue_falls_back_to_baseline_without_forecast():
    row = _row(baseline_date=date(2026, 1, 1), forecast_date=None)
    assert row.is_overdue
    # still open: it has slipped by every day since its baseline
    assert row.slippage == TODAY - date(2026, 1, 1)


def test_an_open_milestone_whose_forecast_has_passed_slips_until_today():
    row = _row(baseline_date=date(2023, 11, 7), forecast_date=date(2023, 11, 7))
    assert row.status == MilestoneStatus.OVERDUE
    assert row.slippage == TODAY - date(2023, 11, 7)


def test_an_open_milestone_forecast_later_slips_by_its_forecast():
    row = _row(baseline_date=date(2026, 12, 1), forecast_date=date(2027, 1, 15))
    assert row.status == MilestoneStatus.SLIPPING
    assert row.slippage.days == 45


def test_milestone_without_dates_is_undated_not_overdue():
    row = _row(baseline_date=None, forecast_date=None)
    assert row.status == MilestoneStatus.UNDATED
    assert not row.is_overdue


def test_milestones_overdue_lists_only_open_past_due():
    late = f.MilestoneFactory(baseline_date=date(2026, 1, 1))
    f.MilestoneFactory(baseline_date=date(2026, 1, 1), completed_date=date(2026, 1, 2))
    f.MilestoneFactory(baseline_date=date(2027, 1, 1))
    assert list(milestones_overdue(today=TODAY)) == [late]


def test_project_latest_report_and_next_milestone():
    project = f.ProjectFactory()
    f.StatusReportFactory(project=project, period=date(2026, 9, 1), rag="red")
    f.StatusReportFactory(project=project, period=date(2026, 10, 1), rag="amber")
    f.MilestoneFactory(
        project=project,
        title="Done",
        baseline_date=date(2026, 1, 1),
        completed_date=date(2026, 1, 1),
    )
    f.MilestoneFactory(project=project, title="Later", baseline_date=date(2027, 6, 1))
    f.MilestoneFactory(
        project=project,
        title="Sooner",
        baseline_date=date(2027, 6, 1),
        forecast_date=date(2027, 2, 1),
    )
    row = projects_with_latest().get(pk=project.pk)
    assert (row.latest_rag, row.last_report_period) == ("amber", date(2026, 10, 1))
    assert (row.next_milestone_title, row.next_milestone_date) == ("Sooner", date(2027, 2, 1))


def test_projects_missing_a_report_for_the_month():
    reported = f.ProjectFactory()
    f.StatusReportFactory(project=reported, period=date(2026, 10, 1))
    missing = f.ProjectFactory()
    f.ProjectFactory(stage="closed")
    assert list(projects_missing_report(period=date(2026, 10, 17))) == [missing]


def test_open_risk_past_its_review_date():
    past = f.RiskFactory(review_date=date(2026, 11, 1))
    f.RiskFactory(review_date=date(2026, 12, 1))
    f.RiskFactory(review_date=date(2026, 11, 1), status="closed", closed_on=date(2026, 11, 2))
    flagged = [r for r in risks_with_review_status(today=TODAY) if r.is_past_review]
    assert flagged == [past]


@pytest.mark.parametrize("n", [2, 20])
def test_projects_with_latest_is_one_query(django_assert_num_queries, n):
    for _ in range(n):
        project = f.ProjectFactory()
        f.StatusReportFactory(project=project)
        f.MilestoneFactory(project=project)
    with django_assert_num_queries(1):
        rows = [(p.workstream.name, p.lead.name, p.latest_rag) for p in projects_with_latest()]
    assert len(rows) == n


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 25), 0, date(2026, 11, 1)),
        (date(2026, 11, 25), 5, date(2026, 6, 1)),
        (date(2026, 2, 28), 13, date(2025, 1, 1)),
        (date(2026, 1, 31), 1, date(2025, 12, 1)),
    ],
)
def test_month_add_counts_back_whole_months_across_years(day, months, expected):
    assert month_add(day, -months) == expected
