"""A body's meetings and a meeting's page: the agenda, the decisions, the action log brought
forward from meeting to meeting, the escalations and the minutes' approval; who may read them;
and their query counts at two sizes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from governance.models import Meeting
from sendtrack.boards.models import AgendaItem, BoardAction, Decision
from tests import factories as f

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _business(board, n: int) -> None:
    """``n`` agenda items (each about the project), decisions and actions at January's meeting."""
    for i in range(1, n + 1):
        item = AgendaItem.objects.create(
            meeting=board.february, number=i, title=f"Item {i}", owner=board.chair
        )
        item.projects.add(board.project)
        Decision.objects.create(
            meeting=board.february,
            reference=f"D{i}",
            decision=f"Agreed {i}",
            decided_by="The Board",
        )
        BoardAction.objects.create(
            raised_at=board.january,
            reference=f"A{i}",
            action=f"Write paper {i}",
            owner=board.chair,
            due_meeting=board.february,
        )


def test_the_meeting_page_shows_agenda_decisions_and_actions_brought_forward(board):
    _business(board, 2)
    done = BoardAction.objects.create(
        raised_at=board.january,
        reference="A9",
        action="Closed long ago",
        owner=board.chair,
        status=BoardAction.Status.DONE,
        completed_on=date(2025, 1, 20),
    )
    board.january.minutes_approved_at = board.february
    board.january.minutes_approved_by = board.chair
    board.january.save()

    page = _client(board.member_user).get(f"/boards/meetings/{board.february.pk}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "1. Item 1" in html
    assert "2. Item 2" in html
    assert "Agreed 1" in html
    assert "Decided by The Board" in html
    assert "Brought forward from 10 January 2025" in html
    assert "Write paper 1" in html
    # done before this meeting, after the one before: shown once more, as done
    assert done.action in html
    assert "The minutes of" in html
    assert "signed by Sam Chair" in html

    # At March's meeting, the overdue ones are flagged and the one done in January is gone.
    march = _client(board.member_user).get(f"/boards/meetings/{board.march.pk}/").content.decode()
    assert "Write paper 1" in march
    assert "Overdue" in march
    assert "Closed long ago" not in march


def test_an_action_done_leaves_the_log_after_the_next_meeting(board):
    action = BoardAction.objects.create(
        raised_at=board.january, reference="A1", action="Map provision", owner=board.chair
    )
    action.status, action.completed_on = BoardAction.Status.DONE, date(2025, 2, 20)
    action.save()

    client = _client(board.member_user)
    assert "Map provision" in client.get(f"/boards/meetings/{board.march.pk}/").content.decode()
    april = f.MeetingFactory(body=board.body, date=date(2025, 4, 11))
    assert "Map provision" not in client.get(f"/boards/meetings/{april.pk}/").content.decode()


def test_the_body_page_lists_its_meetings_with_their_business_counted(board):
    _business(board, 3)
    page = _client(board.member_user).get(f"/boards/bodies/{board.body.pk}/")
    assert page.status_code == 200
    rows = [m for m in page.context["meetings"] if m.pk == board.february.pk]
    assert (rows[0].agenda_count, rows[0].decision_count) == (3, 3)


@pytest.mark.parametrize(
    ("who", "status"),
    [("member", 200), ("pmo", 200), ("director", 200), ("lead", 404), ("scrutiny", 404)],
)
def test_only_the_body_and_the_office_read_its_meetings(board, who, status):
    users = {
        "member": board.member_user,
        "pmo": f.pmo_user(),
        "director": f.director_user(),
        "lead": board.lead_user,
        "scrutiny": f.scrutiny_user(),
    }
    client = _client(users[who])
    assert client.get(f"/boards/meetings/{board.february.pk}/").status_code == status
    assert client.get(f"/boards/bodies/{board.body.pk}/").status_code == status


def test_signed_out_people_are_asked_to_sign_in(board):
    response = Client().get(f"/boards/meetings/{board.february.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


@pytest.mark.parametrize("n", [2, 12])
def test_the_meeting_page_reads_a_fixed_number_of_queries(board, n, django_assert_num_queries):
    _business(board, n)
    client = _client(f.pmo_user())
    client.get(f"/boards/meetings/{board.february.pk}/")  # warm the session and groups
    with django_assert_num_queries(QUERIES["meeting"]):
        assert client.get(f"/boards/meetings/{board.february.pk}/").status_code == 200


@pytest.mark.parametrize("n", [2, 12])
def test_the_body_page_reads_a_fixed_number_of_queries(board, n, django_assert_num_queries):
    _business(board, n)
    for day in range(n):
        f.MeetingFactory(body=board.body, date=date(2024, 1, 1 + day))
    client = _client(f.pmo_user())
    client.get(f"/boards/bodies/{board.body.pk}/")
    with django_assert_num_queries(QUERIES["body"]):
        assert client.get(f"/boards/bodies/{board.body.pk}/").status_code == 200


# Each includes the data version read by the validator (sendtrack/conditional.py).
QUERIES = {"meeting": 19, "body": 8}


def test_overdue_actions_show_on_the_operational_dashboard(board, monkeypatch):
    BoardAction.objects.create(
        raised_at=board.january,
        reference="A1",
        action="Publish the sufficiency strategy",
        owner=board.chair,
        due_date=date(2025, 2, 1),
    )
    BoardAction.objects.create(
        raised_at=board.january,
        reference="A2",
        action="Already done",
        owner=board.chair,
        due_date=date(2025, 2, 1),
        status=BoardAction.Status.DONE,
        completed_on=date(2025, 1, 30),
    )
    BoardAction.objects.create(
        raised_at=board.january,
        reference="A3",
        action="Not yet due",
        owner=board.chair,
        due_meeting=board.march,
    )
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2025, 3, 1))
    page = _client(f.director_user()).get("/operational/")
    html = page.content.decode()
    assert [a.reference for a in page.context["overdue_actions"]["shown"]] == ["A1"]
    assert "Publish the sufficiency strategy" in html
    assert f"/boards/meetings/{board.january.pk}/" in html
    # and the board's count, linked to its page
    assert f'href="/boards/bodies/{board.body.pk}/">SEND Transformation Strategic Board</a>' in html
    assert "1 action set by boards and groups is past the day" in html
    assert "Not yet due" not in html
    assert "Already done" not in html


def test_the_operational_dashboard_lists_the_longest_overdue_and_every_boards_count(
    board, monkeypatch
):
    # given more overdue actions than the dashboard lists, at two boards
    other = f.MeetingFactory(
        body=f.BodyFactory(name="Sufficiency Delivery Group"),
        date=date(2025, 1, 20),
        status=Meeting.Status.HELD,
    )
    for i in range(30):
        BoardAction.objects.create(
            raised_at=board.january if i % 3 else other,
            reference=f"A{i:02}",
            action=f"Overdue action {i:02}",
            owner=board.chair,
            due_date=date(2025, 2, 1) + timedelta(days=i),
        )
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2025, 4, 1))

    # when a director opens the operational dashboard
    page = _client(f.director_user()).get("/operational/")
    html = page.content.decode()

    # then it says how many there are, each board's count, and lists the longest overdue
    assert "30 actions set by boards and groups are past the day" in html
    assert "The 25 longest overdue of the 30 actions" in html
    by_body = {
        b["raised_at__body__name"]: b["count"] for b in page.context["overdue_actions"]["by_body"]
    }
    assert by_body == {"SEND Transformation Strategic Board": 20, "Sufficiency Delivery Group": 10}
    shown = [a.reference for a in page.context["overdue_actions"]["shown"]]
    assert shown == [f"A{i:02}" for i in range(25)]
    assert "Overdue action 29" not in html


def test_a_cancelled_meeting_is_skipped_when_actions_are_brought_forward(board):
    board.february.status = Meeting.Status.CANCELLED
    board.february.save()
    BoardAction.objects.create(
        raised_at=board.january,
        reference="A1",
        action="Finished before the cancelled meeting",
        owner=board.chair,
        status=BoardAction.Status.DONE,
        completed_on=date(2025, 2, 1),
    )
    html = _client(board.member_user).get(f"/boards/meetings/{board.march.pk}/").content.decode()
    # the last meeting held was January's, so an action done since is reported in March
    assert "Finished before the cancelled meeting" in html


def test_a_meetings_page_repeated_unchanged_is_a_304_and_after_a_write_is_afresh(board, settings):
    # given the meeting's page and its body's page, read once by a member with answers kept
    settings.CONDITIONAL_GET_KEEP_ANSWERS = True
    member = _client(board.member_user)
    member.get("/accounts/login/")  # holds its CSRF cookie, as a browser that has been here
    pages = [f"/boards/meetings/{board.february.pk}/", f"/boards/bodies/{board.body.pk}/"]
    tags = {}
    for url in pages:
        first = member.get(url)
        assert first.status_code == 200
        tags[url] = first["ETag"]
        # when read again unchanged, with the validator: a bodiless 304
        again = member.get(url, HTTP_IF_NONE_MATCH=tags[url])
        assert again.status_code == 304
        assert again.content == b""

    # when an agenda item is added
    AgendaItem.objects.create(meeting=board.february, number=7, title="Added after the read")

    # then both pages are worked out afresh, and the meeting's shows the item
    for url in pages:
        fresh = member.get(url, HTTP_IF_NONE_MATCH=tags[url])
        assert fresh.status_code == 200
        assert fresh["ETag"] != tags[url]
    assert "Added after the read" in member.get(pages[0]).content.decode()
