"""Monthly reports, milestones, risks and workstreams as lists of their own."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils import timezone

from governance.models import Organisation
from governance.partners import is_partner_officer
from sendtrack.kernel.admin import (
    FlagListFilter,
    ModelAdmin,
    RagListFilter,
    rag_badge,
)

from ..models import Milestone, Risk, StatusReport, Workstream
from ..permissions import (
    RISK_LEAD_NOT_YOURS,
    RISK_LEAD_UNKNOWN,
    can_change_baseline,
    can_change_project_details,
    can_choose_risk_owners,
    project_records_visible_to,
    projects_editable_by,
    risk_lead_organisation,
)
from ..selectors import (
    MilestoneStatus,
    milestones_with_status,
    risks_with_review_status,
)
from ..services import milestone_save, risk_save, status_report_save
from .display import MilestoneDisplay, RiskDisplay, format_month
from .forms import MilestoneForm, RiskForm, StatusReportForm


class ProjectRecordAdmin(ModelAdmin):
    """Lists of a project's records: scoped to the projects the user may see, changed by whoever
    may change the project (the rules in ``projects.permissions``), added by leads only for the
    projects they lead."""

    def get_queryset(self, request):
        return project_records_visible_to(user=request.user, queryset=super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A record is added only to a project the user may update, not every one they see.
        if db_field.name == "project":
            kwargs["queryset"] = projects_editable_by(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not can_change_project_details(user=request.user):
            readonly = (*readonly, "is_demo")
            if self.model is Risk:
                readonly = (*readonly, "reference", "organisation", "co_owners")
        return (*readonly, "project") if obj is not None else readonly


class ReportRagFilter(RagListFilter):
    title = "RAG"
    annotation = "rag"


@admin.register(StatusReport)
class StatusReportAdmin(ProjectRecordAdmin):
    form = StatusReportForm
    list_display = ("project", "month", "rag_badge", "submitted_by", "submitted_at")
    list_filter = (ReportRagFilter, "project__workstream", "period")
    search_fields = ("project__code", "project__title", "commentary")
    date_hierarchy = "period"
    list_select_related = ("project", "submitted_by")
    autocomplete_fields = ("project",)
    readonly_fields = ("submitted_by", "submitted_at")
    ordering = ("-period", "project__code")

    def get_fields(self, request, obj=None):
        return ("project", *StatusReportForm.Meta.fields, "submitted_by", "submitted_at")

    def save_model(self, request, obj, form, change):
        status_report_save(report=obj, user=request.user)

    @admin.display(description="Month", ordering="period")
    def month(self, obj: StatusReport) -> str:
        return format_month(obj.period)

    @admin.display(description="RAG", ordering="rag")
    def rag_badge(self, obj: StatusReport) -> str:
        return rag_badge(obj.rag)


class MilestoneStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return MilestoneStatus.choices

    def queryset(self, request, queryset):
        if self.value() in MilestoneStatus.values:
            return queryset.filter(status=self.value())
        return queryset


@admin.register(Milestone)
class MilestoneAdmin(MilestoneDisplay, ProjectRecordAdmin):
    form = MilestoneForm
    list_display = (
        "title",
        "project",
        "baseline_date",
        "forecast_date",
        "completed_date",
        "status_label",
        "slippage_label",
        "is_key",
    )
    list_filter = (MilestoneStatusFilter, "is_key", "project__workstream")
    search_fields = ("title", "project__code", "project__title")
    autocomplete_fields = ("project",)
    readonly_fields = ("status_label", "slippage_label")
    fields = ("project", *MilestoneForm.Meta.fields, "status_label", "slippage_label")
    ordering = ("project__code", "baseline_date")

    def get_queryset(self, request):
        return milestones_with_status(
            today=timezone.localdate(), queryset=super().get_queryset(request)
        ).select_related("project")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = type(
            "MilestoneForm",
            (self.form,),
            {"can_change_baseline": can_change_baseline(user=request.user)},
        )
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        milestone_save(milestone=obj, user=request.user)


class PastReviewFilter(FlagListFilter):
    title = "review"
    parameter_name = "review"
    annotation = "is_past_review"
    yes_label = "Past its review date"
    no_label = "Reviewed in time"


@admin.register(Risk)
class RiskAdmin(RiskDisplay, ProjectRecordAdmin):
    form = RiskForm
    list_display = (
        "title",
        "reference",
        "kind",
        "level",
        "project",
        "likelihood",
        "impact",
        "score",
        "owner",
        "status",
        "review",
    )
    list_filter = (
        "organisation",
        "level",
        "kind",
        "status",
        PastReviewFilter,
        "project__workstream",
        "escalated_to",
    )
    search_fields = ("title", "reference", "description", "project__code", "project__title")
    autocomplete_fields = ("project", "owner", "organisation", "co_owners", "escalated_to")
    readonly_fields = ("score",)
    fieldsets = (
        (None, {"fields": ("kind", "level", "project", "reference", "title", "description")}),
        ("Score", {"fields": ("likelihood", "impact", "score")}),
        (
            "Management",
            {"fields": ("owner", "organisation", "co_owners", "mitigation", "escalated_to")},
        ),
        ("Status", {"fields": ("status", "raised_on", "review_date", "closed_on")}),
        ("Record", {"fields": ("is_demo",), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        return risks_with_review_status(
            today=timezone.localdate(), queryset=super().get_queryset(request)
        ).select_related("project", "owner", "organisation")

    def save_model(self, request, obj, form, change):
        risk_save(risk=obj, user=request.user)

    def has_add_permission(self, request):
        # Leads raise risks from their project's page, where the project is already chosen; a
        # partner officer raises partnership risks here too, led by their organisation.
        return super().has_add_permission(request) and (
            can_change_project_details(user=request.user) or is_partner_officer(request.user)
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if is_partner_officer(request.user):
            # The council's boards are not a partner officer's to choose from.
            readonly = (*readonly, "escalated_to")
            if obj is None:
                # Raising a risk, they choose its lead organisation: their own (see below).
                readonly = tuple(name for name in readonly if name != "organisation")
        return readonly

    def get_autocomplete_fields(self, request):
        fields = super().get_autocomplete_fields(request)
        if can_choose_risk_owners(user=request.user):
            return fields
        # A lead organisation chosen from the one allowed: a plain list, not a search.
        return tuple(name for name in fields if name != "organisation")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation" and not can_choose_risk_owners(user=request.user):
            lead = risk_lead_organisation(user=request.user, project=None)
            name = Organisation.objects.filter(pk=lead).first()
            kwargs["queryset"] = Organisation.objects.filter(pk=lead)
            kwargs["initial"] = lead
            kwargs["empty_label"] = None
            kwargs["required"] = True
            message = RISK_LEAD_NOT_YOURS.format(name=name) if name else RISK_LEAD_UNKNOWN
            kwargs["error_messages"] = {"invalid_choice": message, "required": message}
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "level" and not can_change_project_details(user=request.user):
            # Programme risks are the programme office's.
            kwargs["choices"] = [
                (value, label)
                for value, label in Risk.Level.choices
                if value != Risk.Level.PROGRAMME
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(Workstream)
class WorkstreamAdmin(ModelAdmin):
    list_display = ("number", "name", "overseeing_body", "director", "project_count")
    list_display_links = ("number", "name")
    list_select_related = ("overseeing_body", "director")
    search_fields = ("name", "description")
    autocomplete_fields = ("overseeing_body", "director")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(project_total=Count("projects"))

    @admin.display(description="Projects", ordering="project_total")
    def project_count(self, obj: Workstream) -> int:
        return obj.project_total
