"""Who may move a publication through its workflow: the programme office drafts, submits and
publishes; only a director approves (the role holding ``sendtrack.approve_publication``); a
project lead does none of these."""

from __future__ import annotations

import rules
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from sendtrack.kernel.predicates import register
from sendtrack.kernel.roles import is_director, is_programme_office

from .models import Publication

User = AbstractBaseUser | AnonymousUser


@rules.predicate
def is_submitted(user: User, publication: Publication | None) -> bool:
    """A publication waiting for a director's decision (or, without one, any)."""
    return publication is None or publication.status == Publication.Status.SUBMITTED


register({"sendtrack.approve_publication": is_submitted})


def can_submit_publication(*, user: User, publication: Publication) -> bool:
    """The programme office submits a draft for a director's approval."""
    return is_programme_office(user) and publication.status == Publication.Status.DRAFT


def can_send_back_publication(*, user: User, publication: Publication) -> bool:
    """A director may send a submitted publication back to draft instead of approving it."""
    return user.has_perm("sendtrack.approve_publication", publication)


def can_approve_publication(*, user: User, publication: Publication) -> bool:
    """Only a director approves, and only what has been submitted."""
    return user.has_perm("sendtrack.approve_publication", publication)


def can_publish_publication(*, user: User, publication: Publication) -> bool:
    """The programme office publishes what a director has approved."""
    return is_programme_office(user) and publication.status == Publication.Status.APPROVED


def can_correct_publication(*, user: User, publication: Publication) -> bool:
    """The programme office starts a correction of a published publication."""
    return is_programme_office(user) and publication.status == Publication.Status.PUBLISHED


def can_preview_publication(*, user: User) -> bool:
    """Staff who prepare or approve publications see the draft preview."""
    return is_programme_office(user) or is_director(user)


WORKFLOW = {
    "submit": can_submit_publication,
    "send_back": can_send_back_publication,
    "approve": can_approve_publication,
    "publish": can_publish_publication,
    "correct": can_correct_publication,
}


def publication_actions_for(*, user: User, publication: Publication) -> list[str]:
    """The workflow steps ``user`` may take on ``publication`` now."""
    return [
        name for name, allowed in WORKFLOW.items() if allowed(user=user, publication=publication)
    ]
