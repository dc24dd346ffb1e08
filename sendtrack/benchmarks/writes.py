"""Genuine writes for the benchmark's cold reads: before each timed "cold" request the
benchmark changes, untimed and through the same services the admin and the API use, a record
the address shows, so that the data's version moves on and nothing derived before it may be
served.

Each write toggles one record of a small pool and the next write to the same record toggles it
back (a risk's mitigation and a report's commentary gain and lose a closing note, a milestone's
forecast moves a day and back, an indicator's figure rises by one and falls back), so the data
does not drift however long the benchmark runs; ``restore`` undoes what is still toggled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import OuterRef, Subquery

from indicators.models import Measurement
from indicators.services import measurement_save
from projects.models import Milestone, Risk, StatusReport
from projects.services import milestone_save, risk_save, status_report_save

KINDS = ("risk", "milestone", "report", "figure")
NOTE = " (Reviewed.)"
# Records per kind that take turns, so that one record is not rewritten hundreds of times.
POOL = 3

# Which write an address shows first-hand (the first match wins); any other address gets the
# writes in turn.
_KIND_FOR_PATH = (
    ("reports/risks", "risk"),
    ("reports/milestones", "milestone"),
    ("reports/kpis", "figure"),
    ("reports/programme", "report"),
    ("/api/v1/risks/", "risk"),
    ("/api/v1/milestones/", "milestone"),
    ("/api/v1/status-reports/", "report"),
    ("/api/v1/projects/", "report"),
    ("/api/v1/indicators/", "figure"),
    ("/api/v1/measurements/", "figure"),
    ("/api/v1/benefits/", "figure"),
    ("/performance/", "figure"),
    ("/operational/", "risk"),
    ("/data-quality/", "milestone"),
)


def kind_for(path: str) -> str | None:
    """The kind of write an address shows first-hand, or None for "any, in turn"."""
    if path.split("?", 1)[0] == "/":
        return "report"
    return next((kind for part, kind in _KIND_FOR_PATH if part in path), None)


@dataclass
class Writer:
    """Makes the benchmark's writes as ``user``, in the workstream ``workstream_id`` where it
    has records of the kind (so that a filtered dashboard shows them too)."""

    user: AbstractBaseUser
    workstream_id: int | None = None
    made: int = 0
    _turn: int = 0
    _next: dict[str, int] = field(default_factory=dict)
    _toggled: dict[tuple[str, int], bool] = field(default_factory=dict)
    _pools: dict[str, list[int]] = field(default_factory=dict)

    def write(self, *, kind: str | None = None) -> str:
        """Make one write of ``kind`` (or the next kind in turn); says what it changed."""
        if kind is None:
            kind = KINDS[self._turn % len(KINDS)]
            self._turn += 1
        pool = self._pool(kind)
        pk = pool[self._next.get(kind, 0) % len(pool)]
        self._next[kind] = self._next.get(kind, 0) + 1
        on = not self._toggled.get((kind, pk), False)
        _TOGGLES[kind](pk, on, self.user)
        self._toggled[(kind, pk)] = on
        self.made += 1
        return f"{kind} {pk}"

    def restore(self) -> None:
        """Toggle back every record left changed."""
        for (kind, pk), on in list(self._toggled.items()):
            if on:
                _TOGGLES[kind](pk, False, self.user)
                self._toggled[(kind, pk)] = False

    def _pool(self, kind: str) -> list[int]:
        if kind not in self._pools:
            candidates = _CANDIDATES[kind]()
            local = (
                candidates.filter(**{_WORKSTREAM[kind]: self.workstream_id})
                if self.workstream_id and _WORKSTREAM[kind]
                else candidates
            )
            ids = list(local.order_by("pk").values_list("pk", flat=True)[:POOL]) or list(
                candidates.order_by("pk").values_list("pk", flat=True)[:POOL]
            )
            if not ids:
                raise LookupError(f"No record to write for “{kind}”: is the data loaded?")
            self._pools[kind] = ids
        return self._pools[kind]


_WORKSTREAM: dict[str, str | None] = {
    "risk": "project__workstream_id",
    "milestone": "project__workstream_id",
    "report": "project__workstream_id",
    "figure": None,  # indicators belong to the programme, not to a workstream
}
_CANDIDATES: dict[str, Callable] = {
    "risk": lambda: Risk.objects.filter(status=Risk.Status.OPEN, project__isnull=False),
    "milestone": lambda: Milestone.objects.filter(
        completed_date__isnull=True, forecast_date__isnull=False
    ),
    # The latest report of a project: the one pages and reports read.
    "report": lambda: StatusReport.objects.filter(
        pk=Subquery(
            StatusReport.objects.filter(project=OuterRef("project"))
            .order_by("-period", "-pk")
            .values("pk")[:1]
        )
    ),
    # A hand-entered figure, so that changing it leaves no imported file's provenance behind.
    "figure": lambda: Measurement.objects.filter(source_file=""),
}


def _toggle_risk(pk: int, on: bool, user) -> None:
    risk = Risk.objects.get(pk=pk)
    risk.mitigation = _noted(risk.mitigation, on)
    risk_save(risk=risk, user=user)


def _toggle_milestone(pk: int, on: bool, user) -> None:
    milestone = Milestone.objects.get(pk=pk)
    milestone.forecast_date += timedelta(days=1 if on else -1)
    milestone_save(milestone=milestone, user=user)


def _toggle_report(pk: int, on: bool, user) -> None:
    report = StatusReport.objects.get(pk=pk)
    report.commentary = _noted(report.commentary, on)
    status_report_save(report=report, user=user)


def _toggle_figure(pk: int, on: bool, user) -> None:
    measurement = Measurement.objects.get(pk=pk)
    measurement.value += Decimal(1 if on else -1)
    measurement_save(measurement=measurement, user=user)


def _noted(text: str, on: bool) -> str:
    bare = text.removesuffix(NOTE)
    return bare + NOTE if on else bare


_TOGGLES: dict[str, Callable] = {
    "risk": _toggle_risk,
    "milestone": _toggle_milestone,
    "report": _toggle_report,
    "figure": _toggle_figure,
}
