"""The programme office's door to board business: on a meeting's page, its agenda, its
decisions, the actions it set, its responses to escalations and the approval of its minutes;
the action log across meetings in a list of its own. Every change is kept in history."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone

from governance.admin import MeetingAdmin as GovernanceMeetingAdmin
from governance.models import Meeting
from sendtrack.kernel.admin import ModelAdmin, StackedInline, preloading

from .models import AgendaItem, BoardAction, Decision, EscalationResponse
from .selectors import actions_with_due


class AgendaItemInline(StackedInline):
    model = AgendaItem
    formset = preloading("owner")
    extra = 0
    fields = (
        ("number", "title"),
        "owner",
        ("paper", "paper_url"),
        "projects",
        "areas",
        "risks",
    )
    autocomplete_fields = ("owner", "projects", "areas", "risks")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("owner")
            .prefetch_related("projects", "areas", "risks")
        )


class DecisionInline(StackedInline):
    model = Decision
    extra = 0
    fields = (("reference", "decided_by"), "decision", "agenda_item")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agenda_item")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item":
            meeting_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = AgendaItem.objects.filter(meeting_id=meeting_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class BoardActionInline(StackedInline):
    model = BoardAction
    fk_name = "raised_at"
    formset = preloading("owner", "due_meeting")
    extra = 0
    verbose_name = "action set at this meeting"
    verbose_name_plural = "actions set at this meeting"
    fields = (
        ("reference", "status"),
        "action",
        "owner",
        ("due_meeting", "due_date"),
        "completed_on",
        "update",
    )
    autocomplete_fields = ("owner", "due_meeting")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner", "due_meeting__body")


class EscalationResponseInline(StackedInline):
    model = EscalationResponse
    formset = preloading("responded_by")
    extra = 0
    fields = ("status_report", "risk", "response", "responded_by")
    raw_id_fields = ("status_report", "risk")
    autocomplete_fields = ("responded_by",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("responded_by")


admin.site.unregister(Meeting)


@admin.register(Meeting)
class MeetingAdmin(GovernanceMeetingAdmin):
    """A meeting with its business: agenda, decisions, actions and responses, and whether its
    minutes have been approved (at a later meeting of the body, signed by its chair)."""

    list_display = (*GovernanceMeetingAdmin.list_display, "minutes_approved_at")
    list_select_related = ("body", "minutes_approved_at__body")
    autocomplete_fields = ("body", "minutes_approved_at", "minutes_approved_by")
    inlines = (
        *GovernanceMeetingAdmin.inlines,
        AgendaItemInline,
        DecisionInline,
        BoardActionInline,
        EscalationResponseInline,
    )


@admin.register(BoardAction)
class BoardActionAdmin(ModelAdmin):
    """The action log across meetings: an action set at one meeting is updated here (or on
    its meeting's page) until it is done."""

    list_display = ("reference", "short_action", "raised_at", "owner", "due", "status")
    list_display_links = ("reference", "short_action")
    list_filter = ("status", "raised_at__body")
    list_select_related = ("raised_at__body", "owner", "due_meeting__body")
    search_fields = ("reference", "action", "update")
    autocomplete_fields = ("raised_at", "owner", "due_meeting")

    def get_queryset(self, request):
        return actions_with_due(super().get_queryset(request))

    @admin.display(description="action")
    def short_action(self, obj: BoardAction) -> str:
        return str(obj).split(": ", 1)[-1]

    @admin.display(description="due", ordering="due_on")
    def due(self, obj: BoardAction):
        day = obj.due_on
        if day is None:
            return "—"
        late = obj.status in BoardAction.OUTSTANDING and day < timezone.localdate()
        return f"{day:%-d %b %Y}" + (" (overdue)" if late else "")
