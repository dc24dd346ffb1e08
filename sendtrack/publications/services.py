"""Writes for published summaries. Each step of draft → submitted → approved → published is one
atomic action that records who took it and when, and refuses the wrong role (PermissionDenied)
and the wrong moment (WorkflowError) in plain words.

A correction goes through approval again: the programme office starts it with a reason (the
publication returns to draft), submits it, a director approves it and the programme office
publishes it as the next version, which carries a "corrected on … because …" note."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sendtrack.jobs import PUBLICATION_PDF, job_enqueue_on_commit
from sendtrack.kernel.roles import is_programme_office

from .models import Publication, PublicationVersion
from .selectors import day_text, publication_content

Status = Publication.Status


class WorkflowError(ValidationError):
    """A step asked for at the wrong point of the workflow."""


# The permission of the role that approves (directors).
APPROVE = "sendtrack.approve_publication"


def _save(publication: Publication, *, user: AbstractBaseUser, reason: str) -> None:
    # The audit trail names who took the step and which step it was, whatever door called.
    publication._history_user = user
    publication._change_reason = reason
    publication.save()


def _locked(publication: Publication) -> Publication:
    # Two officers pressing "Publish" at once must not make two versions.
    return (
        Publication.objects.select_for_update()
        .select_related("meeting__body")
        .get(pk=publication.pk)
    )


def _require(*, allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _expect(publication: Publication, status: str, message: str) -> None:
    if publication.status != status:
        raise WorkflowError(
            f"{message} It is {publication.get_status_display().lower()}.", code="wrong_status"
        )


@transaction.atomic
def publication_submit(*, publication: Publication, user: AbstractBaseUser) -> Publication:
    """The programme office submits a draft to the directors for approval."""
    _require(
        allowed=is_programme_office(user),
        message="Only the programme office submits publications for approval.",
    )
    publication = _locked(publication)
    _expect(publication, Status.DRAFT, "Only a draft can be submitted for approval.")
    publication.status = Status.SUBMITTED
    publication.submitted_by, publication.submitted_at = user, timezone.now()
    _save(publication, user=user, reason="Submitted for approval")
    return publication


@transaction.atomic
def publication_send_back(*, publication: Publication, user: AbstractBaseUser) -> Publication:
    """A director returns a submitted publication to the programme office as a draft."""
    _require(allowed=user.has_perm(APPROVE), message="Only a director sends a publication back.")
    publication = _locked(publication)
    _expect(publication, Status.SUBMITTED, "Only a submitted publication can be sent back.")
    publication.status = Status.DRAFT
    publication.submitted_by = publication.submitted_at = None
    _save(publication, user=user, reason="Sent back to draft")
    return publication


@transaction.atomic
def publication_approve(*, publication: Publication, user: AbstractBaseUser) -> Publication:
    """Only a director approves, and only a publication submitted for approval."""
    _require(allowed=user.has_perm(APPROVE), message="Only a director approves publications.")
    publication = _locked(publication)
    _expect(publication, Status.SUBMITTED, "Only a submitted publication can be approved.")
    publication.status = Status.APPROVED
    publication.approved_by, publication.approved_at = user, timezone.now()
    _save(publication, user=user, reason="Approved")
    return publication


@transaction.atomic
def publication_publish(*, publication: Publication, user: AbstractBaseUser) -> PublicationVersion:
    """The programme office publishes an approved publication: its content is frozen into the
    next version (with the correction note, for a correction) and its PDF is built once the
    version is saved (or waits for the job queue, if that is down: publishing goes ahead)."""
    _require(allowed=is_programme_office(user), message="Only the programme office publishes.")
    publication = _locked(publication)
    _expect(publication, Status.APPROVED, "Only an approved publication can be published.")
    now = timezone.now()
    last = publication.versions.order_by("-number").values_list("number", flat=True).first()
    number = (last or 0) + 1
    if number > 1 and not publication.correction_reason.strip():
        raise WorkflowError("A correction needs its reason.", code="no_reason")
    content = publication_content(publication=publication, today=timezone.localdate(now))
    reason = publication.correction_reason.strip() if number > 1 else ""
    note = f"Corrected on {day_text(timezone.localdate(now))} because {reason}" if reason else ""
    content["record"] = {
        "version": number,
        "published_at": now.isoformat(),
        "published_display": day_text(timezone.localdate(now)),
        "approved_by": _name(publication.approved_by),
        "approved_display": day_text(timezone.localdate(publication.approved_at)),
        "correction_note": note,
    }
    version = PublicationVersion.objects.create(
        publication=publication,
        number=number,
        published_at=now,
        published_by=user,
        approved_by=publication.approved_by,
        approved_at=publication.approved_at,
        content=content,
        correction_reason=reason,
        correction_note=note,
    )
    publication.status = Status.PUBLISHED
    publication.published_by, publication.published_at = user, now
    publication.correction_reason = ""
    _save(publication, user=user, reason=f"Published as version {number}")
    # Once the version is saved; if the job queue is down, the PDF waits for it.
    job_enqueue_on_commit(kind=PUBLICATION_PDF, record_id=version.pk)
    return version


@transaction.atomic
def publication_start_correction(
    *, publication: Publication, user: AbstractBaseUser, reason: str
) -> Publication:
    """The programme office starts a correction, saying why; the publication returns to draft
    and must be submitted, approved and published again. What is published stays as it is."""
    _require(
        allowed=is_programme_office(user),
        message="Only the programme office corrects a publication.",
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why the publication is being corrected: readers will see it."}
        )
    publication = _locked(publication)
    _expect(publication, Status.PUBLISHED, "Only a published publication can be corrected.")
    publication.status = Status.DRAFT
    publication.correction_reason = reason
    publication.submitted_by = publication.submitted_at = None
    publication.approved_by = publication.approved_at = None
    _save(publication, user=user, reason=f"Correction started: {reason}")
    return publication


def _name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None)
    if person is not None:
        return f"{person.name}, {person.job_title}" if person.job_title else person.name
    return user.get_full_name() or user.get_username()
