"""The delivery records as the API shows and accepts them. Foreign keys travel as ids with a
readable name beside them, so that CSV and XLSX files stay flat and readable."""

from __future__ import annotations

from datetime import timedelta

from rest_framework import serializers

from governance.api.serializers import CoOwnersSerializerMixin
from governance.models import Organisation
from sendtrack.kernel.api.exceptions import Conflict
from sendtrack.kernel.api.periods import MonthField
from sendtrack.kernel.api.serializers import CheckedModelSerializer

from .. import permissions, services
from ..models import Milestone, Project, Risk, StatusReport, Workstream
from ..selectors import MilestoneStatus


class DaysField(serializers.IntegerField):
    """A length of time in whole days (a negative slippage is early)."""

    def to_representation(self, value: timedelta | int):
        return value.days if isinstance(value, timedelta) else int(value)


class WorkstreamSerializer(CheckedModelSerializer):
    overseeing_body_name = serializers.CharField(
        source="overseeing_body.name", read_only=True, label="Overseeing body name"
    )
    director_name = serializers.CharField(
        source="director.name", read_only=True, label="Director name"
    )

    class Meta:
        model = Workstream
        fields = [
            "id",
            "number",
            "name",
            "description",
            "overseeing_body",
            "overseeing_body_name",
            "director",
            "director_name",
        ]


class ProjectSerializer(CoOwnersSerializerMixin, CheckedModelSerializer):
    workstream_name = serializers.CharField(
        source="workstream.name", read_only=True, label="Workstream name"
    )
    lead_name = serializers.CharField(source="lead.name", read_only=True, label="Lead name")
    sponsor_name = serializers.CharField(
        source="sponsor.name", read_only=True, default=None, allow_null=True, label="Sponsor name"
    )
    overseeing_body_name = serializers.CharField(
        source="overseeing_body.name", read_only=True, label="Overseeing body name"
    )
    latest_rag = serializers.CharField(read_only=True, allow_null=True, label="Latest RAG")
    last_report_period = serializers.DateField(
        read_only=True, allow_null=True, label="Last report (month)"
    )
    next_milestone_title = serializers.CharField(
        read_only=True, allow_null=True, label="Next milestone"
    )
    next_milestone_date = serializers.DateField(
        read_only=True, allow_null=True, label="Next milestone due"
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "title",
            "purpose",
            "workstream",
            "workstream_name",
            "lead",
            "organisation",
            "co_owners",
            "lead_name",
            "sponsor",
            "sponsor_name",
            "overseeing_body",
            "overseeing_body_name",
            "areas",
            "plan_actions",
            "stage",
            "priority_tier",
            "safety_valve",
            "savings_target",
            "start_date",
            "planned_end_date",
            "actual_end_date",
            "latest_rag",
            "last_report_period",
            "next_milestone_title",
            "next_milestone_date",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class MilestoneSerializer(CheckedModelSerializer):
    project_code = serializers.CharField(
        source="project.code", read_only=True, label="Project code"
    )
    due_date = serializers.DateField(
        read_only=True, allow_null=True, label="Due (forecast, else baseline)"
    )
    slippage_days = DaysField(
        source="slippage", read_only=True, allow_null=True, label="Slippage against baseline (days)"
    )
    is_overdue = serializers.BooleanField(read_only=True, label="Overdue")
    status = serializers.ChoiceField(
        choices=MilestoneStatus.choices, read_only=True, label="Status"
    )

    class Meta:
        model = Milestone
        fields = [
            "id",
            "project",
            "project_code",
            "title",
            "baseline_date",
            "forecast_date",
            "completed_date",
            "is_key",
            "due_date",
            "slippage_days",
            "is_overdue",
            "status",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]

    def validate_baseline_date(self, value):
        from ..permissions import can_change_baseline

        agreed = self.instance is not None and self.instance.baseline_date
        if (
            agreed
            and value != self.instance.baseline_date
            and not can_change_baseline(user=self.user)
        ):
            raise serializers.ValidationError(
                "Only the programme office can change a milestone's baseline date. Change the "
                "forecast date instead, or ask the programme office to rebaseline."
            )
        return value

    def save_instance(self, instance):
        return services.milestone_save(milestone=instance, user=self.user)


class RiskSerializer(CoOwnersSerializerMixin, CheckedModelSerializer):
    project_code = serializers.CharField(
        source="project.code", read_only=True, default=None, allow_null=True, label="Project code"
    )
    owner_name = serializers.CharField(source="owner.name", read_only=True, label="Owner name")
    escalated_to_name = serializers.CharField(
        source="escalated_to.name",
        read_only=True,
        default=None,
        allow_null=True,
        label="Escalated to (name)",
    )
    is_past_review = serializers.BooleanField(read_only=True, label="Past its review date")

    class Meta:
        model = Risk
        fields = [
            "id",
            "reference",
            "kind",
            "level",
            "project",
            "project_code",
            "title",
            "description",
            "likelihood",
            "impact",
            "score",
            "owner",
            "owner_name",
            "organisation",
            "co_owners",
            "mitigation",
            "status",
            "raised_on",
            "review_date",
            "closed_on",
            "escalated_to",
            "escalated_to_name",
            "is_past_review",
            "updated_at",
        ]
        read_only_fields = ["reference", "score", "updated_at"]

    def validate(self, attrs):
        if self.instance is None:
            self._lead_as_the_rule_says(attrs)
        return super().validate(attrs)

    def _lead_as_the_rule_says(self, attrs) -> None:
        # A new risk is led by the organisation the rule names for whoever raises it (their
        # own, for a partner officer): filled in when left out, a 400 on the field when
        # another is sent. Only the programme office chooses freely.
        if permissions.can_choose_risk_owners(user=self.user):
            return
        lead = permissions.risk_lead_organisation(user=self.user, project=attrs.get("project"))
        if lead is None:
            return
        given = attrs.get("organisation")
        if given is not None and given.pk != lead:
            name = Organisation.objects.filter(pk=lead).first()
            raise serializers.ValidationError(
                {"organisation": [permissions.RISK_LEAD_NOT_YOURS.format(name=name)]}
            )
        if given is None:
            attrs["organisation"] = Organisation.objects.get(pk=lead)

    def save_instance(self, instance):
        return services.risk_save(risk=instance, user=self.user)


class StatusReportSerializer(CheckedModelSerializer):
    project_code = serializers.CharField(
        source="project.code", read_only=True, label="Project code"
    )
    period = MonthField(label="Month", help_text="The month reported on: 2026-10 (or 2026-10-01).")
    submitted_by_name = serializers.SerializerMethodField(label="Submitted by")

    class Meta:
        model = StatusReport
        fields = [
            "id",
            "project",
            "project_code",
            "period",
            "rag",
            "commentary",
            "achievements",
            "next_steps",
            "decisions_needed",
            "submitted_by_name",
            "submitted_at",
            "updated_at",
        ]
        read_only_fields = ["submitted_at", "updated_at"]
        # A second report for the same month is a conflict (409), checked in the view.
        validators = []

    def get_submitted_by_name(self, report) -> str | None:
        user = report.submitted_by
        if user is None:
            return None
        return user.get_full_name() or user.get_username()

    def check_conflict(self, attrs) -> None:
        if (existing := self.duplicate_of(attrs, "project", "period")) is not None:
            project, period = self._value(attrs, "project"), self._value(attrs, "period")
            raise Conflict(
                f"{project.code} already has a report for {period:%B %Y} (report {existing}). "
                f"Update that report instead: PATCH /api/v1/status-reports/{existing}/."
            )

    def save_instance(self, instance):
        return services.status_report_save(report=instance, user=self.user)
