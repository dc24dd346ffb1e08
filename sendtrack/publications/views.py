"""The public pages of published summaries, read by members, parents and the public without
signing in, and the staff-only preview of a draft. Public pages are built only from published
versions' snapshots: nothing drafted, unapproved or not public can reach them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from .models import Publication, PublicationVersion
from .pdf import pdf_filename
from .permissions import can_preview_publication
from .selectors import (
    area_history,
    latest_versions,
    publication_content,
    version_for_public,
    versions_of,
)

PUBLIC = {"public": True, "section": "publications"}


def publication_index(request):
    """Every published publication, newest meeting first, by meeting date and body."""
    return render(
        request, "publications/index.html", {**PUBLIC, "versions": list(latest_versions())}
    )


def _version_page(request, version: PublicationVersion):
    versions = list(versions_of(publication_id=version.publication_id))
    return render(
        request,
        "publications/publication.html",
        {
            **PUBLIC,
            "content": version.content,
            "version": version,
            "versions": versions,
            "latest": versions[0],
            "is_latest": versions[0].number == version.number,
        },
    )


def publication_latest(request, slug: str):
    """A publication's latest version, with a notice linking its earlier versions."""
    version = version_for_public(slug=slug)
    if version is None:
        raise Http404("No publication is published at this address.")
    return _version_page(request, version)


def publication_version(request, slug: str, number: int):
    """One version of a publication, at its own stable address."""
    version = version_for_public(slug=slug, number=number)
    if version is None:
        raise Http404("No such version is published.")
    return _version_page(request, version)


def publication_pdf(request, slug: str, number: int):
    """The PDF of a published version, once it has been built."""
    version = version_for_public(slug=slug, number=number)
    if version is None or version.pdf_status != PublicationVersion.PdfStatus.READY:
        raise Http404("This version has no PDF yet.")
    return FileResponse(
        version.pdf.open("rb"), content_type="application/pdf", filename=pdf_filename(version)
    )


def publication_area(request, number: int):
    """How one area of weakness moved across the publications that reported it."""
    history = area_history(number=number)
    if not history:
        raise Http404("No publication has reported on this area.")
    return render(
        request,
        "publications/area_history.html",
        {**PUBLIC, "number": number, "area": history[-1]["area"], "history": history},
    )


@login_required
def publication_preview(request, pk: int):
    """The draft exactly as it would be published, from a fresh unsaved snapshot; staff only."""
    if not can_preview_publication(user=request.user):
        raise PermissionDenied
    publication = get_object_or_404(Publication.objects.select_related("meeting__body"), pk=pk)
    return render(
        request,
        "publications/publication.html",
        {
            **PUBLIC,
            "content": publication_content(publication=publication, today=timezone.localdate()),
            "preview": publication,
            "admin_url": reverse("admin:sendtrack_publication_change", args=[publication.pk]),
        },
    )
