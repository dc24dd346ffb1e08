"""The PDF of a published version for the agenda pack: WeasyPrint renders the print template
from the version's snapshot, with page numbers, a contents list, the document's title and
language, and tagged PDF/UA-1 output. Without WeasyPrint or its system libraries (Pango) the
build is marked failed with the reason, and the pages go on working without the PDF."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from .models import PublicationVersion


class PdfUnavailable(Exception):
    """WeasyPrint, or a system library it needs, is not installed."""


def version_print_html(*, version: PublicationVersion) -> str:
    """The print page of a version: the same content as its public page, laid out for paper."""
    return render_to_string(
        "publications/print.html", {"content": version.content, "version": version}
    )


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF of ``html`` (title and language from its <title> and lang attribute)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:
        raise PdfUnavailable(
            f"WeasyPrint cannot run here ({error}). Install it with its system libraries "
            "(Pango), then choose “Build the PDFs that are missing or failed” in the admin's "
            "list of publications."
        ) from error
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def pdf_filename(version: PublicationVersion) -> str:
    return f"{version.publication.slug}-v{version.number}.pdf"


def version_pdf_build(*, version_id: int) -> PublicationVersion:
    """Build and store the PDF of a published version, or record why it could not be built."""
    version = PublicationVersion.objects.select_related("publication").get(pk=version_id)
    try:
        data = html_to_pdf(version_print_html(version=version))
    except PdfUnavailable as error:
        version.pdf_status = PublicationVersion.PdfStatus.FAILED
        version.pdf_error = str(error)
        version.save(update_fields=["pdf_status", "pdf_error"])
        return version
    version.pdf.save(pdf_filename(version), ContentFile(data), save=False)
    version.pdf_status = PublicationVersion.PdfStatus.READY
    version.pdf_error = ""
    version.pdf_built_at = timezone.now()
    version.save(update_fields=["pdf", "pdf_status", "pdf_error", "pdf_built_at"])
    return version
