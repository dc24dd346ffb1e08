"""A body's meetings and each meeting's page: the agenda, the decisions, the action log
brought forward, the escalations that reached it (with the form on which the chair records
the response) and its packs. Read by the programme office, directors and the body's members;
anyone else is told the body is not found."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sendtrack.project_page import project_context

from ..models import DocumentBuild
from . import selectors
from .models import AgendaItem
from .packs import board_pack_request, default_pack_period, meeting_packs
from .permissions import (
    body_access,
    can_build_packs,
    can_respond_to_escalations,
    meeting_access,
)
from .services import escalation_respond


@login_required
def body_meetings(request, body_id: int):
    """A body's meetings, latest first, each with its business counted."""
    body = body_access(user=request.user, body_id=body_id)
    return render(
        request,
        "boards/body.html",
        {
            "section": "boards",
            "body": body,
            "meetings": list(selectors.body_meetings(body=body)),
        },
    )


@login_required
def meeting(request, pk: int):
    """One meeting's business."""
    meeting = meeting_access(user=request.user, meeting_id=pk)
    today = timezone.localdate()
    period, as_at = default_pack_period(meeting=meeting, today=today)
    return render(
        request,
        "boards/meeting.html",
        {
            "section": "boards",
            "meeting": meeting,
            "today": today,
            "agenda": selectors.agenda(meeting=meeting),
            "decisions": selectors.decisions(meeting=meeting),
            "actions": selectors.action_log(meeting=meeting),
            "escalations": selectors.escalations_for_meeting(meeting=meeting),
            "approved": list(meeting.minutes_approved.select_related("minutes_approved_by")),
            "can_respond": can_respond_to_escalations(user=request.user, meeting=meeting),
            "can_build": can_build_packs(user=request.user),
            "packs": list(meeting_packs(meeting=meeting)[:10]),
            "pack_period": period,
            "pack_as_at": as_at,
            "errors": {},
        },
    )


@require_POST
@login_required
def respond(request, pk: int):
    """Record the body's response to an escalation (its chair, or the programme office)."""
    meeting = meeting_access(user=request.user, meeting_id=pk)
    if not can_respond_to_escalations(user=request.user, meeting=meeting):
        raise Http404("There is no such meeting.")
    key = request.POST.get("escalation", "")
    try:
        escalation_respond(
            meeting=meeting,
            key=key,
            response=request.POST.get("response", ""),
            person=getattr(request.user, "person", None),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('meeting', args=[meeting.pk])}#escalations")
    messages.success(request, "The response is recorded. The project's lead sees it on its page.")
    return redirect(f"{reverse('meeting', args=[meeting.pk])}#escalation-{key}")


def _posted_date(request, name: str) -> date | None:
    """The day typed in GOV.UK's three boxes (``<name>_day``, ``_month``, ``_year``)."""
    try:
        return date(
            int(request.POST.get(f"{name}_year", "")),
            int(request.POST.get(f"{name}_month", "")),
            int(request.POST.get(f"{name}_day", "")),
        )
    except ValueError:
        return None


@require_POST
@login_required
def pack_request(request, pk: int):
    """Ask for the meeting's pack (the programme office), read from a locked period."""
    meeting = meeting_access(user=request.user, meeting_id=pk)
    if not can_build_packs(user=request.user):
        raise Http404("There is no such meeting.")
    target = f"{reverse('meeting', args=[meeting.pk])}#packs"
    month = request.POST.get("period", "")
    try:
        period = date.fromisoformat(f"{month}-01")
    except ValueError:
        messages.error(request, "Choose the month the pack reports on.")
        return redirect(target)
    as_at = _posted_date(request, "as_at")
    if as_at is None:
        messages.error(request, "Enter the “as at” day as a real date, for example 31 1 2025.")
        return redirect(target)
    try:
        builds = board_pack_request(meeting=meeting, period=period, as_at=as_at, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(target)
    failed = [b for b in builds if _status(b) == DocumentBuild.Status.FAILED]
    if failed:
        messages.error(request, f"{failed[0].title}: not built. {failed[0].error}")
    else:
        messages.success(request, "The pack is asked for: its PDF and workbook are listed below.")
    return redirect(target)


def _status(build: DocumentBuild) -> str:
    build.refresh_from_db()
    return build.status


def _file_response(handle, *, filename: str) -> FileResponse:
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def pack_file(request, pk: int):
    """A ready pack, to the body's members, the programme office and directors; "not found"
    to anyone else."""
    build = (
        DocumentBuild.objects.filter(
            pk=pk, kind=DocumentBuild.Kind.BOARD_PACK, status=DocumentBuild.Status.SUCCEEDED
        )
        .exclude(file="")
        .first()
    )
    if build is None:
        raise Http404("There is no such pack.")
    meeting_access(user=request.user, meeting_id=(build.parameters or {}).get("meeting") or 0)
    try:
        handle = build.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("This pack's file is missing: build it again.") from error
    return _file_response(handle, filename=PurePath(build.file.name).name)


@login_required
def paper_file(request, pk: int):
    """An agenda item's paper, to those who may read the meeting; "not found" otherwise."""
    item = AgendaItem.objects.filter(pk=pk).exclude(paper="").first()
    if item is None:
        raise Http404("There is no such paper.")
    meeting_access(user=request.user, meeting_id=item.meeting_id)
    try:
        handle = item.paper.open("rb")
    except FileNotFoundError as error:
        raise Http404("There is no such paper.") from error
    return _file_response(handle, filename=PurePath(item.paper.name).name)


@login_required
@permission_required("projects.view_project", raise_exception=True)
def project_page(request, code: str):
    """The project's page, with the responses its boards gave to its escalations, so that
    its lead sees what was decided."""
    context = project_context(request, code)
    context["board_responses"] = selectors.responses_for_project(project=context["project"])
    return render(request, "projects/project_detail.html", context)
