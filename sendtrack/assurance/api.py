"""The areas of weakness with their assurance, in the API: ``/api/v1/areas/`` lists the
current areas by number with the assurance matrix's figures, and
``/api/v1/areas/{number}/assurance/`` answers one area's page: its figures, every plan action
with its delivery and impact ratings, the projects, the indicators and the evidence. Both read
the same selectors as the pages, so the figures always agree. For the programme office and
directors, like the pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from governance.api.serializers import AreaOfWeaknessSerializer
from governance.api.views import AreaOfWeaknessViewSet
from governance.assurance import Confidence, Delivery, Impact
from governance.models import EvidenceItem
from governance.selectors import area_by_number, current_areas
from indicators.periods import period_label
from sendtrack.kernel.rag import RAG

from .selectors import area_assurance, assurance_matrix

ASSURANCE_PERMISSION = "governance.view_evidenceitem"


class ReadsAssurance(BasePermission):
    """The programme office and directors: those who may read evidence."""

    message = "Only the programme office and directors read the assurance of the areas."

    def has_permission(self, request, view):
        return bool(request.user and request.user.has_perm(ASSURANCE_PERMISSION))


class AwaitingSignOffSerializer(serializers.Serializer):
    reference = serializers.CharField(label="Action")
    awaiting_sign_off_by = serializers.ListField(
        child=serializers.CharField(), help_text="The owning organisations yet to sign it off."
    )


class AssuranceFiguresSerializer(serializers.Serializer):
    rated_actions = serializers.IntegerField(label="Actions counted")
    actions_complete = serializers.IntegerField(label="Actions complete")
    actions_open = serializers.IntegerField(label="Actions open")
    actions_carried_forward = serializers.IntegerField(
        label="Actions carried forward to a later plan (not counted)"
    )
    actions_withdrawn = serializers.IntegerField(label="Actions withdrawn (not counted)")
    actions_delivered_percent = serializers.IntegerField(
        allow_null=True, label="Actions delivered (%)"
    )
    impact_evidenced_percent = serializers.IntegerField(
        allow_null=True, label="Impact evidenced (%)"
    )
    indicators_on_target_percent = serializers.IntegerField(
        allow_null=True, label="Indicators on target (%)"
    )
    indicators_with_target = serializers.IntegerField(label="Indicators with a target")
    open_red_risks = serializers.IntegerField(label="Open red risks")
    overdue_actions = serializers.IntegerField(label="Overdue actions")
    outstanding_information_requests = serializers.IntegerField(
        label="Outstanding information requests"
    )
    complete_without_impact = serializers.IntegerField(
        label="Complete but impact not yet evidenced"
    )
    actions_awaiting_sign_off = AwaitingSignOffSerializer(
        many=True,
        help_text="Jointly owned actions marked complete, counted as open until every owning "
        "organisation has signed them off.",
    )
    confidence = serializers.ChoiceField(choices=Confidence.choices, label="Overall confidence")


class AreaWithAssuranceSerializer(AreaOfWeaknessSerializer):
    """An area with the assurance matrix's figures, flat so that CSV and XLSX have a column
    for each."""

    rated_actions = serializers.IntegerField(
        source="figures.rated_actions", read_only=True, label="Actions counted"
    )
    actions_complete = serializers.IntegerField(
        source="figures.actions.complete", read_only=True, label="Actions complete"
    )
    actions_open = serializers.IntegerField(
        source="figures.actions.open", read_only=True, label="Actions open"
    )
    actions_carried_forward = serializers.IntegerField(
        source="figures.actions.carried_forward",
        read_only=True,
        label="Actions carried forward to a later plan (not counted)",
    )
    actions_withdrawn = serializers.IntegerField(
        source="figures.actions.withdrawn", read_only=True, label="Actions withdrawn (not counted)"
    )
    actions_delivered_percent = serializers.IntegerField(
        source="figures.delivered", read_only=True, allow_null=True, label="Actions delivered (%)"
    )
    impact_evidenced_percent = serializers.IntegerField(
        source="figures.impact_evidenced",
        read_only=True,
        allow_null=True,
        label="Impact evidenced (%)",
    )
    indicators_on_target_percent = serializers.IntegerField(
        source="figures.on_target",
        read_only=True,
        allow_null=True,
        label="Indicators on target (%)",
    )
    indicators_with_target = serializers.IntegerField(
        source="figures.indicators_with_target", read_only=True
    )
    open_red_risks = serializers.IntegerField(source="figures.red_risks", read_only=True)
    overdue_actions = serializers.IntegerField(source="figures.overdue_actions", read_only=True)
    outstanding_information_requests = serializers.IntegerField(
        source="figures.outstanding_requests", read_only=True
    )
    complete_without_impact = serializers.IntegerField(
        source="figures.complete_without_impact",
        read_only=True,
        label="Complete but impact not yet evidenced",
    )
    confidence = serializers.ChoiceField(
        source="figures.confidence",
        choices=Confidence.choices,
        read_only=True,
        label="Overall confidence",
    )

    class Meta(AreaOfWeaknessSerializer.Meta):
        fields = [
            *AreaOfWeaknessSerializer.Meta.fields,
            "rated_actions",
            "actions_complete",
            "actions_open",
            "actions_carried_forward",
            "actions_withdrawn",
            "actions_delivered_percent",
            "impact_evidenced_percent",
            "indicators_on_target_percent",
            "indicators_with_target",
            "open_red_risks",
            "overdue_actions",
            "outstanding_information_requests",
            "complete_without_impact",
            "confidence",
        ]


class LinkedProjectSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    latest_rag = serializers.ChoiceField(choices=RAG.choices, allow_null=True)


class LinkedIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    latest_value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    latest_period = serializers.DateField(allow_null=True)
    period_type = serializers.CharField()
    latest_period_label = serializers.SerializerMethodField()
    target_value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    rag = serializers.ChoiceField(choices=RAG.choices, allow_null=True)
    direction = serializers.CharField(allow_null=True)
    england_value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    neighbours_value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)

    def get_latest_period_label(self, indicator) -> str:
        return period_label(indicator.latest_period, indicator.period_type)


class RatedActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.CharField(source="plan.title")
    plan_kind = serializers.CharField(source="plan.kind")
    reference = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    effective_due_date = serializers.DateField(allow_null=True)
    completed_on = serializers.DateField(allow_null=True)
    carried_forward_from = serializers.IntegerField(
        source="carried_forward_from_id", allow_null=True
    )
    delivery = serializers.ChoiceField(choices=Delivery.choices, allow_null=True)
    impact = serializers.ChoiceField(choices=Impact.choices, allow_null=True)
    complete_without_impact = serializers.BooleanField()
    awaiting_sign_off_by = serializers.ListField(
        child=serializers.CharField(),
        help_text="Marked complete and owned jointly: the owning organisations yet to sign it "
        "off (empty once every one has).",
    )
    has_reviewed_evidence = serializers.BooleanField()
    projects = LinkedProjectSerializer(source="projects.all", many=True)
    indicators = serializers.ListField(child=serializers.CharField(), source="indicator_codes")


class EvidenceSerializer(serializers.Serializer):
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=EvidenceItem.Kind.choices)
    dated = serializers.DateField()
    summary = serializers.CharField()
    plan_action = serializers.IntegerField(source="plan_action_id", allow_null=True)
    link = serializers.CharField()
    download = serializers.SerializerMethodField()
    reviewed_by = serializers.CharField(source="reviewed_by.name", default=None, allow_null=True)
    reviewed_on = serializers.DateField(allow_null=True)

    def get_download(self, item: EvidenceItem) -> str | None:
        if not item.file:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("evidence-file", args=[item.token])
        )


class AreaAssuranceSerializer(serializers.Serializer):
    area = AreaOfWeaknessSerializer(source="area_with_assessment")
    as_at = serializers.DateField()
    figures = AssuranceFiguresSerializer(source="figures.as_dict")
    actions = RatedActionSerializer(many=True)
    projects = LinkedProjectSerializer(source="figures.projects", many=True)
    indicators = LinkedIndicatorSerializer(source="figures.indicators", many=True)
    evidence = EvidenceSerializer(many=True)


class AreaViewSet(AreaOfWeaknessViewSet):
    """The current areas of weakness by number, each with its assurance: actions delivered
    and impact evidenced (%), indicators on target (%), open red risks, overdue actions,
    outstanding information requests and the overall confidence. Read only."""

    http_method_names = ["get", "head", "options"]
    serializer_class = AreaWithAssuranceSerializer
    permission_classes = [*AreaOfWeaknessViewSet.permission_classes, ReadsAssurance]
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    table_title = "Areas of weakness with their assurance"

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=current_areas().values("pk"))

    def history_rows(self):
        # An area's number is unique only within the current inspection.
        return super().history_rows().filter(pk__in=current_areas().values("pk"))

    def _with_figures(self, areas):
        figures = {row.area.pk: row for row in assurance_matrix(today=timezone.localdate())}
        for area in areas:
            area.figures = figures[area.pk]
        return areas

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = self._with_figures(list(page if page is not None else queryset))
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        area = self._with_figures([self.get_object()])[0]
        return Response(self.get_serializer(area).data)

    @extend_schema(
        responses=AreaAssuranceSerializer,
        description="One area's assurance, as its page shows it: the figures, every plan "
        "action mapped to it with its delivery and impact ratings, the projects serving it "
        "with their latest RAG, the indicators evidencing it and the evidence items.",
    )
    @action(detail=True, renderer_classes=[JSONRenderer], filter_backends=[], pagination_class=None)
    def assurance(self, request, number=None):
        area = area_by_number(int(number)) if str(number).isdigit() else None
        if area is None:
            raise NotFound("There is no area of weakness with this number.")
        result = area_assurance(area=area, today=timezone.localdate())
        result.area_with_assessment = self.get_queryset().get(pk=area.pk)
        for a in result.actions:
            a.indicator_codes = [i.code for i in a.indicators.all()]
        return Response(AreaAssuranceSerializer(result, context={"request": request}).data)
