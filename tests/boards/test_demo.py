"""The demo's boards carry business, and a pack built from the demo reads its agenda."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from governance.models import Body
from sendtrack.boards.models import AgendaItem, BoardAction
from sendtrack.boards.packs import board_pack_content, default_pack_period

pytestmark = pytest.mark.django_db


def test_the_demo_gives_the_seeds_meetings_business_and_its_packs_read_the_records():
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())
    promised = BoardAction.objects.filter(raised_at__date=date(2023, 3, 22))
    assert promised.count() == 4
    assert all("para 6.3" in a.source_citation for a in promised)
    body = Body.objects.get(name="SEND Transformation Strategic Board")
    meeting = AgendaItem.objects.filter(meeting__body=body).latest("meeting__date").meeting
    assert meeting.is_demo
    period, as_at = default_pack_period(meeting=meeting, today=meeting.date + timedelta(days=1))
    content = board_pack_content(meeting_id=meeting.pk, period=period, as_at=as_at)
    sections = {s.key: s for s in content["sections"]}
    assert sections["agenda"].rows
