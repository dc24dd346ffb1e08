"""The assurance pages for the programme office and directors: the matrix of the nine areas
with the contribution map, each area's page from finding to evidence, the evidence files and
the evidence packs. Evidence and packs are served only through these views, to staff allowed to
read evidence; anything else is "not found"."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from governance.assurance import rules_for_page
from governance.evidence_files import content_type_for
from governance.models import AreaOfWeakness, EvidenceItem
from governance.selectors import area_by_number

from ..jobs import waiting_for_queue
from ..models import DocumentBuild
from .packs import evidence_pack_request, evidence_packs
from .selectors import area_assurance, assurance_matrix, contribution_chart

# Who may read the assurance pages, evidence and packs: the programme office and directors.
ASSURANCE_PERMISSION = "governance.view_evidenceitem"


def _area_or_404(number: int) -> AreaOfWeakness:
    area = area_by_number(number)
    if area is None:
        raise Http404("There is no area of weakness with this number.")
    return area


@login_required
@permission_required(ASSURANCE_PERMISSION, raise_exception=True)
def matrix(request):
    """The nine areas at a glance: what is delivered, what is evidenced, what is at risk, and
    the overall confidence; then which projects and indicators feed which areas."""
    today = timezone.localdate()
    rows = assurance_matrix(today=today)
    return render(
        request,
        "assurance/matrix.html",
        {
            "section": "assurance",
            "today": today,
            "rows": rows,
            "chart": contribution_chart(rows),
            "rules": rules_for_page(),
            "packs": evidence_packs(area=None),
        },
    )


@login_required
@permission_required(ASSURANCE_PERMISSION, raise_exception=True)
def area(request, number: int):
    """One area: the finding, the self-assessments, what was promised and delivered, the
    projects, the indicators and the evidence, with each action's delivery and impact."""
    today = timezone.localdate()
    assurance = area_assurance(area=_area_or_404(number), today=today)
    return render(
        request,
        "assurance/area.html",
        {
            "section": "assurance",
            "today": today,
            "a": assurance,
            "rules": rules_for_page(),
            "packs": evidence_packs(area=assurance.area),
        },
    )


@require_POST
@login_required
@permission_required(ASSURANCE_PERMISSION, raise_exception=True)
def pack_request(request):
    """Ask for an evidence pack for one area (``area`` = its number) or for all nine."""
    raw = request.POST.get("area", "all")
    area = None if raw == "all" else _area_or_404(int(raw) if raw.isdigit() else 0)
    build = evidence_pack_request(area=area, user=request.user)
    build.refresh_from_db()
    if build.status == DocumentBuild.Status.FAILED:
        messages.error(request, f"{build.title}: not built. {build.error}")
    elif build.status == DocumentBuild.Status.SUCCEEDED:
        messages.success(request, f"{build.title}: ready to download below.")
    elif build.status == DocumentBuild.Status.WAITING:
        messages.warning(request, f"{build.title}: asked for. {waiting_for_queue('It')}")
    else:
        messages.success(request, f"{build.title}: being built. Refresh the page in a minute.")
    target = reverse("assurance-area", args=[area.number]) if area else reverse("assurance")
    return redirect(f"{target}#evidence-pack")


def _file_response(handle, *, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    # Opened as a download, never as a page of this site.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def evidence_file(request, token):
    """An evidence item's file, to staff who may read evidence; "not found" to anyone else,
    for an address that names nothing and for an item without a file alike."""
    if not request.user.has_perm(ASSURANCE_PERMISSION):
        raise Http404("There is no such file.")
    item = EvidenceItem.objects.filter(token=token).exclude(file="").first()
    if item is None:
        raise Http404("There is no such file.")
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("There is no such file.") from error
    name = item.original_name or PurePath(item.file.name).name
    return _file_response(handle, filename=name, content_type=content_type_for(item.file.name))


@login_required
def pack_file(request, pk: int):
    """A ready evidence pack, to staff who may read evidence; "not found" otherwise."""
    if not request.user.has_perm(ASSURANCE_PERMISSION):
        raise Http404("There is no such pack.")
    build = (
        DocumentBuild.objects.filter(
            pk=pk, kind=DocumentBuild.Kind.EVIDENCE_PACK, status=DocumentBuild.Status.SUCCEEDED
        )
        .exclude(file="")
        .first()
    )
    if build is None:
        raise Http404("There is no such pack.")
    try:
        handle = build.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("This pack's file is missing: build it again.") from error
    return _file_response(
        handle, filename=PurePath(build.file.name).name, content_type="application/zip"
    )
