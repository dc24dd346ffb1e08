"""Who may see and change which governance records. Every officer role reads the plan actions,
people and organisations, except a partner officer, who sees only the plan actions their
organisation leads or co-owns (and their sign-offs) and the people of their organisation, and
updates those actions' progress; a named owner among them signs a jointly owned action off for
their organisation. The programme office changes everything.

As in the other apps, one row's rule is a ``rules`` predicate registered as the object-level
side of the model permission, and the lists are scoped by the queryset filters below."""

from __future__ import annotations

import rules
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from sendtrack.kernel import roles
from sendtrack.kernel.predicates import is_programme_office, register

from .models import Person, PlanAction, PlanActionSignOff
from .partners import is_partner_officer, organisation_of, owned_by_partner_q, partner_owns

User = AbstractBaseUser | AnonymousUser

# What a partner officer may change about an action their organisation owns: its progress.
# Its plan, reference, wording, owners and due date are the programme office's.
PARTNER_EDITABLE = ("status", "completed_on", "evidence_of_completion")


def plan_actions_visible_to(*, user: User, queryset: QuerySet[PlanAction] | None = None):
    """The plan actions a user may see: those a partner officer's organisation leads or
    co-owns; all of them for every other role that reads plan actions."""
    qs = PlanAction.objects.all() if queryset is None else queryset
    if is_partner_officer(user):
        return qs.filter(owned_by_partner_q(user=user, model=PlanAction))
    return qs


def people_visible_to(*, user: User, queryset: QuerySet[Person] | None = None):
    """The people a user may see: a partner officer, those of their own organisation."""
    qs = Person.objects.all() if queryset is None else queryset
    if is_partner_officer(user):
        return qs.filter(organisation=organisation_of(user))
    return qs


def sign_offs_visible_to(*, user: User, queryset: QuerySet[PlanActionSignOff] | None = None):
    """The sign-offs a user may see: a partner officer, those of the actions they see."""
    qs = PlanActionSignOff.objects.all() if queryset is None else queryset
    if is_partner_officer(user):
        return qs.filter(owned_by_partner_q(user=user, model=PlanAction, path="plan_action__"))
    return qs


@rules.predicate
def partner_officer(user: User) -> bool:
    """Staff of a partner organisation."""
    return is_partner_officer(user)


@rules.predicate
def owns_action(user: User, action: PlanAction | None) -> bool:
    """An action the partner officer's organisation leads or co-owns (asked without one, the
    answer is left to the role's permissions)."""
    return action is None or partner_owns(user, action)


@rules.predicate
def same_organisation(user: User, person: Person | None) -> bool:
    """A person of the partner officer's own organisation."""
    return person is None or person.organisation_id == organisation_of(user)


@rules.predicate
def sees_signed_action(user: User, sign_off: PlanActionSignOff | None) -> bool:
    """A sign-off of an action the partner officer's organisation owns."""
    return sign_off is None or partner_owns(user, sign_off.plan_action)


@rules.predicate
def signed_for_own_organisation(user: User, sign_off: PlanActionSignOff | None) -> bool:
    """A sign-off given for the partner officer's own organisation."""
    return sign_off is None or sign_off.organisation_id == organisation_of(user)


OBJECT_RULES = {
    "governance.view_planaction": ~partner_officer | owns_action,
    "governance.change_planaction": is_programme_office | (partner_officer & owns_action),
    "governance.view_person": ~partner_officer | same_organisation,
    "governance.view_planactionsignoff": ~partner_officer | sees_signed_action,
    "governance.add_planactionsignoff": is_programme_office | partner_officer,
    "governance.change_planactionsignoff": is_programme_office
    | (partner_officer & signed_for_own_organisation),
}
register(OBJECT_RULES)


def can_change_plan_action_details(*, user: User) -> bool:
    """An action's plan, wording, owners and dates are set by the programme office."""
    return roles.is_programme_office(user)


def can_sign_off_for(*, user: User, person: Person) -> bool:
    """The programme office records any named owner's sign-off; a partner officer signs only
    as themselves, for their own organisation."""
    if not is_partner_officer(user):
        return True
    return person.user_id is not None and person.user_id == user.pk
