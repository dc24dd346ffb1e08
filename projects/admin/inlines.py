"""The project page's inlines: the monthly reports, milestones and risks a lead updates."""

from __future__ import annotations

from datetime import date

from django.contrib import admin
from django.utils import timezone

from governance.partners import is_partner_officer
from sendtrack.kernel.admin import (
    AccessibleTabularInline,
    OnePerPeriodFormSet,
    StackedInline,
    preloading,
)

from ..models import Milestone, Project, Risk, StatusReport
from ..permissions import (
    can_change_baseline,
    can_change_project_details,
    can_edit_project,
)
from ..selectors import (
    milestones_with_status,
    month_add,
    month_start,
    previous_month,
    risks_with_review_status,
)
from .display import MilestoneDisplay, RiskDisplay
from .forms import MilestoneForm, RiskForm, StatusReportForm

# How many months of reports the project page shows; older ones are on the reports list.
REPORT_MONTHS_SHOWN = 6


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


class StatusReportInline(ProjectRecordInline, StackedInline):
    model = StatusReport
    form = StatusReportForm
    formset = StatusReportFormSet
    extra = 1
    template = "admin/projects/statusreport/stacked.html"
    readonly_fields = ("submitted",)
    verbose_name = "monthly report"
    verbose_name_plural = f"Monthly reports (the last {REPORT_MONTHS_SHOWN} months)"
    show_change_link = True

    def get_queryset(self, request):
        since = month_add(timezone.localdate(), 1 - REPORT_MONTHS_SHOWN)
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


class MilestoneInline(MilestoneDisplay, ProjectRecordInline, AccessibleTabularInline):
    model = Milestone
    form = MilestoneForm
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


class RiskInline(RiskDisplay, ProjectRecordInline, StackedInline):
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

    def get_readonly_fields(self, request, obj=None):
        # Leads' risks are numbered for them; the programme office may type a legacy number.
        readonly = tuple(super().get_readonly_fields(request, obj))
        if can_change_project_details(user=request.user):
            return readonly
        if is_partner_officer(request.user):
            # The council's boards are not a partner officer's to choose from.
            readonly = (*readonly, "escalated_to")
        return (*readonly, "reference")

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
