"""Writes for delivery, shared by the admin, the API and imports."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from sendtrack.kernel.concurrency import version_bump
from sendtrack.kernel.rag import RAG

from .models import (
    Milestone,
    ProjectSnapshot,
    Risk,
    StatusReport,
    Workstream,
    WorkstreamSnapshot,
)
from .selectors import (
    milestones_with_status,
    previous_month,
    projects_missing_report,
    projects_with_latest,
    risks_open,
)


@transaction.atomic
def status_report_save(*, report: StatusReport, user: AbstractBaseUser) -> StatusReport:
    """Save a month's report. Who submitted it, and when, is recorded when it is first filed
    (or first saved by a person, for a report loaded without one); later corrections (by the
    lead or the programme office) keep that attribution. A report changed by someone else
    since it was read is refused (``StaleRecordError``)."""
    version_bump(record=report)
    if report.pk is None or report.submitted_by_id is None:
        report.submitted_by = user
        report.submitted_at = timezone.now()
    report._history_user = user  # the audit trail names them, whichever door they came by
    report.save()
    return report


@transaction.atomic
def milestone_save(*, milestone: Milestone, user: AbstractBaseUser | None = None) -> Milestone:
    """Save a milestone. One changed by someone else since it was read is refused
    (``StaleRecordError``), so that two officers moving its forecast at once cannot silently
    overwrite each other."""
    version_bump(record=milestone)
    if user is not None:
        milestone._history_user = user
    milestone.save()
    return milestone


# Programme and partnership risks have registers of their own: PRG-R01, PTN-R01.
REGISTER_PREFIX = {Risk.Level.PROGRAMME: "PRG-R", Risk.Level.PARTNERSHIP: "PTN-R"}


def risk_next_reference(*, risk: Risk, skip: int = 0) -> str:
    """The next free number in the risk's register: SUF-01-R4 for a project's fourth risk,
    PRG-R09 for the ninth programme risk. Only the register's own risks count, and only
    references of the register's form (hand-typed oddities do not move the numbering)."""
    if risk.project_id:
        prefix, width = f"{risk.project.code}-R", 1
        register = Risk.objects.filter(project_id=risk.project_id)
    else:
        prefix, width = REGISTER_PREFIX[risk.level], 2
        register = Risk.objects.filter(project__isnull=True, level=risk.level)
    pattern = re.compile(rf"^{re.escape(prefix)}(\d{{1,4}})$")
    taken = register.exclude(reference=None).values_list("reference", flat=True)
    numbers = [int(match[1]) for ref in taken if (match := pattern.match(ref))]
    return f"{prefix}{max(numbers, default=0) + 1 + skip:0{width}d}"


@transaction.atomic
def risk_save(*, risk: Risk, user: AbstractBaseUser | None = None) -> Risk:
    """Save a risk or issue, giving it the next number in its register if it has none. Two
    risks numbered at the same moment cannot share a number: the reference is unique, and the
    later one takes a following number (as does one whose number was typed on another risk).
    A risk changed by someone else since it was read is refused (``StaleRecordError``)."""
    version_bump(record=risk)
    if user is not None:
        risk._history_user = user
    if risk.reference:
        risk.save()
        return risk
    attempts = 5
    for attempt in range(1, attempts + 1):
        risk.reference = risk_next_reference(risk=risk, skip=attempt - 1)
        try:
            with transaction.atomic():
                risk.save()
        except IntegrityError:
            if attempt == attempts:
                raise
        else:
            break
    return risk


# A risk scoring this much (likelihood × impact) or more is red.
RED_RISK_SCORE = 15


@transaction.atomic
def project_snapshots_take(*, day: date) -> tuple[int, int]:
    """File every project's and every workstream's figures under ``day``: latest RAG and its
    month, whether the month just gone's report is missing, milestones overdue, open and red
    risks (score 15 or more), and per workstream projects by RAG. A day's rows are rewritten
    if taken again, so taking it twice changes nothing. Seven queries, however many projects.
    Answers how many projects and workstreams were filed."""
    projects = list(projects_with_latest().order_by())
    missing = set(projects_missing_report(period=previous_month(day)).values_list("pk", flat=True))
    overdue = dict(
        milestones_with_status(today=day)
        .filter(is_overdue=True)
        .order_by()
        .values_list("project")
        .annotate(count=Count("pk"))
    )
    risks = {
        row["project"]: row
        for row in risks_open()
        .filter(project__isnull=False)
        .order_by()
        .values("project")
        .annotate(open=Count("pk"), red=Count("pk", filter=Q(score__gte=RED_RISK_SCORE)))
    }
    rows = [
        ProjectSnapshot(
            day=day,
            project=project,
            rag=project.latest_rag,
            rag_period=project.last_report_period,
            report_missing=project.pk in missing,
            milestones_overdue=overdue.get(project.pk, 0),
            risks_open=risks.get(project.pk, {}).get("open", 0),
            risks_red=risks.get(project.pk, {}).get("red", 0),
        )
        for project in projects
    ]
    ProjectSnapshot.objects.upsert(rows)

    per_workstream: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        counts = per_workstream[row.project.workstream_id]
        counts["projects"] += 1
        counts[row.rag or "not_rated"] += 1
        counts["reports_missing"] += row.report_missing
        counts["milestones_overdue"] += row.milestones_overdue
        counts["risks_red"] += row.risks_red
    workstream_rows = [
        WorkstreamSnapshot(
            day=day,
            workstream=workstream,
            **{
                name: per_workstream[workstream.pk][name]
                for name in (
                    "projects",
                    *RAG.values,
                    "not_rated",
                    "reports_missing",
                    "milestones_overdue",
                    "risks_red",
                )
            },
        )
        for workstream in Workstream.objects.order_by()
    ]
    WorkstreamSnapshot.objects.upsert(workstream_rows)
    return len(rows), len(workstream_rows)
