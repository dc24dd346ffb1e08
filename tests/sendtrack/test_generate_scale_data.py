"""``generate_scale_data``: the demonstration grown N times, the same every time, in bulk."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count

from governance.models import Body, Meeting
from indicators.models import Benchmark, Indicator, Measurement
from projects.models import Milestone, Project, Risk, StatusReport
from sendtrack.boards.models import BoardAction
from sendtrack.demo import demo_counts

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.slow]

AS_OF = "2026-11-24"


def generate(scale: str) -> str:
    out = StringIO()
    call_command("generate_scale_data", "--scale", scale, "--as-of", AS_OF, stdout=out)
    return out.getvalue()


def generated_values() -> dict:
    """What the generated records say, without keys or timestamps."""
    generated = Project.objects.filter(code__regex=r"-\d{3}$")
    return {
        "projects": list(
            generated.values_list("code", "title", "lead__name", "start_date", "stage")
        ),
        "areas": sorted(generated.values_list("code", "areas__number")),
        "reports": list(
            StatusReport.objects.filter(project__in=generated).values_list(
                "project__code", "period", "rag"
            )
        ),
        "milestones": list(
            Milestone.objects.filter(project__in=generated).values_list(
                "project__code", "title", "baseline_date", "forecast_date", "completed_date"
            )
        ),
        "risks": list(
            Risk.objects.filter(project__in=generated).values_list(
                "reference", "likelihood", "impact", "status", "closed_on"
            )
        ),
        "risk history": sorted(
            Risk.history.filter(project__in=generated).values_list(
                "reference", "history_date", "likelihood", "impact"
            )
        ),
        "milestone history": sorted(
            Milestone.history.filter(project__in=generated).values_list(
                "project__code", "title", "history_date", "forecast_date"
            )
        ),
        "measurements": list(
            Measurement.objects.filter(indicator__code__regex=r"-\d{3}$").values_list(
                "indicator__code", "period", "value"
            )
        ),
    }


def test_the_same_scale_gives_the_same_records():
    # given data generated once, remembered and rolled back
    with transaction.atomic():
        generate("1.1")
        first = generated_values()
        counts = demo_counts()
        transaction.set_rollback(True)

    # when it is generated again
    generate("1.1")

    # then every value is the same
    assert demo_counts() == counts
    assert generated_values() == first


def test_each_unit_of_scale_adds_projects_with_ten_years_of_history_and_indicators():
    # given the demonstration alone
    with transaction.atomic():
        generate("1")
        demo = demo_counts()
        transaction.set_rollback(True)

    # when a fifth of a unit more is generated
    out = generate("1.2")

    # then 12 projects (60 a unit) and 4 indicators (20 a unit) are added, spread over the
    # demonstration's six workstreams, each project with 10 milestones and 5 risks
    counts = demo_counts()
    assert counts["projects"] == demo["projects"] + 12
    assert counts["indicators"] == demo["indicators"] + 4
    generated = Project.objects.filter(code__regex=r"-\d{3}$")
    assert generated.values("workstream").distinct().count() == 6
    assert counts["milestones"] == demo["milestones"] + 12 * 10
    assert counts["risks"] == demo["risks"] + 12 * 5
    # and reports every month from each project's start, years back
    first_reports = generated.annotate(n=Count("reports")).values_list("n", flat=True)
    assert min(first_reports) >= 12 * 5
    earliest = StatusReport.objects.filter(project__in=generated).earliest("period")
    assert str(earliest.period) == "2016-11-01"
    # and the risk report's history: each risk reviewed several times
    assert Risk.history.filter(project__in=generated).count() >= 60 * 3
    # and each new indicator has 120 monthly figures and two benchmarks a month
    new = Indicator.objects.filter(code__regex=r"-\d{3}$")
    assert {i.measurements.count() for i in new} == {120}
    assert Benchmark.objects.filter(indicator__in=new).count() == 4 * 120 * 2
    assert "projects" in out


def test_each_unit_of_scale_adds_a_delivery_groups_monthly_meetings_and_their_business():
    # given the demonstration alone
    with transaction.atomic():
        generate("1")
        demo = demo_counts()
        transaction.set_rollback(True)

    # when a fifth of a unit more is generated
    generate("1.2")

    # then a delivery group's 24 months of meetings (120 a unit) and the next one are added,
    # each held meeting with its agenda, two decisions and three actions, some still open and
    # so brought forward to the next meeting
    counts = demo_counts()
    group = Body.objects.get(name="SEND delivery group 001")
    held = group.meetings.filter(status=Meeting.Status.HELD).count()
    assert group.meetings.count() == 25
    assert held >= 24
    assert counts["meetings"] == demo["meetings"] + 25
    assert counts["agenda items"] == demo["agenda items"] + held * 5
    assert counts["decisions"] == demo["decisions"] + held * 2
    assert counts["board actions"] == demo["board actions"] + held * 3
    actions = BoardAction.objects.filter(raised_at__body=group)
    assert actions.filter(status=BoardAction.Status.DONE).exists()
    assert actions.outstanding().filter(raised_at__date__lt=AS_OF[:7] + "-01").exists()
    # and each has the first history row a pack reads
    assert BoardAction.history.filter(raised_at__body=group).count() == held * 3


def test_a_database_that_already_holds_generated_data_is_refused():
    generate("1.1")

    with pytest.raises(CommandError, match="already holds generated data"):
        generate("1.1")


def test_a_scale_below_one_is_refused():
    with pytest.raises(CommandError, match="at least 1"):
        generate("0.5")
