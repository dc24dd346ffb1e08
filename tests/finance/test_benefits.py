"""A project's benefits: declared by its lead on the project's page, and realised or not by the
same rules as the impact of plan actions, from the indicator's figures after the baseline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from indicators.benefits import Realisation, benefits_with_realisation
from indicators.models import Benefit
from tests import factories as f
from tests.admin.conftest import admin_form_data

pytestmark = pytest.mark.django_db

AS_AT = date(2026, 11, 30)


def benefit(indicator, **fields) -> Benefit:
    return Benefit.objects.create(
        project=fields.pop("project", None) or f.ProjectFactory(),
        description="More plans issued within 20 weeks",
        indicator=indicator,
        baseline=Decimal("40"),
        baseline_date=date(2026, 6, 1),
        target=Decimal("60"),
        expected_by=fields.pop("expected_by", date(2027, 3, 31)),
        **fields,
    )


def figures(indicator, **values) -> None:
    for month, value in values.items():
        f.MeasurementFactory(
            indicator=indicator, period=date(2026, int(month[1:]), 1), value=Decimal(value)
        )


def realisation(item: Benefit) -> str:
    (found,) = benefits_with_realisation(queryset=Benefit.objects.filter(pk=item.pk), as_at=AS_AT)
    return found.realisation


def test_no_figure_after_the_baseline_is_no_data_never_on_track():
    indicator = f.IndicatorFactory()
    figures(indicator, m5="70")  # before the baseline: does not count

    assert realisation(benefit(indicator)) == Realisation.NO_DATA


def test_two_figures_at_target_realise_the_benefit():
    indicator = f.IndicatorFactory()
    figures(indicator, m9="61", m10="62")

    assert realisation(benefit(indicator)) == Realisation.REALISED


def test_two_better_figures_short_of_the_target_are_emerging_not_realised():
    # baseline 40, target 60: better twice, never at the target
    indicator = f.IndicatorFactory()
    figures(indicator, m9="45", m10="50")

    assert realisation(benefit(indicator)) == Realisation.EMERGING


def test_one_better_figure_is_emerging_and_a_fall_is_worsening():
    rising, falling = f.IndicatorFactory(), f.IndicatorFactory()
    figures(rising, m10="45")
    figures(falling, m9="50", m10="44")

    assert realisation(benefit(rising)) == Realisation.EMERGING
    assert realisation(benefit(falling)) == Realisation.WORSENING


def test_lower_is_better_indicators_count_a_fall_as_the_change():
    indicator = f.IndicatorFactory(polarity="lower")
    figures(indicator, m9="30", m10="25")
    item = benefit(indicator, expected_by=date(2026, 10, 1))
    item.baseline, item.target = Decimal("50"), Decimal("30")
    item.save()

    (found,) = benefits_with_realisation(queryset=Benefit.objects.all(), as_at=AS_AT)
    assert found.realisation == Realisation.REALISED
    assert found.overdue is False


def test_figures_after_the_day_asked_do_not_count():
    indicator = f.IndicatorFactory()
    figures(indicator, m9="61", m10="62")
    item = benefit(indicator)

    (found,) = benefits_with_realisation(queryset=Benefit.objects.all(), as_at=date(2026, 9, 30))
    assert found.realisation == Realisation.EMERGING
    assert realisation(item) == Realisation.REALISED


def test_a_lead_declares_a_benefit_on_the_project_page_and_sees_it_on_the_projects_page():
    user = f.lead_user(username="lead")
    person = f.PersonFactory(user=user)
    project = f.ProjectFactory(code="SV-01", lead=person)
    indicator = f.IndicatorFactory(code="KPI-20")
    indicator.projects.add(project)
    client = Client()
    client.force_login(user)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = admin_form_data(client.get(url))
    data.update(
        {
            "benefits-TOTAL_FORMS": "1",
            "benefits-0-description": "Families wait less for a plan",
            "benefits-0-beneficiary": "families",
            "benefits-0-indicator": str(indicator.pk),
            "benefits-0-baseline": "40",
            "benefits-0-baseline_date": "01/06/2026",
            "benefits-0-target": "40",
            "benefits-0-expected_by": "31/03/2027",
        }
    )

    refused = client.post(url, data)
    assert "A target equal to the baseline measures no change" in refused.text
    assert not Benefit.objects.exists()

    data["benefits-0-target"] = "60"
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["errors"]
    page = client.get("/projects/SV-01/").content.decode()
    assert "Families wait less for a plan" in page
    assert "No data" in page
