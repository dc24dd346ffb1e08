"""Who may see and return which indicators. An indicator's owner enters its figures, and so does
a partner officer of the organisation that leads it (health waiting lists for the ICB); the
programme office sees and changes everything; directors see everything and change nothing.

The rules for one row are ``rules`` predicates registered as the object-level side of the model
permissions; the lists are scoped by the queryset filters below."""

from __future__ import annotations

import rules
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from governance.partners import is_partner_officer, owned_by_partner_q, partner_owns
from projects.permissions import leads_records_project, project_records_visible_to
from sendtrack.kernel import roles
from sendtrack.kernel.predicates import is_programme_office, register, sees_everything
from sendtrack.kernel.roles import scope_to_own

from .models import Benchmark, Benefit, Indicator, Measurement, Target

User = AbstractBaseUser | AnonymousUser


def _partner_indicators(user: User, path: str = "") -> Q:
    # A partner officer's: those their organisation leads, and any they own.
    return owned_by_partner_q(user=user, model=Indicator, path=path) | Q(
        **{f"{path}owner__user": user}
    )


def indicators_visible_to(*, user: User, queryset: QuerySet[Indicator] | None = None):
    """The indicators a user may see: all for the programme office and directors; for a
    partner officer, those their organisation leads (and any they own); else those they own."""
    qs = Indicator.objects.all() if queryset is None else queryset
    if is_partner_officer(user):
        return qs.filter(_partner_indicators(user))
    return scope_to_own(user=user, queryset=qs, owner_path="owner__user")


def indicator_records_visible_to(*, user: User, queryset: QuerySet) -> QuerySet:
    """Measurements, targets or benchmarks of the indicators a user may see."""
    if is_partner_officer(user):
        return queryset.filter(_partner_indicators(user, path="indicator__"))
    return scope_to_own(user=user, queryset=queryset, owner_path="indicator__owner__user")


def benefits_visible_to(*, user: User, queryset: QuerySet[Benefit] | None = None):
    """The benefits a user may see: those of the projects they may see (a benefit belongs to
    its project, whoever owns the indicator that measures it)."""
    qs = Benefit.objects.all() if queryset is None else queryset
    return project_records_visible_to(user=user, queryset=qs)


def indicators_returned_by(*, user: User, queryset: QuerySet[Indicator] | None = None):
    """The indicators whose figures a user may enter: all for the programme office, else
    those they own."""
    qs = Indicator.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return qs.none()
    if roles.is_programme_office(user):
        return qs
    if is_partner_officer(user):
        return qs.filter(_partner_indicators(user))
    return qs.filter(owner__user=user)


@rules.predicate
def owns_indicator(user: User, indicator: Indicator | None) -> bool:
    """An indicator the user owns, or, for a partner officer, one their organisation leads.
    Asked without an indicator, the answer is left to the role's permissions."""
    if indicator is None:
        return True
    if user.pk is None:
        return False
    if indicator.owner.user_id == user.pk:
        return True
    return is_partner_officer(user) and partner_owns(user, indicator)


@rules.predicate
def owns_records_indicator(user: User, record: Measurement | Target | Benchmark | None) -> bool:
    """A figure, target or benchmark of an indicator the user owns."""
    if record is None:
        return True
    # A deleted figure's history may outlive its indicator: then it is nobody's to own.
    indicator = Indicator.objects.filter(pk=record.indicator_id).select_related("owner").first()
    return indicator is not None and owns_indicator(user, indicator)


enters_measurements = is_programme_office | owns_indicator

# What narrows each role permission to rows, for the admin, the pages and the API alike. An
# owner "changes" their indicator only to enter its figures on its page: its definition stays
# the programme office's (``can_change_indicator_definition``).
OBJECT_RULES = {
    "indicators.view_indicator": sees_everything | owns_indicator,
    "indicators.change_indicator": enters_measurements,
    **{
        f"indicators.view_{model}": sees_everything | owns_records_indicator
        for model in ("measurement", "target", "benchmark")
    },
    **{
        f"indicators.{action}_measurement": is_programme_office | owns_records_indicator
        for action in ("add", "change", "delete")
    },
    # a benefit is read with its project (declared and changed on the project's page)
    "indicators.view_benefit": sees_everything | leads_records_project,
}
register(OBJECT_RULES)


def can_enter_measurements(*, user: User, indicator: Indicator | None) -> bool:
    """The programme office enters any figure; an owner enters their indicator's figures.
    Without an indicator, whether the user's role enters figures at all is left to their
    permissions."""
    return user.is_authenticated and enters_measurements.test(user, indicator)


def can_change_indicator_definition(*, user: User) -> bool:
    """Definitions, targets and benchmarks are set by the programme office."""
    return roles.is_programme_office(user)
