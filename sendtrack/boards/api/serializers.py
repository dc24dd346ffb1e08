"""Board business as the API shows it (read only). Foreign keys travel as ids with a readable
name beside them, so that CSV and XLSX files stay flat."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from ..models import AgendaItem, BoardAction, Decision


class AgendaItemSerializer(serializers.ModelSerializer):
    meeting_date = serializers.DateField(source="meeting.date", read_only=True, label="Meeting on")
    body = serializers.IntegerField(source="meeting.body_id", read_only=True, label="Body")
    body_name = serializers.CharField(source="meeting.body.name", read_only=True, label="Body name")
    owner_name = serializers.CharField(
        source="owner.name", read_only=True, default=None, allow_null=True, label="Presented by"
    )
    paper = serializers.SerializerMethodField(
        label="Paper (download)", help_text="Where to download the paper, if it is a file."
    )
    projects = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Codes of the projects it concerns."
    )
    areas = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, label="Areas of weakness", help_text="Ids of the areas."
    )
    risks = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Ids of the risks it concerns."
    )

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "meeting_date",
            "body",
            "body_name",
            "number",
            "title",
            "owner",
            "owner_name",
            "paper",
            "paper_url",
            "projects",
            "areas",
            "risks",
        ]
        read_only_fields = fields

    def get_paper(self, item: AgendaItem) -> str | None:
        if not item.paper:
            return None
        path = reverse("agenda-paper", args=[item.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class DecisionSerializer(serializers.ModelSerializer):
    meeting_date = serializers.DateField(source="meeting.date", read_only=True, label="Meeting on")
    body = serializers.IntegerField(source="meeting.body_id", read_only=True, label="Body")
    body_name = serializers.CharField(source="meeting.body.name", read_only=True, label="Body name")
    agenda_item_title = serializers.CharField(
        source="agenda_item.title",
        read_only=True,
        default=None,
        allow_null=True,
        label="Agenda item (title)",
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "meeting_date",
            "body",
            "body_name",
            "reference",
            "decision",
            "decided_by",
            "agenda_item",
            "agenda_item_title",
        ]
        read_only_fields = fields


class BoardActionSerializer(serializers.ModelSerializer):
    raised_at_date = serializers.DateField(
        source="raised_at.date", read_only=True, label="Set at meeting on"
    )
    body = serializers.IntegerField(source="raised_at.body_id", read_only=True, label="Body")
    body_name = serializers.CharField(
        source="raised_at.body.name", read_only=True, label="Body name"
    )
    owner_name = serializers.CharField(source="owner.name", read_only=True, label="Owner name")
    due_on = serializers.DateField(
        read_only=True, allow_null=True, label="Due (the date set, else the due meeting's)"
    )
    is_overdue = serializers.BooleanField(
        read_only=True, label="Overdue", help_text="Not done nor dropped, and due before today."
    )

    class Meta:
        model = BoardAction
        fields = [
            "id",
            "raised_at",
            "raised_at_date",
            "body",
            "body_name",
            "reference",
            "action",
            "owner",
            "owner_name",
            "due_meeting",
            "due_date",
            "due_on",
            "is_overdue",
            "status",
            "completed_on",
            "update",
        ]
        read_only_fields = fields


class ActionLogEntrySerializer(BoardActionSerializer):
    """An action as a meeting takes it: brought forward from an earlier meeting or set at
    this one, overdue if due before the meeting's day and not done."""

    brought_forward = serializers.BooleanField(
        read_only=True, help_text="Set at an earlier meeting of the body."
    )
    is_overdue = serializers.BooleanField(
        read_only=True,
        label="Overdue at the meeting",
        help_text="Not done nor dropped, and due before the meeting's day.",
    )

    class Meta(BoardActionSerializer.Meta):
        fields = [*BoardActionSerializer.Meta.fields, "brought_forward"]
        read_only_fields = fields


class EscalationResponseSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(source="meeting_id", help_text="The meeting that answered.")
    meeting_date = serializers.DateField(source="meeting.date")
    response = serializers.CharField()
    responded_by = serializers.IntegerField(source="responded_by_id", allow_null=True)
    responded_by_name = serializers.CharField(
        source="responded_by.name", default=None, allow_null=True
    )


class EscalationSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The escalation's key: “report-12” or “risk-7”.")
    kind = serializers.ChoiceField(
        choices=[("report", "Monthly report"), ("risk", "Risk escalated")]
    )
    kind_label = serializers.CharField()
    record_id = serializers.IntegerField(help_text="The status report's or the risk's id.")
    project = serializers.IntegerField(source="project.pk", default=None, allow_null=True)
    project_code = serializers.CharField(source="project.code", default=None, allow_null=True)
    title = serializers.CharField()
    text = serializers.CharField(help_text="What the project asked the body to decide or unblock.")
    raised_on = serializers.DateField(allow_null=True)
    responses = EscalationResponseSerializer(
        many=True, help_text="The body's responses, at this meeting or earlier ones."
    )
