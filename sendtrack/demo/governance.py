"""Governance demo data: boards and meetings (``boards``), then the inspection, its areas of
weakness and the improvement plans (``inspection``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from governance.models import (
    AreaOfWeakness,
    Body,
    ImprovementPlan,
    Meeting,
    Organisation,
    Person,
    PlanAction,
)

from .boards import (
    ASSURANCE_BOARD,
    OPERATIONAL_GROUPS,
    STRATEGIC_BOARD,
    SUB_COMMITTEE,
    load_boards,
)
from .inspection import load_inspection, load_plans

__all__ = ["ASSURANCE_BOARD", "OPERATIONAL_GROUPS", "STRATEGIC_BOARD", "Governance"]


@dataclass
class Governance:
    bodies: dict[str, Body]
    areas: dict[int, AreaOfWeakness]
    plans: dict[str, ImprovementPlan]
    actions: dict[str, PlanAction]


def load_governance(
    *, as_of: date, orgs: dict[str, Organisation], people: dict[str, Person]
) -> Governance:
    """Bodies, meetings, requests, the inspection and the plans, as they stood on ``as_of``."""
    bodies = load_boards(as_of=as_of, orgs=orgs, people=people)
    areas = load_inspection(as_of=as_of, people=people)
    # The short-term actions were promised to the Sub-Committee of 22 March 2023.
    promised_at = Meeting.objects.get(body=bodies[SUB_COMMITTEE], date=date(2023, 3, 22))
    plans, actions = load_plans(as_of=as_of, areas=areas, people=people, promised_at=promised_at)
    return Governance(bodies=bodies, areas=areas, plans=plans, actions=actions)
