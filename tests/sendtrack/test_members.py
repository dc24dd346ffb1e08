"""The members' page: a scrutiny member signs in and lands on it, and finds the summaries
published for members, their committee's information requests with the status of each and the
meeting it is due at, and the committee's next meetings."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from governance.models import InformationRequest, Meeting
from tests import factories as f
from tests.html_forms import form_data, set_field

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def committee():
    """A member of a scrutiny sub-committee, its meetings and what it asked for."""
    today = timezone.localdate()
    member = f.scrutiny_user(username="member", first_name="Alex", last_name="Morgan")
    person = f.PersonFactory(name="Alex Morgan", user=member)
    body = f.BodyFactory(name="SEND Scrutiny Sub-Committee", kind="committee")
    f.MembershipFactory(body=body, person=person, role="member")
    asked_at = f.MeetingFactory(body=body, date=today - timedelta(days=60), status="held")
    next_meeting = f.MeetingFactory(body=body, date=today + timedelta(days=20))
    f.MeetingFactory(body=body, date=today + timedelta(days=10), status=Meeting.Status.CANCELLED)
    later = f.MeetingFactory(body=body, date=today + timedelta(days=110))
    officer = f.PersonFactory(name="Elise McQueen")
    f.InformationRequestFactory(
        meeting=asked_at,
        reference="21c",
        request="Detailed information about the previous and current KCC workforce.",
        requested_of=officer,
    )
    f.InformationRequestFactory(
        meeting=asked_at,
        reference="21a",
        request="The approved version of the Accelerated Progress Plan.",
        status=InformationRequest.Status.PROVIDED,
        provided_on=today - timedelta(days=30),
    )
    # a request of another body the member does not sit on
    f.InformationRequestFactory(reference="99z", request="Something another board asked.")
    f.PublicationVersionFactory(
        publication=f.PublicationFactory(
            meeting=asked_at, title="Summary for members", status="published"
        ),
        content=f.snapshot("Summary for members"),
    )
    return {"member": member, "next": next_meeting, "later": later, "today": today}


def _sign_in(client: Client, username: str):
    page = client.get("/accounts/login/")
    data = form_data(page)
    set_field(data, "username", username)
    set_field(data, "password", f.PASSWORD)
    return client.post("/accounts/login/", data, follow=True)


def test_a_member_signs_in_and_lands_on_the_members_page(committee):
    # when the member signs in through the sign-in form
    response = _sign_in(Client(), "member")

    # then they land on their page, by way of the site's root
    assert response.status_code == 200
    assert [url for url, _ in response.redirect_chain] == ["/", "/members/"]
    page = _text(response)
    assert "SEND Scrutiny Sub-Committee" in page
    # their committee's requests, outstanding first, each with status and due meeting
    due = committee["next"].date
    assert page.index("Request 21c") < page.index("Request 21a")
    assert "Detailed information about the previous and current KCC workforce." in page
    assert "Open" in page
    assert "Provided" in page
    assert f"At the meeting on {due:%-d %B %Y}" in page
    assert "Elise McQueen" in page
    # and not another body's
    assert "Something another board asked." not in page
    # the next meetings, the cancelled one left out
    assert f"{due:%A %-d %B %Y}" in page
    assert f"{committee['later'].date:%A %-d %B %Y}" in page
    assert f"{committee['today'] + timedelta(days=10):%A %-d %B %Y}" not in page
    # and the published summaries
    assert "Summary for members" in page
    assert 'href="/publications/' in response.content.decode()


def test_an_overdue_request_says_so(committee):
    # given a request due at a meeting already held
    request = InformationRequest.objects.get(reference="21c")
    request.due_date = committee["today"] - timedelta(days=1)
    request.save()
    client = Client()
    client.force_login(committee["member"])

    page = _text(client.get("/members/"))

    assert "Overdue" in page
    assert f"(by {request.due_date:%-d %B %Y})" in page


def test_a_member_linked_to_no_committee_sees_every_bodys_requests():
    member = f.scrutiny_user(username="unlinked")
    f.InformationRequestFactory(reference="7b", request="The waiting list for assessments.")
    client = Client()
    client.force_login(member)

    page = _text(client.get("/members/"))

    assert "not linked to a seat on a committee" in page
    assert "The waiting list for assessments." in page


def test_the_page_is_for_those_who_read_the_request_log():
    client = Client()
    client.force_login(f.lead_user())
    response = client.get("/members/")
    assert response.status_code == 403
    assert "You cannot open this page" in response.content.decode()
    assert Client().get("/members/").status_code == 302


def test_the_root_takes_each_role_to_its_home(committee):
    client = Client()
    client.force_login(committee["member"])
    assert client.get("/")["Location"] == "/members/"
    # someone with no role at all is refused, and told where to go
    client.force_login(f.UserFactory(username="nobody"))
    refused = client.get("/")
    assert refused.status_code == 403
    assert 'href="/publications/"' in refused.content.decode()
    # and those who read the programme stay on the overview
    client.force_login(f.director_user())
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("n", [2, 6])
def test_the_page_asks_the_same_number_of_queries_whatever_the_data(
    committee, django_assert_num_queries, n
):
    body = committee["next"].body
    for i in range(n):
        meeting = f.MeetingFactory(body=body, date=date(2024, 1, 1) + timedelta(days=7 * i))
        f.InformationRequestFactory.create_batch(2, meeting=meeting, requested_of=f.PersonFactory())
        f.MeetingFactory(body=body, date=committee["today"] + timedelta(days=30 + i))
        f.PublicationVersionFactory()
    client = Client()
    client.force_login(committee["member"])
    client.get("/members/")

    with django_assert_num_queries(8):
        response = client.get("/members/")

    assert response.status_code == 200


def test_the_demo_member_signs_in_to_the_sub_committees_own_page():
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", "--as-of", "2026-12-04", stdout=StringIO())
    client = Client()
    data = form_data(client.get("/accounts/login/"))
    set_field(data, "username", "scrutiny")
    set_field(data, "password", "sendtrack-demo")

    response = client.post("/accounts/login/", data, follow=True)

    assert response.redirect_chain[-1][0] == "/members/"
    page = _text(response)
    assert "SEND Scrutiny Sub-Committee" in page
    assert "not linked to a seat" not in page
    assert "Accelerated Progress Plan" in page
