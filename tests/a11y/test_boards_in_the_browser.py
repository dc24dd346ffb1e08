"""The programme office reads a board's meetings and a meeting's business in real Chromium,
on the demo data: both pages pass axe-core's WCAG 2.2 AA checks."""

from io import StringIO

import pytest
from django.core.management import call_command

from governance.models import Body
from sendtrack.boards.models import AgendaItem

from .conftest import ORIGIN, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def pmo_tab(browse):
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())
    page = browse()
    page.goto(f"{ORIGIN}/accounts/login/")
    page.get_by_label("Username").fill("pmo")
    page.get_by_label("Password").fill("sendtrack-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def test_a_boards_meetings_and_a_meeting_are_accessible(pmo_tab):
    page = pmo_tab
    body = Body.objects.get(name="SEND Transformation Strategic Board")
    page.goto(f"{ORIGIN}/boards/bodies/{body.pk}/")
    assert page.get_by_role("heading", name=body.name, level=1).is_visible()
    assert axe_violations(page) == []
    meeting = AgendaItem.objects.filter(meeting__body=body).latest("meeting__date").meeting
    page.goto(f"{ORIGIN}/boards/meetings/{meeting.pk}/")
    assert page.get_by_role("heading", name="Agenda", level=2).is_visible()
    assert axe_violations(page) == []
