"""Writes of board business done outside the admin: the body's response to an escalation,
recorded by its chair (or the programme office) from the meeting's page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from governance.models import Meeting, Person

from .models import EscalationResponse
from .selectors import escalations_for_meeting


def escalation_respond(
    *, meeting: Meeting, key: str, response: str, person: Person | None
) -> EscalationResponse:
    """Record (or correct) the meeting's response to one of the escalations that reached it,
    named by its key ("report-12", "risk-7"). Only an escalation gathered for the meeting can
    be answered there."""
    text = (response or "").strip()
    if not text:
        raise ValidationError({"response": "Enter the body's response."})
    escalation = next((e for e in escalations_for_meeting(meeting=meeting) if e.key == key), None)
    if escalation is None:
        raise ValidationError(
            {"escalation": "Choose one of the escalations that reached this meeting."}
        )
    target = (
        {"status_report_id": escalation.record_id}
        if escalation.kind == "report"
        else {"risk_id": escalation.record_id}
    )
    with transaction.atomic():
        found, _ = EscalationResponse.objects.select_for_update().get_or_create(
            meeting=meeting, **target, defaults={"response": text, "responded_by": person}
        )
        if found.response != text or found.responded_by_id != (person.pk if person else None):
            found.response = text
            found.responded_by = person
            found.save()
    return found
