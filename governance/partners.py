"""What a partner officer (staff of a partner organisation, e.g. an ICB commissioner) may see
and update: the records their organisation leads or co-owns, and nothing else. The one place
that says which organisation a user works for, used by every app's ``permissions`` module for
its lists (queryset filters) and its rows (``rules`` predicates) alike."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from sendtrack.kernel import roles

from .models import Person
from .ownership import owning_organisation_ids

User = AbstractBaseUser | AnonymousUser


def organisation_of(user: User) -> int | None:
    """The id of the organisation the user's person works for, or None for a user who acts as
    no person (read once per request: cached on the user object)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_sendtrack_organisation"):
        user._sendtrack_organisation = (
            Person.objects.filter(user=user).values_list("organisation_id", flat=True).first()
        )
    return user._sendtrack_organisation


def _has_co_owners(model: type[models.Model]) -> bool:
    return any(f.name == "co_owners" for f in model._meta.get_fields())


def owned_by_partner_q(*, user: User, model: type[models.Model], path: str = "") -> Q:
    """The condition "the user's organisation leads or co-owns it" on rows of ``model``,
    reached from the rows filtered through ``path`` ("" for the rows themselves, "project__"
    for a project's milestones): one ``Exists`` for the co-owners, no query of its own beyond
    the user's organisation. Matches nothing for a user in no organisation."""
    organisation = organisation_of(user)
    if organisation is None:
        return Q(pk__in=[])
    owned = Q(**{f"{path}organisation": organisation})
    if not _has_co_owners(model):
        return owned
    through = model.co_owners.through
    source = model._meta.model_name
    row = OuterRef(path.removesuffix("__") if path else "pk")
    return owned | Q(Exists(through.objects.filter(**{source: row, "organisation": organisation})))


def owned_by_partner(*, user: User, queryset: QuerySet) -> QuerySet:
    """The rows of ``queryset`` that the user's organisation leads or co-owns."""
    return queryset.filter(owned_by_partner_q(user=user, model=queryset.model))


def partner_owns(user: User, obj: models.Model) -> bool:
    """Whether the user's organisation leads or co-owns ``obj``."""
    organisation = organisation_of(user)
    if organisation is None:
        return False
    if not _has_co_owners(type(obj)):
        return obj.organisation_id == organisation
    return organisation in owning_organisation_ids(obj)


def is_partner_officer(user: User) -> bool:
    """Staff of a partner organisation (and not the programme office or a director)."""
    return roles.is_partner_officer(user)
