"""The evidence pack for one area of weakness or all nine, as the programme office would send
it to a DfE review: one ZIP holding a dated PDF of the areas' assurance pages (WeasyPrint) and
the evidence files attached to them. Everything in the pack is read in one transaction, so it
shows one moment's data; it is built in the background like every other document."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from governance.assurance import rules_for_page
from governance.models import AreaOfWeakness
from governance.selectors import area_by_number, current_areas

from ..documents import BuiltDocument, DocumentError, document_build_request
from ..models import DocumentBuild
from ..publications.pdf import PdfUnavailable, html_to_pdf
from .selectors import AreaAssurance, area_assurance, assurance_matrix

# Packs listed on a page: the most recent few.
PACKS_LISTED = 5


def evidence_pack_request(*, area: AreaOfWeakness | None, user: AbstractBaseUser) -> DocumentBuild:
    """Ask for the evidence pack of ``area`` (or of all nine when None), built in the
    background from the data as it is when the build runs."""
    build = DocumentBuild(
        kind=DocumentBuild.Kind.EVIDENCE_PACK,
        parameters={"area": area.number if area else None},
    )
    return document_build_request(build=build, user=user)


def evidence_packs(*, area: AreaOfWeakness | None) -> QuerySet[DocumentBuild]:
    """The latest evidence packs asked for, for ``area`` (or for all nine when None)."""
    return (
        DocumentBuild.objects.filter(
            kind=DocumentBuild.Kind.EVIDENCE_PACK,
            parameters__area=area.number if area else None,
        )
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")[:PACKS_LISTED]
    )


def _one_moment(*, outermost: bool) -> None:
    # On PostgreSQL every query in the transaction reads the same snapshot; SQLite's read
    # transaction does so already. Inside a transaction begun by a caller, its snapshot rules.
    if outermost and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def _file_name(used: set[str], area: AreaOfWeakness, item) -> str:
    stem = slugify(PurePath(item.original_name or item.file.name).stem)[:60] or "evidence"
    suffix = PurePath(item.file.name).suffix.lower()
    name = f"area-{area.number}/{item.dated:%Y-%m-%d}-{stem}{suffix}"
    n = 1
    while name in used:
        n += 1
        name = f"area-{area.number}/{item.dated:%Y-%m-%d}-{stem}-{n}{suffix}"
    used.add(name)
    return name


def evidence_pack_content(*, area_number: int | None) -> dict:
    """What the pack shows, read at one moment: the areas' assurance and, for all nine,
    the matrix."""
    now = timezone.localtime()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        _one_moment(outermost=outermost)
        if area_number is None:
            areas = list(current_areas().order_by("number"))
            matrix = assurance_matrix(today=now.date())
        else:
            area = area_by_number(area_number)
            if area is None:
                raise DocumentError(f"There is no area of weakness numbered {area_number}.")
            areas, matrix = [area], None
        assurances: list[AreaAssurance] = [area_assurance(area=a, today=now.date()) for a in areas]
    title = f"Evidence pack: area {area_number}" if area_number else "Evidence pack: all nine areas"
    return {
        "local_area": settings.SENDTRACK_LOCAL_AREA,
        "title": title,
        "as_at": now,
        "assurances": assurances,
        "matrix": matrix,
        "rules": rules_for_page(),
    }


def evidence_pack(build: DocumentBuild) -> BuiltDocument:
    """The pack as a ZIP: the dated PDF first, then each area's evidence files in a folder
    of its own; the PDF's evidence table names each file's place in the ZIP."""
    area_number = (build.parameters or {}).get("area")
    content = evidence_pack_content(area_number=area_number)
    used: set[str] = set()
    files = []
    for assurance in content["assurances"]:
        for item in assurance.evidence:
            if item.file:
                item.pack_name = _file_name(used, assurance.area, item)
                files.append(item)
    html = render_to_string("assurance/print.html", content)
    try:
        pdf = html_to_pdf(html)
    except PdfUnavailable as error:
        raise DocumentError(str(error)) from error
    day = f"{content['as_at']:%Y-%m-%d}"
    stem = f"evidence-pack-area-{area_number}-{day}" if area_number else f"evidence-pack-{day}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.pdf", pdf)
        for item in files:
            try:
                with item.file.open("rb") as handle:
                    archive.writestr(item.pack_name, handle.read())
            except FileNotFoundError as error:
                raise DocumentError(
                    f"The file of the evidence “{item.title}” is missing from storage."
                ) from error
    return BuiltDocument(filename=f"{stem}.zip", content=buffer.getvalue())
