"""The officers' door to published summaries: the programme office drafts a publication for a
meeting, previews it, submits it; a director approves it (or sends it back); the programme
office publishes it and, later, corrects it. Every step is a button leading to a confirmation,
and calls the same services as everything else."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from sendtrack.jobs import PUBLICATION_PDF, jobs_enqueue, waiting_for_queue
from sendtrack.kernel.admin import ModelAdmin, ReadabilityAdmin
from sendtrack.kernel.plain_english import Readability, readability

from . import services
from .models import Publication, PublicationVersion, Section, WorkforceFigure
from .permissions import WORKFLOW, can_preview_publication, publication_actions_for
from .selectors import pdfs_to_build

STEPS = {
    "submit": {
        "label": "Submit for approval",
        "question": "Submit this publication to the directors for approval?",
        "explain": "A director will check the preview and approve it, or send it back.",
        "service": services.publication_submit,
        "done": "Submitted for a director's approval.",
    },
    "send_back": {
        "label": "Send back to the programme office",
        "question": "Send this publication back to the programme office as a draft?",
        "explain": "The programme office can change it and submit it again.",
        "service": services.publication_send_back,
        "done": "Sent back to the programme office as a draft.",
    },
    "approve": {
        "label": "Approve",
        "question": "Approve this publication for publishing?",
        "explain": "Check the preview first: once the programme office publishes it, what it "
        "shows is frozen and can change only through a correction.",
        "service": services.publication_approve,
        "done": "Approved. The programme office can now publish it.",
    },
    "publish": {
        "label": "Publish",
        "question": "Publish this publication now?",
        "explain": "Its content is frozen as it stands now and goes on the public pages, the "
        "feed and the API at once; its PDF is built straight after.",
        "service": services.publication_publish,
        "done": "Published.",
    },
    "correct": {
        "label": "Publish a correction",
        "question": "Start a correction of this publication?",
        "explain": "The published version stays as it is. The publication returns to draft; "
        "once a director approves it again, publishing it makes a new version showing "
        "“corrected on … because …” with the reason you give.",
        "service": services.publication_start_correction,
        "done": "Correction started: check the preview, then submit it for approval.",
    },
}


# Links set among text are underlined, so that they do not rely on colour alone (WCAG 1.4.1).
UNDERLINED = mark_safe('class="underlined"')  # noqa: S308 - a constant


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label="Why is it being corrected?",
        help_text="Readers will see: “Corrected on [date] because [your reason]”. For example: "
        "“the figure for KPI-03 was for the wrong month”.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VersionInline(admin.TabularInline):
    model = PublicationVersion
    extra = 0
    can_delete = False
    fields = ("number", "published_at", "published_by", "approved_by", "correction_note", "links")
    readonly_fields = fields
    verbose_name = "published version"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("publication", "published_by", "approved_by")
            .defer("content")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Public page and PDF")
    def links(self, version: PublicationVersion) -> str:
        page = reverse("publication-version", args=[version.publication.slug, version.number])
        if version.pdf_status == PublicationVersion.PdfStatus.READY:
            pdf_url = reverse("publication-pdf", args=[version.publication.slug, version.number])
            pdf = format_html('<a href="{}" {}>PDF</a>', pdf_url, UNDERLINED)
        elif version.pdf_status == PublicationVersion.PdfStatus.FAILED:
            pdf = format_html("PDF failed: {}", version.pdf_error)
        elif version.pdf_status == PublicationVersion.PdfStatus.WAITING:
            pdf = "PDF waiting for the job queue (built when it is back)"
        else:
            pdf = "PDF being built"
        return format_html('<a href="{}" {}>Public page</a> · {}', page, UNDERLINED, pdf)


def _reading_ages(publication: Publication | None) -> list[tuple[str, Readability]]:
    """The reading age of the introduction and of each section's summary that is written."""
    if publication is None:
        return []
    texts = [("Introduction", publication.summary)]
    texts += [(section.label, publication.section_summary(section)) for section in Section]
    return [(label, grade) for label, text in texts if (grade := readability(text))]


@admin.register(Publication)
class PublicationAdmin(ReadabilityAdmin, ModelAdmin):
    list_display = ("title", "meeting", "as_at", "status", "versions_published", "published_at")
    list_filter = ("status", "meeting__body")
    list_select_related = ("meeting__body",)
    search_fields = ("title", "meeting__body__name")
    autocomplete_fields = ("meeting",)
    inlines = (VersionInline,)
    actions = ("build_missing_pdfs",)
    change_form_template = "admin/sendtrack/publication/change_form.html"
    # Each section's tick box, then the plain-English summary shown under its heading.
    section_fields = tuple(
        name for section in Section for name in (f"include_{section}", f"{section}_summary")
    )
    content_fields = ("meeting", "title", "slug", "summary", "as_at", *section_fields)
    readability_fields = ("summary", *(f"{section}_summary" for section in Section))
    record_fields = (
        "status",
        "correction_reason",
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
        "published_by",
        "published_at",
    )
    fieldsets = (
        (None, {"fields": ("meeting", "title", "slug", "summary", "as_at")}),
        (
            "Sections",
            {
                "fields": (*section_fields, "reading_ages"),
                "description": "Choose what the publication shows, and give each chosen "
                "section a short plain-English summary.",
            },
        ),
        ("Workflow", {"fields": record_fields}),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name.endswith("_summary") and field is not None:
            field.widget.attrs["rows"] = 3
        return field

    @admin.display(description="Reading age of the summaries")
    def reading_ages(self, publication: Publication | None) -> str:
        """Each summary's Flesch–Kincaid grade, with a warning above the allowed grade."""
        found = _reading_ages(publication)
        if not found:
            return "Shown once the summaries are saved."
        return format_html_join(
            "", "<p>{}: {}</p>", ((label, str(grade)) for label, grade in found)
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("meeting__body", "submitted_by", "approved_by", "published_by")
            .annotate(latest_version=Max("versions__number"))
        )

    @admin.display(description="versions", ordering="latest_version")
    def versions_published(self, publication: Publication) -> int:
        return publication.latest_version or 0

    @admin.action(description="Build the PDFs that are missing or failed", permissions=["change"])
    def build_missing_pdfs(self, request, queryset):
        """Queue the PDF of every published version of the chosen publications that has none."""
        sent = jobs_enqueue(kind=PUBLICATION_PDF, record_ids=pdfs_to_build(publications=queryset))
        queued = f"{sent.queued} PDF(s) queued to be built"
        if not sent.waiting:
            self.message_user(request, f"{queued}.", messages.SUCCESS)
            return
        self.message_user(
            request,
            f"{queued}; {sent.waiting} waiting for the job queue. {waiting_for_queue('They')}",
            messages.WARNING,
        )

    def get_readonly_fields(self, request, obj=None):
        # Once submitted, what was approved may not change underneath the approval.
        if obj is not None and obj.status != Publication.Status.DRAFT:
            return (*self.content_fields, *self.record_fields, "reading_ages")
        if obj is not None and obj.versions.exists():
            return ("meeting", "slug", *self.record_fields, "reading_ages")
        return (*self.record_fields, "reading_ages")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for label, grade in _reading_ages(obj):
            if grade.too_hard:
                self.message_user(request, f"{label}: {grade}", messages.WARNING)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.versions.exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/workflow/<str:step>/",
                self.admin_site.admin_view(self.workflow_view),
                name="sendtrack_publication_workflow",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        publication = self.get_object(request, object_id)
        extra = extra_context or {}
        if publication is not None:
            extra["workflow_steps"] = [
                {
                    "label": STEPS[step]["label"],
                    "url": reverse(
                        "admin:sendtrack_publication_workflow", args=[publication.pk, step]
                    ),
                }
                for step in publication_actions_for(user=request.user, publication=publication)
            ]
            if can_preview_publication(user=request.user):
                extra["preview_url"] = reverse("publication-preview", args=[publication.pk])
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def workflow_view(self, request, object_id, step: str):
        """Confirm a workflow step, then take it through its service."""
        publication = self.get_object(request, object_id)
        if publication is None or step not in WORKFLOW:
            raise Http404("No such publication or step.")
        if not self.has_view_permission(request, publication):
            raise PermissionDenied
        spec = STEPS[step]
        change_url = reverse("admin:sendtrack_publication_change", args=[publication.pk])
        form = CorrectionForm(request.POST or None) if step == "correct" else None
        if request.method == "POST" and (form is None or form.is_valid()):
            extra = {"reason": form.cleaned_data["reason"]} if form else {}
            try:
                result = spec["service"](publication=publication, user=request.user, **extra)
            except services.WorkflowError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return HttpResponseRedirect(change_url)
            except ValidationError as error:
                form.add_error("reason", error.message_dict.get("reason", error.messages))
            else:
                message, level = spec["done"], messages.SUCCESS
                if isinstance(result, PublicationVersion):
                    url = reverse("publication-version", args=[publication.slug, result.number])
                    message = format_html(
                        'Published as version {} at <a href="{}">{}</a>.', result.number, url, url
                    )
                    # Its PDF was handed to the job queue once the version was saved.
                    result.refresh_from_db(fields=["pdf_status"])
                    if result.pdf_status == PublicationVersion.PdfStatus.WAITING:
                        message = format_html("{} {}", message, waiting_for_queue("Its PDF"))
                        level = messages.WARNING
                self.message_user(request, message, level)
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": spec["question"],
            "publication": publication,
            "step": spec,
            "form": form,
            "change_url": change_url,
            "preview_url": reverse("publication-preview", args=[publication.pk]),
        }
        return render(request, "admin/sendtrack/publication/workflow_confirm.html", context)


@admin.register(WorkforceFigure)
class WorkforceFigureAdmin(ModelAdmin):
    list_display = ("as_at", "team", "posts_established", "staff_in_post", "vacancies", "is_demo")
    list_filter = ("as_at", "is_demo")
    search_fields = ("team", "source")
    date_hierarchy = "as_at"
