"""Writes for governance: the daily snapshot, and signing off jointly owned plan actions."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from .models import (
    GovernanceSnapshot,
    InformationRequest,
    Organisation,
    Person,
    PlanAction,
    PlanActionSignOff,
)
from .selectors import information_requests_with_status, plan_actions_with_status
from .sign_offs import awaiting_sign_off, organisations_owning


@transaction.atomic
def governance_snapshot_take(*, day: date) -> GovernanceSnapshot:
    """File the programme's open and overdue plan actions and its outstanding and overdue
    information requests under ``day``; taking it again the same day rewrites the same row.
    Three queries."""
    actions = plan_actions_with_status(today=day).aggregate(
        # an action marked complete but awaiting an owner's sign-off is still open
        open=Count(
            "pk",
            filter=~Q(status__in=PlanAction.CLOSED_STATUSES)
            | (Q(status=PlanAction.Status.COMPLETE) & awaiting_sign_off(as_at=day)),
        ),
        overdue=Count("pk", filter=Q(is_overdue=True)),
    )
    requests = information_requests_with_status(today=day).aggregate(
        outstanding=Count("pk", filter=Q(status__in=InformationRequest.OUTSTANDING)),
        overdue=Count("pk", filter=Q(is_overdue=True)),
    )
    snapshot = GovernanceSnapshot(
        day=day,
        plan_actions_open=actions["open"],
        plan_actions_overdue=actions["overdue"],
        information_requests_outstanding=requests["outstanding"],
        information_requests_overdue=requests["overdue"],
    )
    GovernanceSnapshot.objects.upsert([snapshot])
    return snapshot


# Signing off jointly owned plan actions -------------------------------------------------------


def _owners_named(organisations: list[Organisation]) -> str:
    names = [str(o) for o in organisations]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def plan_action_sign_off_check(*, action: PlanAction, person: Person, statement: str) -> str:
    """Whether ``person`` may sign ``action`` off now with ``statement`` (which is returned
    tidied): the action is owned jointly and marked complete, the person is of an owning
    organisation, the statement is written, and their organisation has no standing sign-off.
    Refused with a ``ValidationError`` naming the field and the fix."""
    owners = organisations_owning(action)
    if len(owners) < 2:
        raise ValidationError(
            {
                "plan_action": f"{action.reference} is owned by {action.organisation} alone: only "
                "an action with co-owners is signed off. Add its co-owners first."
            }
        )
    if action.status != PlanAction.Status.COMPLETE or action.completed_on is None:
        raise ValidationError(
            {
                "plan_action": f"{action.reference} is not marked complete. Mark it complete, "
                "with the date it was completed, before it is signed off."
            }
        )
    if person.organisation_id not in {o.pk for o in owners}:
        raise ValidationError(
            {
                "signed_by": f"{person.name} is of {person.organisation}, which does not own "
                f"{action.reference}. Choose a person of {_owners_named(owners)}."
            }
        )
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError(
            {"statement": "Write the statement the person signs, e.g. what they confirm."}
        )
    standing = (
        PlanActionSignOff.objects.standing()
        .filter(plan_action=action, organisation_id=person.organisation_id)
        .select_related("signed_by")
        .first()
    )
    if standing is not None:
        raise ValidationError(
            {
                "signed_by": f"{person.organisation} signed {action.reference} off already "
                f"({standing.signed_by.name}, {timezone.localtime(standing.signed_at):%-d %B %Y})."
                " Withdraw that sign-off first to sign again."
            }
        )
    return statement


@transaction.atomic
def plan_action_sign_off(
    *, action: PlanAction, person: Person, statement: str, user: AbstractBaseUser
) -> PlanActionSignOff:
    """Record that ``person``, a named owner in one of the organisations owning the jointly
    owned, complete ``action``, signs it off for their organisation with ``statement``. An
    organisation signs once: to sign again, its standing sign-off is withdrawn first. Refused
    with a ``ValidationError`` naming the field and the fix (``plan_action_sign_off_check``)."""
    # One sign-off at a time per action, so that two given at once cannot both pass.
    action = PlanAction.objects.select_for_update().select_related("organisation").get(pk=action.pk)
    statement = plan_action_sign_off_check(action=action, person=person, statement=statement)
    sign_off = PlanActionSignOff(
        plan_action=action,
        organisation_id=person.organisation_id,
        signed_by=person,
        signed_at=timezone.now(),
        statement=statement,
        recorded_by=user,
    )
    sign_off._history_user = user
    sign_off._change_reason = "Signed off"
    sign_off.save()
    return sign_off


def plan_action_withdraw_sign_off_check(*, sign_off: PlanActionSignOff, reason: str) -> str:
    """Whether ``sign_off`` may be withdrawn with ``reason`` (returned tidied): it stands, and a
    reason is given. Refused with a ``ValidationError`` on ``withdrawal_reason``."""
    if sign_off.withdrawn_at is not None:
        raise ValidationError(
            {
                "withdrawal_reason": "This sign-off was withdrawn already, on "
                f"{timezone.localtime(sign_off.withdrawn_at):%-d %B %Y}."
            }
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"withdrawal_reason": "Say why the sign-off is withdrawn, e.g. what has changed."}
        )
    return reason


@transaction.atomic
def plan_action_withdraw_sign_off(
    *, sign_off: PlanActionSignOff, reason: str, user: AbstractBaseUser
) -> PlanActionSignOff:
    """Withdraw a standing sign-off, saying why. The sign-off stays, as a record of who signed,
    who withdrew it, when and why; its organisation may sign again after."""
    sign_off = PlanActionSignOff.objects.select_for_update().get(pk=sign_off.pk)
    reason = plan_action_withdraw_sign_off_check(sign_off=sign_off, reason=reason)
    sign_off.withdrawn_at = timezone.now()
    sign_off.withdrawn_by = user
    sign_off.withdrawal_reason = reason
    sign_off._history_user = user
    sign_off._change_reason = f"Withdrawn: {reason}"
    sign_off.save()
    return sign_off
