"""Who may see and return which indicators. An indicator's owner enters its figures; the
programme office sees and changes everything; directors see everything and change nothing."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from sendtrack.roles import is_programme_office, scope_to_own

from .models import Indicator

User = AbstractBaseUser | AnonymousUser


def indicators_visible_to(*, user: User, queryset: QuerySet[Indicator] | None = None):
    """The indicators a user may see: all for the programme office and directors, else those
    they own."""
    qs = Indicator.objects.all() if queryset is None else queryset
    return scope_to_own(user=user, queryset=qs, owner_path="owner__user")


def indicator_records_visible_to(*, user: User, queryset: QuerySet) -> QuerySet:
    """Measurements, targets or benchmarks of the indicators a user may see."""
    return scope_to_own(user=user, queryset=queryset, owner_path="indicator__owner__user")


def indicators_returned_by(*, user: User, queryset: QuerySet[Indicator] | None = None):
    """The indicators whose figures a user may enter: all for the programme office, else
    those they own."""
    qs = Indicator.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return qs.none()
    if is_programme_office(user):
        return qs
    return qs.filter(owner__user=user)


def can_enter_measurements(*, user: User, indicator: Indicator | None) -> bool:
    """The programme office enters any figure; an owner enters their indicator's figures.
    Without an indicator, whether the user's role enters figures at all is left to their
    permissions."""
    if not user.is_authenticated:
        return False
    if is_programme_office(user):
        return True
    return indicator is None or indicator.owner.user_id == user.pk


def can_change_indicator_definition(*, user: User) -> bool:
    """Definitions, targets and benchmarks are set by the programme office."""
    return is_programme_office(user)
