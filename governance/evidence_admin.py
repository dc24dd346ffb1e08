"""The programme office's door to evidence items: a file is checked by its content when
uploaded, is linked only through the permission-checked download, and each item keeps its
history (who changed what, and its review)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from sendtrack.kernel.admin import HTTPS_LINKS, ModelAdmin

from .models import EvidenceItem


@admin.register(EvidenceItem)
class EvidenceItemAdmin(ModelAdmin):
    """Evidence on an area or a plan action: the file is checked by its content when uploaded,
    and the history of each item (who changed what, and its review) is kept."""

    # The stored file is never linked by its storage address: the change page links it
    # through the permission-checked download instead.
    formfield_overrides = {**HTTPS_LINKS, models.FileField: {"widget": forms.FileInput}}
    list_display = ("title", "kind", "dated", "about", "reviewed", "download")
    list_filter = ("kind", "area", ("reviewed_on", admin.EmptyFieldListFilter))
    list_select_related = ("area", "plan_action", "reviewed_by")
    search_fields = ("title", "summary")
    autocomplete_fields = ("area", "plan_action", "reviewed_by")
    date_hierarchy = "dated"
    readonly_fields = ("download",)
    fieldsets = (
        (None, {"fields": ("title", "kind", "dated", "summary")}),
        ("What it evidences", {"fields": ("area", "plan_action")}),
        ("Where it is", {"fields": ("link", "file", "download")}),
        ("Review", {"fields": ("reviewed_by", "reviewed_on")}),
    )

    @admin.display(description="About")
    def about(self, obj: EvidenceItem) -> str:
        return obj.plan_action.reference if obj.plan_action else f"Area {obj.area.number}"

    @admin.display(description="Reviewed", ordering="reviewed_on")
    def reviewed(self, obj: EvidenceItem) -> str:
        if not obj.reviewed_on:
            return "Not reviewed"
        return f"{obj.reviewed_on:%-d %B %Y} by {obj.reviewed_by}"

    @admin.display(description="File")
    def download(self, obj: EvidenceItem) -> str:
        if not obj.pk or not obj.file:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("evidence-file", args=[obj.token]),
            obj.original_name or "Download",
        )
