"""Who owns a record: its lead organisation and any co-owners. The one place that says
"owned or co-owned", for plan actions, projects and risks alike."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import the_council

CO_OWNER_IS_LEAD = (
    "{name} is the lead organisation already. Choose only other organisations as co-owners, "
    "or change the lead organisation."
)


def owning_organisation_ids(obj: models.Model) -> set[int]:
    """The ids of the organisations that own ``obj``: its lead organisation and its co-owners
    (read from prefetched co-owners when the caller prefetched them)."""
    owners = {obj.organisation_id} if obj.organisation_id is not None else set()
    if obj.pk is None:
        return owners
    return owners | {organisation.pk for organisation in obj.co_owners.all()}


def is_jointly_owned(obj: models.Model) -> bool:
    """Whether more than one organisation owns ``obj``."""
    return len(owning_organisation_ids(obj)) > 1


def owned_or_co_owned_by(qs: QuerySet, organisation_ids: Iterable[int]) -> QuerySet:
    """The records of ``qs`` that any of ``organisation_ids`` leads or co-owns (one query, no
    duplicate rows)."""
    ids = list(organisation_ids)
    through = qs.model.co_owners.through
    source = qs.model._meta.model_name
    co_owned = through.objects.filter(**{source: OuterRef("pk"), "organisation__in": ids})
    return qs.filter(Q(organisation__in=ids) | Q(Exists(co_owned)))


def check_co_owners(*, lead_id: int | None, co_owners: Iterable[models.Model]) -> None:
    """A co-owner is another organisation than the lead: refuse the lead among the
    co-owners, naming it, as an error on the ``co_owners`` field."""
    for organisation in co_owners:
        if lead_id is not None and organisation.pk == lead_id:
            raise ValidationError(
                {"co_owners": CO_OWNER_IS_LEAD.format(name=organisation)}, code="co_owner_is_lead"
            )


class CoOwnersFormMixin:
    """An admin form for a record with a lead organisation and co-owners: refuses the lead
    as a co-owner (also when the lead is shown read-only)."""

    def clean(self):
        cleaned = super().clean()
        if "co_owners" not in cleaned:
            return cleaned
        lead = cleaned.get("organisation") if "organisation" in self.fields else None
        lead_id = lead.pk if lead is not None else self.instance.organisation_id
        if lead_id is None and "organisation" in self.fields:
            # Left blank, the lead is the council (see ``InOrganisation``).
            lead_id = the_council()
        try:
            check_co_owners(lead_id=lead_id, co_owners=cleaned["co_owners"])
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned
