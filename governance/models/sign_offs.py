"""Sign-offs of jointly owned plan actions: a named owner in each owning organisation confirms
that the action is complete. A sign-off is a record: withdrawn, it stays, with who withdrew it,
when and why, and a new one may be given after."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .base import Record
from .people import Organisation, Person
from .plans import PlanAction


class PlanActionSignOffQuerySet(models.QuerySet):
    def standing(self) -> PlanActionSignOffQuerySet:
        """Sign-offs not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class PlanActionSignOff(Record):
    """One owning organisation's confirmation, by a named person of it, that a jointly owned
    plan action is complete, with their statement."""

    plan_action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="sign_offs")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="plan_action_sign_offs",
        help_text="The owning organisation signing off: the organisation of the person who signs.",
    )
    signed_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="plan_action_sign_offs",
        help_text="The named owner who signs off for their organisation.",
    )
    signed_at = models.DateTimeField()
    statement = models.TextField(
        help_text="What the person confirms, e.g. “The ICB confirms the therapy pathway is "
        "commissioned and in use.”"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who entered the sign-off in sendtrack.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawal_reason = models.TextField("reason for withdrawing", blank=True)

    objects = PlanActionSignOffQuerySet.as_manager()

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = "plan action sign-off"
        constraints = [
            models.UniqueConstraint(
                fields=["plan_action", "organisation"],
                condition=Q(withdrawn_at__isnull=True),
                name="plan_action_sign_off_one_standing_per_organisation",
                violation_error_message="This organisation has signed off this action already.",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="plan_action_sign_off_withdrawn_with_reason",
                violation_error_message="Say why the sign-off is withdrawn.",
            ),
        ]
        indexes = [models.Index(fields=["plan_action", "organisation", "signed_at"])]

    def __str__(self) -> str:
        withdrawn = " (withdrawn)" if self.withdrawn_at else ""
        return f"{self.plan_action.reference}: signed off for {self.organisation}{withdrawn}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
