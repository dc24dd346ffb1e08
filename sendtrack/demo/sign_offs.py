"""Joint ownership in the demonstration: the health partner, NHS Kent and Medway ICB, co-owns
the plan actions about health services (therapies and their waiting lists, the health advice
to EHC plans, the neurodevelopmental pathway), which the council leads. Of those marked
complete, the latest awaits the ICB's sign-off and the others are signed off by both. The
co-ownership and the sign-offs are invented (demonstration data); the report names the ICB as
a partner and the work with the Designated Clinical Officer on health input to EHC plans."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from governance.models import ImprovementPlan, Organisation, Person, PlanAction, PlanActionSignOff

from .people import ICB
from .store import upsert

# The Accelerated Progress Plan's actions about health services (see ``inspection.py``).
HEALTH_ACTIONS = (
    "Agree a joint commissioning strategy for therapies with the ICB",
    "Quality assure health advice to EHC plans with the Designated Clinical Officer",
    "Reduce speech and language therapy waits to under 18 weeks",
    "Agree a neurodevelopmental assessment pathway with health partners",
    "Publish waiting times for therapies on the local offer",
)
# The invented ICB commissioner who signs for the ICB.
ICB_SIGNATORY = "Rachel Kim"
STATEMENT = (
    "Demonstration data (an invented sign-off): {org} confirms that the action is complete "
    "and its outcome is in place."
)


def _at_ten(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def load_sign_offs(*, as_of: date, people: dict[str, Person]) -> None:
    """Make the ICB a co-owner of the health actions and load their sign-offs as at ``as_of``,
    in bulk and without history rows, like the rest of the demonstration."""
    icb = Organisation.objects.get(name=ICB)
    actions = list(
        PlanAction.objects.filter(plan__kind=ImprovementPlan.Kind.APP, title__in=HEALTH_ACTIONS)
        .select_related("lead__organisation", "organisation")
        .order_by("reference")
    )
    through = PlanAction.co_owners.through
    owned = set(
        through.objects.filter(planaction__in=actions, organisation=icb).values_list(
            "planaction_id", flat=True
        )
    )
    through.objects.bulk_create(
        [through(planaction=a, organisation=icb) for a in actions if a.pk not in owned]
    )
    complete = sorted(
        (a for a in actions if a.status == PlanAction.Status.COMPLETE and a.completed_on),
        key=lambda a: (a.completed_on, a.reference),
    )
    rows = []
    icb_signatory = people[ICB_SIGNATORY]
    for index, action in enumerate(complete):
        # the council signs a week after completion, the ICB a week later; the latest action
        # completed (of two or more) awaits the ICB's sign-off
        awaiting = len(complete) > 1 and index == len(complete) - 1
        signers = [(action.lead, 7)] + ([] if awaiting else [(icb_signatory, 14)])
        for person, days in signers:
            rows.append(
                {
                    "plan_action_id": action.pk,
                    "organisation_id": person.organisation_id,
                    "signed_by_id": person.pk,
                    "signed_at": _at_ten(min(action.completed_on + timedelta(days=days), as_of)),
                    "statement": STATEMENT.format(org=person.organisation.name),
                    "is_demo": True,
                }
            )
    kept = upsert(PlanActionSignOff, rows, keys=["plan_action_id", "organisation_id"])
    PlanActionSignOff.objects.filter(is_demo=True, plan_action__in=actions).exclude(
        pk__in=[s.pk for s in kept.values()]
    ).delete()
