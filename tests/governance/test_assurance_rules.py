"""The rules that rate a plan action's delivery and impact and an area's confidence, branch by
branch, on hand-built facts; and the page's wording of them comes from the same module."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from governance import assurance
from governance.assurance import Confidence, Delivery, Impact, IndicatorSignal

TODAY = date(2026, 6, 15)


def delivery(status="in_progress", due=TODAY + timedelta(days=90), rags=()):
    return assurance.delivery_rating(status=status, due=due, today=TODAY, project_rags=rags)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"status": "complete", "due": TODAY - timedelta(days=99)}, Delivery.COMPLETE),
        ({"status": "in_progress", "due": TODAY - timedelta(days=1)}, Delivery.OVERDUE),
        ({"status": "not_started", "due": TODAY - timedelta(days=1)}, Delivery.OVERDUE),
        ({"rags": ["green", "red"]}, Delivery.AT_RISK),
        ({"status": "not_started", "due": TODAY + timedelta(weeks=4)}, Delivery.AT_RISK),
        ({"status": "not_started", "due": TODAY + timedelta(weeks=5)}, Delivery.ON_TRACK),
        ({"status": "in_progress", "due": TODAY + timedelta(weeks=1)}, Delivery.ON_TRACK),
        ({"rags": ["amber", None]}, Delivery.ON_TRACK),
        ({"due": None}, Delivery.ON_TRACK),
        ({"due": TODAY}, Delivery.ON_TRACK),  # due today is not yet overdue
        ({"status": "withdrawn"}, None),
        ({"status": "carried_forward", "due": TODAY - timedelta(days=9)}, None),
    ],
)
def test_delivery_rating(facts, expected):
    assert delivery(**facts) == expected


GREEN = IndicatorSignal(rag="green", recent_values=[50], higher_is_better=True)
RED_IMPROVING = IndicatorSignal(rag="red", recent_values=[40, 35, 30], higher_is_better=True)
RED_FLAT = IndicatorSignal(rag="red", recent_values=[30, 35, 30], higher_is_better=True)
LOWER_IMPROVING = IndicatorSignal(rag=None, recent_values=[397, 760, 1080], higher_is_better=False)
NO_FIGURES = IndicatorSignal(rag=None, recent_values=[], higher_is_better=True)


@pytest.mark.parametrize(
    ("signal", "shows"),
    [
        (GREEN, True),
        (RED_IMPROVING, True),
        (RED_FLAT, False),  # the latest equals the figure two periods before
        (LOWER_IMPROVING, True),  # lower is better and the backlog fell
        (IndicatorSignal(rag="amber", recent_values=[40, 30], higher_is_better=True), False),
        (IndicatorSignal(rag=None, recent_values=[40, 35, 30], higher_is_better=None), False),
    ],
)
def test_an_indicator_shows_a_difference_when_on_target_or_improving(signal, shows):
    assert assurance.indicator_shows_difference(signal) is shows


@pytest.mark.parametrize(
    ("signals", "reviewed", "expected"),
    [
        ([GREEN, RED_FLAT], True, Impact.EVIDENCED),  # half show a difference
        ([GREEN, RED_FLAT, RED_FLAT], True, Impact.EMERGING),  # fewer than half
        ([RED_FLAT], True, Impact.EMERGING),  # evidence reviewed, no indicator moving
        ([], True, Impact.EMERGING),  # evidence reviewed, nothing measured
        ([RED_IMPROVING], False, Impact.EMERGING),  # moving, nothing reviewed
        ([RED_FLAT], False, Impact.NOT_YET),
        ([RED_FLAT, NO_FIGURES], False, Impact.NOT_YET),
        ([NO_FIGURES], False, Impact.NOT_MEASURED),
        ([], False, Impact.NOT_MEASURED),
    ],
)
def test_impact_rating(signals, reviewed, expected):
    assert assurance.impact_rating(signals=signals, reviewed_evidence=reviewed) == expected


@pytest.mark.parametrize(
    ("delivery_", "impact", "flagged"),
    [
        (Delivery.COMPLETE, Impact.NOT_YET, True),
        (Delivery.COMPLETE, Impact.NOT_MEASURED, True),
        (Delivery.COMPLETE, Impact.EMERGING, False),
        (Delivery.COMPLETE, Impact.EVIDENCED, False),
        (Delivery.ON_TRACK, Impact.NOT_YET, False),
    ],
)
def test_complete_but_impact_not_yet_evidenced(delivery_, impact, flagged):
    assert assurance.complete_without_impact(delivery=delivery_, impact=impact) is flagged


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ({}, Confidence.HIGH),
        ({"overdue_actions": 1}, Confidence.MEDIUM),
        ({"red_risks": 1}, Confidence.MEDIUM),
        ({"delivered": 74}, Confidence.MEDIUM),
        ({"delivered": None}, Confidence.MEDIUM),
        ({"impact_evidenced": 49}, Confidence.MEDIUM),
        ({"on_target": 49}, Confidence.MEDIUM),
        ({"impact_evidenced": 24}, Confidence.LOW),
        ({"on_target": 24}, Confidence.LOW),
        ({"impact_evidenced": None}, Confidence.LOW),
        ({"on_target": None}, Confidence.LOW),
    ],
)
def test_confidence_rating(figures, expected):
    facts = {
        "delivered": 75,
        "impact_evidenced": 50,
        "on_target": 50,
        "overdue_actions": 0,
        "red_risks": 0,
    } | figures
    assert assurance.confidence_rating(**facts) == expected


def test_percentages_round_halves_up_and_have_none_of_nothing():
    assert assurance.percent(1, 8) == 13
    assert assurance.percent(2, 3) == 67
    assert assurance.percent(0, 0) is None


def test_the_rules_printed_name_every_rating():
    rules = assurance.rules_for_page()
    assert {name for name, _ in rules["delivery"]} == {d.label for d in Delivery}
    assert {d.label for d in Impact} <= {name for name, _ in rules["impact"]}
    assert {c.label for c in Confidence} == {name for name, _ in rules["confidence"]}
