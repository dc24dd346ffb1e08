"""Escalations reach their board and the chair's response reaches the project's lead; a
meeting's pack is built from a locked period and is the same when built again later."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from governance.models import Body, Meeting, Person
from indicators.models import Indicator, Measurement
from projects.models import Project, Risk, SavingsMonth, SavingsYear, StatusReport
from projects.selectors import month_add
from sendtrack.boards.models import AgendaItem, BoardAction, EscalationResponse
from sendtrack.boards.packs import board_pack_content
from sendtrack.models import DocumentBuild
from tests import factories as f

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _report(board, text: str) -> StatusReport:
    report = f.StatusReportFactory(
        project=board.project, period=date(2025, 1, 1), rag="red", decisions_needed=text
    )
    report.submitted_at = datetime(2025, 2, 5, 10, tzinfo=UTC)
    report.save()
    return report


def _recorded_on(day: date) -> None:
    """Every record's history so far is dated ``day``: as if entered then."""
    moment = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    models = (Project, StatusReport, AgendaItem, BoardAction, Risk, Indicator, Measurement)
    people = (Meeting, Body, Person, EscalationResponse)
    for model in (*models, *people, SavingsYear, SavingsMonth):
        model.history.update(history_date=moment)


def test_a_reports_escalation_reaches_the_next_meeting_and_the_chairs_response_the_lead(board):
    _report(board, "Agree extra funding for the new unit.")
    risk = f.RiskFactory(
        project=board.project, title="No site", likelihood=5, impact=4, escalated_to=board.body
    )
    page = _client(board.chair_user).get(f"/boards/meetings/{board.february.pk}/")
    keys = [e.key for e in page.context["escalations"]]
    assert len(keys) == 2
    assert "Agree extra funding for the new unit." in page.content.decode()
    # the report was filed after January's meeting: not January's business
    january = _client(board.chair_user).get(f"/boards/meetings/{board.january.pk}/")
    assert [e.kind for e in january.context["escalations"]] == ["risk"]

    response = _client(board.chair_user).post(
        f"/boards/meetings/{board.february.pk}/responses/",
        {"escalation": keys[0], "response": "Funding agreed from the Safety Valve budget."},
    )
    assert response.status_code == 302
    saved = EscalationResponse.objects.get()
    assert saved.responded_by == board.chair
    assert saved.meeting == board.february

    project_page = _client(board.lead_user).get(f"/projects/{board.project.code}/")
    assert "Funding agreed from the Safety Valve budget." in project_page.content.decode()
    assert risk.pk


def test_an_empty_response_is_refused_in_words(board):
    _report(board, "Decide the site.")
    key = (
        _client(board.chair_user)
        .get(f"/boards/meetings/{board.february.pk}/")
        .context["escalations"][0]
        .key
    )
    response = _client(board.chair_user).post(
        f"/boards/meetings/{board.february.pk}/responses/",
        {"escalation": key, "response": " "},
        follow=True,
    )
    assert "Enter the body&#x27;s response." in response.content.decode()
    assert not EscalationResponse.objects.exists()


def test_a_member_who_is_not_the_chair_cannot_respond(board):
    _report(board, "Decide the site.")
    response = _client(board.member_user).post(
        f"/boards/meetings/{board.february.pk}/responses/",
        {"escalation": "report-1", "response": "Yes"},
    )
    assert response.status_code == 404
    assert not EscalationResponse.objects.exists()


def _pack_setup(board):
    _report(board, "Agree extra funding.")
    item = AgendaItem.objects.create(meeting=board.february, number=1, title="Sufficiency")
    item.projects.add(board.project)
    BoardAction.objects.create(
        raised_at=board.january, reference="A1", action="Map places", owner=board.chair
    )
    f.RiskFactory(project=board.project, title="Builders' costs", likelihood=4, impact=4)
    indicator = f.IndicatorFactory(code="KPI-9")
    indicator.projects.add(board.project)
    f.MeasurementFactory(indicator=indicator, period=date(2025, 1, 1), value=Decimal("72.5"))
    _recorded_on(date(2025, 2, 6))


JANUARY = date(2025, 1, 1)


def _values(content) -> list:
    return [(s.key, s.cells) for s in content["sections"]]


def test_a_pack_built_again_later_is_the_same_whatever_changed_since(board):
    _pack_setup(board)
    first = _values(
        board_pack_content(
            meeting_id=board.february.pk, period=date(2025, 1, 1), as_at=date(2025, 2, 13)
        )
    )
    assert any(s == "reports" and cells[0][3] == "Red" for s, cells in first)
    # after the "as at" day: the report changes, an item is added, the action is done, a
    # new red risk is raised
    StatusReport.objects.update(rag="green", commentary="All fine now.")
    AgendaItem.objects.create(meeting=board.february, number=2, title="Added late")
    BoardAction.objects.update(status="done", completed_on=date(2025, 2, 14))
    f.RiskFactory(project=board.project, title="New", likelihood=5, impact=5)

    again = _values(
        board_pack_content(
            meeting_id=board.february.pk, period=date(2025, 1, 1), as_at=date(2025, 2, 13)
        )
    )
    assert again == first
    today = _values(
        board_pack_content(
            meeting_id=board.february.pk, period=date(2025, 1, 1), as_at=timezone.localdate()
        )
    )
    assert today != first


def test_a_pack_rebuilt_after_its_projects_indicators_and_board_change_is_the_same(board):
    # given a pack for January read as at 13 February
    _pack_setup(board)

    def built():
        return _values(
            board_pack_content(
                meeting_id=board.february.pk, period=JANUARY, as_at=date(2025, 2, 13)
            )
        )

    first = built()
    kpis = dict(first)["kpis"]
    assert [row[0] for row in kpis][:1] == ["KPI-9"]
    assert dict(first)["escalations"] != []

    # when, after its day, the indicator leaves the project, another indicator joins it and
    # the project moves to another board
    kpi = Indicator.objects.get(code="KPI-9")
    kpi.projects.remove(board.project)
    later = f.IndicatorFactory(code="KPI-10")
    later.projects.add(board.project)
    f.MeasurementFactory(indicator=later, period=JANUARY, value=Decimal("10"))
    board.project.overseeing_body = f.BodyFactory(name="Another board")
    board.project.save()

    # then the pack built again reads them as they were: the same pack
    assert built() == first


def test_a_pack_rebuilt_after_the_meeting_moved_and_people_were_renamed_is_the_same(board):
    # given a pack for January read as at 13 February, with a response given at January's
    # meeting to the project's escalation
    _pack_setup(board)
    report = StatusReport.objects.get(project=board.project, period=JANUARY)
    EscalationResponse.objects.create(
        meeting=board.january,
        status_report=report,
        response="Agreed in part.",
        responded_by=board.chair,
    )
    _recorded_on(date(2025, 2, 6))

    def built():
        content = board_pack_content(
            meeting_id=board.february.pk, period=JANUARY, as_at=date(2025, 2, 13)
        )
        return content["title"], _values(content)

    first = built()
    title, sections = first
    assert title == "SEND Transformation Strategic Board: meeting of 14 February 2025"
    actions = dict(sections)["actions"]
    assert [row[:4] for row in actions] == [["A1", date(2025, 1, 10), "Map places", "Sam Chair"]]
    responses = [row[5] for row in dict(sections)["escalations"] if row[5]]
    assert responses == ["10 Jan 2025: Agreed in part."]
    assert dict(sections)["reports"][0][2] == "Lee Lead"

    # when, after its day, the board is renamed, its meetings move, and the chair and the
    # project's lead change their names
    board.body.name = "SEND Improvement Board"
    board.body.save()
    for meeting, day in ((board.january, date(2025, 1, 17)), (board.february, date(2025, 2, 21))):
        meeting.date = day
        meeting.save()
    board.chair.name = "Sam Chair-Smith"
    board.chair.save()
    board.project.lead.name = "Lee Lead-Jones"
    board.project.lead.save()

    # then the pack built again shows the day and the names it was built with
    assert built() == first
    # and the meeting's page, read as now, shows them as they are now
    page = _client(board.chair_user).get(f"/boards/meetings/{board.february.pk}/")
    assert page.status_code == 200
    assert "17 January 2025" in page.content.decode()


def test_a_packs_finance_is_the_body_projects_savings_as_they_stood_at_its_day(board):
    # given a Safety Valve project of the body with savings recorded before the pack's day,
    # saved more than once so that its history rows' ids are not its own
    board.project.save()
    Project.objects.filter(pk=board.project.pk).update(safety_valve=True)
    f.SavingsYearFactory(
        project=board.project, financial_year=2024, planned_savings=Decimal("120000")
    )
    f.SavingsMonthFactory(project=board.project, month=JANUARY, delivered_savings=Decimal("15000"))
    _recorded_on(date(2025, 2, 6))

    def finance() -> list:
        content = board_pack_content(
            meeting_id=board.february.pk, period=JANUARY, as_at=date(2025, 2, 13)
        )
        return next(s.cells for s in content["sections"] if s.key == "finance")

    first = finance()
    assert [row[1:] for row in first] == [
        ["2024/25 financial year", Decimal("120000"), Decimal("15000"), Decimal("15000")]
    ]
    # when the plan is changed and a month added after the pack's day
    SavingsYear.objects.update(planned_savings=Decimal("999999"))
    f.SavingsMonthFactory(
        project=board.project, month=date(2025, 2, 1), delivered_savings=Decimal("1")
    )
    # then the pack built again gives the same figures
    assert finance() == first


def _sheets(build) -> dict:
    with build.file.open("rb") as handle:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()))
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book}


@pytest.mark.django_db(transaction=True)
def test_the_office_builds_the_pack_and_only_the_body_and_office_download_it(board):
    _pack_setup(board)
    pmo = f.pmo_user()
    response = _client(pmo).post(
        f"/boards/meetings/{board.february.pk}/packs/",
        {"period": "2025-01", "as_at_day": "13", "as_at_month": "2", "as_at_year": "2025"},
    )
    assert response.status_code == 302
    builds = list(DocumentBuild.objects.filter(kind=DocumentBuild.Kind.BOARD_PACK).order_by("pk"))
    assert [b.parameters["format"] for b in builds] == ["pdf", "xlsx"]
    assert all(b.status == DocumentBuild.Status.SUCCEEDED for b in builds), [
        b.error for b in builds
    ]
    pdf, xlsx = builds
    sheets = _sheets(xlsx)
    assert list(sheets)[:4] == ["About", "Agenda", "Escalations to the meeting", "Action log"]
    assert sheets["Agenda"][1][1] == "Sufficiency"
    with pdf.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"

    page = _client(board.member_user).get(f"/boards/meetings/{board.february.pk}/")
    assert f"/boards/meeting-packs/{pdf.pk}/" in page.content.decode()
    for user, status in [
        (board.member_user, 200),
        (pmo, 200),
        (f.director_user(), 200),
        (board.lead_user, 404),
        (f.scrutiny_user(), 404),
    ]:
        assert _client(user).get(f"/boards/meeting-packs/{xlsx.pk}/").status_code == status

    # building again later gives the same workbook, whatever changed since
    StatusReport.objects.update(rag="green")
    _client(pmo).post(
        f"/boards/meetings/{board.february.pk}/packs/",
        {"period": "2025-01", "as_at_day": "13", "as_at_month": "2", "as_at_year": "2025"},
    )
    again = DocumentBuild.objects.filter(kind=DocumentBuild.Kind.BOARD_PACK).order_by("pk").last()
    assert _sheets(again) == sheets


def test_a_pack_for_a_period_not_yet_locked_is_refused_in_words(board):
    today = timezone.localdate()
    meeting = f.MeetingFactory(body=board.body, date=today)
    response = _client(f.pmo_user()).post(
        f"/boards/meetings/{meeting.pk}/packs/",
        {
            "period": f"{month_add(today, -1):%Y-%m}",
            "as_at_day": str(today.day),
            "as_at_month": str(today.month),
            "as_at_year": str(today.year),
        },
        follow=True,
    )
    assert "must be over before its pack is built" in response.content.decode()
    assert not DocumentBuild.objects.exists()


def test_only_the_office_asks_for_packs(board):
    response = _client(board.chair_user).post(
        f"/boards/meetings/{board.february.pk}/packs/", {"period": "2025-01"}
    )
    assert response.status_code == 404
