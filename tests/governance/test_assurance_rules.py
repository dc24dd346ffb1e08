"""The rules that rate a plan action's delivery and impact and an area's confidence, branch by
branch, on hand-built facts; and the page's wording of them comes from the same module."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from governance import assurance
from governance.assurance import Change, Confidence, Delivery, Impact, IndicatorSignal

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


def signal(since, *, baseline=30, rag="red", higher=True, target=80, tolerance=10):
    """An indicator's signal: ``since`` are its figures since the baseline, newest first."""
    return IndicatorSignal(
        rag=rag,
        baseline=baseline,
        since_start=since,
        higher_is_better=higher,
        target=target,
        tolerance=tolerance,
    )


GREEN = signal([85, 82], baseline=70, rag="green")
AMBER_BEYOND_TOLERANCE = signal([75, 74], baseline=60, rag="amber")
RED_IMPROVING = signal([40, 35], baseline=30)
RED_FLAT = signal([30, 35], baseline=30)
NO_FIGURES = IndicatorSignal(rag=None, baseline=None, since_start=[], higher_is_better=True)
# The demonstration's KPI-01, measured for APP 6.2 ("Issue 80% of new EHC plans within 20
# weeks"): from about 39% when the APP was approved to 68-69%, never above 69.2%, red against
# 80% with a tolerance of 10.
KPI_01_DIPPING = signal([68.0, 69.2, 66.1], baseline=39.0, rag="red")
KPI_01_RISING = signal([69.2, 66.1, 64.0], baseline=39.0, rag="red")
# The demonstration's KPI-02 (the assessment backlog, lower is better): far below its baseline
# of 1,080 but up on the month before, so the pages say "Worsening".
KPI_02 = signal([248, 240], baseline=1080, rag="amber", higher=False, target=150, tolerance=100)
KPI_02_FALLING = signal([240, 248], baseline=1080, rag="amber", higher=False, target=150)


@pytest.mark.parametrize(
    ("signal_", "change"),
    [
        (GREEN, Change.SUSTAINED),  # the last two meet the target
        (AMBER_BEYOND_TOLERANCE, Change.SUSTAINED),  # both better than the baseline by > 10
        (signal([75, 70], baseline=60, rag="amber"), Change.IMPROVING),  # 70 is only 10 better
        (signal([85], baseline=70, rag="green"), Change.IMPROVING),  # one figure is not sustained
        (RED_IMPROVING, Change.IMPROVING),
        (signal([45, 42], baseline=30), Change.IMPROVING),  # far beyond tolerance, but red
        (RED_FLAT, Change.WORSENING),  # down on the figure before
        (signal([30, 30], baseline=30), Change.NO_CHANGE),
        (signal([25], baseline=30), Change.WORSENING),  # worse than its baseline
        (signal([60, 50], baseline=30, target=None), Change.IMPROVING),  # no target to sustain
        (KPI_01_DIPPING, Change.WORSENING),
        (KPI_01_RISING, Change.IMPROVING),
        (KPI_02, Change.WORSENING),
        (KPI_02_FALLING, Change.SUSTAINED),
        (signal([40, 35], higher=None), Change.NO_FIGURES),  # no better direction
        (signal([], baseline=30), Change.NO_FIGURES),  # nothing since the action started
        (NO_FIGURES, Change.NO_FIGURES),
    ],
)
def test_an_indicators_change_is_measured_from_its_baseline(signal_, change):
    assert assurance.indicator_change(signal_) == change
    assert assurance.indicator_shows_difference(signal_) is (
        change in (Change.SUSTAINED, Change.IMPROVING)
    )


@pytest.mark.parametrize(
    ("signals", "reviewed", "expected"),
    [
        ([GREEN], True, Impact.EVIDENCED),
        ([GREEN, AMBER_BEYOND_TOLERANCE], True, Impact.EVIDENCED),
        ([GREEN, signal([31, 30], baseline=30, rag="amber")], True, Impact.EVIDENCED),  # half
        ([GREEN], False, Impact.EMERGING),  # sustained, but no evidence reviewed
        ([GREEN, RED_IMPROVING], True, Impact.EMERGING),  # an indicator is still red
        ([GREEN, RED_FLAT], True, Impact.NOT_YET),  # an indicator is worsening
        ([GREEN, RED_IMPROVING, RED_IMPROVING], True, Impact.EMERGING),  # fewer than half
        ([RED_IMPROVING], False, Impact.EMERGING),  # moving, nothing reviewed
        ([signal([30], baseline=30)], True, Impact.EMERGING),  # evidence, no indicator moving
        ([], True, Impact.EMERGING),  # evidence reviewed, nothing measured
        ([RED_FLAT], True, Impact.NOT_YET),  # worsening, whatever the evidence
        ([signal([30], baseline=30)], False, Impact.NOT_YET),
        ([RED_FLAT, NO_FIGURES], False, Impact.NOT_YET),
        ([NO_FIGURES], False, Impact.NOT_MEASURED),
        ([], False, Impact.NOT_MEASURED),
    ],
)
def test_impact_rating(signals, reviewed, expected):
    assert assurance.impact_rating(signals=signals, reviewed_evidence=reviewed) == expected


@pytest.mark.parametrize("kpi_01", [KPI_01_DIPPING, KPI_01_RISING])
def test_app_6_2_is_never_evidenced_while_kpi_01_is_red_and_short_of_80_percent(kpi_01):
    # given APP 6.2's reviewed timeliness audit and KPI-01, far better than its baseline but
    # never at its target and red
    impact = assurance.impact_rating(signals=[kpi_01], reviewed_evidence=True)
    # then its impact is not evidenced, and emerging only while KPI-01 is not worsening
    assert impact != Impact.EVIDENCED
    assert impact == (Impact.EMERGING if kpi_01 is KPI_01_RISING else Impact.NOT_YET)


def test_kpi_02_worsening_shows_no_difference_and_its_action_is_not_emerging():
    assert not assurance.indicator_shows_difference(KPI_02)
    assert assurance.impact_rating(signals=[KPI_02], reviewed_evidence=True) == Impact.NOT_YET


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
    impact = dict(rules["impact"])
    # the indicator-level terms the ratings use are defined beside them
    assert {"Baseline", "Worsening", "Sustained change", "Moving the right way"} <= set(impact)
    assert impact["Sustained change"] == assurance.IMPACT_RULES[2][1]
    assert (
        f"last {assurance._WORDS[assurance.SUSTAINED_FIGURES]} figures"
        in (impact["Sustained change"])
    )
