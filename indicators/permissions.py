"""Who may see and return which indicators. An indicator's owner enters its figures; the
programme office sees and changes everything; directors see everything and change nothing."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from sendtrack.roles import is_programme_office, sees_everything

from .models import Indicator

User = AbstractBaseUser | AnonymousUser


def indicators_visible_to(*, user: User, queryset: QuerySet[Indicator] | None = None):
    """The indicators a user may see: all for the programme office and directors, else those
    they own."""
    qs = Indicator.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return qs.none()
    if sees_everything(user):
        return qs
    return qs.filter(owner__user=user)


def indicator_records_visible_to(*, user: User, queryset: QuerySet) -> QuerySet:
    """Measurements, targets or benchmarks of the indicators a user may see."""
    if not user.is_authenticated:
        return queryset.none()
    if sees_everything(user):
        return queryset
    return queryset.filter(indicator__owner__user=user)


def can_enter_measurements(*, user: User, indicator: Indicator | None) -> bool:
    """The programme office enters any figure; an owner enters their indicator's figures."""
    if not user.is_authenticated:
        return False
    if is_programme_office(user):
        return True
    if sees_everything(user):
        return False
    return indicator is None or indicator.owner.user_id == user.pk


def can_change_indicator_definition(*, user: User) -> bool:
    """Definitions, targets and benchmarks are set by the programme office."""
    return is_programme_office(user)
