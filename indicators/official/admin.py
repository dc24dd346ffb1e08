"""The official statistics in the admin: the programme office keeps the council's area, its
neighbours and the mappings (with their history), and uploads a release to import it; every
run is listed with its report, and every value a release revised."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from sendtrack.kernel.admin import AccessibleTabularInline, ModelAdmin, ReadOnlyModelAdmin

from ..models import (
    CouncilArea,
    ImportRun,
    StatisticalNeighbour,
    StatisticRevision,
    StatisticsMapping,
)
from .report import run_problems, run_summary
from .services import Upload, official_statistics_import


class NeighbourInline(AccessibleTabularInline):
    model = StatisticalNeighbour
    extra = 0
    fields = ("name", "old_la_code", "new_la_code")


@admin.register(CouncilArea)
class CouncilAreaAdmin(ModelAdmin):
    list_display = ("name", "old_la_code", "new_la_code", "neighbour_count")
    inlines = (NeighbourInline,)
    fields = ("name", "old_la_code", "new_la_code")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("neighbours")

    def has_add_permission(self, request):
        # One council: its rows are the council's figures.
        return super().has_add_permission(request) and not CouncilArea.objects.exists()

    @admin.display(description="Statistical neighbours")
    def neighbour_count(self, obj: CouncilArea) -> int:
        return len(obj.neighbours.all())


@admin.register(StatisticsMapping)
class StatisticsMappingAdmin(ModelAdmin):
    list_display = ("name", "file_name", "value_column", "indicator", "period_type", "is_active")
    list_filter = ("file_name", "period_type", "is_active")
    list_select_related = ("indicator",)
    search_fields = ("name", "file_name", "value_column", "indicator__code")
    autocomplete_fields = ("indicator",)
    fields = (
        "name",
        "indicator",
        "file_name",
        "row_filters",
        "value_column",
        "numerator_column",
        "denominator_column",
        "period_type",
        "is_active",
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """One or more files from one file input."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".zip,.csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        if not [item for item in files if item]:
            raise forms.ValidationError(
                "Choose the release's zip or CSV files to import.", code="required"
            )
        return [super(FilesField, self).clean(item, initial) for item in files]


class ImportUploadForm(forms.Form):
    """The release to import: its zip from the DfE's statistics service, or its CSV files."""

    files = FilesField(
        label="Release files",
        help_text="The zip downloaded from the DfE's statistics service, or one or more of "
        "its CSV files (e.g. timeliness_20_week.csv).",
    )
    release = forms.CharField(
        max_length=200,
        required=False,
        help_text="The release's name, e.g. “Education, health and care plans, June 2025”. "
        "Left blank, the file's name is used.",
    )
    dry_run = forms.BooleanField(
        label="Dry run: report what would change, write nothing", required=False
    )

    def uploads(self) -> list[Upload]:
        return [Upload(f.name, f.read()) for f in self.cleaned_data["files"]]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyModelAdmin):
    list_display = (
        "started_at",
        "release",
        "outcome",
        "user",
        "door",
        "created",
        "updated",
        "unchanged",
        "suppressed",
    )
    list_filter = ("outcome", "door", "dry_run")
    list_select_related = ("user",)
    search_fields = ("release",)
    date_hierarchy = "started_at"
    fields = (
        "summary",
        "started_at",
        "user",
        "door",
        "release",
        "file_list",
        "dry_run",
        "outcome",
        "created",
        "updated",
        "unchanged",
        "suppressed",
        "problems",
        "change_table",
        "revision_table",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        # Adding a run is uploading a release to import; a run is never edited.
        return super(ReadOnlyModelAdmin, self).has_add_permission(request)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            run = official_statistics_import(
                uploads=form.uploads(),
                user=request.user,
                door=ImportRun.Door.ADMIN,
                release=form.cleaned_data["release"],
                dry_run=form.cleaned_data["dry_run"],
            )
            if run.outcome == ImportRun.Outcome.REFUSED:
                messages.error(request, run_summary(run))
            else:
                messages.success(request, run_summary(run))
            return HttpResponseRedirect(reverse("admin:indicators_importrun_change", args=[run.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import official statistics",
            "opts": self.opts,
            "form": form,
            "mappings": StatisticsMapping.objects.filter(is_active=True).select_related(
                "indicator"
            ),
            "council": CouncilArea.objects.first(),
        }
        return TemplateResponse(request, "admin/indicators/importrun/upload.html", context)

    @admin.display(description="What happened")
    def summary(self, obj: ImportRun) -> str:
        return run_summary(obj)

    @admin.display(description="Files read")
    def file_list(self, obj: ImportRun) -> str:
        return ", ".join(obj.files) or "–"

    @admin.display(description="Problems")
    def problems(self, obj: ImportRun) -> str:
        if not obj.errors:
            return "None"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((p,) for p in run_problems(obj)))
        )

    @admin.display(description="Figures created or updated")
    def change_table(self, obj: ImportRun) -> str:
        if not obj.changes:
            return "None"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "</tr>",
            (
                (
                    c["action"],
                    c["indicator"],
                    c.get("period_label") or c["period"][:7],
                    c["figure"],
                    c["old"] if c["old"] is not None else "–",
                    c["new"],
                    c["source"],
                )
                for c in obj.changes
            ),
        )
        return format_html(
            "<table><caption>Each figure {} this run</caption><thead><tr>"
            '<th scope="col">Change</th><th scope="col">Indicator</th>'
            '<th scope="col">Period</th><th scope="col">Figure</th><th scope="col">Was</th>'
            '<th scope="col">Now</th><th scope="col">From</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            "that would change in" if obj.dry_run else "changed by",
            rows,
        )

    @admin.display(description="Values revised")
    def revision_table(self, obj: ImportRun) -> str:
        revisions = obj.revisions.select_related("indicator")
        if not revisions:
            return "None"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} ({})</td><td>{} ({})</td></tr>",
            (
                (
                    r.indicator.code,
                    r.period_label,
                    r.get_comparator_display() or "Council",
                    r.old_value.normalize(),
                    r.old_source,
                    r.new_value.normalize(),
                    r.new_source,
                )
                for r in revisions
            ),
        )
        return format_html(
            "<table><caption>Published values this release revised</caption><thead><tr>"
            '<th scope="col">Indicator</th><th scope="col">Period</th>'
            '<th scope="col">Figure</th><th scope="col">Was (from)</th>'
            '<th scope="col">Now (from)</th></tr></thead><tbody>{}</tbody></table>',
            rows,
        )


@admin.register(StatisticRevision)
class StatisticRevisionAdmin(ReadOnlyModelAdmin):
    list_display = ("indicator", "period_named", "comparator", "old_value", "new_value", "run")
    list_filter = ("comparator", "period_type")
    list_select_related = ("indicator", "run")
    search_fields = ("indicator__code",)

    @admin.display(description="Period", ordering="period")
    def period_named(self, obj: StatisticRevision) -> str:
        return obj.period_label
