"""``/api/v1/you-said-we-did/``: the co-production log. Anyone, signed in or not, reads the
entries approved for publication; the programme office and directors read every entry, with
whether it is published. Filtered by area of weakness, status and source."""

from __future__ import annotations

from django_filters import rest_framework as django_filters
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from governance.models import AreaOfWeakness, PlanAction
from projects.models import Project
from sendtrack.kernel.api.filters import StrictFilterBackend

from .models import CoproductionEntry
from .selectors import coproduction_entries_for


class _Area(serializers.ModelSerializer):
    class Meta:
        model = AreaOfWeakness
        fields = ["id", "number", "title"]


class _PlanAction(serializers.ModelSerializer):
    class Meta:
        model = PlanAction
        fields = ["id", "reference", "title"]


class _Project(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "code", "title"]


class CoproductionEntrySerializer(serializers.ModelSerializer):
    """What families said, where and when; what was done (with its plain-English summary and
    the plan actions and projects that answer it), how far it has got, and when families
    were told."""

    source_display = serializers.CharField(source="get_source_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    area = _Area(read_only=True)
    plan_actions = _PlanAction(many=True, read_only=True)
    projects = _Project(many=True, read_only=True)

    class Meta:
        model = CoproductionEntry
        fields = [
            "id",
            "source",
            "source_display",
            "heard_from",
            "said_on",
            "said",
            "area",
            "status",
            "status_display",
            "we_did",
            "we_did_summary",
            "not_taken_forward_reason",
            "families_told_on",
            "plan_actions",
            "projects",
            "is_published",
            "is_demo",
        ]
        read_only_fields = fields


class CoproductionEntryFilter(django_filters.FilterSet):
    area = django_filters.ModelChoiceFilter(
        queryset=AreaOfWeakness.objects.all(), help_text="Id of the area of weakness."
    )
    area_number = django_filters.NumberFilter(
        field_name="area__number", help_text="Number of the area of weakness, e.g. 3."
    )
    status = django_filters.MultipleChoiceFilter(choices=CoproductionEntry.Status.choices)
    source = django_filters.MultipleChoiceFilter(choices=CoproductionEntry.Source.choices)
    said_after = django_filters.DateFilter(
        field_name="said_on", lookup_expr="gte", help_text="Said on or after (YYYY-MM-DD)."
    )
    said_before = django_filters.DateFilter(
        field_name="said_on", lookup_expr="lte", help_text="Said on or before (YYYY-MM-DD)."
    )

    class Meta:
        model = CoproductionEntry
        fields = ["area", "area_number", "status", "source", "said_after", "said_before"]


class CoproductionEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """“You said, we did”: published entries for everyone, every entry for the roles that
    read the log; the latest said first."""

    queryset = CoproductionEntry.objects.none()
    serializer_class = CoproductionEntrySerializer
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    filter_backends = [StrictFilterBackend]
    filterset_class = CoproductionEntryFilter

    def get_queryset(self):
        return coproduction_entries_for(user=self.request.user).order_by("-said_on", "-pk")
