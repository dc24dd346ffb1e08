"""A meeting's pack, built in the background from a locked period: one PDF (WeasyPrint, with
contents, page numbers, tagged) and one XLSX workbook holding the agenda, the escalations, the
action log and, for the projects the body oversees, the month's reports, milestones, red
risks, KPIs and finance.

Everything is read as the records' history recorded it at the end of the pack's "as at" day,
a day already over (the period is locked): building the pack again later, whatever has changed
since, gives the same pack."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from governance.models import Body, Meeting, Person
from indicators.models import Indicator, Measurement, Target
from projects.finance import finance_rows
from projects.history import end_of_day
from projects.models import Milestone, Project, Risk, StatusReport
from projects.selectors import RED_RISK_SCORE, month_add
from sendtrack.kernel.api.renderers import workbook_bytes
from sendtrack.kernel.api.tables import Column, Table

from ..documents import BuiltDocument, DocumentError, document_build_request
from ..models import DocumentBuild
from ..publications.pdf import PdfUnavailable, html_to_pdf
from .models import AgendaItem, Decision
from .selectors import action_log, as_recorded, escalations_for_meeting, meetings_as_recorded

PDF, XLSX = "pdf", "xlsx"
FORMATS = (PDF, XLSX)


def period_end(period: date) -> date:
    """The last day of the month ``period`` starts."""
    return month_add(period, 1) - timedelta(days=1)


def default_pack_period(*, meeting: Meeting, today: date) -> tuple[date, date]:
    """The month a meeting's pack reports on and the day it is read as at: the last month
    whose reports were due (``SENDTRACK_REPORT_DEADLINE_DAY`` of the month after) before the
    meeting, read as at the day before the meeting (or yesterday, if sooner)."""
    as_at = min(meeting.date - timedelta(days=1), today - timedelta(days=1))
    deadline = settings.SENDTRACK_REPORT_DEADLINE_DAY
    month = month_add(as_at, -1) if as_at.day >= deadline else month_add(as_at, -2)
    return month, as_at


def validate_pack_period(*, meeting: Meeting, period: date, as_at: date, today: date) -> None:
    """A pack is read from a locked period: its month over, and its "as at" day over too (so
    nothing can yet be recorded for it) and not after the meeting."""
    errors = {}
    if period.day != 1:
        errors["period"] = "Give the month the pack reports on as its first day."
    elif as_at < period_end(period):
        errors["as_at"] = (
            f"The pack reads the records as at a day on or after the end of {period:%B %Y}: "
            f"choose {period_end(period):%-d %B %Y} or later."
        )
    if as_at >= today:
        errors.setdefault(
            "as_at",
            "The “as at” day must be over before its pack is built, so that building it "
            "again gives the same pack: choose a day before today.",
        )
    if as_at > meeting.date:
        errors.setdefault("as_at", "Choose a day on or before the meeting.")
    if errors:
        raise ValidationError(errors)


def board_pack_request(*, meeting: Meeting, period: date, as_at: date, user) -> list[DocumentBuild]:
    """Ask for the meeting's pack (its PDF and its workbook), built in the background."""
    validate_pack_period(meeting=meeting, period=period, as_at=as_at, today=timezone.localdate())
    builds = []
    with transaction.atomic():
        for fmt in FORMATS:
            build = DocumentBuild(
                kind=DocumentBuild.Kind.BOARD_PACK,
                parameters={
                    "meeting": meeting.pk,
                    "period": f"{period:%Y-%m}",
                    "as_at": as_at.isoformat(),
                    "format": fmt,
                },
            )
            builds.append(document_build_request(build=build, user=user))
    return builds


def meeting_packs(*, meeting: Meeting) -> QuerySet[DocumentBuild]:
    """The packs asked for for the meeting, latest first."""
    return (
        DocumentBuild.objects.filter(
            kind=DocumentBuild.Kind.BOARD_PACK, parameters__meeting=meeting.pk
        )
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")
    )


@dataclass
class Section:
    """One part of the pack: a table with its columns and rows, the same in PDF and XLSX."""

    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    empty: str
    note: str = ""

    @property
    def cells(self) -> list[list[Any]]:
        return [[row.get(c.key) for c in self.columns] for row in self.rows]


def _names(items) -> str:
    return ", ".join(items)


def people_names(*, moment: datetime, ids: set[int]) -> dict[int, str]:
    """The people's names as recorded at ``moment``: someone renamed since keeps the name the
    pack was built with."""
    return {p.id: p.name for p in as_recorded(Person, moment).filter(id__in=ids)}


def pack_agenda_rows(*, meeting: Meeting, moment: datetime) -> list[dict[str, Any]]:
    """The agenda as recorded at ``moment``, with what each item concerns and who owned each
    then."""
    items = list(as_recorded(AgendaItem, moment).filter(meeting_id=meeting.pk))
    names = people_names(moment=moment, ids={i.owner_id for i in items if i.owner_id})
    rows = []
    for item in sorted(items, key=lambda i: (i.number, i.id)):
        rows.append(
            {
                "number": item.number,
                "title": item.title,
                "owner": names.get(item.owner_id, "") if item.owner_id else "",
                "paper": item.paper_url
                or (item.paper.name.rsplit("/", 1)[-1] if item.paper else ""),
                "projects": _names(sorted(p.project.code for p in item.projects.all())),
                "areas": _names(str(a.areaofweakness.number) for a in item.areas.all()),
                "risks": _names(r.risk.reference or r.risk.title for r in item.risks.all()),
            }
        )
    return rows


def pack_finance_rows(*, projects: list[Project], as_at: date) -> list[dict[str, Any]]:
    """The finance section: each of the body's Safety Valve projects' savings by financial
    year, planned, delivered and forecast, as recorded at the end of ``as_at`` (the finance
    selector every page, report and publication reads)."""
    rows = finance_rows(
        # the body's projects are historical rows: their record's id is ``id``, not ``pk``
        projects=Project.objects.filter(pk__in=[p.id for p in projects]),
        as_at=as_at,
    )
    return [
        {
            "project": f"{row['project_code']} {row['project_title']}",
            "year": row["financial_year_label"],
            "planned": row["planned"],
            "delivered": row["delivered"],
            "forecast": row["forecast"],
        }
        for row in rows
    ]


def _milestone_status(m, end: date) -> str:
    if m.completed_date and m.completed_date <= end:
        return "complete"
    due = m.forecast_date or m.baseline_date
    if due is None:
        return "not dated"
    return "overdue" if due < end else "on track"


def board_pack_content(*, meeting_id: int, period: date, as_at: date) -> dict[str, Any]:
    """Everything the pack shows, read as recorded at the end of ``as_at``."""
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None:
        raise DocumentError("The meeting this pack was asked for no longer exists.")
    moment = end_of_day(as_at)
    end = period_end(period)
    with transaction.atomic():
        # The meeting and its body as recorded then: moved or renamed since, the pack keeps
        # the day and names it was built with.
        meeting_then = meetings_as_recorded(body_id=meeting.body_id, moment=moment).get(
            meeting.pk, meeting
        )
        body_then = as_recorded(Body, moment).filter(id=meeting.body_id).first() or meeting.body
        projects = list(
            as_recorded(Project, moment)
            .filter(overseeing_body_id=meeting.body_id)
            .select_related("workstream")
            .order_by("code")
        )
        codes = {p.id: p.code for p in projects}
        project_ids = list(codes)
        agenda = pack_agenda_rows(meeting=meeting, moment=moment)
        decisions = sorted(
            as_recorded(Decision, moment).filter(meeting_id=meeting.pk),
            key=lambda d: (d.reference, d.id),
        )
        actions = action_log(meeting=meeting, moment=moment)
        escalations = escalations_for_meeting(meeting=meeting, moment=moment)
        reports = {
            r.project_id: r
            for r in as_recorded(StatusReport, moment).filter(
                project_id__in=project_ids, period=period
            )
        }
        milestones = sorted(
            as_recorded(Milestone, moment).filter(
                Q(project_id__in=project_ids)
                & (Q(completed_date__isnull=True) | Q(completed_date__gte=period))
            ),
            key=lambda m: (
                codes[m.project_id],
                m.forecast_date or m.baseline_date or date.max,
                m.title,
            ),
        )
        risks = sorted(
            (
                r
                for r in as_recorded(Risk, moment)
                .filter(Q(project_id__in=project_ids) | Q(escalated_to_id=meeting.body_id))
                .filter(raised_on__lte=end)
                .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
                .select_related("project")
                if r.likelihood * r.impact >= RED_RISK_SCORE
            ),
            key=lambda r: (-r.likelihood * r.impact, r.reference or "", r.id),
        )
        names = people_names(
            moment=moment,
            ids={p.lead_id for p in projects}
            | {a.owner_id for a in actions}
            | {r.owner_id for r in risks},
        )
        # The indicators of the body's projects as they belonged to them then: an indicator
        # moved to another project since is still this pack's.
        indicators = sorted(
            as_recorded(Indicator, moment)
            .filter(historicalindicator_projects__project_id__in=project_ids)
            .distinct(),
            key=lambda i: i.code,
        )
        indicator_ids = [i.id for i in indicators]
        figures: dict[int, Any] = {}
        for m in (
            as_recorded(Measurement, moment)
            .filter(indicator_id__in=indicator_ids, period__lte=period)
            .exclude(status=Measurement.Status.FORECAST)
            .order_by("period", "id")
        ):
            figures[m.indicator_id] = m  # the latest period wins
        targets: dict[int, Any] = {}
        for t in (
            as_recorded(Target, moment)
            .filter(indicator_id__in=indicator_ids, applies_from__lte=period)
            .filter(Q(applies_to__isnull=True) | Q(applies_to__gte=period))
            .order_by("applies_from", "id")
        ):
            targets[t.indicator_id] = t
    finance = pack_finance_rows(projects=projects, as_at=as_at)

    sections = [
        Section(
            "agenda",
            "Agenda",
            [
                Column("number", "Item", "integer"),
                Column("title", "Title"),
                Column("owner", "Owner"),
                Column("paper", "Paper"),
                Column("projects", "Projects"),
                Column("areas", "Areas of weakness"),
                Column("risks", "Risks"),
            ],
            agenda,
            "No agenda had been recorded by then.",
        ),
        Section(
            "escalations",
            "Escalations to the meeting",
            [
                Column("kind", "From"),
                Column("project", "Project"),
                Column("title", "Escalation"),
                Column("text", "What is asked"),
                Column("raised_on", "Raised", "date"),
                Column("responses", "Earlier responses"),
            ],
            [
                {
                    "kind": e.kind_label,
                    "project": e.project.code if e.project else "Programme",
                    "title": e.title,
                    "text": e.text,
                    "raised_on": e.raised_on,
                    "responses": "; ".join(
                        f"{r.meeting_date:%-d %b %Y}: {r.response}" for r in e.responses
                    ),
                }
                for e in escalations
            ],
            "Nothing was escalated to this meeting.",
            "Decisions or escalations needed in the monthly reports filed since the body's "
            "last meeting, and open risks escalated to the body.",
        ),
        Section(
            "actions",
            "Action log",
            [
                Column("reference", "Action"),
                Column("raised", "Set at", "date"),
                Column("action", "What"),
                Column("owner", "Owner"),
                Column("due", "Due", "date"),
                Column("status", "Status"),
                Column("completed_on", "Done on", "date"),
                Column("overdue", "Overdue", "boolean"),
            ],
            [
                {
                    "reference": a.reference,
                    "raised": a.set_at.date,
                    "action": a.action,
                    "owner": names.get(a.owner_id, ""),
                    "due": a.due_on,
                    "status": a.get_status_display(),
                    "completed_on": a.completed_on,
                    "overdue": a.is_overdue,
                    "update": a.update,
                }
                for a in actions
            ],
            "The body has no actions to carry.",
            "Actions set at earlier meetings still open, or closed since the last meeting, "
            "then those set at this one.",
        ),
        Section(
            "decisions",
            "Decisions",
            [
                Column("reference", "Decision"),
                Column("decision", "What was decided"),
                Column("decided_by", "Decided by"),
            ],
            [
                {"reference": d.reference, "decision": d.decision, "decided_by": d.decided_by}
                for d in decisions
            ],
            "No decisions had been recorded by then.",
        ),
        Section(
            "reports",
            f"Monthly reports for {period:%B %Y} (month)",
            [
                Column("project", "Project"),
                Column("title", "Title"),
                Column("lead", "Lead"),
                Column("rag", "RAG"),
                Column("commentary", "Commentary"),
                Column("decisions_needed", "Decisions or escalations needed"),
            ],
            [
                {
                    "project": p.code,
                    "title": p.title,
                    "lead": names.get(p.lead_id, ""),
                    "rag": reports[p.id].get_rag_display() if p.id in reports else "No report",
                    "commentary": reports[p.id].commentary if p.id in reports else "",
                    "decisions_needed": reports[p.id].decisions_needed if p.id in reports else "",
                }
                for p in projects
            ],
            "The body oversees no projects.",
        ),
        Section(
            "milestones",
            "Milestones",
            [
                Column("project", "Project"),
                Column("milestone", "Milestone"),
                Column("baseline", "Baseline", "date"),
                Column("forecast", "Forecast", "date"),
                Column("completed", "Completed", "date"),
                Column("status", f"Status at {end:%-d %B %Y}"),
            ],
            [
                {
                    "project": codes[m.project_id],
                    "milestone": m.title,
                    "baseline": m.baseline_date,
                    "forecast": m.forecast_date,
                    "completed": m.completed_date,
                    "status": _milestone_status(m, end),
                }
                for m in milestones
            ],
            "No milestones open or completed in the month.",
        ),
        Section(
            "risks",
            "Red risks",
            [
                Column("reference", "Risk"),
                Column("project", "Project"),
                Column("title", "Title"),
                Column("owner", "Owner"),
                Column("score", "Score", "integer"),
                Column("mitigation", "Mitigation"),
            ],
            [
                {
                    "reference": r.reference or "",
                    "project": r.project.code if r.project_id else r.get_level_display(),
                    "title": r.title,
                    "owner": names.get(r.owner_id, ""),
                    "score": r.likelihood * r.impact,
                    "mitigation": r.mitigation,
                }
                for r in risks
            ],
            f"No red risks (score {RED_RISK_SCORE} or more) open at the month's end.",
        ),
        Section(
            "kpis",
            "KPIs",
            [
                Column("code", "Indicator"),
                Column("title", "Title"),
                Column("period", "Latest period", "date"),
                Column("value", "Figure", "number"),
                Column("status", "Figure is"),
                Column("target", "Target", "number"),
            ],
            [
                {
                    "code": i.code,
                    "title": i.title,
                    "period": figures[i.id].period if i.id in figures else None,
                    "value": figures[i.id].value if i.id in figures else None,
                    "status": figures[i.id].get_status_display()
                    if i.id in figures
                    else "No figure",
                    "target": targets[i.id].value if i.id in targets else None,
                }
                for i in indicators
            ],
            "The body's projects have no indicators.",
        ),
        Section(
            "finance",
            "Finance",
            [
                Column("project", "Project"),
                Column("year", "Financial year"),
                Column("planned", "Savings planned (£)", "number"),
                Column("delivered", "Savings delivered (£)", "number"),
                Column("forecast", "Forecast (£)", "number"),
            ],
            finance,
            "No finance figures are recorded for the body's projects yet.",
        ),
    ]
    return {
        "local_area": settings.SENDTRACK_LOCAL_AREA,
        "title": f"{body_then.name}: meeting of {meeting_then.date:%-d %B %Y}",
        "meeting": meeting_then,
        "body": body_then,
        "period": period,
        "period_end": end,
        "as_at": as_at,
        "sections": sections,
    }


def board_pack(build: DocumentBuild) -> BuiltDocument:
    """The pack in the build's format, from the content read as at its day."""
    parameters = build.parameters or {}
    try:
        period = date.fromisoformat(f"{parameters['period']}-01")
        as_at = date.fromisoformat(parameters["as_at"])
        meeting_id = int(parameters["meeting"])
        fmt = parameters["format"]
    except (KeyError, TypeError, ValueError) as error:
        raise DocumentError(
            "The pack needs a meeting, a month, an “as at” day and a format."
        ) from error
    content = board_pack_content(meeting_id=meeting_id, period=period, as_at=as_at)
    meeting, body = content["meeting"], content["body"]
    stem = f"meeting-pack-{body.short_name or body.name}-{meeting.date:%Y-%m-%d}"
    stem = slugify(stem)
    if fmt == PDF:
        html = render_to_string("boards/pack.html", content)
        try:
            return BuiltDocument(filename=f"{stem}.pdf", content=html_to_pdf(html))
        except PdfUnavailable as error:
            raise DocumentError(str(error)) from error
    if fmt == XLSX:
        about = [
            ("Document", content["title"]),
            ("Month reported on", f"{period:%B %Y} (month)"),
            ("Read as at", f"the end of {as_at:%-d %B %Y}"),
            ("Building it again", "gives the same pack: every record is read as it stood then"),
        ]
        sheets = [(Table(s.key, s.title[:31], s.columns), s.rows) for s in content["sections"]]
        return BuiltDocument(
            filename=f"{stem}.xlsx",
            content=workbook_bytes(sheets=sheets, about=about, about_first=True),
        )
    raise DocumentError(f"A pack cannot be built as “{fmt}”.")
