"""The daily snapshots of projects and workstreams: read-only lists for the programme office
and directors, by day."""

from __future__ import annotations

from django.contrib import admin

from sendtrack.kernel.admin import RagListFilter, ReadOnlyModelAdmin, rag_badge

from ..models import ProjectSnapshot, WorkstreamSnapshot
from .display import format_month


class SnapshotRagFilter(RagListFilter):
    title = "latest RAG"
    annotation = "rag"


@admin.register(ProjectSnapshot)
class ProjectSnapshotAdmin(ReadOnlyModelAdmin):
    list_display = (
        "day",
        "project",
        "rag_badge",
        "rag_month",
        "report_missing",
        "milestones_overdue",
        "risks_open",
        "risks_red",
    )
    list_filter = (("day", admin.DateFieldListFilter), SnapshotRagFilter, "project__workstream")
    search_fields = ("project__code", "project__title")
    list_select_related = ("project",)
    date_hierarchy = "day"

    @admin.display(description="Latest RAG", ordering="rag")
    def rag_badge(self, obj: ProjectSnapshot) -> str:
        return rag_badge(obj.rag)

    @admin.display(description="Month of that RAG", ordering="rag_period")
    def rag_month(self, obj: ProjectSnapshot) -> str:
        return format_month(obj.rag_period)


@admin.register(WorkstreamSnapshot)
class WorkstreamSnapshotAdmin(ReadOnlyModelAdmin):
    list_display = (
        "day",
        "workstream",
        "projects",
        "red",
        "amber",
        "green",
        "blue",
        "not_rated",
        "reports_missing",
        "milestones_overdue",
        "risks_red",
    )
    list_filter = (("day", admin.DateFieldListFilter), "workstream")
    list_select_related = ("workstream",)
    date_hierarchy = "day"
