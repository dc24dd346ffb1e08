"""From every name to its page, and the right things first: an indicator leads to its
projects, plan actions and areas; a project to its areas, indicators and latest commentary; an
area to everything tied to it; a risk to its project and the board it is escalated to. Risk
registers list open before closed, then by score; a month's reports are missing only after
their deadline; the overview's long lists show their first ten and link to the rest; "new
figures" are recent periods' figures, not history loaded today. Read through the pages, as
directors and leads see them, in a fixed number of queries."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from projects.models import Risk
from sendtrack.kernel.rag import RAG
from tests import factories as f

from .test_pages import _queries, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def director():
    return f.director_user(username="director", first_name="Helen", last_name="Marsh")


def _hrefs(page: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', page)


def _tied(*, n: int = 1):
    """Area 6 (current), an indicator KPI-01 tied to ``n`` projects, a plan action in area 6
    and the area itself; each project with a report, and a risk escalated to a board."""
    area = f.AreaOfWeaknessFactory(number=6, title="Waiting times for assessments")
    plan = f.ImprovementPlanFactory(title="Accelerated Progress Plan")
    action = f.PlanActionFactory(plan=plan, reference="APP 6.2", title="Reduce waiting times")
    action.areas.add(area)
    indicator = f.IndicatorFactory(code="KPI-01", title="New EHC plans issued within 20 weeks")
    indicator.areas.add(area)
    indicator.plan_actions.add(action)
    board = f.BodyFactory(name="SEND Improvement Board")
    projects = []
    for k in range(n):
        project = f.ProjectFactory(code=f"STA-{k + 1:02d}", title=f"Statutory assessment {k}")
        project.areas.add(area)
        project.plan_actions.add(action)
        indicator.projects.add(project)
        f.StatusReportFactory(
            project=project, period=date(2026, 10, 1), rag=RAG.RED, commentary="Backlog grew."
        )
        f.RiskFactory(
            project=project,
            title=f"Not enough assessors {k}",
            likelihood=4,
            impact=5,
            escalated_to=board,
        )
        projects.append(project)
    return {
        "area": area,
        "action": action,
        "indicator": indicator,
        "board": board,
        "projects": projects,
    }


# Everything named is a link -------------------------------------------------------------------


def test_an_indicators_page_links_its_projects_plan_actions_and_areas(director):
    tied = _tied()

    page = client_for(director).get("/performance/KPI-01/").content.decode()

    assert (
        '<a class="govuk-link" href="/projects/STA-01/">STA-01 Statutory assessment 0</a>' in page
    )
    assert (
        f'href="/assurance/areas/6/#action-{tied["action"].pk}">APP 6.2 Reduce waiting times'
        in page
    )
    assert (
        '<a class="govuk-link" href="/assurance/areas/6/">6. Waiting times for assessments</a>'
        in page
    )


def test_a_lead_sees_links_only_to_what_they_may_open():
    # given a lead who owns KPI-01 and leads STA-01 but not STA-02
    tied = _tied(n=2)
    user = f.lead_user(username="lead")
    person = f.PersonFactory(user=user)
    tied["indicator"].owner = person
    tied["indicator"].save()
    tied["projects"][0].lead = person
    tied["projects"][0].save()

    # when they open the indicator and their project
    client = client_for(user)
    indicator_page = client.get("/performance/KPI-01/").content.decode()
    project_page = client.get("/projects/STA-01/").content.decode()

    # then they may follow their own project; not STA-02, nor the assurance pages (directors'
    # and the programme office's): the area is named, the action opens in the admin they use
    assert 'href="/projects/STA-01/"' in indicator_page
    assert "STA-02" not in indicator_page
    assert not [h for h in _hrefs(indicator_page + project_page) if h.startswith("/assurance/")]
    assert "6. Waiting times for assessments" in project_page
    assert f'href="/admin/governance/planaction/{tied["action"].pk}/change/"' in indicator_page
    assert client.get("/projects/STA-02/").status_code == 404


def test_a_projects_page_leads_with_its_latest_commentary_and_links_its_areas(director):
    tied = _tied()
    project = tied["projects"][0]
    f.StatusReportFactory(
        project=project, period=date(2026, 11, 1), rag=RAG.AMBER, commentary="Recovering now."
    )
    indicator = tied["indicator"]

    page = client_for(director).get("/projects/STA-01/").content.decode()

    latest = page.index('id="latest-report"')
    assert "Latest report: November 2026" in page
    assert latest < page.index("Recovering now.") < page.index(">Milestones</h2>")
    assert latest < page.index("Backlog grew.")  # the earlier month, further down
    assert '<a class="govuk-link" href="/assurance/areas/6/">6. Waiting times' in page
    assert f'href="/performance/{indicator.code}/"' in page
    board = tied["board"]
    assert f'href="/admin/governance/body/{board.pk}/change/">SEND Improvement Board' in page


def test_an_area_page_links_its_projects_actions_indicators_and_risks(director):
    tied = _tied(n=2)
    closed = f.RiskFactory(project=tied["projects"][1], title="Old risk", likelihood=5, impact=5)
    closed.status, closed.closed_on = Risk.Status.CLOSED, date(2026, 1, 1)
    closed.save()
    f.RiskFactory(project=tied["projects"][1], title="Minor risk", likelihood=1, impact=2)

    page = client_for(director).get("/assurance/areas/6/").content.decode()

    assert f'id="action-{tied["action"].pk}"' in page
    for code in ("STA-01", "STA-02"):
        assert f'<a class="govuk-link" href="/projects/{code}/">{code}</a>' in page
    assert '<a class="govuk-link" href="/performance/KPI-01/">KPI-01</a>' in page
    risks = page[page.index('id="risks"') : page.index('id="evidence"')]
    assert "Open risks and issues of these projects (3)" in risks
    assert "Old risk" not in risks
    assert risks.index("Not enough assessors") < risks.index("Minor risk")  # by score
    assert f'href="/admin/governance/body/{tied["board"].pk}/change/"' in risks


def test_the_area_page_asks_the_same_number_of_queries_with_more_tied_to_it(director):
    client = client_for(director)
    tied = _tied(n=1)
    small = _queries(client, "/assurance/areas/6/")
    for k in range(4):
        project = f.ProjectFactory(code=f"MORE-{k}")
        project.areas.add(tied["area"])
        f.RiskFactory(project=project, escalated_to=f.BodyFactory())
        action = f.PlanActionFactory()
        action.areas.add(tied["area"])
        action.projects.add(project)

    assert _queries(client, "/assurance/areas/6/") == small


def test_the_indicator_page_asks_the_same_number_of_queries_with_more_tied_to_it(director):
    client = client_for(director)
    tied = _tied(n=1)
    small = _queries(client, "/performance/KPI-01/")
    inspection = tied["area"].inspection
    # The inspection's other eight areas, each number once.
    numbers = iter(n for n in range(1, 10) if n != tied["area"].number)
    for k in range(4):
        project = f.ProjectFactory(code=f"MORE-{k}")
        tied["indicator"].projects.add(project)
        action = f.PlanActionFactory()
        action.areas.add(f.AreaOfWeaknessFactory(inspection=inspection, number=next(numbers)))
        tied["indicator"].plan_actions.add(action)
        tied["indicator"].areas.add(
            f.AreaOfWeaknessFactory(inspection=inspection, number=next(numbers))
        )

    page = client.get("/performance/KPI-01/").content.decode()
    assert page.count('href="/projects/') == 5
    assert _queries(client, "/performance/KPI-01/") == small


# The right things first -----------------------------------------------------------------------


def test_a_projects_risks_are_listed_open_first_then_by_score(director):
    project = f.ProjectFactory(code="SUF-01")
    for title, likelihood, status in (
        ("Closed and severe", 5, Risk.Status.CLOSED),
        ("Open and mild", 1, Risk.Status.OPEN),
        ("Open and severe", 4, Risk.Status.OPEN),
    ):
        risk = f.RiskFactory(project=project, title=title, likelihood=likelihood, impact=5)
        if status == Risk.Status.CLOSED:
            risk.status, risk.closed_on = status, date(2026, 1, 1)
            risk.save()

    page = client_for(director).get("/projects/SUF-01/").content.decode()

    assert "open ones first" in page
    order = [page.index(t) for t in ("Open and severe", "Open and mild", "Closed and severe")]
    assert order == sorted(order)


def test_the_red_band_lists_every_open_red_risk_highest_first(director):
    board = f.BodyFactory(name="Inclusion Board")
    f.RiskFactory(title="Twenty", likelihood=4, impact=5, escalated_to=board)
    f.RiskFactory(title="Twenty-five", likelihood=5, impact=5)
    f.RiskFactory(title="Amber one", likelihood=2, impact=4)

    page = client_for(director).get("/operational/?band=red").content.decode()

    assert "Open red risks: 2 risks" in page
    assert page.index("Twenty-five") < page.index("Twenty<")
    assert "Amber one" not in page
    assert f'href="/admin/governance/body/{board.pk}/change/">Inclusion Board' in page


def test_the_overview_shows_the_first_ten_red_risks_and_links_to_all(director):
    for k in range(12):
        f.RiskFactory(title=f"Red risk {k:02d}", likelihood=5 if k < 3 else 4, impact=5)

    page = client_for(director).get("/").content.decode()

    assert '<span class="sendtrack-figure__number">12</span> open red risks' in page
    assert page.count("Red risk ") == 10
    assert "the first 10 of 12" in page  # in the table's caption
    assert (
        'Showing the first 10 of 12. <a class="govuk-link" '
        'href="/operational/?band=red#cell-risks">All open red risks</a>'
    ) in page
    # the three scoring 25 come first
    assert page.index("Red risk 00") < page.index("Red risk 05")


def test_a_short_list_on_the_overview_has_no_link_to_more(director):
    f.RiskFactory(title="The only red risk", likelihood=5, impact=5)

    page = client_for(director).get("/").content.decode()

    assert "The only red risk" in page
    assert "All open red risks" not in page


def _entered(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def test_new_figures_are_recent_periods_entered_since_not_history_loaded_today(
    director, on_4_december_2026
):
    # given, entered today, a monthly figure for October 2026 and years of history; and an
    # annual figure for 2025 (ended eleven months ago) and one for 2023
    monthly = f.IndicatorFactory(code="KPI-M", unit="number")
    f.MeasurementFactory(indicator=monthly, period=date(2026, 10, 1), value=Decimal(101))
    for year in range(2019, 2025):
        f.MeasurementFactory(indicator=monthly, period=date(year, 3, 1), value=Decimal(year))
    annual = f.IndicatorFactory(code="KPI-Y", unit="number", period_type="calendar_year")
    f.MeasurementFactory(indicator=annual, period=date(2025, 1, 1), value=Decimal(7777))
    f.MeasurementFactory(indicator=annual, period=date(2023, 1, 1), value=Decimal(3333))

    # when a director looks at what changed since a week ago
    page = client_for(director).get("/?since=2026-11-27").content.decode()

    # then only the recent periods' figures are new, and the page says what it counts
    assert "New figures (2)" in page
    assert "October 2026: 101" in page
    assert "7,777" in page
    assert "3,333" not in page
    assert "2,019" not in page
    assert "for a period that ended in the last 12 months" in page


# Reports: due soon, then missing --------------------------------------------------------------


def test_on_4_december_the_data_quality_page_leads_with_novembers_reports(
    director, on_4_december_2026, settings
):
    # given reports due by the 10th of the month after; of three projects, two have not yet
    # filed November's, and one of those did not file October's either
    settings.SENDTRACK_REPORT_DEADLINE_DAY = 10
    filed, late, later = (f.ProjectFactory(code=c) for c in ("SUF-01", "SUF-02", "SUF-03"))
    for project, months in ((filed, (10, 11)), (late, (10,)), (later, ())):
        for month in months:
            f.StatusReportFactory(project=project, period=date(2026, month, 1))

    page = client_for(director).get("/data-quality/").content.decode()

    headings = re.findall(r'<h2 class="govuk-heading-m"[^>]*>(.*?)</h2>', page)
    assert headings[0] == (
        "Due by 10 December 2026: no report yet for November 2026 "
        "(2 of the 3 projects that owe one)"
    )
    assert headings[1] == "No report for October 2026 (1 of the 3 projects that owed one)"
    assert "December 2026 (" not in page  # the month under way owes nothing yet
    november = page[page.index(headings[0]) : page.index(headings[1])]
    assert "SUF-02" in november
    assert "SUF-03" in november
    assert "SUF-01" not in november
    october = page[page.index(headings[1]) :].split("</table>")[0]
    assert "SUF-03" in october
    assert "SUF-02" not in october


def test_after_the_deadline_the_month_just_gone_is_missing(director, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 12, 11))
    f.ProjectFactory(code="SUF-01")

    page = client_for(director).get("/data-quality/").content.decode()

    headings = re.findall(r'<h2 class="govuk-heading-m"[^>]*>(.*?)</h2>', page)
    assert headings[0] == "No report for November 2026 (1 of the 1 projects that owed one)"
    assert "Due by" not in page
    assert "October 2026 (" not in page
