"""The emails sendtrack has sent (reminders and digests), for the programme office to see who
was chased about what, and when."""

from __future__ import annotations

from django.contrib import admin

from sendtrack.kernel.admin.base import ReadOnlyModelAdmin

from ..models import EmailLog


@admin.register(EmailLog)
class EmailLogAdmin(ReadOnlyModelAdmin):
    list_display = ("sent_at", "kind", "recipient", "person", "about_label", "month", "copied_to")
    list_filter = ("kind", ("sent_on", admin.DateFieldListFilter))
    search_fields = ("recipient", "person__name", "project__code", "indicator__code")
    list_select_related = ("person", "project", "indicator")
    date_hierarchy = "sent_on"
    fields = (
        "kind",
        "recipient",
        "person",
        "about_label",
        "month",
        "copied_to",
        "sent_on",
        "sent_at",
    )

    @admin.display(description="About")
    def about_label(self, obj: EmailLog) -> str:
        about = obj.about
        return str(about) if about is not None else "–"

    @admin.display(description="Month", ordering="period")
    def month(self, obj: EmailLog) -> str:
        return f"{obj.period:%B %Y}" if obj.period else "–"
