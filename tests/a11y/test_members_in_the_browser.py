"""The members' page and the refusal page in Chromium: no WCAG 2.2 AA violation, within the
Content-Security-Policy."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories as f

from .conftest import ORIGIN, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]


def test_the_members_page_passes_axe(open_page):
    today = timezone.localdate()
    member = f.scrutiny_user(username="member")
    body = f.BodyFactory(name="SEND Scrutiny Sub-Committee", kind="committee")
    f.MembershipFactory(body=body, person=f.PersonFactory(user=member))
    asked_at = f.MeetingFactory(body=body, date=today - timedelta(days=40))
    f.MeetingFactory(body=body, date=today + timedelta(days=20))
    f.InformationRequestFactory(meeting=asked_at, reference="21c", due_date=today)
    f.PublicationVersionFactory()

    page = open_page("/members/", user=member)

    assert page.get_by_role("heading", name="Information requests").is_visible()
    assert axe_violations(page) == []


def test_the_refusal_page_passes_axe(browse):
    f.lead_user(username="lead")
    page = browse()
    page.goto(f"{ORIGIN}/accounts/login/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    response = page.goto(f"{ORIGIN}/members/")

    assert response.status == 403
    assert page.get_by_role("heading", name="You cannot open this page").is_visible()
    assert axe_violations(page) == []
