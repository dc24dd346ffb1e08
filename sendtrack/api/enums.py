"""Names for the choice sets the OpenAPI schema shows as enums, where fields of the same name
(``status``, ``kind``) mean different things on different resources."""

from governance.models import (
    Body,
    EvidenceItem,
    InformationRequest,
    Meeting,
    Organisation,
    PlanAction,
)
from indicators.models import Measurement
from projects.models import Risk
from projects.selectors import MilestoneStatus
from sendtrack.boards.models import BoardAction

MEETING_STATUS = Meeting.Status.choices
INFORMATION_REQUEST_STATUS = InformationRequest.Status.choices
PLAN_ACTION_STATUS = PlanAction.Status.choices
BODY_KIND = Body.Kind.choices
ORGANISATION_KIND = Organisation.Kind.choices
RISK_STATUS = Risk.Status.choices
RISK_KIND = Risk.Kind.choices
MILESTONE_STATUS = MilestoneStatus.choices
MEASUREMENT_STATUS = Measurement.Status.choices
EVIDENCE_KIND = EvidenceItem.Kind.choices
BOARD_ACTION_STATUS = BoardAction.Status.choices
