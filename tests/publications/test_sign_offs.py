"""A published summary shows a jointly owned action "awaiting sign-off by …" as things stood on
its as-at day: a sign-off given later does not count then, and once published the summary
never changes, whatever is signed or withdrawn afterwards."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from html import unescape

import pytest
from django.utils import timezone

from governance.models import Organisation, PlanAction, PlanActionSignOff
from governance.services import plan_action_sign_off, plan_action_withdraw_sign_off
from sendtrack.publications.models import Publication
from sendtrack.publications.selectors import publication_content
from tests import factories as f

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def _on(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


@pytest.fixture
def joint(programme, pmo):
    """The promised action ST2, led by the council and co-owned by the ICB, marked complete on
    10 March 2023; the council signed it off on 15 March, the ICB on 1 April."""
    icb = f.OrganisationFactory(
        name="NHS Kent and Medway Integrated Care Board",
        short_name="NHS Kent and Medway ICB",
        kind=Organisation.Kind.HEALTH,
    )
    action = programme.action
    action.status, action.completed_on = PlanAction.Status.COMPLETE, date(2023, 3, 10)
    action.evidence_of_completion = "The hub answers calls from 1 March."
    action.save()
    action.co_owners.add(icb)
    signed = {}
    for organisation, day in ((action.organisation, date(2023, 3, 15)), (icb, date(2023, 4, 1))):
        sign_off = plan_action_sign_off(
            action=action,
            person=f.PersonFactory(organisation=organisation),
            statement="Confirmed complete.",
            user=pmo,
        )
        PlanActionSignOff.objects.filter(pk=sign_off.pk).update(signed_at=_on(day))
        signed[organisation.pk] = sign_off
    return {"action": action, "icb": icb, "signed": signed}


def test_the_summary_says_whose_sign_off_was_awaited_on_its_day(joint, draft, publish, anonymous):
    version = publish(draft)

    (area,) = version.content["areas"]["rows"]
    assert (area["actions_complete"], area["actions_total"]) == (0, 1)
    assert area["actions_awaiting_sign_off"] == 1
    assert area["awaiting_sign_off"] == [
        {
            "action": "ST2 Establish the SEND Enquiries Hub",
            "awaiting_display": "awaiting sign-off by NHS Kent and Medway ICB",
        }
    ]
    (promise,) = version.content["promises"]["actions"]
    assert promise["status_display"] == "Complete, awaiting sign-off by NHS Kent and Medway ICB"
    page = _text(anonymous.get(f"/publications/{draft.slug}/"))
    assert "marked complete, awaiting sign-off by NHS Kent and Medway ICB" in page
    assert "1 more awaiting sign-off" in page


def test_a_later_summary_counts_it_complete_once_both_had_signed(joint, programme):
    july = programme.meeting.body.meetings.get(date=date(2023, 7, 19))
    content = publication_content(
        publication=Publication.objects.create(meeting=july, title="July summary"),
        today=timezone.localdate(),
    )

    (area,) = content["areas"]["rows"]
    assert (area["actions_complete"], area["actions_awaiting_sign_off"]) == (1, 0)
    assert area["awaiting_sign_off"] == []


def test_signing_or_withdrawing_after_publishing_changes_nothing_readers_see(
    joint, draft, publish, anonymous, pmo
):
    published = publish(draft)
    page_before = anonymous.get(f"/publications/{draft.slug}/").content
    api_before = anonymous.get(f"/api/v1/publications/{published.pk}/").json()

    # the ICB's sign-off is backdated to before the meeting, then the council's withdrawn
    icb_sign_off = joint["signed"][joint["icb"].pk]
    PlanActionSignOff.objects.filter(pk=icb_sign_off.pk).update(signed_at=_on(date(2023, 3, 16)))
    council_sign_off = joint["signed"][joint["action"].organisation_id]
    plan_action_withdraw_sign_off(sign_off=council_sign_off, reason="Re-checked.", user=pmo)

    assert anonymous.get(f"/publications/{draft.slug}/").content == page_before
    assert anonymous.get(f"/api/v1/publications/{published.pk}/").json() == api_before
    assert "awaiting sign-off by NHS Kent and Medway ICB" in page_before.decode()
    # while a correction reads the records anew, as at the same day: both had signed by then
    # (the council's sign-off was withdrawn only later)
    content = publication_content(publication=draft, today=timezone.localdate())
    (area,) = content["areas"]["rows"]
    assert (area["actions_complete"], area["awaiting_sign_off"]) == (1, [])
