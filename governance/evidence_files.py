"""What an uploaded evidence file may be: a PDF, Word document (DOCX), Excel workbook (XLSX),
CSV, PNG or JPEG no larger than the configured size, recognised by its content and not only by
its name. A file whose content does not match its name is refused, so that a renamed program or
a macro workbook cannot pass as a document."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat

# Extension → (what the content must be, the type the file is served as).
ALLOWED = {
    ".pdf": ("pdf", "application/pdf"),
    ".docx": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".csv": ("csv", "text/csv"),
    ".png": ("png", "image/png"),
    ".jpg": ("jpeg", "image/jpeg"),
    ".jpeg": ("jpeg", "image/jpeg"),
}
ALLOWED_NAMES = "PDF, Word (DOCX), Excel (XLSX), CSV, PNG or JPEG"
# The part every Word document or Excel workbook holds, beside [Content_Types].xml.
OFFICE_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
SNIFF_BYTES = 64 * 1024
# The part that holds a document's macros (Excel's and Word's alike, wherever it is put).
MACRO_PART = "vbaproject.bin"
MACRO_FILE_TYPES = {"xlsx": "an Excel Workbook (*.xlsx)", "docx": "a Word Document (*.docx)"}


def content_type_for(name: str) -> str:
    """The type an accepted file is served as, from its (checked) extension."""
    return ALLOWED.get(PurePath(name).suffix.lower(), ("", "application/octet-stream"))[1]


def _office_kind(upload: File) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for kind, part in OFFICE_MAIN_PART.items():
        if part in names:
            return kind
    return None


def _has_macros(upload: File) -> bool:
    """Whether an Office file carries a macro project, as a renamed .xlsm or .docm does."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return any(PurePath(name).name.lower() == MACRO_PART for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def _too_large_message(size: int, limit: int) -> str:
    # Both sizes are shown to one decimal place: a file just over the limit would read as the
    # limit itself, so it is said to be "just over" it.
    shown, most = filesizeformat(size), filesizeformat(limit)
    what = f"just over {most}" if shown == most else shown
    return (
        f"The file is {what}, larger than the {most} a file may be. Upload a smaller "
        "version of it, for example a PDF saved at a lower image quality."
    )


def _is_csv(head: bytes) -> bool:
    if not head.strip() or b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        if error.start < len(head) - 3:
            return False
        text = head[: error.start].decode("utf-8-sig")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return False
    return bool(rows)


def detected_kind(upload: File) -> str | None:
    """What the file's content is (one of the allowed kinds), or None."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    guess = filetype.guess(head)
    if guess is None:
        return "csv" if _is_csv(head) else None
    if guess.mime == "application/pdf":
        return "pdf"
    if guess.mime in ("image/png", "image/jpeg"):
        return guess.extension.replace("jpg", "jpeg")
    if guess.extension in ("zip", "docx", "xlsx"):
        return _office_kind(upload)
    return None


def validate_evidence_file(upload: File) -> None:
    """Refuse a file that is too large, of a type not allowed, or not what its name says."""
    if not upload or getattr(upload, "_committed", False):
        return  # nothing uploaded, or a file already stored (checked when it was uploaded)
    limit = settings.SENDTRACK_EVIDENCE_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(_too_large_message(upload.size, limit), code="too_large")
    name = PurePath(upload.name or "").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED:
        raise ValidationError(
            f"“{name}” is not a file type sendtrack keeps. Upload a {ALLOWED_NAMES} file.",
            code="type_not_allowed",
        )
    expected = ALLOWED[suffix][0]
    actual = detected_kind(upload)
    if actual != expected:
        found = f"a {actual.upper()} file" if actual else f"not a {ALLOWED_NAMES} file"
        raise ValidationError(
            f"“{name}” is named as a {suffix[1:].upper()} file but its content is {found}. "
            "Upload the file in the format its name says.",
            code="content_mismatch",
        )
    if actual in MACRO_FILE_TYPES and _has_macros(upload):
        raise ValidationError(
            f"“{name}” contains macros, and sendtrack does not keep files that can run code. "
            f"Save it as {MACRO_FILE_TYPES[actual]} without macros, or as a PDF, and "
            "upload that.",
            code="macros",
        )
