"""The directors' dashboards and the project and indicator pages, as directors, leads and
strangers reach them: who gets in, what each page says, the filters, the drill-downs, and a
fixed number of queries whatever the size of the programme."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indicators.models import Benchmark, Measurement
from projects.models import Milestone, Risk
from sendtrack.kernel.rag import RAG
from tests import factories as f
from tests.html_forms import form_data, set_field

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAGES = ["/", "/performance/", "/operational/", "/data-quality/", "/finance/"]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9)))


def programme(size: int, *, lead=None) -> dict:
    """``size`` projects in two workstreams, each with reports, milestones (one overdue, one due
    soon), risks, an indicator with figures, target and benchmarks, and a plan action."""
    workstreams = [f.WorkstreamFactory(name=name) for name in ("Sufficiency", "Inclusion")]
    plan = f.ImprovementPlanFactory()
    area = f.AreaOfWeaknessFactory(number=1)
    board = f.BodyFactory(name="Strategic Board")
    meeting = f.MeetingFactory(body=board, date=TODAY - timedelta(days=20))
    f.MeetingFactory(body=board, date=TODAY + timedelta(days=10))
    f.InformationRequestFactory(meeting=meeting)
    projects = []
    for n in range(size):
        project = f.ProjectFactory(
            workstream=workstreams[n % 2], lead=lead or f.PersonFactory(), code=f"P-{n:03d}"
        )
        project.areas.add(area)
        month = TODAY.replace(day=1)
        for back, rag in ((2, RAG.GREEN), (1, RAG.RED if n % 3 == 0 else RAG.AMBER)):
            period = (month - timedelta(days=28 * back)).replace(day=1)
            f.StatusReportFactory(project=project, period=period, rag=rag)
        f.MilestoneFactory(project=project, baseline_date=TODAY - timedelta(days=30))
        f.MilestoneFactory(project=project, baseline_date=TODAY + timedelta(days=5))
        f.MilestoneFactory(project=project, baseline_date=None)
        f.RiskFactory(project=project, likelihood=4, impact=5, review_date=TODAY - timedelta(1))
        f.RiskFactory(project=project, likelihood=2, impact=2)
        indicator = f.IndicatorFactory(owner=project.lead)
        indicator.projects.add(project)
        indicator.areas.add(area)
        f.TargetFactory(indicator=indicator)
        for back in range(3):
            period = (month - timedelta(days=28 * (back + 1))).replace(day=1)
            f.MeasurementFactory(indicator=indicator, period=period, value=Decimal(70 + back))
        f.BenchmarkFactory(indicator=indicator, period=period)
        action = f.PlanActionFactory(plan=plan, due_date=TODAY - timedelta(days=3))
        action.areas.add(area)
        project.plan_actions.add(action)
        projects.append(project)
    return {"projects": projects, "workstreams": workstreams, "board": board}


@pytest.fixture
def director():
    return f.director_user(username="director", first_name="Helen", last_name="Marsh")


# Who gets in ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [*PAGES, "/projects/P-000/", "/performance/KPI-X/"])
def test_signed_out_visitors_are_sent_to_sign_in(url):
    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("url", PAGES)
def test_a_login_without_a_role_is_refused(url):
    assert client_for(f.UserFactory(username="nobody")).get(url).status_code == 403


def test_signing_in_leads_to_the_overview(director):
    response = Client().post(
        "/accounts/login/", {"username": "director", "password": f.PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/"
    assert b"Programme overview" in response.content
    assert b"Signed in as Helen Marsh" in response.content


def test_a_wrong_password_is_explained(director):
    response = Client().post("/accounts/login/", {"username": "director", "password": "nope"})

    assert response.status_code == 200
    assert b"Enter a correct username and password" in response.content


def test_a_lead_sees_only_their_own_projects_on_the_dashboards():
    user = f.lead_user(username="lead")
    mine = programme(1, lead=f.PersonFactory(user=user))["projects"][0]
    theirs = f.ProjectFactory(code="THEIRS-1")
    f.StatusReportFactory(project=theirs, rag=RAG.RED, period=TODAY.replace(day=1))

    page = client_for(user).get("/").content.decode()

    assert mine.code in page
    assert "THEIRS-1" not in page
    assert client_for(user).get("/projects/THEIRS-1/").status_code == 404


# What the pages say ---------------------------------------------------------------------------


def test_the_overview_counts_projects_by_rag_per_workstream(director):
    programme(6)

    page = client_for(director).get("/").content.decode()

    # P-000 and P-003 reported red last month; the other four amber.
    assert '<span class="sendtrack-figure__number">2</span> red projects' in page
    assert "Sufficiency" in page
    assert "Inclusion" in page


def test_the_overview_shows_what_changed_since_the_chosen_day(director):
    project = f.ProjectFactory(code="SUF-01")
    f.StatusReportFactory(
        project=project,
        period=date(2026, 8, 1),
        rag=RAG.GREEN,
        submitted_at=aware(TODAY - timedelta(40)),
    )
    f.StatusReportFactory(
        project=project,
        period=date(2026, 9, 1),
        rag=RAG.RED,
        submitted_at=aware(TODAY - timedelta(5)),
    )
    milestone = f.MilestoneFactory(
        project=project, title="Specification agreed", baseline_date=TODAY + timedelta(days=20)
    )
    milestone._history_date = aware(TODAY - timedelta(days=60))
    milestone.save()
    milestone.forecast_date = TODAY + timedelta(days=50)
    milestone._history_date = aware(TODAY - timedelta(days=3))
    milestone.save()
    risk = f.RiskFactory(project=project, title="Not enough places", likelihood=2, impact=3)
    risk._history_date = aware(TODAY - timedelta(days=60))
    risk.save()
    risk.likelihood, risk.impact = 4, 5
    risk._history_date = aware(TODAY - timedelta(days=2))
    risk.save()
    since = TODAY - timedelta(days=14)

    page = client_for(director).get(f"/?since={since:%Y-%m-%d}").content.decode()

    assert f"Since {since:%-d %B %Y}" in page
    assert "RAG changes (1)" in page
    assert "Milestones newly slipped (1)" in page
    assert "Specification agreed" in page
    assert "Risks newly red (1)" in page
    assert "score 20 (was 6)" in page

    # Looking back only four days, the RAG change (five days ago) is out of the window.
    page = (
        client_for(director).get(f"/?since={TODAY - timedelta(days=4):%Y-%m-%d}").content.decode()
    )
    assert "RAG changes (0)" in page


def test_new_figures_on_the_overview_leave_forecasts_out_and_say_so(director):
    # given an indicator that takes forecasts: a figure returned and a forecast, both new
    indicator = f.IndicatorFactory(code="KPI-02", allows_forecasts=True, unit="number")
    last_month = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
    next_year = TODAY.replace(year=TODAY.year + 1, month=1, day=1)
    f.MeasurementFactory(indicator=indicator, period=last_month, value=Decimal("1234"))
    f.MeasurementFactory(
        indicator=indicator, period=next_year, value=Decimal("9876"), status="forecast"
    )
    since = TODAY - timedelta(days=7)

    # when a director opens the overview
    page = client_for(director).get(f"/?since={since:%Y-%m-%d}").content.decode()

    # then only the returned figure is a new figure, and the page says forecasts are left out
    assert "New figures (1)" in page
    assert f"KPI-02</a> {last_month:%B %Y}: 1,234" in page
    assert "9,876" not in page
    assert "Forecasts are not listed" in page


def test_a_comparison_day_in_the_future_is_refused_with_a_message(director):
    page = (
        client_for(director).get(f"/?since={TODAY + timedelta(days=3):%Y-%m-%d}").content.decode()
    )

    assert "There is a problem" in page
    assert "must be today or in the past" in page


def test_filters_narrow_every_dashboard_and_stay_in_the_links(director):
    data = programme(4)
    first, second = data["workstreams"]

    page = client_for(director).get(f"/?workstream={first.pk}").content.decode()

    assert "P-000" in page
    assert "P-001" not in page  # in the second workstream
    assert f'href="/performance/?workstream={first.pk}"' in page
    for url in PAGES[1:]:
        assert client_for(director).get(f"{url}?workstream={second.pk}").status_code == 200


def test_an_unknown_filter_value_is_explained_and_everything_shown(director):
    programme(2)

    page = client_for(director).get("/?workstream=99999").content.decode()

    assert "There is a problem with the filters" in page
    assert "P-000" in page


def test_performance_lists_each_indicator_with_target_rag_trend_and_benchmarks(director):
    indicator = f.IndicatorFactory(code="KPI-01", title="New EHC plans issued within 20 weeks")
    f.TargetFactory(indicator=indicator, value=Decimal(80), tolerance=Decimal(12))
    for month, value in ((8, "66.5"), (9, "68.8"), (10, "69.1")):
        f.MeasurementFactory(indicator=indicator, period=date(2026, month, 1), value=Decimal(value))
    f.BenchmarkFactory(indicator=indicator, period=date(2026, 10, 1), value=Decimal("54.7"))

    page = client_for(director).get("/performance/").content.decode()

    assert "KPI-01 New EHC plans issued within 20 weeks" in page
    assert "69.1%" in page
    assert "80.0%" in page  # the indicator's decimal places, one for a percentage
    assert ">Amber<" in page
    assert "Improving" in page
    assert "since September 2026" in page  # what the direction of travel compares with
    assert "Aug 2026 66.5%, Sep 2026 68.8%, Oct 2026 69.1%" in page  # the sparkline in words
    assert "gap +14.4" in page


def test_an_indicators_page_has_its_chart_in_words_and_a_table(director):
    indicator = f.IndicatorFactory(code="KPI-01")
    f.TargetFactory(indicator=indicator, value=Decimal(80))
    f.MeasurementFactory(indicator=indicator, period=date(2026, 9, 1), value=Decimal("68.8"))
    f.MeasurementFactory(
        indicator=indicator,
        period=date(2026, 10, 1),
        value=Decimal("69.1"),
        status=Measurement.Status.PROVISIONAL,
    )
    f.BenchmarkFactory(
        indicator=indicator,
        period=date(2026, 10, 1),
        comparator=Benchmark.Comparator.STATISTICAL_NEIGHBOURS,
        value=Decimal("52"),
    )

    response = client_for(director).get("/performance/KPI-01/")
    page = response.content.decode()

    assert "The latest figure is 69.1% for October 2026 (provisional)." in page
    assert "Statistical neighbours were 52.0% in October 2026." in page
    assert "Improving since September 2026, when it was 68.8%." in page
    assert '69.1% <span class="govuk-body-s">(provisional)</span>' in page
    assert response.context["chart"]["provisional"] == [False, True]
    assert response.context["chart"]["values"] == [68.8, 69.1]


def test_the_heat_map_counts_open_risks_and_opens_a_cell(director):
    project = f.ProjectFactory()
    f.RiskFactory(project=project, likelihood=4, impact=5, title="Specialist places")
    f.RiskFactory(project=project, likelihood=4, impact=5, title="Therapists")
    f.RiskFactory(
        project=project, likelihood=4, impact=5, status=Risk.Status.CLOSED, closed_on=TODAY
    )
    f.RiskFactory(project=project, likelihood=1, impact=2, title="Minor")

    whole = client_for(director).get("/operational/").content.decode()
    cell = client_for(director).get("/operational/?likelihood=4&impact=5").content.decode()

    assert (
        '2<span class="govuk-visually-hidden"> risks with likelihood 4 and impact 5 (red)' in whole
    )
    assert "Likelihood 4, impact 5: 2 risks" in cell
    assert "Specialist places" in cell
    assert "Minor" not in cell


def test_operational_groups_milestones_by_workstream_and_lead(director):
    lead = f.PersonFactory(name="Callum Reeves")
    project = f.ProjectFactory(lead=lead)
    f.MilestoneFactory(
        project=project, title="Overdue one", baseline_date=TODAY - timedelta(days=3)
    )
    f.MilestoneFactory(project=project, title="Soon", baseline_date=TODAY + timedelta(days=7))
    f.MilestoneFactory(project=project, title="Later", baseline_date=TODAY + timedelta(days=40))

    page = client_for(director).get("/operational/").content.decode()

    assert "1 overdue, 1 due in the next fortnight" in page
    assert f"{project.workstream.name}: Callum Reeves" in page
    assert "Later" not in page


def test_data_quality_links_each_problem_to_where_it_is_fixed(director):
    project = f.ProjectFactory(code="SUF-01")
    milestone = f.MilestoneFactory(project=project, baseline_date=None, title="Undated step")
    risk = f.RiskFactory(project=project, review_date=TODAY - timedelta(days=1))
    person = f.PersonFactory(name="No Email", email="")
    director.user_permissions.add(*_perms("governance.view_person"))

    page = client_for(director).get("/data-quality/").content.decode()

    assert f'href="/admin/projects/project/{project.pk}/change/"' in page
    assert f'href="/admin/projects/milestone/{milestone.pk}/change/"' in page
    assert f'href="/admin/projects/risk/{risk.pk}/change/"' in page
    assert f'href="/admin/governance/person/{person.pk}/change/"' in page


def _perms(*names):
    from django.contrib.auth.models import Permission

    return [Permission.objects.get(codename=name.split(".")[1]) for name in names]


def test_a_projects_page_tells_its_story(director):
    project = f.ProjectFactory(code="SUF-01", title="SEND sufficiency strategy")
    f.StatusReportFactory(
        project=project, period=date(2026, 9, 1), rag=RAG.AMBER, commentary="Delayed."
    )
    f.StatusReportFactory(
        project=project, period=date(2026, 10, 1), rag=RAG.GREEN, commentary="Back on track."
    )
    f.MilestoneFactory(
        project=project,
        title="Strategy agreed",
        baseline_date=date(2026, 3, 1),
        forecast_date=date(2026, 4, 1),
        completed_date=date(2026, 4, 10),
    )
    f.RiskFactory(project=project, title="Budget", likelihood=3, impact=4)

    response = client_for(director).get("/projects/SUF-01/")
    page = response.content.decode()

    assert page.index("October 2026") < page.index("September 2026")  # newest first
    assert "Back on track." in page
    assert "Strategy agreed" in page
    assert "Completed late" in page
    assert "40" in page  # days late against baseline
    assert "Budget" in page
    assert response.context["timeline"]["completed"] == ["2026-04-10"]


# Queries --------------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url",
    [*PAGES, "/?workstream=1", "/operational/?likelihood=4&impact=5", "/projects/P-000/"],
)
def test_each_page_asks_the_same_number_of_queries_at_3_and_12_projects(director, url):
    client = client_for(director)
    programme(3)
    client.get(url)
    small = _queries(client, url)
    _grow()

    assert _queries(client, url) == small


def _grow():
    """Nine more projects with everything they carry, and more history for P-000."""
    workstream = f.WorkstreamFactory(name="Access to specialist services")
    for n in range(9):
        extra = f.ProjectFactory(workstream=workstream, code=f"Q-{n:03d}")
        f.StatusReportFactory(project=extra, period=TODAY.replace(day=1), rag=RAG.RED)
        f.MilestoneFactory(project=extra, baseline_date=TODAY - timedelta(days=9))
        f.RiskFactory(project=extra, likelihood=4, impact=5)
        indicator = f.IndicatorFactory()
        indicator.projects.add(extra)
        f.MeasurementFactory(indicator=indicator, period=TODAY.replace(day=1))
    first = Milestone.objects.filter(project__code="P-000").first()
    for n in range(5):
        f.MilestoneFactory(project=first.project, baseline_date=TODAY + timedelta(days=n))
        f.RiskFactory(project=first.project)


def test_the_indicator_page_asks_the_same_number_of_queries_with_more_figures(director):
    client = client_for(director)
    indicator = f.IndicatorFactory(code="KPI-01")
    f.MeasurementFactory(indicator=indicator, period=date(2026, 1, 1))
    small = _queries(client, "/performance/KPI-01/")
    for month in range(2, 11):
        f.MeasurementFactory(indicator=indicator, period=date(2026, month, 1))
        f.BenchmarkFactory(indicator=indicator, period=date(2026, month, 1))

    assert _queries(client, "/performance/KPI-01/") == small


def test_the_project_and_indicator_pages_say_where_each_record_comes_from():
    # given an invented project, and an indicator quoted from a paper with one real and one
    # invented figure
    project = f.ProjectFactory(code="DEMO-1", is_demo=True)
    indicator = f.IndicatorFactory(
        code="KPI-Q",
        source_citation="Minutes, minute 10b: “253 Kent schools had engaged with Nurture UK”",
    )
    f.MeasurementFactory(indicator=indicator, period=date(2023, 6, 1), value=Decimal(253))
    f.MeasurementFactory(
        indicator=indicator, period=date(2023, 7, 1), value=Decimal(260), is_demo=True
    )
    director = client_for(f.director_user())

    # when a director opens their pages
    project_page = director.get("/projects/DEMO-1/").content.decode()
    indicator_page = director.get("/performance/KPI-Q/").content.decode()

    # then the invented records are marked and the quoted one cites its passage
    assert "Demonstration data" in project_page
    assert "Source: Minutes, minute 10b: “253 Kent schools had engaged with Nurture UK”" in (
        indicator_page
    )
    assert indicator_page.count("Demonstration data") == 1  # the July figure only
    assert project.is_demo


def test_the_day_to_compare_with_is_typed_as_day_month_and_year(director):
    # given the overview as a director's browser receives it
    client = client_for(director)
    page = client.get("/")
    data = form_data(page, form_id="filters")
    html = page.content.decode()
    # the boxes show the default, a fortnight ago, in day, month and year: no browser's format
    default = TODAY - timedelta(days=14)
    assert (data["since_day"], data["since_month"], data["since_year"]) == (
        [str(default.day)],
        [str(default.month)],
        [str(default.year)],
    )
    assert 'type="date"' not in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Changes since' in html

    # when they type 10 November 2026 (the month as a word will do) and apply the filters
    chosen = TODAY - timedelta(days=7)
    set_field(data, "since_day", str(chosen.day))
    set_field(data, "since_month", f"{chosen:%B}")
    set_field(data, "since_year", str(chosen.year))
    page = client.get("/", data).content.decode()

    # then the overview compares with that day
    assert f"Since {chosen:%-d %B %Y}" in page


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("10", "", "2026", "The date to compare with must include a month"),
        ("", "", "2026", "The date to compare with must include a day and month"),
        ("31", "2", "2026", "The date to compare with must be a real date"),
        ("1", "11", "26", "Year must include 4 numbers"),
    ],
)
def test_a_day_to_compare_with_that_is_not_a_date_says_what_is_wrong(
    director, day, month, year, message
):
    query = {"since_day": day, "since_month": month, "since_year": year}
    page = client_for(director).get("/", query).content.decode()

    assert "There is a problem" in page
    assert message in page
    assert 'href="#id_since_0"' in page  # the summary leads to the boxes
    assert f'value="{day}"' in page  # what was typed is kept to correct


def test_a_long_data_quality_list_shows_its_first_rows_its_count_and_links_to_all(director):
    # given twelve open risks past their review date
    risks = [
        f.RiskFactory(reference=f"R-{n:02d}", review_date=TODAY - timedelta(days=30 - n))
        for n in range(12)
    ]
    client = client_for(director)

    # when the data quality page is read
    page = client.get("/data-quality/").content.decode()

    # then it counts all twelve, lists the ten longest past review, and links to them all
    assert "Risks past their review date (12)" in page
    assert "R-09 " in page
    assert "R-10 " not in page
    assert "Showing the first 10 of 12." in page
    assert 'href="/data-quality/?all=past-review#past-review-heading"' in page

    # and the list in full has every one of them, and no link to itself
    full = client.get("/data-quality/?all=past-review").content.decode()
    assert "Risks past their review date (12)" in full
    assert all(f'href="/admin/projects/risk/{risk.pk}/change/"' in full for risk in risks)
    assert "?all=past-review" not in full


def test_performance_asks_the_same_number_of_queries_for_a_workstream_without_indicators(
    director,
):
    # given one workstream whose projects have indicators and one whose projects have none
    workstreams = programme(3)["workstreams"]
    empty = f.WorkstreamFactory(name="Preparation for adulthood")
    f.ProjectFactory(workstream=empty)
    client = client_for(director)
    client.get(f"/performance/?workstream={workstreams[0].pk}")

    # when the performance page is filtered to each
    with_indicators = _queries(client, f"/performance/?workstream={workstreams[0].pk}")
    without = _queries(client, f"/performance/?workstream={empty.pk}")

    # then both ask the same number of questions
    assert without == with_indicators


def test_the_overview_lists_the_first_milestones_newly_slipped_and_links_to_all(director):
    # given twelve milestones that fell due three days ago, undone (on time a fortnight ago)
    project = f.ProjectFactory(code="SUF-01")
    for n in range(12):
        f.MilestoneFactory(
            project=project, title=f"Step {n:02d}", baseline_date=TODAY - timedelta(days=3)
        )
    since = TODAY - timedelta(days=14)
    client = client_for(director)

    # when the overview is read
    page = client.get(f"/?since={since:%Y-%m-%d}").content.decode()

    # then it counts all twelve, lists ten, and links to the overview with all of them
    assert "Milestones newly slipped (12)" in page
    assert page.count(": Step ") == 10
    link = f"/?since={since:%Y-%m-%d}&amp;all=slipped#slipped-heading"
    assert f'href="{link}"' in page
    full = client.get(f"/?since={since:%Y-%m-%d}&all=slipped").content.decode()
    assert full.count(": Step ") == 12
    assert "all=slipped" not in full
