"""The delivery resources: workstreams, projects, milestones, risks and status reports."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from rest_framework.exceptions import PermissionDenied

from governance.models import AreaOfWeakness, Organisation, PlanAction
from governance.partners import is_partner_officer, organisation_of
from sendtrack.kernel.api.views import WritableResourceViewSet, field_differs
from sendtrack.kernel.roles import is_programme_office

from .. import permissions, selectors
from ..models import Milestone, Project, Risk, StatusReport, Workstream
from . import filters, serializers


class WorkstreamViewSet(WritableResourceViewSet):
    """The programme's workstreams. The programme office adds and changes them."""

    queryset = Workstream.objects.all()
    serializer_class = serializers.WorkstreamSerializer
    filterset_class = filters.WorkstreamFilter
    search_fields = ["name", "description"]
    ordering_fields = ["number", "name"]
    denied_message = "Only the programme office changes workstreams."

    def annotate(self, queryset):
        return queryset.select_related("overseeing_body", "director")

    def can_write(self, *, instance, data):
        return is_programme_office(self.request.user)


class ProjectViewSet(WritableResourceViewSet):
    """Projects with their latest RAG and next milestone. A lead updates the purpose, stage and
    end date of the projects they lead; the programme office changes everything."""

    queryset = Project.objects.all()
    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectFilter
    search_fields = ["code", "title", "purpose"]
    ordering_fields = [
        "code",
        "title",
        "stage",
        "priority_tier",
        "planned_end_date",
        "latest_rag",
        "last_report_period",
    ]
    denied_message = "You can update only the projects you lead."
    lead_fields = {"purpose", "stage", "actual_end_date"}

    def visible(self, queryset):
        return permissions.projects_visible_to(user=self.request.user, queryset=queryset)

    def annotate(self, queryset):
        return (
            selectors.projects_with_latest(queryset=queryset)
            .select_related("sponsor")
            .prefetch_related(
                Prefetch("areas", queryset=AreaOfWeakness.objects.only("pk")),
                Prefetch("plan_actions", queryset=PlanAction.objects.only("pk")),
                Prefetch("co_owners", queryset=Organisation.objects.only("pk")),
            )
        )

    def can_write(self, *, instance, data):
        user = self.request.user
        if is_programme_office(user):
            return True
        if instance is None or not permissions.can_edit_project(user=user, project=instance):
            return False
        changed = {name for name, value in data.items() if field_differs(instance, name, value)}
        if changed - self.lead_fields:
            self.denied_message = (
                "Leads update a project's purpose, stage and actual end date; the programme "
                f"office changes the rest ({', '.join(sorted(changed - self.lead_fields))})."
            )
            return False
        return True


class ProjectRecordViewSet(WritableResourceViewSet):
    """Records of a project, written by whoever may edit the project."""

    denied_message = "You can write only to the projects you lead."

    def visible(self, queryset):
        return permissions.project_records_visible_to(user=self.request.user, queryset=queryset)

    def visible_choices(self, field, queryset):
        if field == "project":
            return permissions.projects_visible_to(user=self.request.user, queryset=queryset)
        return super().visible_choices(field, queryset)

    def can_write(self, *, instance, data):
        user = self.request.user
        if is_programme_office(user):
            return True
        if instance is not None and not permissions.can_edit_project_record(
            user=user, record=instance
        ):
            return False
        if not self._keeps_owners(instance, data):
            self.denied_message = (
                "A record's lead organisation and co-owners are the programme office's to "
                "change; leave them out or as they are."
            )
            return False
        if instance is None or "project" in data:
            project = data.get("project")
            if project is None:
                # Records without a project (programme and partnership risks) are the
                # programme office's, but for a partnership risk a partner officer's
                # organisation owns, which they update, or raises for their organisation.
                if instance is not None:
                    return instance.project_id is None
                return permissions.can_raise_risk_without_project(
                    user=user, level=data.get("level")
                )
            return permissions.can_edit_project(user=user, project=project)
        return True

    def _keeps_owners(self, instance, data) -> bool:
        # A risk's owners are the programme office's: a new one is led by the organisation
        # ``risk_lead_organisation`` names (checked field by field by the serializer) and has
        # no co-owners.
        if instance is not None:
            return not any(
                field_differs(instance, name, data[name])
                for name in ("organisation", "co_owners")
                if name in data
            )
        lead = data.get("organisation")
        expected = permissions.risk_lead_organisation(
            user=self.request.user, project=data.get("project")
        )
        return not data.get("co_owners") and (lead is None or lead.pk == expected)


class MilestoneViewSet(ProjectRecordViewSet):
    """Milestones with their due date, slippage against baseline and status (worked out
    today). Only the programme office moves an agreed baseline."""

    queryset = Milestone.objects.all()
    serializer_class = serializers.MilestoneSerializer
    filterset_class = filters.MilestoneFilter
    search_fields = ["title", "project__code", "project__title"]
    ordering_fields = [
        "baseline_date",
        "forecast_date",
        "completed_date",
        "due_date",
        "slippage",
        "title",
    ]

    def annotate(self, queryset):
        return selectors.milestones_with_status(
            today=timezone.localdate(), queryset=queryset
        ).select_related("project")


class RiskViewSet(ProjectRecordViewSet):
    """Risks and issues at project, programme and partnership level. New risks are numbered
    in their register."""

    queryset = Risk.objects.all()
    serializer_class = serializers.RiskSerializer
    filterset_class = filters.RiskFilter
    search_fields = ["reference", "title", "description", "mitigation"]
    ordering_fields = ["score", "reference", "raised_on", "review_date", "title"]

    def annotate(self, queryset):
        return (
            selectors.risks_with_review_status(today=timezone.localdate(), queryset=queryset)
            .select_related("project", "owner", "escalated_to")
            .prefetch_related(Prefetch("co_owners", queryset=Organisation.objects.only("pk")))
        )

    def create(self, request, *args, **kwargs):
        # A partner officer whose sign-in acts as no person has no organisation to lead the
        # risk (and sees no project to raise it on): told so before the fields are read.
        if is_partner_officer(request.user) and organisation_of(request.user) is None:
            raise PermissionDenied(permissions.RISK_LEAD_UNKNOWN)
        return super().create(request, *args, **kwargs)


class StatusReportViewSet(ProjectRecordViewSet):
    """Monthly status reports: one per project per month. A second report for a month is a
    409 conflict naming the report to update."""

    queryset = StatusReport.objects.all()
    serializer_class = serializers.StatusReportSerializer
    filterset_class = filters.StatusReportFilter
    search_fields = [
        "commentary",
        "achievements",
        "next_steps",
        "decisions_needed",
        "project__code",
    ]
    ordering_fields = ["period", "rag", "submitted_at"]

    def annotate(self, queryset):
        return queryset.select_related("project", "submitted_by")
