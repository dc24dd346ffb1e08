"""The weekly data-quality digest: who gets it, the lines it lists with their links, once a
day at most."""

from datetime import date

import pytest
from django.core import mail

from projects.models import Risk
from sendtrack import selectors
from sendtrack.models import EmailLog
from sendtrack.services.digest import data_quality_digest_send
from sendtrack.tasks import send_data_quality_digest
from tests import factories as f

pytestmark = pytest.mark.django_db

SITE = "https://sendtrack.example.org"
MONDAY = date(2026, 11, 16)
OCTOBER = date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SENDTRACK_BASE_URL = SITE


@pytest.fixture
def office():
    """The programme office: one with a login email, one whose address is on their person
    record, one with neither; and people who are not to receive the digest."""
    f.pmo_user(username="pmo", email="pmo@example.org")
    second = f.pmo_user(username="pmo2", email="")
    f.PersonFactory(name="Grace Hall", email="grace.hall@example.org", user=second)
    f.pmo_user(username="pmo3", email="", first_name="Ben", last_name="Lowe")
    f.pmo_user(username="gone", email="gone@example.org", is_active=False)
    f.director_user(username="director", email="director@example.org")


@pytest.fixture
def problems():
    """One of each kind of problem, beside records that are in order."""
    lead = f.PersonFactory(name="Priya Shah")
    missing = f.ProjectFactory(code="SUF-01", title="Special school places", lead=lead)
    reported = f.ProjectFactory(code="SUF-02")
    f.StatusReportFactory(project=reported, period=OCTOBER)
    overdue = f.MilestoneFactory(
        project=missing, title="Site chosen", baseline_date=date(2026, 10, 1)
    )
    undated = f.MilestoneFactory(project=missing, title="Staff recruited", baseline_date=None)
    past_forecast = f.MilestoneFactory(
        project=reported,
        title="Consultation closes",
        baseline_date=date(2026, 9, 1),
        forecast_date=date(2026, 11, 1),
    )
    f.MilestoneFactory(project=reported, title="On time", baseline_date=date(2027, 1, 1))
    indicator = f.IndicatorFactory(code="KPI-01", title="EHCPs in 20 weeks", owner=lead)
    returned = f.IndicatorFactory(code="KPI-02")
    f.MeasurementFactory(indicator=returned, period=OCTOBER)
    stale = f.RiskFactory(project=reported, title="Transport costs", review_date=date(2026, 11, 1))
    f.RiskFactory(
        project=reported,
        review_date=date(2026, 11, 1),
        status=Risk.Status.CLOSED,
        closed_on=date(2026, 11, 2),
    )
    silent = f.PersonFactory(name="Nadia Brown", email="")
    f.ProjectFactory(code="SUF-03", lead=silent)
    f.StatusReportFactory(project=silent.projects_led.get(), period=OCTOBER)
    f.PersonFactory(name="A board member", email="")  # emailed about nothing
    return {
        "missing": missing,
        "overdue": overdue,
        "undated": undated,
        "past_forecast": past_forecast,
        "indicator": indicator,
        "stale": stale,
        "silent": silent,
    }


def _link(obj) -> str:
    opts = obj._meta
    return f"{SITE}/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"


def test_every_active_programme_office_member_with_an_address_gets_the_digest(office):
    outcome = data_quality_digest_send(today=MONDAY)

    assert sorted(m.to[0] for m in mail.outbox) == [
        "Grace Hall <grace.hall@example.org>",
        "pmo <pmo@example.org>",
    ]
    assert outcome.without_email == ["Ben Lowe"]
    assert mail.outbox[0].subject == "sendtrack data quality, week of 16 November 2026: all clear"
    assert "Nothing needs fixing this week." in mail.outbox[0].body


def test_the_digest_lists_each_problem_with_a_link_to_where_it_is_fixed(office, problems):
    data_quality_digest_send(today=MONDAY)

    body = mail.outbox[0].body
    assert mail.outbox[0].subject.endswith(": 7 things to fix")
    expected = [
        ("Projects with no report for October 2026: 1", "missing", "SUF-01 Special school places"),
        (
            "Milestones overdue with no forecast: 1",
            "overdue",
            "Site chosen was due on 1 October 2026 and has no forecast",
        ),
        ("Milestones with no date: 1", "undated", "Staff recruited has no date"),
        (
            "Milestone forecasts in the past: 1",
            "past_forecast",
            "Consultation closes was forecast for 1 November 2026",
        ),
        ("Indicators with no figure for October 2026: 1", "indicator", "KPI-01 EHCPs in 20 weeks"),
        (
            "Open risks past their review date: 1",
            "stale",
            "Transport costs – review was due on 1 November 2026",
        ),
        ("People sendtrack emails who have no email address: 1", "silent", "Nadia Brown"),
    ]
    for heading, key, text in expected:
        assert heading in body
        assert text in body
        assert _link(problems[key]) in body
    assert "SUF-02 " not in body.split("Milestone")[0]  # the reported project is not listed
    assert "On time" not in body
    assert "A board member" not in body
    assert f"{SITE}/admin/projects/project/?reported=missing" in body
    assert f"{SITE}/admin/governance/person/?email=missing" in body
    assert f"{SITE}/admin/projects/milestone/?status=undated" in body
    html = mail.outbox[0].alternatives[0][0]
    assert f'<a href="{_link(problems["stale"])}">' in html


def test_a_long_section_shows_the_first_lines_and_links_to_the_rest(office, monkeypatch):
    monkeypatch.setattr(selectors, "LINES_PER_SECTION", 2)
    for _ in range(5):
        f.ProjectFactory()

    data_quality_digest_send(today=MONDAY)

    body = mail.outbox[0].body
    assert "Projects with no report for October 2026: 5" in body
    assert "...and 3 more. See them all:" in body


def test_the_digest_goes_once_a_day_however_often_it_runs(office, problems):
    data_quality_digest_send(today=MONDAY)
    again = data_quality_digest_send(today=MONDAY)

    assert len(mail.outbox) == 2
    assert again.already_sent == 2
    assert EmailLog.objects.filter(kind=EmailLog.Kind.DIGEST, sent_on=MONDAY).count() == 2


def test_the_task_sends_the_digest(office):
    result = send_data_quality_digest.delay(MONDAY.isoformat()).get()

    assert result["emails"] == 2
    assert result["users_without_email"] == ["Ben Lowe"]
