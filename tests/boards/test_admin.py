"""The programme office keeps a meeting's business on the meeting's admin page, as a browser
posts it: an agenda item, a decision and an action added in one save (all or nothing), the
minutes' approval checked, and the history kept."""

from __future__ import annotations

import pytest
from django.test import Client

from sendtrack.boards.models import AgendaItem, BoardAction, Decision
from tests import factories as f
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def _page(client, meeting):
    return client.get(f"/admin/governance/meeting/{meeting.pk}/change/")


def _add(data, prefix: str, **fields) -> None:
    index = int(data[f"{prefix}-TOTAL_FORMS"][0])
    data[f"{prefix}-TOTAL_FORMS"] = [str(index + 1)]
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = [str(value)]


@pytest.fixture
def pmo_client(db):
    client = Client()
    client.force_login(f.pmo_user())
    return client


def test_the_office_adds_an_agenda_item_a_decision_and_an_action_in_one_save(board, pmo_client):
    data = form_data(_page(pmo_client, board.february), form_id="meeting_form")
    _add(data, "agenda_items", number=1, title="Sufficiency strategy", projects=board.project.pk)
    _add(
        data, "decisions", reference="D1", decision="Approved the strategy", decided_by="The Board"
    )
    _add(
        data,
        "actions_raised",
        reference="A1",
        action="Publish the strategy",
        owner=board.chair.pk,
        due_meeting=board.march.pk,
        status="open",
    )
    response = pmo_client.post(f"/admin/governance/meeting/{board.february.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"]
    item = AgendaItem.objects.get()
    assert list(item.projects.all()) == [board.project]
    assert Decision.objects.get().decided_by == "The Board"
    action = BoardAction.objects.get()
    assert action.due_meeting == board.march
    assert action.history.count() == 1


def test_an_action_due_before_it_was_set_is_refused_and_nothing_is_saved(board, pmo_client):
    data = form_data(_page(pmo_client, board.february), form_id="meeting_form")
    _add(data, "agenda_items", number=1, title="Sufficiency strategy")
    _add(
        data,
        "actions_raised",
        reference="A1",
        action="Publish the strategy",
        owner=board.chair.pk,
        due_meeting=board.january.pk,
        status="open",
    )
    response = pmo_client.post(f"/admin/governance/meeting/{board.february.pk}/change/", data)
    assert response.status_code == 200
    assert "Choose a meeting after the one that set the action." in response.content.decode()
    assert not AgendaItem.objects.exists()
    assert not BoardAction.objects.exists()


def test_minutes_are_approved_only_at_a_later_meeting_of_the_body(board, pmo_client):
    data = form_data(_page(pmo_client, board.february), form_id="meeting_form")
    data["minutes_approved_at"] = [str(board.january.pk)]
    data["minutes_approved_by"] = [str(board.chair.pk)]
    response = pmo_client.post(f"/admin/governance/meeting/{board.february.pk}/change/", data)
    assert response.status_code == 200
    assert "Minutes are approved at a later meeting of the same body" in response.content.decode()

    data["minutes_approved_at"] = [str(board.march.pk)]
    response = pmo_client.post(f"/admin/governance/meeting/{board.february.pk}/change/", data)
    assert response.status_code == 302
    board.february.refresh_from_db()
    assert board.february.minutes_approved_at == board.march
    assert board.february.minutes_approved_by == board.chair


def test_the_action_log_lists_overdue_actions(board, pmo_client):
    BoardAction.objects.create(
        raised_at=board.january,
        reference="A1",
        action="Late one",
        owner=board.chair,
        due_meeting=board.february,
    )
    page = pmo_client.get("/admin/sendtrack/boardaction/")
    assert page.status_code == 200
    assert "(overdue)" in page.content.decode()
