"""The demo's money and benefits are invented, and say so."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from indicators.benefits import benefits_with_realisation
from indicators.models import Benefit
from projects.finance import finance_rows, finance_years, safety_valve_targets
from projects.models import SafetyValveTarget, SavingsMonth, SavingsYear

pytestmark = pytest.mark.django_db


def test_the_demo_gives_safety_valve_projects_invented_savings_targets_and_benefits():
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())

    for model in (SavingsYear, SavingsMonth, SafetyValveTarget, Benefit):
        assert model.objects.exists(), model
        assert not model.objects.filter(is_demo=False).exists(), model
    assert all("Invented" in t.note for t in SafetyValveTarget.objects.all())
    years = finance_years(finance_rows(), targets=safety_valve_targets())
    assert [y["financial_year"] for y in years] == [2023, 2024, 2025, 2026]
    assert all(y["planned"] and y["target"] for y in years)
    # Monthly figures entered with October's report, early in November, are there by then.
    october = finance_rows(as_at=date(2026, 11, 24))
    assert any(r["monthly"] for r in october)
    assert benefits_with_realisation(as_at=date(2026, 11, 24))
