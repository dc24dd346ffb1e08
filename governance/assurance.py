"""How assurance is judged: the delivery and impact ratings of a plan action and the overall
confidence in an area of weakness. The rules take plain facts (a status, a due date, the linked
projects' RAG, the linked indicators' RAG and trend, whether reviewed evidence exists) so that
the pages, the API and the evidence pack all call the same functions, and the words printed on
the page under "How these ratings are worked out" are kept here beside the code they describe."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models

# An open action that has not started this close to its due date is at risk.
NOT_STARTED_WARNING = timedelta(weeks=4)
# The number of most recent figures an indicator's trend is read over.
TREND_FIGURES = 3


class Delivery(models.TextChoices):
    """Is the action done, and on time?"""

    COMPLETE = "complete", "Complete"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OVERDUE = "overdue", "Overdue"


class Impact(models.TextChoices):
    """Do the measures and the reviewed evidence show a difference?"""

    EVIDENCED = "evidenced", "Evidenced"
    EMERGING = "emerging", "Emerging"
    NOT_YET = "not_yet", "Not yet evidenced"
    NOT_MEASURED = "not_measured", "Not measured"


class Confidence(models.TextChoices):
    """How sure the partnership can be that an area would no longer be found weak."""

    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


# The statuses of plan actions that are rated: withdrawn actions and those carried forward to a
# later plan are followed through the action that continues them.
RATED_STATUSES = ("not_started", "in_progress", "complete")

DELIVERY_RULES: Sequence[tuple[str, str]] = (
    (Delivery.COMPLETE.label, "The action's status is complete."),
    (
        Delivery.OVERDUE.label,
        "It is not complete and its due date (the date set, or else the date of the next "
        "meeting of the body it was promised to) has passed.",
    ),
    (
        Delivery.AT_RISK.label,
        "It is not complete and not overdue, but a project delivering it reported red in its "
        "latest monthly report, or it has not started and is due within four weeks.",
    ),
    (Delivery.ON_TRACK.label, "Any other open action."),
)
IMPACT_RULES: Sequence[tuple[str, str]] = (
    (
        "Showing a difference",
        "An indicator linked to the action shows a difference when its latest figure meets its "
        "target, or when its last three figures have moved the better way (the latest is better "
        "than the figure two periods before).",
    ),
    (
        Impact.EVIDENCED.label,
        "Evidence of the action's impact has been reviewed, and at least half of its "
        "indicators with figures (and at least one) show a difference.",
    ),
    (
        Impact.EMERGING.label,
        "Not evidenced, but reviewed evidence exists or at least one indicator shows a difference.",
    ),
    (
        Impact.NOT_YET.label,
        "It has indicators with figures, none shows a difference, and no evidence has been "
        "reviewed.",
    ),
    (Impact.NOT_MEASURED.label, "No indicator with figures is linked and no evidence reviewed."),
)
CONFIDENCE_RULES: Sequence[tuple[str, str]] = (
    (
        Confidence.HIGH.label,
        "At least three quarters of the area's actions are delivered, the impact of at least "
        "half is evidenced, at least half of its indicators are on target, and it has no "
        "overdue actions and no open red risks.",
    ),
    (
        Confidence.LOW.label,
        "Fewer than a quarter of its actions have their impact evidenced, or fewer than a "
        "quarter of its indicators are on target, or it has no rated actions or no indicators "
        "with a target.",
    ),
    (Confidence.MEDIUM.label, "Anything between."),
)
FLAG_RULE = (
    "“Complete but impact not yet evidenced” marks an action that is complete whose impact is "
    "not yet evidenced or not measured: done, but not yet shown to make a difference."
)
MATRIX_RULES: Sequence[tuple[str, str]] = (
    (
        "Actions delivered",
        "Complete actions as a share of the area's actions counted: those carried forward to "
        "a later plan or withdrawn are not counted (the action that continues them is).",
    ),
    ("Impact evidenced", "Actions whose impact is evidenced as a share of its rated actions."),
    (
        "Indicators on target",
        "Indicators evidencing the area whose latest figure is green, as a share of those "
        "with a target.",
    ),
    (
        "Open red risks",
        "Open risks and issues scoring 15 or more on the projects serving the area.",
    ),
    ("Overdue actions", "Open actions past their due date."),
    (
        "Outstanding information requests",
        "Members' requests about the area still open or in progress.",
    ),
)
RATED_NOTE = (
    "Actions withdrawn or carried forward to a later plan are not rated: the action that "
    "continues them is."
)


@dataclass(frozen=True)
class IndicatorSignal:
    """What an indicator linked to an action says: its latest RAG and recent figures."""

    rag: str | None
    recent_values: Sequence[float]  # newest first
    higher_is_better: bool | None


def indicator_trend_improving(signal: IndicatorSignal) -> bool:
    """The last three figures moved the better way: the latest beats the one two before."""
    values = list(signal.recent_values)[:TREND_FIGURES]
    if len(values) < TREND_FIGURES or signal.higher_is_better is None:
        return False
    latest, earliest = values[0], values[-1]
    return latest > earliest if signal.higher_is_better else latest < earliest


def indicator_shows_difference(signal: IndicatorSignal) -> bool:
    """On target now, or improving over its last three figures."""
    return signal.rag == "green" or indicator_trend_improving(signal)


def delivery_rating(
    *,
    status: str,
    due: date | None,
    today: date,
    project_rags: Iterable[str | None],
) -> str | None:
    """The action's delivery rating (None for a withdrawn or carried-forward action)."""
    if status not in RATED_STATUSES:
        return None
    if status == "complete":
        return Delivery.COMPLETE
    if due is not None and due < today:
        return Delivery.OVERDUE
    if "red" in set(project_rags):
        return Delivery.AT_RISK
    if status == "not_started" and due is not None and due - today <= NOT_STARTED_WARNING:
        return Delivery.AT_RISK
    return Delivery.ON_TRACK


def impact_rating(*, signals: Iterable[IndicatorSignal], reviewed_evidence: bool) -> str:
    """The action's impact rating from its indicators with figures and its reviewed evidence."""
    measured = [s for s in signals if s.recent_values]
    showing = sum(1 for s in measured if indicator_shows_difference(s))
    if reviewed_evidence and showing and showing * 2 >= len(measured):
        return Impact.EVIDENCED
    if reviewed_evidence or showing:
        return Impact.EMERGING
    if measured:
        return Impact.NOT_YET
    return Impact.NOT_MEASURED


def complete_without_impact(*, delivery: str | None, impact: str) -> bool:
    """Done, but not yet shown to make a difference."""
    return delivery == Delivery.COMPLETE and impact in (Impact.NOT_YET, Impact.NOT_MEASURED)


def percent(part: int, whole: int) -> int | None:
    """A whole-number percentage (halves rounded up), or None when there is nothing to count."""
    return int(100 * part / whole + 0.5) if whole else None


def confidence_rating(
    *,
    delivered: int | None,
    impact_evidenced: int | None,
    on_target: int | None,
    overdue_actions: int,
    red_risks: int,
) -> str:
    """The area's overall confidence from its matrix figures (percentages may be None)."""
    if impact_evidenced is None or on_target is None or impact_evidenced < 25 or on_target < 25:
        return Confidence.LOW
    if (
        delivered is not None
        and delivered >= 75
        and impact_evidenced >= 50
        and on_target >= 50
        and not overdue_actions
        and not red_risks
    ):
        return Confidence.HIGH
    return Confidence.MEDIUM


def rules_for_page() -> dict[str, object]:
    """The rules in plain English, as the area page, the matrix and the pack print them."""
    return {
        "delivery": DELIVERY_RULES,
        "impact": IMPACT_RULES,
        "confidence": CONFIDENCE_RULES,
        "matrix": MATRIX_RULES,
        "flag": FLAG_RULE,
        "rated_note": RATED_NOTE,
    }
