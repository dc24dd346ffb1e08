"""Who is accountable for what, and to whom: organisations, people, boards, meetings, the
inspection and its areas of weakness, and the improvement plans that answer them."""

from .base import Record, without_timestamps
from .bodies import Body, InformationRequest, Meeting, Membership
from .evidence import EvidenceItem
from .inspection import AreaAssessment, AreaOfWeakness, Inspection
from .people import Organisation, Person
from .plans import ImprovementPlan, PlanAction
from .snapshots import GovernanceSnapshot

__all__ = [
    "AreaAssessment",
    "AreaOfWeakness",
    "Body",
    "EvidenceItem",
    "GovernanceSnapshot",
    "ImprovementPlan",
    "InformationRequest",
    "Inspection",
    "Meeting",
    "Membership",
    "Organisation",
    "Person",
    "PlanAction",
    "Record",
    "without_timestamps",
]
