"""How assurance is judged: the delivery and impact ratings of a plan action and the overall
confidence in an area of weakness. The rules take plain facts (a status, a due date, the linked
projects' RAG, the linked indicators' figures since the action started against their baseline
and target, whether reviewed evidence exists) so that the pages, the API and the evidence pack
all call the same functions, and the words printed on the page under "How these ratings are
worked out" are kept here beside the code they describe."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models

# An open action that has not started this close to its due date is at risk.
NOT_STARTED_WARNING = timedelta(weeks=4)
# The number of most recent figures since an action started over which a change must hold
# before it counts as sustained.
SUSTAINED_FIGURES = 2


class Delivery(models.TextChoices):
    """Is the action done, and on time?"""

    COMPLETE = "complete", "Complete"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting sign-off"
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


# Small numbers as the printed rules say them.
_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}

# The statuses of plan actions that are rated: withdrawn actions and those carried forward to a
# later plan are followed through the action that continues them.
RATED_STATUSES = ("not_started", "in_progress", "complete")

DELIVERY_RULES: Sequence[tuple[str, str]] = (
    (
        Delivery.COMPLETE.label,
        "The action's status is complete and, for an action owned jointly by more than one "
        "organisation, a named owner in each owning organisation has signed it off.",
    ),
    (
        Delivery.AWAITING_SIGN_OFF.label,
        "Its status is complete, it is owned jointly, and an owning organisation has not yet "
        "signed it off (or withdrew its sign-off). It counts as open, not as delivered.",
    ),
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
        "Baseline",
        "Each indicator linked to an action is measured from a baseline: its figure for the "
        "period the action started in (the date its plan was approved, or else submitted), or "
        "the last figure before it; if the indicator has no figure that early, its first figure. "
        "Every later figure is compared with the baseline.",
    ),
    (
        "Worsening",
        "An indicator is worsening when its latest figure is worse than the figure before it "
        "(the direction of travel the pages show) or worse than its baseline. A worsening "
        "indicator never shows a difference.",
    ),
    (
        "Sustained change",
        f"An indicator shows a sustained change when it is not worsening, its latest figure is "
        f"not red, and each of its last {_WORDS[SUSTAINED_FIGURES]} figures since the baseline "
        "either meets the target or is better than the baseline by more than the target's "
        "tolerance. An indicator without a target cannot show a sustained change.",
    ),
    (
        "Moving the right way",
        "An indicator is moving the right way when it is not worsening and its latest figure "
        "is better than its baseline, but the change is not (yet) sustained.",
    ),
    (
        Impact.EVIDENCED.label,
        "Evidence of the action's impact has been reviewed; at least half of its indicators "
        "with figures (and at least one) show a sustained change; and none of them is "
        "worsening or red.",
    ),
    (
        Impact.EMERGING.label,
        "Not evidenced, and none of its indicators is worsening; but reviewed evidence exists "
        "or at least one indicator is moving the right way or shows a sustained change.",
    ),
    (
        Impact.NOT_YET.label,
        "It has indicators with figures or reviewed evidence, but is neither evidenced nor "
        "emerging: an indicator is worsening, or none has moved from its baseline and no "
        "evidence has been reviewed.",
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


class Change(models.TextChoices):
    """What an indicator linked to an action shows since the action started."""

    SUSTAINED = "sustained", "Sustained change"
    IMPROVING = "improving", "Moving the right way"
    NO_CHANGE = "no_change", "No change"
    WORSENING = "worsening", "Worsening"
    NO_FIGURES = "no_figures", "No figures since the action started"


@dataclass(frozen=True)
class IndicatorSignal:
    """What an indicator linked to an action says: its baseline (the figure when the action
    started), its figures since (newest first), its latest RAG and the target in force."""

    rag: str | None
    baseline: float | None
    since_start: Sequence[float]  # newest first
    higher_is_better: bool | None
    target: float | None = None
    tolerance: float = 0

    @property
    def has_figures(self) -> bool:
        return self.baseline is not None or bool(self.since_start)

    def gain(self, value: float) -> float:
        """How much better than the baseline ``value`` is (negative when worse)."""
        if self.baseline is None:
            return 0.0
        return value - self.baseline if self.higher_is_better else self.baseline - value

    def meets_target(self, value: float) -> bool:
        if self.target is None:
            return False
        return value >= self.target if self.higher_is_better else value <= self.target


def indicator_change(signal: IndicatorSignal) -> str:
    """Worsening, sustained change, moving the right way or no change since the action
    started, by the rules printed as "Baseline" to "Moving the right way"."""
    figures = list(signal.since_start)
    if signal.baseline is None or not figures or signal.higher_is_better is None:
        return Change.NO_FIGURES
    latest = figures[0]
    previous = figures[1] if len(figures) > 1 else signal.baseline
    if signal.gain(latest) < 0 or signal.gain(latest) < signal.gain(previous):
        return Change.WORSENING
    last = figures[:SUSTAINED_FIGURES]
    if (
        signal.target is not None
        and signal.rag != "red"
        and len(last) == SUSTAINED_FIGURES
        and all(signal.meets_target(v) or signal.gain(v) > signal.tolerance for v in last)
    ):
        return Change.SUSTAINED
    if signal.gain(latest) > 0:
        return Change.IMPROVING
    return Change.NO_CHANGE


def indicator_shows_difference(signal: IndicatorSignal) -> bool:
    """A sustained change, or moving the right way; never while worsening."""
    return indicator_change(signal) in (Change.SUSTAINED, Change.IMPROVING)


def delivery_rating(
    *,
    status: str,
    due: date | None,
    today: date,
    project_rags: Iterable[str | None],
    awaiting_sign_off: bool = False,
) -> str | None:
    """The action's delivery rating (None for a withdrawn or carried-forward action); a
    jointly owned action marked complete is awaiting sign-off until every owner signs."""
    if status not in RATED_STATUSES:
        return None
    if status == "complete":
        return Delivery.AWAITING_SIGN_OFF if awaiting_sign_off else Delivery.COMPLETE
    if due is not None and due < today:
        return Delivery.OVERDUE
    if "red" in set(project_rags):
        return Delivery.AT_RISK
    if status == "not_started" and due is not None and due - today <= NOT_STARTED_WARNING:
        return Delivery.AT_RISK
    return Delivery.ON_TRACK


def impact_rating(*, signals: Iterable[IndicatorSignal], reviewed_evidence: bool) -> str:
    """The action's impact rating from its indicators' change since it started and its
    reviewed evidence, by the rules printed beside it."""
    measured = [s for s in signals if s.has_figures]
    changes = [indicator_change(s) for s in measured]
    worsening = Change.WORSENING in changes
    sustained = changes.count(Change.SUSTAINED)
    red = any(s.rag == "red" for s in measured)
    majority = sustained and sustained * 2 >= len(measured)
    if reviewed_evidence and majority and not worsening and not red:
        return Impact.EVIDENCED
    if not worsening and (reviewed_evidence or sustained or Change.IMPROVING in changes):
        return Impact.EMERGING
    if measured or reviewed_evidence:
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
