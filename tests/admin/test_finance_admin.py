"""Leads enter their Safety Valve project's savings on the project's page; the programme office
enters the Safety Valve target for each year. Every test goes through the admin's forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import SafetyValveTarget, SavingsMonth, SavingsYear
from tests import factories as f

from .conftest import add_inline_row, admin_form_data, client_for

pytestmark = pytest.mark.django_db


def change_url(project) -> str:
    return reverse("admin:projects_project_change", args=[project.pk])


@pytest.fixture
def projects(lead):
    _, person = lead
    mine = f.ProjectFactory(code="SV-01", lead=person, safety_valve=True)
    theirs = f.ProjectFactory(code="SV-02", safety_valve=True)
    return mine, theirs


def _post(client, project, change):
    data = admin_form_data(client.get(change_url(project)))
    change(data)
    return client.post(change_url(project), data)


def _year_row(data, **fields):
    # The page offers one blank row; fill it.
    for name, value in fields.items():
        data[f"finance_years-0-{name}"] = str(value)


def test_a_lead_enters_the_years_savings_and_a_months_delivery_together(lead, projects):
    user, _ = lead
    mine, _ = projects

    def change(data):
        _year_row(
            data,
            financial_year=2025,
            planned_savings="250000",
            forecast_remaining="120000.50",
            budget="40000",
        )
        data["finance_months-0-month"] = "01/06/2025"
        data["finance_months-0-delivered_savings"] = "30000"
        data["finance_months-0-spend"] = "1500"

    response = _post(client_for(user), mine, change)

    assert response.status_code == 302, response.context["errors"]
    year = SavingsYear.objects.get(project=mine)
    assert (year.financial_year, year.planned_savings) == (2025, Decimal("250000.00"))
    assert year.forecast_remaining == Decimal("120000.50")
    month = SavingsMonth.objects.get(project=mine)
    assert (month.month, month.delivered_savings) == (date(2025, 6, 1), Decimal("30000.00"))
    assert year.history.count() == 1
    assert month.history.count() == 1


def test_negative_savings_are_refused_and_nothing_is_saved(lead, projects):
    user, _ = lead
    mine, _ = projects

    def change(data):
        _year_row(data, financial_year=2025, planned_savings="-5")
        data["finance_months-0-month"] = "01/06/2025"
        data["finance_months-0-delivered_savings"] = "30000"

    response = _post(client_for(user), mine, change)

    assert response.status_code == 200
    assert "Enter a sum of £0 or more, in pounds." in response.text
    assert not SavingsYear.objects.exists()
    assert not SavingsMonth.objects.exists()


def test_spend_without_a_budget_is_refused(lead, projects):
    user, _ = lead
    mine, _ = projects

    def change(data):
        _year_row(data, financial_year=2025, planned_savings="1000", spend="500")

    response = _post(client_for(user), mine, change)

    assert response.status_code == 200
    assert "Spend is counted against a budget: enter the year&#x27;s budget too." in (response.text)
    assert not SavingsYear.objects.exists()


def test_two_rows_for_one_financial_year_are_refused(lead, projects):
    user, _ = lead
    mine, _ = projects

    def change(data):
        _year_row(data, financial_year=2025, planned_savings="1000")
        add_inline_row(data, "finance_years", financial_year=2025, planned_savings="2000")

    response = _post(client_for(user), mine, change)

    assert response.status_code == 200
    assert "Two rows are for the same financial year. Keep one of them." in response.text
    assert not SavingsYear.objects.exists()


def test_a_year_written_as_a_span_is_explained(lead, projects):
    user, _ = lead
    mine, _ = projects

    def change(data):
        _year_row(data, financial_year=1999, planned_savings="1000")

    response = _post(client_for(user), mine, change)

    assert response.status_code == 200
    assert "Give the year the financial year starts in, from 2015." in response.text


def test_a_lead_cannot_enter_savings_for_another_leads_project(lead, projects):
    user, _ = lead
    _, theirs = projects

    response = client_for(user).get(change_url(theirs))

    assert response.status_code in (302, 403, 404)


def test_a_project_outside_safety_valve_offers_no_savings(pmo):
    project = f.ProjectFactory(safety_valve=False)

    response = client_for(pmo).get(change_url(project))

    assert response.status_code == 200
    assert "finance_years-TOTAL_FORMS" not in response.text


def test_the_programme_office_enters_a_years_target_and_a_lead_may_not(pmo, lead):
    url = reverse("admin:projects_safetyvalvetarget_add")
    data = {"financial_year": "2025", "savings_target": "1500000", "note": "Invented."}

    response = client_for(pmo).post(url, data)
    refused = client_for(lead[0]).post(url, {**data, "financial_year": "2026"})

    assert response.status_code == 302
    assert SafetyValveTarget.objects.get().savings_target == Decimal("1500000")
    assert refused.status_code == 403
    duplicate = client_for(pmo).post(url, data)
    assert "This financial year has a target already." in duplicate.text
