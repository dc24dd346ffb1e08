"""The monthly milestone, risk and programme reports."""

from __future__ import annotations

from rest_framework import serializers

from projects.api.report_base import ReportSerializer, ReportView, report_schema
from sendtrack.kernel.rag import RAG

from .. import permissions, reports
from ..finance import finance_rows, finance_workstreams, finance_years, safety_valve_targets
from ..models import Project, Risk
from ..models.finance import financial_year_of
from ..selectors import MilestoneStatus


def _visible_projects(*, user, workstream, body):
    projects = permissions.projects_visible_to(user=user)
    if workstream is not None:
        projects = projects.filter(workstream=workstream)
    if body is not None:
        projects = projects.filter(overseeing_body=body)
    return projects


class ProjectColumns(serializers.Serializer):
    project_code = serializers.CharField(label="Project")
    project_title = serializers.CharField(label="Project title")
    workstream = serializers.CharField(label="Workstream")
    lead = serializers.CharField(label="Lead")
    overseeing_body = serializers.CharField(label="Overseeing body")


class MilestoneRow(ProjectColumns):
    section = serializers.ChoiceField(
        choices=list(reports.MILESTONE_SECTIONS.items()), label="Section"
    )
    milestone = serializers.CharField(label="Milestone")
    is_key = serializers.BooleanField(label="Key milestone")
    baseline_date = serializers.DateField(allow_null=True, label="Baseline")
    forecast_date = serializers.DateField(allow_null=True, label="Forecast")
    completed_date = serializers.DateField(allow_null=True, label="Completed")
    due_date = serializers.DateField(allow_null=True, label="Due")
    slippage_days = serializers.IntegerField(
        allow_null=True, label="Slippage against baseline (days)"
    )
    status = serializers.ChoiceField(choices=MilestoneStatus.choices, label="Status at month end")


class MilestoneCounts(ProjectColumns):
    due = serializers.IntegerField(label="Due this month")
    completed = serializers.IntegerField(label="Completed this month")
    slipped = serializers.IntegerField(label="Slipped")
    upcoming = serializers.IntegerField(label="Due in the next two months")


class MilestoneSummary(serializers.Serializer):
    due = serializers.IntegerField()
    completed = serializers.IntegerField()
    slipped = serializers.IntegerField()
    upcoming = serializers.IntegerField()


class MilestoneReportSerializer(ReportSerializer):
    summary = MilestoneSummary()
    results = MilestoneRow(many=True)
    projects = MilestoneCounts(many=True, help_text="The rows counted per project.")


@report_schema
class MilestoneReportView(ReportView):
    """Milestones for a month, per project: due in the month, completed in it, slipped against
    their baseline (open at the month's end and later than first agreed, with the slippage in
    days) and due in the next two months. A milestone may appear in more than one section."""

    slug = "milestones"
    title = "Milestones report"
    required_permissions = ("projects.view_project", "projects.view_milestone")
    response_serializer = MilestoneReportSerializer
    extra_tables = {"projects": "By project"}

    def build(self, *, user, month, workstream, body):
        return reports.milestone_report(
            month=month, projects=_visible_projects(user=user, workstream=workstream, body=body)
        )


class RiskRow(serializers.Serializer):
    reference = serializers.CharField(allow_null=True, label="Reference")
    kind = serializers.ChoiceField(choices=Risk.Kind.choices, label="Risk or issue")
    level = serializers.ChoiceField(choices=Risk.Level.choices, label="Level")
    project_code = serializers.CharField(allow_null=True, label="Project")
    workstream = serializers.CharField(allow_null=True, label="Workstream")
    title = serializers.CharField(label="Title")
    owner = serializers.CharField(label="Owner")
    raised_on = serializers.DateField(label="Raised on")
    likelihood = serializers.IntegerField(label="Likelihood")
    impact = serializers.IntegerField(label="Impact")
    score = serializers.IntegerField(label="Score")
    previous_score = serializers.IntegerField(allow_null=True, label="Score a month before")
    movement = serializers.ChoiceField(
        choices=[("new", "New"), ("up", "Up"), ("down", "Down"), ("same", "Same")],
        label="Movement",
    )
    escalated = serializers.BooleanField(label="Escalated")
    escalated_to = serializers.CharField(allow_null=True, label="Escalated to")
    review_date = serializers.DateField(allow_null=True, label="Review date")
    past_review = serializers.BooleanField(label="Past its review date")
    mitigation = serializers.CharField(allow_blank=True, label="Mitigation")


class RiskSummary(serializers.Serializer):
    open = serializers.IntegerField()
    risks = serializers.IntegerField()
    issues = serializers.IntegerField()
    escalated = serializers.IntegerField()
    past_review = serializers.IntegerField()
    new = serializers.IntegerField()
    increased = serializers.IntegerField()
    decreased = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class RiskReportSerializer(ReportSerializer):
    summary = RiskSummary()
    results = RiskRow(many=True)


@report_schema
class RiskReportView(ReportView):
    """Risks and issues open at the month's end, worst first: score then and a month before,
    movement (new, up, down, same), escalations and reviews overdue. With a workstream, only
    its projects' risks; with a body, the risks of the projects it oversees and those
    escalated to it."""

    slug = "risks"
    title = "Risks report"
    required_permissions = ("projects.view_risk",)
    response_serializer = RiskReportSerializer

    def build(self, *, user, month, workstream, body):
        risks = permissions.project_records_visible_to(user=user, queryset=Risk.objects.all())
        if workstream is not None:
            risks = risks.filter(project__workstream=workstream)
        return reports.risk_report(month=month, risks=risks, body=body)


class ProgrammeRow(ProjectColumns):
    workstream_number = serializers.IntegerField(label="Workstream number")
    stage = serializers.ChoiceField(choices=Project.Stage.choices, label="Stage")
    rag = serializers.ChoiceField(choices=RAG.choices, allow_null=True, label="RAG this month")
    previous_rag = serializers.ChoiceField(
        choices=RAG.choices, allow_null=True, label="RAG the month before"
    )
    report_filed = serializers.BooleanField(label="Report filed")
    submitted_at = serializers.DateTimeField(allow_null=True, label="Submitted at")


class WorkstreamCounts(serializers.Serializer):
    workstream_number = serializers.IntegerField(label="Workstream number")
    workstream = serializers.CharField(label="Workstream")
    red = serializers.IntegerField(label="Red")
    amber = serializers.IntegerField(label="Amber")
    green = serializers.IntegerField(label="Green")
    blue = serializers.IntegerField(label="Blue (complete)")
    reported = serializers.IntegerField(label="Reported")
    missing = serializers.IntegerField(label="No report")
    projects = serializers.IntegerField(label="Projects that owed a report")


class ProgrammeSummary(serializers.Serializer):
    red = serializers.IntegerField()
    amber = serializers.IntegerField()
    green = serializers.IntegerField()
    blue = serializers.IntegerField()
    reported = serializers.IntegerField(help_text="Projects that filed the month's report.")
    missing = serializers.IntegerField(help_text="Projects that owed it and did not.")
    projects = serializers.IntegerField(help_text="Projects that owed a report for the month.")


class ProgrammeReportSerializer(ReportSerializer):
    summary = ProgrammeSummary()
    results = ProgrammeRow(many=True)
    workstreams = WorkstreamCounts(many=True)
    missing_reports = ProgrammeRow(many=True, help_text="The projects whose report is missing.")


@report_schema
class ProgrammeReportView(ReportView):
    """Every project that owed a report for the month with the RAG it gave (and the month
    before's); per workstream, projects by RAG and reports missing."""

    slug = "programme"
    title = "Programme summary"
    required_permissions = ("projects.view_project", "projects.view_statusreport")
    response_serializer = ProgrammeReportSerializer
    extra_tables = {"workstreams": "By workstream", "missing_reports": "Reports missing"}

    def build(self, *, user, month, workstream, body):
        return reports.programme_summary(
            month=month, projects=_visible_projects(user=user, workstream=workstream, body=body)
        )


def _pounds(label: str, help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, label=label, help_text=help_text
    )


YEAR = "financial year: "
YEAR_TO_DATE = "financial year to date: "
MONTH = "month: "


def _month(label: str, figure: str, whose: str) -> serializers.DecimalField:
    """One of the report month's own figures, beside the financial year's."""
    return _pounds(
        label,
        f"{MONTH}the report month's own figure, {figure}{whose}; null where none had been "
        "entered by the end of as_at.",
    )


PROJECT_MONTH = ", for a project that reports by month"
ADDED_UP = ", the figures entered added up"


class FinanceRow(serializers.Serializer):
    project_code = serializers.CharField(label="Project")
    project_title = serializers.CharField(label="Project title")
    workstream = serializers.CharField(label="Workstream")
    financial_year_label = serializers.CharField(label="Financial year")
    planned = _pounds("Planned savings (£)", f"{YEAR}the savings planned for the whole year.")
    delivered = _pounds(
        "Delivered savings (£)",
        f"{YEAR_TO_DATE}the months added up to the report month's end, else the year's figure.",
    )
    forecast_remaining = _pounds(
        "Forecast for the rest of the year (£)",
        f"{YEAR}the further savings expected by 31 March.",
    )
    forecast = _pounds(
        "Forecast for the year (£)", f"{YEAR}delivered to date plus the rest expected."
    )
    budget = _pounds("Budget (£)", f"{YEAR}the project's budget for the year.")
    spend = _pounds(
        "Spend (£)",
        f"{YEAR_TO_DATE}the months added up to the report month's end, else the year's figure.",
    )
    monthly = serializers.BooleanField(label="Reported by month")
    month_planned = _month("Planned this month (£)", "the savings planned for it", PROJECT_MONTH)
    month_delivered = _month(
        "Delivered this month (£)", "the savings delivered in it", PROJECT_MONTH
    )
    month_spend = _month("Spend this month (£)", "the spend in it", PROJECT_MONTH)


class FinanceWorkstream(serializers.Serializer):
    workstream = serializers.CharField(label="Workstream")
    planned = _pounds("Planned savings (£)", f"{YEAR}the projects' planned savings added up.")
    delivered = _pounds(
        "Delivered savings (£)", f"{YEAR_TO_DATE}the projects' delivered savings added up."
    )
    forecast = _pounds("Forecast for the year (£)", f"{YEAR}the projects' forecasts added up.")
    projects = serializers.IntegerField(label="Projects")
    month_planned = _month("Planned this month (£)", "the savings planned for it", ADDED_UP)
    month_delivered = _month("Delivered this month (£)", "the savings delivered in it", ADDED_UP)
    month_spend = _month("Spend this month (£)", "the spend in it", ADDED_UP)


class FinanceSummary(serializers.Serializer):
    financial_year = serializers.CharField(help_text="The financial year the month falls in.")
    planned = _pounds("Planned savings (£)", f"{YEAR}the projects' planned savings added up.")
    delivered = _pounds(
        "Delivered savings (£)", f"{YEAR_TO_DATE}the projects' delivered savings added up."
    )
    forecast = _pounds("Forecast for the year (£)", f"{YEAR}the projects' forecasts added up.")
    target = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        help_text="The Safety Valve agreement's target for the year; null when filtered.",
    )
    forecast_gap = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text="Forecast less target."
    )
    month_planned = _month("Planned this month (£)", "the savings planned for it", ADDED_UP)
    month_delivered = _month("Delivered this month (£)", "the savings delivered in it", ADDED_UP)
    month_spend = _month("Spend this month (£)", "the spend in it", ADDED_UP)


class FinanceReportSerializer(ReportSerializer):
    summary = FinanceSummary()
    results = FinanceRow(many=True)
    workstreams = FinanceWorkstream(many=True)


@report_schema
class FinanceReportView(ReportView):
    """Safety Valve savings for the financial year the month falls in, as they stood at the
    month's end: per project, planned, delivered (months added up to the month's end, else the
    year's figure), forecast and spend against budget, and beside them, for projects that
    report by month, the month's own planned and delivered savings and spend (null where none
    was entered by the month's end); per workstream; and the programme's totals against the
    agreement's target (given only without filters). In pounds."""

    slug = "finance"
    title = "Finance report"
    required_permissions = ("projects.view_project",)
    response_serializer = FinanceReportSerializer
    extra_tables = {"workstreams": "By workstream"}

    def build(self, *, user, month, workstream, body):
        as_at = month.as_at
        year = financial_year_of(month.start)
        rows = [
            row
            for row in finance_rows(
                projects=_visible_projects(user=user, workstream=workstream, body=body),
                as_at=as_at,
                month=month.start,
            )
            if row["financial_year"] == year
        ]
        filtered = workstream is not None or body is not None
        targets = {} if filtered else safety_valve_targets(as_at=as_at)
        totals = finance_years(rows, targets={year: targets.get(year)})[0]
        summary = {**totals, "financial_year": totals["financial_year_label"]}
        return reports.Report(
            rows=rows, summary=summary, tables={"workstreams": finance_workstreams(rows)}
        )
