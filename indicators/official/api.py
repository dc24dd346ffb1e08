"""``/api/v1/official-statistics/imports/``: import a release by posting its files (multipart),
as the admin upload does, and list the runs with their reports. The programme office imports;
directors read the runs."""

from __future__ import annotations

from django.db.models import Count
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from sendtrack.kernel.api.views import ResourceViewSet

from ..models import ImportRun
from .report import run_problems
from .services import Upload, official_statistics_import


class ImportRunSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True, allow_null=True)
    revisions = serializers.SerializerMethodField(label="Values revised")

    class Meta:
        model = ImportRun
        fields = [
            "id",
            "started_at",
            "user",
            "door",
            "release",
            "files",
            "dry_run",
            "outcome",
            "created",
            "updated",
            "unchanged",
            "suppressed",
            "errors",
            "changes",
            "revisions",
        ]

    def get_revisions(self, run: ImportRun) -> int:
        return getattr(run, "revision_count", 0)


class ImportUpload(serializers.Serializer):
    files = serializers.ListField(
        child=serializers.FileField(),
        allow_empty=False,
        help_text="The release's zip, or one or more of its CSV files.",
    )
    release = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Default: the files' names."
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Report what would change; write nothing."
    )


class ImportRunFilter(filters.FilterSet):
    outcome = filters.ChoiceFilter(choices=ImportRun.Outcome.choices)
    dry_run = filters.BooleanFilter()

    class Meta:
        model = ImportRun
        fields = ["outcome", "dry_run"]


class ImportRunViewSet(mixins.CreateModelMixin, ResourceViewSet):
    """Imports of the DfE's official statistics, newest first. POST the files (multipart) to
    import a release: 201 with the run's counts and changes, or 400 naming each problem's file,
    row and column, with nothing imported."""

    queryset = ImportRun.objects.all()
    serializer_class = ImportRunSerializer
    filterset_class = ImportRunFilter
    search_fields = ["release"]
    ordering_fields = ["started_at"]
    parser_classes = [MultiPartParser]

    def annotate(self, queryset):
        return queryset.select_related("user").annotate(revision_count=Count("revisions"))

    @extend_schema(request=ImportUpload, responses={201: ImportRunSerializer})
    def create(self, request, *args, **kwargs):
        data = {
            "files": request.FILES.getlist("files"),
            **{k: request.data[k] for k in ("release", "dry_run") if k in request.data},
        }
        given = ImportUpload(data=data)
        given.is_valid(raise_exception=True)
        run = official_statistics_import(
            uploads=[Upload(f.name, f.read()) for f in given.validated_data["files"]],
            user=request.user,
            door=ImportRun.Door.API,
            release=given.validated_data.get("release", ""),
            dry_run=given.validated_data["dry_run"],
        )
        if run.outcome == ImportRun.Outcome.REFUSED:
            raise serializers.ValidationError(
                {"files": [ErrorDetail(p, code="invalid_file") for p in run_problems(run)]}
            )
        run = self.annotate(ImportRun.objects.filter(pk=run.pk)).get()
        return Response(self.get_serializer(run).data, status=201)
