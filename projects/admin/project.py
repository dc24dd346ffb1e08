"""The project list and page: latest RAG, last report and next milestone, the filters the
programme office chases with, and the inlines a lead updates."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone

from governance.ownership import CoOwnersFormMixin
from sendtrack.kernel.admin import (
    CheckedModelForm,
    ModelAdmin,
    RagListFilter,
    rag_badge,
)

from ..models import Milestone, Project, Risk, StatusReport
from ..permissions import (
    can_change_project_details,
    projects_visible_to,
    risk_lead_organisation,
)
from ..selectors import (
    projects_missing_report,
    projects_with_latest,
    reporting_due,
)
from ..services import milestone_save, risk_save, status_report_save
from .display import format_month
from .finance import SavingsMonthInline, SavingsYearInline
from .inlines import MilestoneInline, RiskInline, StatusReportInline


class AreaListFilter(admin.RelatedOnlyFieldListFilter):
    """Areas of weakness that projects serve, and the projects linked to none."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = "Not linked to an area"


class ProjectRagFilter(RagListFilter):
    title = "latest RAG"


class MonthReportFilter(admin.SimpleListFilter):
    """Which active projects have not reported, by the reporting deadline
    (``reporting_due``): those whose report is missing for the latest month past its
    deadline, those whose report for the month just gone is due soon, and those that have
    filed it. The list the programme office chases."""

    title = "report for the month just gone"
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        due = reporting_due(today=timezone.localdate())
        choices = [("missing", f"Missing for {due.overdue:%B %Y}")]
        if due.due_soon:
            choices.append(("due", f"Due by {due.deadline:%-d %B} for {due.month:%B %Y}"))
        return [*choices, ("filed", f"Filed for {due.month:%B %Y}")]

    def queryset(self, request, queryset):
        due = reporting_due(today=timezone.localdate())
        if self.value() == "missing":
            return projects_missing_report(period=due.overdue, queryset=queryset)
        if self.value() == "due" and due.due_soon:
            return projects_missing_report(period=due.due_soon, queryset=queryset)
        if self.value() == "filed":
            return queryset.filter(reports__period=due.month)
        return queryset


class ProjectForm(CoOwnersFormMixin, CheckedModelForm):
    """A project: its co-owners are organisations other than its lead organisation."""


@admin.register(Project)
class ProjectAdmin(ModelAdmin):
    form = ProjectForm
    list_display = (
        "code",
        "title",
        "rag",
        "lead_name",
        "workstream",
        "last_report",
        "next_milestone",
    )
    list_display_links = ("code", "title")
    list_filter = (
        "organisation",
        "workstream",
        ProjectRagFilter,
        MonthReportFilter,
        ("overseeing_body", admin.RelatedOnlyFieldListFilter),
        ("areas", AreaListFilter),
        "stage",
        "priority_tier",
        "safety_valve",
    )
    search_fields = ("code", "title", "purpose", "lead__name")
    autocomplete_fields = (
        "organisation",
        "co_owners",
        "lead",
        "sponsor",
        "overseeing_body",
        "areas",
        "plan_actions",
    )
    inlines = (StatusReportInline, MilestoneInline, RiskInline)
    list_per_page = 60
    fieldsets = (
        (None, {"fields": ("code", "title", "purpose", "workstream", "stage", "priority_tier")}),
        ("Latest position", {"fields": ("rag", "last_report", "next_milestone")}),
        (
            "People and governance",
            {"fields": ("organisation", "co_owners", "lead", "sponsor", "overseeing_body")},
        ),
        ("Inspection and improvement plan", {"fields": ("areas", "plan_actions")}),
        ("Dates", {"fields": ("start_date", "planned_end_date", "actual_end_date")}),
        ("Safety Valve", {"fields": ("safety_valve", "savings_target", "savings_public")}),
        ("Record", {"fields": ("is_demo",), "classes": ("collapse",)}),
    )
    # What a lead may change about their own project; the rest is the programme office's.
    LEAD_EDITABLE = ("purpose", "stage", "actual_end_date")
    # Inlines that the apps above projects add to a project's page, after its own: indicators
    # adds the benefits a project declares (``indicators.admin``).
    inlines_from_above: tuple = ()

    def get_queryset(self, request):
        visible = projects_visible_to(user=request.user, queryset=super().get_queryset(request))
        # The lead organisation is shown (read only, to leads) on the project's page.
        return projects_with_latest(queryset=visible).select_related("organisation")

    def get_inlines(self, request, obj):
        # A project's reports, milestones and risks are added once the project exists; its
        # savings once it contributes to Safety Valve.
        if obj is None:
            return ()
        money = (SavingsYearInline, SavingsMonthInline) if obj.safety_valve else ()
        return (*self.inlines, *money, *self.inlines_from_above)

    def get_readonly_fields(self, request, obj=None):
        derived = ("rag", "last_report", "next_milestone")
        if can_change_project_details(user=request.user):
            return derived
        fields = [f for _, options in self.fieldsets for f in options["fields"]]
        return tuple(f for f in fields if f not in self.LEAD_EDITABLE)

    def save_formset(self, request, form, formset, change):
        # Every row is saved by its service, which refuses one changed by someone else since
        # the page was opened; the whole page is then rolled back (``changeform_view``).
        if formset.model not in (StatusReport, Milestone, Risk):
            return super().save_formset(request, form, formset, change)
        for record in formset.save(commit=False):
            if isinstance(record, StatusReport):
                status_report_save(report=record, user=request.user)
            elif isinstance(record, Milestone):
                milestone_save(milestone=record, user=request.user)
            else:
                if record._state.adding:
                    # A risk raised on a project's page is led by the project's organisation,
                    # or by the partner officer's who raised it.
                    record.organisation_id = risk_lead_organisation(
                        user=request.user, project=form.instance
                    )
                risk_save(risk=record, user=request.user)
        for record in formset.deleted_objects:
            record.delete()
        formset.save_m2m()
        return None

    @admin.display(description="Lead", ordering="lead__name")
    def lead_name(self, obj: Project) -> str:
        return obj.lead.name

    @admin.display(description="RAG", ordering="latest_rag")
    def rag(self, obj: Project) -> str:
        return rag_badge(getattr(obj, "latest_rag", None))

    @admin.display(description="Last report", ordering="last_report_period")
    def last_report(self, obj: Project) -> str:
        return format_month(getattr(obj, "last_report_period", None))

    @admin.display(description="Next milestone", ordering="next_milestone_date")
    def next_milestone(self, obj: Project) -> str:
        title = getattr(obj, "next_milestone_title", None)
        if not title:
            return "–"
        return f"{title} ({obj.next_milestone_date:%-d %b %Y})"
