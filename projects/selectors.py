"""Reads for delivery: projects with their latest report and next milestone, milestones with
slippage and status, open risks. Every derived figure is worked out here, in the query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from .history import end_of_day, recorded_before, value_on
from .models import (
    Milestone,
    Project,
    ProjectSnapshot,
    Risk,
    StatusReport,
    WorkstreamSnapshot,
)


class MilestoneStatus(models.TextChoices):
    """Where a milestone stands, worked out from its three dates and today."""

    COMPLETE = "complete", "Complete"
    COMPLETE_LATE = "complete_late", "Completed late"
    OVERDUE = "overdue", "Overdue"
    SLIPPING = "slipping", "Forecast later than baseline"
    ON_TRACK = "on_track", "On track"
    UNDATED = "undated", "No date set"


def _latest_report() -> QuerySet[StatusReport]:
    return StatusReport.objects.filter(project=OuterRef("pk")).order_by("-period")


def _next_milestone() -> QuerySet[Milestone]:
    return (
        Milestone.objects.filter(project=OuterRef("pk"), completed_date__isnull=True)
        .annotate(due=Coalesce("forecast_date", "baseline_date"))
        .filter(due__isnull=False)
        .order_by("due", "pk")
    )


def projects_with_latest_rag(*, queryset: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """Projects with their latest report's RAG (``latest_rag``): the one answer to "what RAG
    does this project stand at", alone where nothing else of the project is read."""
    qs = Project.objects.all() if queryset is None else queryset
    return qs.annotate(latest_rag=Subquery(_latest_report().values("rag")[:1]))


def projects_with_latest(*, queryset: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """Projects with their latest report's RAG and month and their next open milestone,
    in one query."""
    qs = projects_with_latest_rag(queryset=queryset)
    return qs.select_related("workstream", "lead", "overseeing_body").annotate(
        last_report_period=Subquery(_latest_report().values("period")[:1]),
        next_milestone_title=Subquery(_next_milestone().values("title")[:1]),
        next_milestone_date=Subquery(_next_milestone().values("due")[:1]),
    )


def month_start(day: date) -> date:
    """The first day of the month that ``day`` falls in."""
    return day.replace(day=1)


def month_add(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or, if negative, before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def previous_month(day: date) -> date:
    """The first day of the month before the one ``day`` falls in."""
    return month_add(day, -1)


def projects_expected_to_report(
    *, period: date, queryset: QuerySet[Project] | None = None
) -> QuerySet[Project]:
    """Projects that owe a report for the month ``period`` falls in: past the proposal stage,
    started by the month's end, and not closed before the month began."""
    qs = Project.objects.all() if queryset is None else queryset
    start = month_start(period)
    end = month_add(start, 1) - timedelta(days=1)
    closed_before = Q(stage=Project.Stage.CLOSED) & (
        Q(actual_end_date__isnull=True) | Q(actual_end_date__lt=start)
    )
    return (
        qs.exclude(stage=Project.Stage.PROPOSED).exclude(start_date__gt=end).exclude(closed_before)
    )


def projects_reporting(
    *, period: date, queryset: QuerySet[Project] | None = None
) -> QuerySet[Project]:
    """Projects that owe a report for the month ``period`` falls in, each with ``reported``:
    whether it has filed it. The one answer to "who reported, of whom" for every page,
    report and publication."""
    filed = StatusReport.objects.filter(project=OuterRef("pk"), period=month_start(period))
    return projects_expected_to_report(period=period, queryset=queryset).annotate(
        reported=Exists(filed)
    )


def projects_missing_report(
    *, period: date, queryset: QuerySet[Project] | None = None
) -> QuerySet[Project]:
    """Projects that owe a report for the month ``period`` falls in and have not filed it."""
    return projects_reporting(period=period, queryset=queryset).filter(reported=False)


def report_deadline(*, period: date) -> date:
    """The day the report for ``period``'s month is due by: day
    ``SENDTRACK_REPORT_DEADLINE_DAY`` of the month after. Filed on that day, it is on time."""
    return month_add(period, 1).replace(day=settings.SENDTRACK_REPORT_DEADLINE_DAY)


@dataclass(frozen=True)
class ReportingDue:
    """Which month's reports are owed on a day, by the reporting deadline: the month under way
    is owed nothing yet; the month just ended is *due soon* until its deadline has passed; a
    report is *missing* only for a month whose deadline has passed."""

    today: date
    # The month just ended: the one the programme office chases now.
    month: date

    @property
    def deadline(self) -> date:
        """The day the month just ended's reports are due by."""
        return report_deadline(period=self.month)

    @property
    def due_soon(self) -> date | None:
        """The month just ended while its deadline has not passed; None once it has."""
        return self.month if self.today <= self.deadline else None

    @property
    def overdue(self) -> date:
        """The latest month whose deadline has passed: a report not filed for it is missing."""
        return self.month if self.due_soon is None else month_add(self.month, -1)

    @property
    def overdue_deadline(self) -> date:
        """The day the overdue month's reports were due by."""
        return report_deadline(period=self.overdue)


def reporting_due(*, today: date) -> ReportingDue:
    """The one answer to "which month's report is missing, and which is only due soon" on
    ``today``, for the data-quality page, the digest, the admin's chasing list and the
    reminders alike."""
    return ReportingDue(today=today, month=previous_month(today))


@dataclass(frozen=True)
class ReportingCounts:
    """Of the projects that owed a report for a month, how many filed it and how many did not."""

    expected: int = 0
    reported: int = 0

    @property
    def missing(self) -> int:
        return self.expected - self.reported

    def as_dict(self) -> dict[str, int]:
        return {"expected": self.expected, "reported": self.reported, "missing": self.missing}


def project_reporting_counts(
    *, period: date, queryset: QuerySet[Project] | None = None
) -> ReportingCounts:
    """How many projects owed a report for the month ``period`` falls in and how many filed
    it. One query."""
    # Read as flags and counted here: an aggregate filtered on the annotation loses it when
    # Django wraps the query (the flag's column is pruned from the inner select).
    flags = list(
        projects_reporting(period=period, queryset=queryset)
        .order_by()
        .values_list("reported", flat=True)
    )
    return ReportingCounts(expected=len(flags), reported=sum(map(bool, flags)))


def milestones_with_status(
    *, today: date, queryset: QuerySet[Milestone] | None = None
) -> QuerySet[Milestone]:
    """Milestones with their due date (forecast, else baseline), slippage against baseline
    (completed or forecast date minus baseline; positive is late), overdue flag and status, as
    they stood on ``today`` (a milestone completed after that day counts as still open)."""
    qs = Milestone.objects.all() if queryset is None else queryset
    return _with_status(
        qs,
        today=today,
        forecast="forecast_date",
        baseline="baseline_date",
        completed="completed_date",
    )


def milestones_as_at(
    *, as_at: date, queryset: QuerySet[Milestone] | None = None
) -> QuerySet[Milestone]:
    """Milestones as they stood at the end of ``as_at``: their baseline, forecast and
    completion dates read from their history (``forecast_then``, ``baseline_then``,
    ``completed_then``), with the due date, slippage, overdue flag and status worked out
    from those, as ``milestones_with_status`` does today. A milestone whose history begins
    after that day did not exist then and is left out; one recorded before history was kept
    is taken as it stands now."""
    qs = Milestone.objects.all() if queryset is None else queryset
    qs = qs.filter(
        recorded_before(Milestone, as_at) | ~Exists(Milestone.history.filter(id=OuterRef("pk")))
    ).annotate(
        forecast_then=value_on(Milestone, "forecast_date", as_at),
        baseline_then=value_on(Milestone, "baseline_date", as_at),
        completed_then=value_on(Milestone, "completed_date", as_at),
    )
    return _with_status(
        qs,
        today=as_at,
        forecast="forecast_then",
        baseline="baseline_then",
        completed="completed_then",
    )


def _with_status(
    qs: QuerySet[Milestone], *, today: date, forecast: str, baseline: str, completed: str
) -> QuerySet[Milestone]:
    done = Q(**{f"{completed}__isnull": False, f"{completed}__lte": today})
    return qs.annotate(
        due_date=Coalesce(forecast, baseline),
        # Late by how long: a completed milestone by its completion date; an open one by its
        # forecast, or by today once that forecast has passed without completion.
        slippage=ExpressionWrapper(
            Case(
                When(done, then=F(completed)),
                default=Greatest(
                    Coalesce(forecast, baseline),
                    Value(today, output_field=DateField()),
                ),
                output_field=DateField(),
            )
            - F(baseline),
            output_field=DurationField(),
        ),
        is_overdue=Case(
            When(~done & Q(due_date__lt=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    ).annotate(
        status=Case(
            When(
                done & Q(**{f"{baseline}__isnull": False, f"{completed}__gt": F(baseline)}),
                then=Value(MilestoneStatus.COMPLETE_LATE),
            ),
            When(done, then=Value(MilestoneStatus.COMPLETE)),
            When(due_date__isnull=True, then=Value(MilestoneStatus.UNDATED)),
            When(due_date__lt=today, then=Value(MilestoneStatus.OVERDUE)),
            When(
                Q(**{f"{baseline}__isnull": False, f"{forecast}__gt": F(baseline)}),
                then=Value(MilestoneStatus.SLIPPING),
            ),
            default=Value(MilestoneStatus.ON_TRACK),
            output_field=models.CharField(),
        )
    )


def milestones_overdue(*, today: date) -> QuerySet[Milestone]:
    """Open milestones whose forecast (or, without one, baseline) date has passed."""
    return milestones_with_status(today=today).filter(is_overdue=True)


def risks_in_order(*, queryset: QuerySet[Risk] | None = None) -> QuerySet[Risk]:
    """Risks and issues in the order every register lists them: open before closed, then the
    highest score first, then by reference."""
    qs = Risk.objects.all() if queryset is None else queryset
    return qs.annotate(
        is_closed=Case(
            When(status=Risk.Status.OPEN, then=Value(False)),
            default=Value(True),
            output_field=BooleanField(),
        )
    ).order_by("is_closed", "-score", "reference", "pk")


def risks_open(*, queryset: QuerySet[Risk] | None = None) -> QuerySet[Risk]:
    """Open risks and issues, worst first, with what their lists show: their project and
    the board or group each is escalated to."""
    qs = Risk.objects.all() if queryset is None else queryset
    return risks_in_order(queryset=qs.open()).select_related("project", "owner", "escalated_to")


def risks_with_review_status(
    *, today: date, queryset: QuerySet[Risk] | None = None
) -> QuerySet[Risk]:
    """Risks with a flag for an open risk whose review date has passed."""
    qs = Risk.objects.all() if queryset is None else queryset
    return qs.annotate(
        is_past_review=Case(
            When(Q(status=Risk.Status.OPEN) & Q(review_date__lt=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


# Risks scoring this much or more (likelihood × impact, out of 25) are red on the heat map.
RED_RISK_SCORE = 15
# And from this score they are amber; below it, green.
AMBER_RISK_SCORE = 8


def risk_band(score: int) -> str:
    """The heat map's band for a score: red (15–25), amber (8–12) or green (1–6)."""
    if score >= RED_RISK_SCORE:
        return "red"
    return "amber" if score >= AMBER_RISK_SCORE else "green"


def _rag_on(day: date) -> Subquery:
    """The outer project's RAG as its reports stood at the end of ``day``: the latest month
    reported by then."""
    filed = (
        StatusReport.objects.filter(project=OuterRef("pk"))
        .annotate(filed_at=Coalesce("submitted_at", "created_at"))
        .filter(filed_at__lt=end_of_day(day))
        .order_by("-period")
    )
    return Subquery(filed.values("rag")[:1])


def projects_rag_changes_since(
    *, since: date, queryset: QuerySet[Project] | None = None
) -> list[Project]:
    """Projects whose latest RAG now differs from their latest RAG at the end of ``since``
    (including a first report), each with ``rag_before`` and ``latest_rag``."""
    qs = projects_with_latest(queryset=queryset).annotate(rag_before=_rag_on(since))
    # Compared in the database, so that only the projects that changed are loaded.
    changed = Q(rag_before__isnull=True) | ~Q(rag_before=F("latest_rag"))
    return list(qs.filter(changed, latest_rag__isnull=False).order_by("code"))


def milestones_slipped_since(
    *, since: date, today: date, queryset: QuerySet[Milestone] | None = None
) -> QuerySet[Milestone]:
    """Milestones slipping or overdue today that were not at the end of ``since`` (their
    forecast moved past the baseline, or their due date passed undone, in between). Dates as
    they stood then come from each milestone's history."""
    qs = milestones_with_status(today=today, queryset=queryset).annotate(
        forecast_then=value_on(Milestone, "forecast_date", since),
        completed_then=value_on(Milestone, "completed_date", since),
        due_then=Coalesce("forecast_then", "baseline_date"),
    )
    slipped_now = Q(status__in=[MilestoneStatus.OVERDUE, MilestoneStatus.SLIPPING])
    open_then = Q(completed_then__isnull=True) | Q(completed_then__gt=since)
    late_then = Q(forecast_then__gt=F("baseline_date")) | Q(due_then__lt=since)
    return (
        qs.filter(slipped_now)
        # A flag rather than exclude(): dates unknown then (null) must count as "not late".
        .annotate(
            slipped_then=Case(
                When(open_then & Q(baseline_date__isnull=False) & late_then, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .filter(slipped_then=False)
        .select_related("project__workstream", "project__lead")
        .order_by("due_date", "project__code", "pk")
    )


def risks_turned_red_since(
    *, since: date, queryset: QuerySet[Risk] | None = None
) -> QuerySet[Risk]:
    """Open risks scoring red now that were not open and red at the end of ``since`` (raised
    since, or rescored up into red). Scores then come from each risk's history; a risk with no
    history that far back is taken as it stands now."""
    qs = Risk.objects.all() if queryset is None else queryset
    was_red = Q(score_then__gte=RED_RISK_SCORE, raised_on__lte=since, status_then=Risk.Status.OPEN)
    return (
        qs.open()
        .filter(score__gte=RED_RISK_SCORE)
        .annotate(
            likelihood_then=value_on(Risk, "likelihood", since),
            impact_then=value_on(Risk, "impact", since),
            status_then=value_on(Risk, "status", since),
        )
        .annotate(score_then=F("likelihood_then") * F("impact_then"))
        # A risk whose history does not reach back counts as it is now (see value_on).
        .annotate(
            red_then=Case(
                When(was_red, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .filter(red_then=False)
        .select_related("project", "owner")
        .order_by("-score", "reference", "pk")
    )


def project_snapshots_on(*, day: date) -> QuerySet[ProjectSnapshot]:
    """Every project's figures as filed by the latest daily snapshot on or before ``day``
    (none before the first), with the project, in one query."""
    return ProjectSnapshot.objects.on_or_before(day).select_related("project__workstream")


def workstream_snapshots_on(*, day: date) -> QuerySet[WorkstreamSnapshot]:
    """Every workstream's counts as filed by the latest daily snapshot on or before ``day``,
    in one query."""
    return WorkstreamSnapshot.objects.on_or_before(day).select_related("workstream")
