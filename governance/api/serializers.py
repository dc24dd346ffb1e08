"""Governance records as the API shows and accepts them."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from rest_framework import serializers

from sendtrack.kernel.api.serializers import CheckedModelSerializer

from ..models import (
    AreaAssessment,
    AreaOfWeakness,
    Body,
    EvidenceItem,
    InformationRequest,
    Meeting,
    Organisation,
    PlanAction,
    the_council,
)
from ..ownership import check_co_owners


class CoOwnersSerializerMixin:
    """A record with a lead organisation and co-owners: the lead is not also a co-owner (400
    on ``co_owners``, naming it)."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if "co_owners" not in attrs and "organisation" not in attrs:
            return attrs
        lead = self._value(attrs, "organisation")
        if "co_owners" in attrs:
            co_owners = attrs["co_owners"]
        elif self.instance is not None:
            co_owners = list(self.instance.co_owners.all())
        else:
            co_owners = []
        try:
            check_co_owners(
                lead_id=lead.pk if lead is not None else the_council(), co_owners=co_owners
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        return attrs


class OrganisationSerializer(CheckedModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind", "website"]


class BodySerializer(CheckedModelSerializer):
    organisation_name = serializers.CharField(
        source="organisation.name", read_only=True, label="Organisation name"
    )
    reports_to_name = serializers.CharField(
        source="reports_to.name",
        read_only=True,
        default=None,
        allow_null=True,
        label="Reports to (name)",
    )

    class Meta:
        model = Body
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "organisation",
            "organisation_name",
            "reports_to",
            "reports_to_name",
            "purpose",
            "cadence",
            "terms_review_date",
            "established_on",
            "ended_on",
        ]


class MeetingSerializer(CheckedModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True, label="Body name")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "body",
            "body_name",
            "date",
            "title",
            "status",
            "location",
            "papers_url",
            "note",
        ]


class InformationRequestSerializer(CheckedModelSerializer):
    meeting_date = serializers.DateField(
        source="meeting.date", read_only=True, label="Asked at meeting on"
    )
    body = serializers.IntegerField(source="meeting.body_id", read_only=True, label="Body")
    body_name = serializers.CharField(source="meeting.body.name", read_only=True, label="Body name")
    requested_of_name = serializers.CharField(
        source="requested_of.name",
        read_only=True,
        default=None,
        allow_null=True,
        label="Requested of (name)",
    )
    effective_due_date = serializers.DateField(
        read_only=True, allow_null=True, label="Due (the date set, else the next meeting)"
    )
    is_overdue = serializers.BooleanField(read_only=True, label="Overdue")

    class Meta:
        model = InformationRequest
        fields = [
            "id",
            "meeting",
            "meeting_date",
            "body",
            "body_name",
            "reference",
            "request",
            "requested_of",
            "requested_of_name",
            "due_date",
            "effective_due_date",
            "is_overdue",
            "recurring",
            "status",
            "response",
            "provided_on",
        ]


class AreaOfWeaknessSerializer(CheckedModelSerializer):
    lead_name = serializers.CharField(
        source="lead.name", read_only=True, default=None, allow_null=True, label="Lead name"
    )
    current_rating = serializers.ChoiceField(
        choices=AreaAssessment.Rating.choices,
        read_only=True,
        allow_null=True,
        label="Current self-assessment",
    )
    current_assessed_on = serializers.DateField(
        read_only=True, allow_null=True, label="Assessed on"
    )
    current_rationale = serializers.CharField(read_only=True, allow_null=True, label="Rationale")

    class Meta:
        model = AreaOfWeakness
        fields = [
            "id",
            "inspection",
            "number",
            "title",
            "wording_confirmed",
            "finding",
            "revisit_judgement",
            "lead",
            "lead_name",
            "current_rating",
            "current_assessed_on",
            "current_rationale",
        ]


class PlanActionSerializer(CoOwnersSerializerMixin, CheckedModelSerializer):
    plan_title = serializers.CharField(source="plan.title", read_only=True, label="Plan")
    plan_kind = serializers.CharField(source="plan.kind", read_only=True, label="Kind of plan")
    lead_name = serializers.CharField(
        source="lead.name", read_only=True, default=None, allow_null=True, label="Lead name"
    )
    accountable_owner_name = serializers.CharField(
        source="accountable_owner.name",
        read_only=True,
        default=None,
        allow_null=True,
        label="Accountable owner (name)",
    )
    effective_due_date = serializers.DateField(
        read_only=True, allow_null=True, label="Due (the date set, else the next meeting)"
    )
    is_overdue = serializers.BooleanField(read_only=True, label="Overdue")

    class Meta:
        model = PlanAction
        fields = [
            "id",
            "plan",
            "plan_title",
            "plan_kind",
            "reference",
            "title",
            "description",
            "areas",
            "accountable_owner",
            "accountable_owner_name",
            "lead",
            "lead_name",
            "organisation",
            "co_owners",
            "timescale",
            "promised_at",
            "due_date",
            "effective_due_date",
            "is_overdue",
            "status",
            "completed_on",
            "evidence_of_completion",
            "impact_measure",
            "carried_forward_from",
        ]


class EvidenceItemSerializer(CheckedModelSerializer):
    """Evidence as the API shows and accepts it: a file is uploaded (multipart) and checked
    by its content; it is read back only through its permission-checked download address."""

    file = serializers.FileField(
        write_only=True,
        required=False,
        help_text="PDF, DOCX, XLSX, CSV, PNG or JPEG, checked by its content.",
    )
    download = serializers.SerializerMethodField(label="Download address of the file")
    reviewed_by_name = serializers.CharField(
        source="reviewed_by.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = EvidenceItem
        fields = [
            "id",
            "title",
            "kind",
            "dated",
            "summary",
            "area",
            "plan_action",
            "link",
            "file",
            "original_name",
            "download",
            "reviewed_by",
            "reviewed_by_name",
            "reviewed_on",
        ]
        read_only_fields = ["original_name"]

    def get_download(self, item: EvidenceItem) -> str | None:
        if not item.file:
            return None
        url = reverse("evidence-file", args=[item.token])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url
