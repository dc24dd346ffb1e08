"""The monthly reports pack: the milestone, risk, KPI and programme reports for a month in one
Excel workbook, exactly as the API serves them to the person who asked for it."""

from __future__ import annotations

from django.utils import timezone

from indicators.api.reports import KPIReportView
from projects.api.report_base import ReportView
from projects.api.reports import MilestoneReportView, ProgrammeReportView, RiskReportView
from projects.reports import Month
from sendtrack.kernel.api.renderers import tables_of, workbook_bytes

from ..models import DocumentBuild
from . import BuiltDocument, DocumentError

REPORTS: tuple[type[ReportView], ...] = (
    MilestoneReportView,
    RiskReportView,
    KPIReportView,
    ProgrammeReportView,
)


def monthly_reports_pack(build: DocumentBuild) -> BuiltDocument:
    """The four monthly reports for the build's month as one workbook: an "About" sheet
    first (what the pack is, the month, when it was produced, each report's row count), then
    each report's tables as sheets. Each report is built as its requester would see it
    through the API; a report they may not read is left out and the About sheet says so."""
    user = build.requested_by
    if user is None:
        raise DocumentError("The person who asked for this pack no longer has an account.")
    if build.month is None:
        raise DocumentError("The pack needs a month.")
    now = timezone.localtime()
    month = Month(start=build.month, today=now.date())
    about: list[tuple[str, object]] = [
        ("Document", build.title),
        ("Month", f"{month.start:%B %Y}"),
        ("As at", month.as_at),
        ("Produced", now.replace(tzinfo=None, microsecond=0)),
        ("Asked for by", user.get_full_name() or user.get_username()),
    ]
    sheets = []
    for view_class in REPORTS:
        view = view_class()
        if not user.has_perms(view.required_permissions):
            about.append((view.title, "Left out: the person who asked may not read it"))
            continue
        data = view.report_data(user=user, month=month, workstream=None, body=None)
        tables = tables_of(data, view)
        sheets.extend(tables)
        about.append((view.title, ", ".join(f"{t.title}: {len(rows)} rows" for t, rows in tables)))
    return BuiltDocument(
        filename=f"monthly-reports-{month.start:%Y-%m}.xlsx",
        content=workbook_bytes(sheets=sheets, about=about, about_first=True),
    )
