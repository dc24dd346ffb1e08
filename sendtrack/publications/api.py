"""``/api/v1/publications/``: every published version's frozen snapshot, readable without
signing in. Drafts, submitted and approved publications are never listed: only versions."""

from __future__ import annotations

from django.urls import reverse
from django_filters import rest_framework as django_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from sendtrack.kernel.api.filters import StrictFilterBackend

from .models import PublicationVersion
from .selectors import versions_published


class PublishedVersionSerializer(serializers.ModelSerializer):
    """A published version: where to read it, when it was published and why it was corrected,
    and its snapshot (display text and raw numbers of every section it shows)."""

    publication = serializers.CharField(source="publication.slug", read_only=True)
    title = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    content = serializers.JSONField(read_only=True)

    class Meta:
        model = PublicationVersion
        fields = [
            "id",
            "publication",
            "number",
            "title",
            "published_at",
            "correction_note",
            "url",
            "pdf_url",
            "content",
        ]

    def get_title(self, version: PublicationVersion) -> str:
        return version.content["title"]

    def get_url(self, version: PublicationVersion) -> str:
        path = reverse("publication-version", args=[version.publication.slug, version.number])
        return self.context["request"].build_absolute_uri(path)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf_url(self, version: PublicationVersion) -> str | None:
        if version.pdf_status != PublicationVersion.PdfStatus.READY:
            return None
        path = reverse("publication-pdf", args=[version.publication.slug, version.number])
        return self.context["request"].build_absolute_uri(path)


class PublishedVersionFilter(django_filters.FilterSet):
    publication = django_filters.CharFilter(
        field_name="publication__slug", help_text="A publication's slug, e.g. its versions."
    )

    class Meta:
        model = PublicationVersion
        fields = ["publication"]


class PublishedVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Published summaries: every version, newest first, as frozen when it was published."""

    queryset = PublicationVersion.objects.none()
    serializer_class = PublishedVersionSerializer
    permission_classes = [AllowAny]
    # Anyone may read: a stale or wrong token must not stand between the public and these.
    authentication_classes: list = []
    renderer_classes = [JSONRenderer]
    filter_backends = [StrictFilterBackend]
    filterset_class = PublishedVersionFilter

    def get_queryset(self):
        return versions_published().order_by("-published_at", "-pk")
