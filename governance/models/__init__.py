"""Who is accountable for what, and to whom: organisations, people, boards, meetings, the
inspection and its areas of weakness, and the improvement plans that answer them."""

from .base import Record, without_timestamps
from .bodies import Body, InformationRequest, Meeting, Membership
from .evidence import EvidenceItem
from .inspection import AreaAssessment, AreaOfWeakness, Inspection
from .people import (
    InOrganisation,
    Organisation,
    Person,
    co_owners_field,
    lead_organisation_field,
    the_council,
)
from .plans import ImprovementPlan, PlanAction
from .sign_offs import PlanActionSignOff
from .snapshots import GovernanceSnapshot

__all__ = [
    "AreaAssessment",
    "AreaOfWeakness",
    "Body",
    "EvidenceItem",
    "GovernanceSnapshot",
    "ImprovementPlan",
    "InOrganisation",
    "InformationRequest",
    "Inspection",
    "Meeting",
    "Membership",
    "Organisation",
    "Person",
    "PlanAction",
    "PlanActionSignOff",
    "Record",
    "co_owners_field",
    "lead_organisation_field",
    "the_council",
    "without_timestamps",
]
