"""The daily snapshot of projects and workstreams: what each row says, and that taking it
twice changes nothing."""

from datetime import date

import pytest

from projects.models import Project, ProjectSnapshot, Risk, WorkstreamSnapshot
from projects.selectors import project_snapshots_on, workstream_snapshots_on
from projects.services import project_snapshots_take
from sendtrack.kernel.rag import RAG
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 16)  # the month just gone is October 2026
OCTOBER, SEPTEMBER = date(2026, 10, 1), date(2026, 9, 1)


@pytest.fixture
def programme():
    """Two workstreams with projects in different states, and a third with none."""
    sufficiency = f.WorkstreamFactory(name="Sufficiency")
    inclusion = f.WorkstreamFactory(name="Inclusion")
    f.WorkstreamFactory(name="Engagement")
    reported = f.ProjectFactory(code="SUF-01", workstream=sufficiency)
    f.StatusReportFactory(project=reported, period=SEPTEMBER, rag=RAG.RED)
    f.StatusReportFactory(project=reported, period=OCTOBER, rag=RAG.AMBER)
    f.MilestoneFactory(project=reported, baseline_date=date(2026, 10, 1))  # overdue
    f.MilestoneFactory(project=reported, baseline_date=date(2026, 12, 1))  # not yet due
    f.MilestoneFactory(project=reported, baseline_date=date(2026, 9, 1), completed_date=DAY)
    f.RiskFactory(project=reported, likelihood=4, impact=4)  # 16: red
    f.RiskFactory(project=reported, likelihood=3, impact=5)  # 15: red
    f.RiskFactory(project=reported, likelihood=2, impact=5)  # 10
    f.RiskFactory(
        project=reported,
        likelihood=5,
        impact=5,
        status=Risk.Status.CLOSED,
        closed_on=date(2026, 6, 1),
    )
    silent = f.ProjectFactory(code="SUF-02", workstream=sufficiency)
    f.StatusReportFactory(project=silent, period=SEPTEMBER, rag=RAG.RED)
    proposed = f.ProjectFactory(code="INC-01", workstream=inclusion, stage=Project.Stage.PROPOSED)
    return reported, silent, proposed


def _figures(model):
    fields = [field.attname for field in model._meta.concrete_fields]
    return sorted(model.objects.values_list(*fields))


def test_each_project_gets_its_latest_rag_missing_report_overdue_milestones_and_risks(
    programme,
):
    reported, silent, proposed = programme

    assert project_snapshots_take(day=DAY) == (3, 3)

    rows = {row.project.code: row for row in ProjectSnapshot.objects.filter(day=DAY)}
    assert rows["SUF-01"].rag == RAG.AMBER
    assert rows["SUF-01"].rag_period == OCTOBER
    assert not rows["SUF-01"].report_missing
    assert rows["SUF-01"].milestones_overdue == 1
    assert (rows["SUF-01"].risks_open, rows["SUF-01"].risks_red) == (3, 2)
    # no report for October: its latest RAG is September's, and the report is missing
    assert (rows["SUF-02"].rag, rows["SUF-02"].rag_period) == (RAG.RED, SEPTEMBER)
    assert rows["SUF-02"].report_missing
    # a proposed project owes no report and has none
    assert rows["INC-01"].rag is None
    assert not rows["INC-01"].report_missing
    assert rows["INC-01"].risks_open == 0


def test_each_workstream_counts_its_projects_by_rag_and_what_is_missing(programme):
    project_snapshots_take(day=DAY)

    rows = {row.workstream.name: row for row in WorkstreamSnapshot.objects.filter(day=DAY)}
    sufficiency = rows["Sufficiency"]
    assert (sufficiency.projects, sufficiency.red, sufficiency.amber, sufficiency.green) == (
        2,
        1,
        1,
        0,
    )
    assert sufficiency.reports_missing == 1
    assert sufficiency.milestones_overdue == 1
    assert sufficiency.risks_red == 2
    assert (rows["Inclusion"].projects, rows["Inclusion"].not_rated) == (1, 1)
    # a workstream with no projects still has its row, of zeros
    assert rows["Engagement"].projects == 0


def test_taking_the_snapshot_twice_on_a_day_changes_nothing(programme):
    project_snapshots_take(day=DAY)
    first = (_figures(ProjectSnapshot), _figures(WorkstreamSnapshot))

    project_snapshots_take(day=DAY)

    assert (_figures(ProjectSnapshot), _figures(WorkstreamSnapshot)) == first
    assert ProjectSnapshot.objects.count() == 3


def test_a_second_run_the_same_day_files_what_changed_since_the_first(programme):
    reported, silent, _ = programme
    project_snapshots_take(day=DAY)

    # the lead files October's report later that day
    f.StatusReportFactory(project=silent, period=OCTOBER, rag=RAG.GREEN)
    project_snapshots_take(day=DAY)

    row = ProjectSnapshot.objects.get(day=DAY, project=silent)
    assert (row.rag, row.report_missing) == (RAG.GREEN, False)


def test_the_snapshot_on_a_day_is_the_latest_taken_by_then(programme):
    reported, *_ = programme
    project_snapshots_take(day=date(2026, 11, 2))
    f.StatusReportFactory(project=programme[1], period=OCTOBER, rag=RAG.GREEN)
    project_snapshots_take(day=DAY)

    # a day between the two snapshots reads the earlier one
    on_the_10th = {row.project.code: row for row in project_snapshots_on(day=date(2026, 11, 10))}
    assert on_the_10th["SUF-02"].day == date(2026, 11, 2)
    assert on_the_10th["SUF-02"].report_missing
    assert {row.day for row in project_snapshots_on(day=DAY)} == {DAY}
    assert not project_snapshots_on(day=date(2026, 11, 1)).exists()
    assert {row.day for row in workstream_snapshots_on(day=date(2026, 11, 30))} == {DAY}
