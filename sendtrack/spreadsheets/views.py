"""The admin's spreadsheet pages: upload a file and see the dry run's report, then confirm to
import it; download the template; export what you may see. All call the same importer and
writer as the management commands."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from .importer import can_import_spreadsheets, import_spreadsheet
from .writing import export_workbook, template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# An uploaded file waits here between its dry run and the confirmation.
PENDING_FOLDER = "spreadsheet-imports"
SESSION_KEY = "sendtrack_pending_import"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text="An Excel workbook (.xlsx) in the template's shape, or a CSV file holding "
        "one of its sheets. Nothing is written until you confirm.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("Choose an Excel workbook (.xlsx) or a CSV file (.csv).")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "The file is larger than 5 MB: split it and import each part."
            )
        return upload


def _context(request: HttpRequest, **extra) -> dict:
    return {**admin.site.each_context(request), "title": "Import from a spreadsheet", **extra}


def _require_importer(request: HttpRequest) -> None:
    if not can_import_spreadsheets(request.user):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a file: it is checked in a dry run and the report shown, with a button to
    import it if there is nothing to fix."""
    _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "admin/spreadsheets/upload.html", _context(request, form=form))
    uploaded = form.cleaned_data["file"]
    content = uploaded.read()
    report = import_spreadsheet(
        upload=ContentFile(content), filename=uploaded.name, user=request.user, dry_run=True
    )
    token = ""
    _forget_pending(request)
    if report.ok and report.changed:
        token = uuid.uuid4().hex
        stored = default_storage.save(f"{PENDING_FOLDER}/{token}", ContentFile(content))
        request.session[SESSION_KEY] = {"token": token, "path": stored, "name": uploaded.name}
    return render(
        request,
        "admin/spreadsheets/upload.html",
        _context(request, form=UploadForm(), report=report, token=token, filename=uploaded.name),
    )


def _forget_pending(request: HttpRequest) -> None:
    """Drop the file of a dry run that was never confirmed: only the latest one can be."""
    pending = request.session.pop(SESSION_KEY, None)
    if pending and default_storage.exists(pending["path"]):
        default_storage.delete(pending["path"])


@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Import the file whose dry run the user has just seen, all or nothing."""
    _require_importer(request)
    pending = request.session.pop(SESSION_KEY, None)
    if not pending or pending["token"] != request.POST.get("token"):
        messages.error(request, "That upload has expired. Upload the file again.")
        return redirect("spreadsheet-import")
    with default_storage.open(pending["path"], "rb") as stored:
        report = import_spreadsheet(
            upload=stored, filename=pending["name"], user=request.user, dry_run=False
        )
    default_storage.delete(pending["path"])
    if report.applied:
        messages.success(request, f"Imported {pending['name']}. " + report.summary())
        return redirect("spreadsheet-import")
    # Something changed since the dry run (another officer's edit): show what and write nothing.
    return render(
        request,
        "admin/spreadsheets/upload.html",
        _context(request, form=UploadForm(), report=report, token="", filename=pending["name"]),
    )


def _download(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _require_reader(request: HttpRequest) -> None:
    # The workbook is about projects: whoever reads none (a scrutiny member) has no use for it.
    if not request.user.has_perm("projects.view_project"):
        raise PermissionDenied


def template(request: HttpRequest) -> HttpResponse:
    """The empty workbook to fill in."""
    _require_reader(request)
    return _download(template_workbook(), "sendtrack-import-template.xlsx")


def export(request: HttpRequest) -> HttpResponse:
    """Every project, milestone, risk and KPI figure the user may see, ready to edit and
    import again."""
    _require_reader(request)
    return _download(
        export_workbook(user=request.user), f"sendtrack-export-{timezone.localdate():%Y-%m-%d}.xlsx"
    )
