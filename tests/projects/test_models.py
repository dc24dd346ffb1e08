"""The rules of delivery records that must hold whatever door the data comes through."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from projects.models import Risk, StatusReport
from sendtrack.kernel.rag import RAG
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_one_status_report_per_project_per_month_is_enforced_by_the_database():
    # given a report for October
    report = f.StatusReportFactory(period=date(2026, 10, 1))
    # when a second report for the same project and month is written directly
    # then the database refuses it
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusReport.objects.create(
            project=report.project, period=date(2026, 10, 1), rag=RAG.RED, commentary="Again"
        )


def test_second_report_for_a_month_gets_a_plain_english_message():
    report = f.StatusReportFactory(period=date(2026, 10, 1))
    duplicate = StatusReport(
        project=report.project, period=date(2026, 10, 1), rag=RAG.RED, commentary="Again"
    )
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "already has a report for this month" in str(caught.value)


def test_report_month_must_be_first_of_month():
    project = f.ProjectFactory()
    report = StatusReport(project=project, period=date(2026, 10, 15), rag="green", commentary="x")
    with pytest.raises(ValidationError) as caught:
        report.full_clean()
    assert "first day of the month" in caught.value.message_dict["period"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        report.save()


def test_rag_outside_the_fixed_set_is_refused_by_the_database():
    project = f.ProjectFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusReport.objects.create(
            project=project, period=date(2026, 10, 1), rag="purple", commentary="x"
        )


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 3), (6, 3), (3, 0), (3, 7)])
def test_likelihood_and_impact_outside_1_to_5_are_refused_by_the_database(likelihood, impact):
    risk = f.RiskFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(likelihood=likelihood, impact=impact)


def test_likelihood_7_gets_a_message_naming_the_scale():
    risk = f.RiskFactory()
    risk.likelihood = 7
    with pytest.raises(ValidationError) as caught:
        risk.full_clean()
    assert "likelihood" in caught.value.message_dict


def test_risk_score_is_likelihood_times_impact_and_follows_changes():
    risk = f.RiskFactory(likelihood=4, impact=5)
    risk.refresh_from_db()
    assert risk.score == 20
    Risk.objects.filter(pk=risk.pk).update(likelihood=2)
    risk.refresh_from_db()
    assert risk.score == 10


def test_project_risk_needs_a_project_and_programme_risk_has_none():
    owner = f.PersonFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.create(
            level=Risk.Level.PROJECT,
            title="x",
            likelihood=1,
            impact=1,
            owner=owner,
            raised_on=date(2025, 1, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.create(
            level=Risk.Level.PROGRAMME,
            project=f.ProjectFactory(),
            title="x",
            likelihood=1,
            impact=1,
            owner=owner,
            raised_on=date(2025, 1, 1),
        )
    programme = Risk.objects.create(
        level=Risk.Level.PROGRAMME,
        title="Funding",
        likelihood=2,
        impact=5,
        owner=owner,
        raised_on=date(2025, 1, 1),
    )
    assert programme.project is None


def test_closing_a_risk_needs_a_closing_date():
    risk = f.RiskFactory()
    risk.status = Risk.Status.CLOSED
    with pytest.raises(ValidationError) as caught:
        risk.full_clean()
    assert "closed_on" in caught.value.message_dict


def test_completion_date_in_the_future_is_refused():
    milestone = f.MilestoneFactory()
    milestone.completed_date = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        milestone.full_clean()
    assert "in the future" in caught.value.message_dict["completed_date"][0]


def test_savings_target_only_for_safety_valve_projects():
    project = f.ProjectFactory(safety_valve=False)
    project.savings_target = 100_000
    with pytest.raises(ValidationError) as caught:
        project.full_clean()
    assert "Safety Valve" in caught.value.message_dict["savings_target"][0]
