"""Document builds in the admin: the programme office asks for a document (the monthly reports
pack) and watches it go from queued to ready, then downloads it; directors read the list and
download. Nobody edits a build: a new one is asked for instead ("Build again")."""

from __future__ import annotations

from functools import partial
from pathlib import PurePath

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from projects.selectors import month_add
from sendtrack.kernel.admin.base import ReadOnlyModelAdmin

from ..documents import document_build_request
from ..jobs import waiting_for_queue
from ..models import DocumentBuild

Status = DocumentBuild.Status
# How far back the month list on the request form goes.
MONTHS_OFFERED = 24


def _month_choices() -> list[tuple[str, str]]:
    this_month = timezone.localdate().replace(day=1)
    choices = [(f"{this_month:%Y-%m}", f"{this_month:%B %Y} (so far)")]
    for back in range(1, MONTHS_OFFERED + 1):
        month = month_add(this_month, -back)
        choices.append((f"{month:%Y-%m}", f"{month:%B %Y}"))
    return choices


class DocumentBuildForm(forms.ModelForm):
    """Asking for a document: which one, and for which month."""

    month = forms.ChoiceField(help_text="The month the reports cover, judged at its end.")

    class Meta:
        model = DocumentBuild
        fields = ("kind",)
        help_texts = {
            "kind": "The monthly reports pack is one Excel workbook with the milestones, "
            "risks, KPI and programme reports for the month. The evidence pack (of all nine "
            "areas of weakness, as they stand when it is built) is a ZIP of a dated PDF and "
            "the evidence files; an area's own pack is asked for on its assurance page."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A meeting's pack is asked for on its meeting's page, where the meeting is chosen.
        if "kind" in self.fields:
            self.fields["kind"].choices = [
                choice
                for choice in self.fields["kind"].choices
                if choice[0] != DocumentBuild.Kind.BOARD_PACK
            ]
        choices = _month_choices()
        self.fields["month"].choices = choices
        self.fields["month"].initial = choices[1][0]  # the month just gone

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("month"):
            self.instance.parameters = {"period": cleaned["month"]}
        return cleaned


def _outcome(request, build_id: int) -> None:
    """Tell the person who asked where their build got to once it was handed over."""
    build = DocumentBuild.objects.get(pk=build_id)
    if build.status == Status.SUCCEEDED:
        messages.success(request, f"{build.title}: ready. Download it from the list.")
    elif build.status == Status.FAILED:
        messages.error(request, f"{build.title}: not built. {build.error}")
    elif build.status == Status.WAITING:
        messages.warning(request, f"{build.title}: asked for. {waiting_for_queue('It')}")
    else:
        messages.success(
            request,
            f"{build.title}: being built. It usually takes under a minute; refresh this page "
            "to see when it is ready.",
        )


@admin.register(DocumentBuild)
class DocumentBuildAdmin(ReadOnlyModelAdmin):
    form = DocumentBuildForm
    list_display = (
        "title",
        "status_label",
        "requested_by",
        "requested_at",
        "finished_at",
        "download",
    )
    list_filter = ("status", "kind", ("requested_at", admin.DateFieldListFilter))
    list_select_related = ("requested_by",)
    date_hierarchy = "requested_at"
    actions = ("build_again",)
    details = (
        "title",
        "status_label",
        "error",
        "requested_by",
        "requested_at",
        "started_at",
        "finished_at",
        "download",
    )

    def has_add_permission(self, request):
        # Asking for a build is adding one; the build itself is never edited.
        return super(ReadOnlyModelAdmin, self).has_add_permission(request)

    def get_fields(self, request, obj=None):
        return ("kind", "month") if obj is None else self.details

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.details

    def get_urls(self):
        download = path(
            "<path:object_id>/download/",
            self.admin_site.admin_view(self.download_view),
            name="sendtrack_documentbuild_download",
        )
        return [download, *super().get_urls()]

    def save_model(self, request, obj, form, change):
        document_build_request(build=obj, user=request.user)
        # Runs after the build has been handed over, so it can say whether it was taken.
        transaction.on_commit(partial(_outcome, request, obj.pk))

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:sendtrack_documentbuild_changelist"))

    @admin.action(
        description="Build again (a new build, same document and month)", permissions=["add"]
    )
    def build_again(self, request, queryset):
        for earlier in queryset.order_by("pk"):
            build = DocumentBuild(kind=earlier.kind, parameters=earlier.parameters)
            document_build_request(build=build, user=request.user)
            transaction.on_commit(partial(_outcome, request, build.pk))

    def download_view(self, request, object_id):
        build = self.get_object(request, object_id)
        if build is None or not self.has_view_permission(request, build):
            raise Http404("There is no such document.")
        if build.status != Status.SUCCEEDED or not build.file:
            raise Http404("This document is not ready to download.")
        try:
            handle = build.file.open("rb")
        except FileNotFoundError as error:
            raise Http404("This document's file is missing: build it again.") from error
        return FileResponse(handle, as_attachment=True, filename=PurePath(build.file.name).name)

    @admin.display(description="Document", ordering="kind")
    def title(self, obj: DocumentBuild) -> str:
        return obj.title

    @admin.display(description="Status", ordering="status")
    def status_label(self, obj: DocumentBuild) -> str:
        label = obj.get_status_display()
        if obj.status == Status.WAITING:
            return f"{label} (built when it is back)"
        return f"{label}: {obj.error}" if obj.status == Status.FAILED and obj.error else label

    @admin.display(description="File")
    def download(self, obj: DocumentBuild) -> str:
        if obj.status != Status.SUCCEEDED or not obj.file:
            return "–"
        url = reverse("admin:sendtrack_documentbuild_download", args=[obj.pk])
        return format_html(
            '<a href="{}" download>Download<span class="visually-hidden"> {}</span></a>',
            url,
            obj.title,
        )
