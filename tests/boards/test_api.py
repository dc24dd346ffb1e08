"""Board business in the API: a meeting's agenda items and decisions, the action log across
meetings (filtered by body, meeting, status, owner and whether overdue), a meeting's action log
and escalations as its page shows them; read by the body's members and the office only (a
partner officer, only the bodies their organisation hosts), in a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.test import Client

from governance.models import Membership, Organisation
from sendtrack.boards.models import AgendaItem, BoardAction, Decision, EscalationResponse
from tests import factories as f
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


def _business(board, n: int) -> None:
    """``n`` agenda items, decisions and actions at February's meeting, and ``n`` actions
    set in January due by February (so overdue today)."""
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
            agenda_item=item,
        )
        BoardAction.objects.create(
            raised_at=board.january,
            reference=f"A{i}",
            action=f"Write paper {i}",
            owner=board.chair,
            due_meeting=board.february,
        )
        BoardAction.objects.create(
            raised_at=board.february,
            reference=f"B{i}",
            action=f"Close {i}",
            owner=board.chair,
            status=BoardAction.Status.DONE,
            completed_on=date(2025, 2, 20),
        )


def _rows(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response.json()["results"]


def test_a_member_reads_the_meetings_agenda_decisions_and_action_log(board):
    _business(board, 2)
    client = token_client(board.member_user)

    items = _rows(client, f"/api/v1/agenda-items/?meeting={board.february.pk}")
    assert [(i["number"], i["title"], i["projects"]) for i in items] == [
        (1, "Item 1", ["SUF-01"]),
        (2, "Item 2", ["SUF-01"]),
    ]
    assert items[0]["owner_name"] == "Sam Chair"
    decisions = _rows(client, f"/api/v1/decisions/?meeting={board.february.pk}")
    assert [(d["reference"], d["agenda_item_title"]) for d in decisions] == [
        ("D1", "Item 1"),
        ("D2", "Item 2"),
    ]

    # the action log as February's meeting takes it: January's brought forward, then its own
    log = client.get(f"/api/v1/meetings/{board.february.pk}/action-log/").json()
    assert [(a["reference"], a["brought_forward"], a["is_overdue"]) for a in log] == [
        ("A1", True, False),
        ("A2", True, False),
        ("B1", False, False),
        ("B2", False, False),
    ]
    # and the same actions across meetings, overdue today, filtered
    overdue = _rows(client, f"/api/v1/board-actions/?body={board.body.pk}&is_overdue=true")
    assert [(a["reference"], a["due_on"], a["is_overdue"]) for a in overdue] == [
        ("A1", "2025-02-14", True),
        ("A2", "2025-02-14", True),
    ]
    done = _rows(client, f"/api/v1/board-actions/?status=done&owner={board.chair.pk}")
    assert [a["reference"] for a in done] == ["B1", "B2"]
    set_in_january = _rows(client, f"/api/v1/board-actions/?raised_at={board.january.pk}")
    assert [a["reference"] for a in set_in_january] == ["A1", "A2"]


def test_a_misspelt_filter_is_refused_in_words(board):
    response = token_client(board.member_user).get("/api/v1/board-actions/?overdue=true")
    assert response.status_code == 400
    assert "Unknown filter" in response.content.decode()


def test_the_escalations_come_with_the_bodys_responses(board):
    report = f.StatusReportFactory(
        project=board.project,
        period=date(2025, 1, 1),
        rag="red",
        decisions_needed="Agree extra funding for the new unit.",
    )
    report.submitted_at = datetime(2025, 2, 5, 10, tzinfo=UTC)
    report.save()
    EscalationResponse.objects.create(
        meeting=board.february,
        status_report=report,
        response="Funding agreed.",
        responded_by=board.chair,
    )

    found = token_client(board.chair_user).get(f"/api/v1/meetings/{board.february.pk}/escalations/")

    assert found.status_code == 200
    [escalation] = found.json()
    assert escalation["key"] == f"report-{report.pk}"
    assert escalation["project_code"] == "SUF-01"
    assert escalation["text"] == "Agree extra funding for the new unit."
    assert [(r["response"], r["responded_by_name"]) for r in escalation["responses"]] == [
        ("Funding agreed.", "Sam Chair")
    ]


def test_someone_who_is_not_a_member_is_told_the_business_is_not_found(board):
    _business(board, 1)
    outsider = token_client(f.lead_user(username="outsider"))
    item = AgendaItem.objects.get()

    assert _rows(outsider, "/api/v1/agenda-items/") == []
    assert _rows(outsider, "/api/v1/decisions/") == []
    assert _rows(outsider, "/api/v1/board-actions/") == []
    assert outsider.get(f"/api/v1/agenda-items/{item.pk}/").status_code == 404
    assert outsider.get(f"/api/v1/meetings/{board.february.pk}/action-log/").status_code == 404
    assert outsider.get(f"/api/v1/meetings/{board.february.pk}/escalations/").status_code == 404
    assert Client().get("/api/v1/board-actions/").status_code == 401
    # the office and directors read everything
    assert len(_rows(token_client(f.director_user(username="d")), "/api/v1/decisions/")) == 1


def test_a_partner_officer_reads_only_the_bodies_their_organisation_hosts(board):
    _business(board, 1)
    icb = f.OrganisationFactory(name="NHS ICB", kind=Organisation.Kind.HEALTH)
    user = f.partner_user(username="icb")
    Membership.objects.create(body=board.body, person=f.PersonFactory(user=user, organisation=icb))
    client = token_client(user)
    browser = Client()
    browser.force_login(user)

    # a member of the council's board: its business is not theirs to read, here or on the pages
    assert _rows(client, "/api/v1/agenda-items/") == []
    assert _rows(client, "/api/v1/board-actions/") == []
    assert client.get(f"/api/v1/meetings/{board.february.pk}/action-log/").status_code == 404
    assert browser.get(f"/boards/meetings/{board.february.pk}/").status_code == 404

    # a board the ICB hosts: its member reads it
    board.body.organisation = icb
    board.body.save()
    assert [i["title"] for i in _rows(client, "/api/v1/agenda-items/")] == ["Item 1"]
    assert len(_rows(client, "/api/v1/board-actions/")) == 2
    assert browser.get(f"/boards/meetings/{board.february.pk}/").status_code == 200


@pytest.mark.parametrize("n", [2, 6])
def test_the_lists_and_a_meetings_business_are_read_in_fixed_queries(
    board, django_assert_num_queries, n
):
    _business(board, n)
    client = token_client(board.member_user)
    urls = {
        f"/api/v1/agenda-items/?meeting={board.february.pk}": 9,
        "/api/v1/decisions/": 5,
        f"/api/v1/board-actions/?body={board.body.pk}": 6,
        f"/api/v1/meetings/{board.february.pk}/action-log/": 6,
        f"/api/v1/meetings/{board.february.pk}/escalations/": 7,
    }
    client.get("/api/v1/decisions/")  # the first call fills process-wide caches
    for url, queries in urls.items():
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
