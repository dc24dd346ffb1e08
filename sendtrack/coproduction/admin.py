"""The programme office's door to the co-production log: it records what families said and
what was done, and approves entries for publication; directors read them. The form warns
against recording anything that identifies a child and refuses dates of birth, NHS numbers
and UPNs (the model's validators), and shows how easily the plain-English summary reads."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Prefetch

from governance.models import PlanAction
from projects.models import Project
from sendtrack.kernel.admin import ModelAdmin, ReadabilityAdmin
from sendtrack.kernel.plain_english import readability

from .identifiers import WARNING
from .models import CoproductionEntry


@admin.register(CoproductionEntry)
class CoproductionEntryAdmin(ReadabilityAdmin, ModelAdmin):
    readability_fields = ("we_did_summary",)
    list_display = ("said_on", "short_said", "source", "area", "status", "is_published")
    list_display_links = ("said_on", "short_said")
    list_filter = ("status", "source", "is_published", "area", "is_demo")
    list_select_related = ("area",)
    search_fields = ("said", "we_did", "we_did_summary", "heard_from")
    date_hierarchy = "said_on"
    autocomplete_fields = ("area", "recorded_by", "plan_actions", "projects")
    readonly_fields = ("reading_age",)
    change_form_template = "admin/sendtrack/coproductionentry/change_form.html"
    fieldsets = (
        (
            "You said",
            {
                "fields": ("source", "heard_from", "said_on", "said", "area", "recorded_by"),
                "description": WARNING,
            },
        ),
        (
            "We did",
            {
                "fields": (
                    "status",
                    "we_did",
                    "we_did_summary",
                    "reading_age",
                    "not_taken_forward_reason",
                    "plan_actions",
                    "projects",
                    "families_told_on",
                )
            },
        ),
        ("Publication", {"fields": ("is_published", "is_demo", "source_citation")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("area", "recorded_by")
            .prefetch_related(
                Prefetch("plan_actions", queryset=PlanAction.objects.only("pk", "reference")),
                Prefetch("projects", queryset=Project.objects.only("pk", "code")),
            )
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        person = getattr(request.user, "person", None)
        if person is not None:
            initial.setdefault("recorded_by", person.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if obj.recorded_by_id is None:
            obj.recorded_by = getattr(request.user, "person", None)
        super().save_model(request, obj, form, change)
        found = readability(obj.we_did_summary)
        if found is not None and found.too_hard:
            self.message_user(request, f"Plain-English summary: {found}", messages.WARNING)

    @admin.display(description="You said")
    def short_said(self, obj: CoproductionEntry) -> str:
        return obj.said if len(obj.said) <= 80 else f"{obj.said[:79]}…"

    @admin.display(description="Reading age of the summary")
    def reading_age(self, obj: CoproductionEntry | None) -> str:
        found = readability(obj.we_did_summary) if obj is not None else None
        if found is None:
            return "Shown once a summary is saved."
        return str(found)
