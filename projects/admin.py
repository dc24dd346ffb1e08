"""The officers' door to delivery: a lead updates their projects' monthly reports, milestones
and risks from the project page; the programme office sees and changes everything; directors
read. Lists are built on the selectors, so they show the same figures as every other page."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone

from sendtrack.admin import (
    AccessibleTabularInline,
    CheckedInlineFormSet,
    FlagListFilter,
    MonthField,
    OnePerPeriodForm,
    OnePerPeriodFormSet,
    RagListFilter,
    preloading,
    rag_badge,
)

from .models import Milestone, Project, Risk, StatusReport, Workstream
from .permissions import (
    can_change_baseline,
    can_change_project_details,
    can_edit_project,
    can_edit_project_record,
    project_records_visible_to,
    projects_editable_by,
    projects_visible_to,
)
from .selectors import (
    MilestoneStatus,
    milestones_with_status,
    month_start,
    months_before,
    previous_month,
    projects_missing_report,
    projects_with_latest,
    risks_with_review_status,
)
from .services import status_report_save

# How many months of reports the project page shows; older ones are on the reports list.
REPORT_MONTHS_SHOWN = 6

LIKELIHOOD_CHOICES = [
    (1, "1 – rare"),
    (2, "2 – unlikely"),
    (3, "3 – possible"),
    (4, "4 – likely"),
    (5, "5 – almost certain"),
]
IMPACT_CHOICES = [
    (1, "1 – minimal"),
    (2, "2 – minor"),
    (3, "3 – moderate"),
    (4, "4 – major"),
    (5, "5 – severe"),
]


def _format_month(value: date | None) -> str:
    return f"{value:%B %Y}" if value else "–"


def _format_days(days: int) -> str:
    if days == 0:
        return "On baseline"
    word = "day" if abs(days) == 1 else "days"
    return f"{days} {word} late" if days > 0 else f"{-days} {word} early"


# --- Forms -------------------------------------------------------------------------------


class StatusReportForm(OnePerPeriodForm):
    parent_field = "project"
    period = MonthField(
        label="Month",
        widget=AdminDateWidget,
        help_text="The month reported on. Any day in the month will do, e.g. 1 October 2026.",
    )

    class Meta:
        model = StatusReport
        fields = ("period", "rag", "commentary", "achievements", "next_steps", "decisions_needed")
        widgets = {
            name: forms.Textarea(attrs={"rows": 3, "cols": 60})
            for name in ("commentary", "achievements", "next_steps", "decisions_needed")
        }

    def clean_period(self) -> date | None:
        period = self.cleaned_data.get("period")
        if period and period > month_start(timezone.localdate()):
            raise ValidationError(
                "This month has not started yet. Report on the month just gone or this month."
            )
        return period


class MilestoneForm(forms.ModelForm):
    # Set per request by the admin: whether this user may move an agreed baseline.
    can_change_baseline = False

    class Meta:
        model = Milestone
        fields = ("title", "baseline_date", "forecast_date", "completed_date", "is_key")

    def clean(self):
        cleaned = super().clean()
        original = self.initial.get("baseline_date")
        if (
            self.instance.pk
            and not self.can_change_baseline
            and original
            and cleaned.get("baseline_date") != original
        ):
            self.add_error(
                "baseline_date",
                "Only the programme office can change a milestone's baseline date. "
                "Change the forecast date instead.",
            )
        return cleaned


def _score_field(label: str, choices, help_text: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "---------"), *choices],
        coerce=int,
        help_text=help_text,
        error_messages={
            "invalid_choice": f"{label} is scored from 1 to 5. Choose one of the options.",
            "required": f"Choose the {label.lower()}, from 1 to 5.",
        },
    )


class RiskForm(forms.ModelForm):
    likelihood = _score_field(
        "Likelihood",
        LIKELIHOOD_CHOICES,
        "How likely it is: 1 (rare) to 5 (almost certain). For an issue, use 5.",
    )
    impact = _score_field(
        "Impact", IMPACT_CHOICES, "How bad it would be: 1 (minimal) to 5 (severe)."
    )

    class Meta:
        model = Risk
        fields = (
            "kind",
            "level",
            "project",
            "reference",
            "title",
            "description",
            "likelihood",
            "impact",
            "owner",
            "mitigation",
            "status",
            "raised_on",
            "review_date",
            "closed_on",
            "escalated_to",
            "is_demo",
        )
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3, "cols": 60}),
            "mitigation": forms.Textarea(attrs={"rows": 3, "cols": 60}),
        }


# --- Inlines on the project page -----------------------------------------------------------


class ProjectRecordInline:
    """Inlines that the project's lead and the programme office may change; directors read."""

    def _can_edit(self, request, obj) -> bool:
        return obj is None or can_edit_project(user=request.user, project=obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._can_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._can_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._can_edit(request, obj)


class StatusReportFormSet(OnePerPeriodFormSet):
    duplicate_message = "Two reports are for the same month. Keep one of them."


class StatusReportInline(ProjectRecordInline, admin.StackedInline):
    model = StatusReport
    form = StatusReportForm
    formset = StatusReportFormSet
    extra = 1
    readonly_fields = ("submitted",)
    verbose_name = "monthly report"
    verbose_name_plural = f"Monthly reports (the last {REPORT_MONTHS_SHOWN} months)"
    show_change_link = True

    def get_queryset(self, request):
        since = months_before(timezone.localdate(), REPORT_MONTHS_SHOWN - 1)
        return (
            super()
            .get_queryset(request)
            .filter(period__gte=since)
            .select_related("project", "submitted_by")
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.default_period = self._first_unreported_month(obj)
        return formset

    def _first_unreported_month(self, project: Project | None) -> date | None:
        """The month just gone if it has no report yet, else this month if it has none."""
        current = month_start(timezone.localdate())
        candidates = [previous_month(current), current]
        if project is None or project.pk is None:
            return candidates[0]
        reported = set(
            StatusReport.objects.filter(project=project, period__in=candidates).values_list(
                "period", flat=True
            )
        )
        return next((month for month in candidates if month not in reported), None)

    @admin.display(description="Submitted")
    def submitted(self, obj: StatusReport) -> str:
        if not obj.submitted_at:
            return "–"
        when = timezone.localtime(obj.submitted_at).strftime("%-d %B %Y at %H:%M")
        user = obj.submitted_by
        return f"{when} by {user.get_full_name() or user.username}" if user else when


class MilestoneDisplay:
    """The derived status and slippage of a milestone from ``milestones_with_status``."""

    @admin.display(description="Status", ordering="status")
    def status_label(self, obj: Milestone) -> str:
        status = getattr(obj, "status", None)
        return MilestoneStatus(status).label if status else "–"

    @admin.display(description="Slippage against baseline", ordering="slippage")
    def slippage_label(self, obj: Milestone) -> str:
        slippage = getattr(obj, "slippage", None)
        return _format_days(slippage.days) if slippage is not None else "–"


class MilestoneInline(MilestoneDisplay, ProjectRecordInline, AccessibleTabularInline):
    model = Milestone
    form = MilestoneForm
    formset = CheckedInlineFormSet
    extra = 1
    readonly_fields = ("status_label", "slippage_label")
    show_change_link = True

    def get_queryset(self, request):
        return milestones_with_status(
            today=timezone.localdate(), queryset=super().get_queryset(request)
        )

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = type(
            "MilestoneForm",
            (self.form,),
            {"can_change_baseline": can_change_baseline(user=request.user)},
        )
        return super().get_formset(request, obj, **kwargs)


class RiskDisplay:
    """When an open risk is next reviewed, flagged once that date has passed."""

    @admin.display(description="Review", ordering="review_date")
    def review(self, obj: Risk) -> str:
        if obj.review_date is None:
            return "No date"
        suffix = " (overdue)" if getattr(obj, "is_past_review", False) else ""
        return f"{obj.review_date:%-d %b %Y}{suffix}"


class RiskInline(RiskDisplay, ProjectRecordInline, admin.StackedInline):
    model = Risk
    form = RiskForm
    formset = preloading("owner", "escalated_to")
    extra = 0
    fields = (
        ("reference", "kind", "status", "review"),
        "title",
        ("likelihood", "impact", "score"),
        "owner",
        "mitigation",
        ("raised_on", "review_date", "closed_on"),
        "escalated_to",
    )
    readonly_fields = ("score", "review")
    autocomplete_fields = ("owner", "escalated_to")
    verbose_name = "risk or issue"
    verbose_name_plural = "Risks and issues"
    show_change_link = True

    def get_queryset(self, request):
        # Open risks first (the ones a lead updates), worst first.
        return (
            risks_with_review_status(
                today=timezone.localdate(), queryset=super().get_queryset(request)
            )
            .select_related("owner", "escalated_to")
            .order_by("-status", "-score", "title")
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["raised_on"].initial = timezone.localdate
        return formset


# --- Projects ------------------------------------------------------------------------------


class ProjectRagFilter(RagListFilter):
    title = "latest RAG"


class MonthReportFilter(admin.SimpleListFilter):
    """Which active projects have, or have not yet, reported on the month just gone: the list
    the programme office chases."""

    title = "report for the month just gone"
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        month = f"{previous_month(timezone.localdate()):%B %Y}"
        return [("missing", f"Missing for {month}"), ("filed", f"Filed for {month}")]

    def queryset(self, request, queryset):
        missing = projects_missing_report(
            period=previous_month(timezone.localdate()), queryset=queryset
        )
        if self.value() == "missing":
            return missing
        if self.value() == "filed":
            return queryset.filter(reports__period=previous_month(timezone.localdate()))
        return queryset


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "title",
        "rag",
        "lead",
        "workstream",
        "last_report",
        "next_milestone",
    )
    list_display_links = ("code", "title")
    list_filter = (
        "workstream",
        ProjectRagFilter,
        MonthReportFilter,
        ("overseeing_body", admin.RelatedOnlyFieldListFilter),
        ("areas", admin.RelatedOnlyFieldListFilter),
        "stage",
        "priority_tier",
        "safety_valve",
    )
    search_fields = ("code", "title", "purpose", "lead__name")
    autocomplete_fields = ("lead", "sponsor", "overseeing_body", "areas", "plan_actions")
    inlines = (StatusReportInline, MilestoneInline, RiskInline)
    list_per_page = 60
    fieldsets = (
        (None, {"fields": ("code", "title", "purpose", "workstream", "stage", "priority_tier")}),
        ("Latest position", {"fields": ("rag", "last_report", "next_milestone")}),
        ("People and governance", {"fields": ("lead", "sponsor", "overseeing_body")}),
        ("Inspection and improvement plan", {"fields": ("areas", "plan_actions")}),
        ("Dates", {"fields": ("start_date", "planned_end_date", "actual_end_date")}),
        ("Safety Valve", {"fields": ("safety_valve", "savings_target")}),
        ("Record", {"fields": ("is_demo",), "classes": ("collapse",)}),
    )
    # What a lead may change about their own project; the rest is the programme office's.
    LEAD_EDITABLE = ("purpose", "stage", "actual_end_date")

    def get_queryset(self, request):
        visible = projects_visible_to(user=request.user, queryset=super().get_queryset(request))
        return projects_with_latest(queryset=visible)

    def get_inlines(self, request, obj):
        # A project's reports, milestones and risks are added once the project exists.
        return self.inlines if obj is not None else ()

    def get_readonly_fields(self, request, obj=None):
        derived = ("rag", "last_report", "next_milestone")
        if can_change_project_details(user=request.user):
            return derived
        fields = [f for _, options in self.fieldsets for f in options["fields"]]
        return tuple(f for f in fields if f not in self.LEAD_EDITABLE)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or can_edit_project(user=request.user, project=obj)
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not StatusReport:
            return super().save_formset(request, form, formset, change)
        for report in formset.save(commit=False):
            status_report_save(report=report, user=request.user)
        for report in formset.deleted_objects:
            report.delete()
        formset.save_m2m()
        return None

    @admin.display(description="RAG", ordering="latest_rag")
    def rag(self, obj: Project) -> str:
        return rag_badge(getattr(obj, "latest_rag", None))

    @admin.display(description="Last report", ordering="last_report_period")
    def last_report(self, obj: Project) -> str:
        return _format_month(getattr(obj, "last_report_period", None))

    @admin.display(description="Next milestone", ordering="next_milestone_date")
    def next_milestone(self, obj: Project) -> str:
        title = getattr(obj, "next_milestone_title", None)
        if not title:
            return "–"
        return f"{title} ({obj.next_milestone_date:%-d %b %Y})"


# --- Monthly reports, milestones and risks as lists of their own ----------------------------


class ProjectRecordAdmin(admin.ModelAdmin):
    """Lists of a project's records: scoped to the projects the user may see, changed by whoever
    may change the project, added by leads only for the projects they lead."""

    def get_queryset(self, request):
        return project_records_visible_to(user=request.user, queryset=super().get_queryset(request))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or can_edit_project_record(user=request.user, record=obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or can_edit_project_record(user=request.user, record=obj)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A record is added only to a project the user may update, not every one they see.
        if db_field.name == "project":
            kwargs["queryset"] = projects_editable_by(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not can_change_project_details(user=request.user):
            readonly = (*readonly, "is_demo")
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
        return _format_month(obj.period)

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
        "level",
        "kind",
        "status",
        PastReviewFilter,
        "project__workstream",
        "escalated_to",
    )
    search_fields = ("title", "reference", "description", "project__code", "project__title")
    autocomplete_fields = ("project", "owner", "escalated_to")
    readonly_fields = ("score",)
    fieldsets = (
        (None, {"fields": ("kind", "level", "project", "reference", "title", "description")}),
        ("Score", {"fields": ("likelihood", "impact", "score")}),
        ("Management", {"fields": ("owner", "mitigation", "escalated_to")}),
        ("Status", {"fields": ("status", "raised_on", "review_date", "closed_on")}),
        ("Record", {"fields": ("is_demo",), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        return risks_with_review_status(
            today=timezone.localdate(), queryset=super().get_queryset(request)
        ).select_related("project", "owner")

    def has_add_permission(self, request):
        # Leads raise risks from their project's page, where the project is already chosen.
        return super().has_add_permission(request) and can_change_project_details(user=request.user)


@admin.register(Workstream)
class WorkstreamAdmin(admin.ModelAdmin):
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
