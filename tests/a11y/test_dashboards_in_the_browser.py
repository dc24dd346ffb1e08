"""A director signs in and reads the dashboards in real Chromium, on the demo data: what is
red, what slipped, what changed since the last fortnight, which KPIs are off target and how we
compare with statistical neighbours. Every page passes axe-core's WCAG 2.2 AA checks, and the
suite leaves a screenshot of each under build/screenshots/."""

from io import StringIO

import pytest
from django.core.management import call_command

from projects.models import Workstream

from .conftest import ORIGIN, axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def director_tab(browse):
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())
    page = browse()
    page.goto(f"{ORIGIN}/")
    # Signed out, the overview sends us to sign in.
    assert page.get_by_role("heading", name="Sign in to sendtrack").is_visible()
    page.get_by_label("Username").fill("director")
    page.get_by_label("Password").fill("sendtrack-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def test_a_director_answers_the_fortnightly_questions(director_tab):
    page = director_tab
    assert page.get_by_role("heading", name="Programme overview", level=1).is_visible()
    assert page.get_by_text("Signed in as Helen Marsh").is_visible()
    # What is red, what slipped, what changed since the last fortnight.
    assert page.get_by_role("table", name="Projects by their latest reported RAG, per workstream")
    assert page.get_by_role("heading", name="Since", level=2).is_visible()
    assert page.locator("text=Milestones newly slipped").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "overview")

    # Narrow to a workstream with the filter; the choice stays in the address.
    sufficiency = Workstream.objects.get(number=1)
    page.get_by_label("Workstream", exact=True).select_option(str(sufficiency.pk))
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert f"workstream={sufficiency.pk}" in page.url
    assert page.get_by_role("row", name="1. Sufficiency").is_visible()
    assert page.get_by_role("row", name="2. Inclusion capacity").count() == 0
    screenshot(page, "overview-sufficiency")

    # Which KPIs are off target, and how we compare with statistical neighbours.
    page.get_by_role("link", name="Performance").first.click()
    page.wait_for_load_state()
    assert f"workstream={sufficiency.pk}" in page.url  # the filter travels with the menu
    page.goto(f"{ORIGIN}/performance/")
    assert page.get_by_role("columnheader", name="Statistical neighbours").first.is_visible()
    assert axe_violations(page) == []
    screenshot(page, "performance")

    page.get_by_role("link", name="KPI-01 New EHC plans issued within 20 weeks").click()
    page.wait_for_load_state()
    assert page.get_by_role(
        "heading", name="KPI-01 New EHC plans issued within 20 weeks"
    ).is_visible()
    assert "The latest figure is" in page.locator("#chart-summary").inner_text()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas'))")
    assert page.get_by_role(
        "table", name="Every figure of KPI-01, with its target, benchmarks and source"
    ).is_visible()
    assert axe_violations(page) == []
    screenshot(page, "indicator-kpi-01")

    # An indicator fed by the DfE's statistics: each year with where its figure came from.
    page.goto(f"{ORIGIN}/performance/DFE-01/")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas'))")
    assert "ranked" in page.locator("#chart-summary").inner_text()
    # Where a figure came from is one click away, not inside the figure's cell.
    source = page.locator("details", has_text="Published statistics").first
    assert not source.get_by_text("timeliness_20_week.csv").is_visible()
    source.locator("summary").click()
    assert source.get_by_text("timeliness_20_week.csv").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "indicator-dfe-01")


def test_the_heat_map_opens_a_cell_and_a_project_tells_its_story(director_tab):
    page = director_tab
    page.get_by_role("link", name="Operational", exact=True).click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    screenshot(page, "operational")

    page.locator(".sendtrack-heat--red a").first.click()
    page.wait_for_load_state()
    heading = page.locator("#cell-risks")
    assert heading.is_visible()
    assert "Likelihood" in heading.inner_text()
    screenshot(page, "operational-heat-map-cell")

    page.locator("table").filter(
        has=page.locator("caption", has_text="Risks with likelihood")
    ).get_by_role("link").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Milestones", level=2).is_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas'))")
    assert axe_violations(page) == []
    screenshot(page, "project")


def test_data_quality_is_accessible_and_links_to_the_admin(director_tab):
    page = director_tab
    page.get_by_role("link", name="Data quality").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Data quality", level=1).is_visible()
    assert page.locator('a[href^="/admin/"]').count() > 0
    assert axe_violations(page) == []
    screenshot(page, "data-quality")


def test_finance_draws_its_chart_beside_its_table_and_is_accessible(director_tab):
    page = director_tab
    page.get_by_role("link", name="Finance").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Finance: Safety Valve savings", level=1).is_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas'))")
    assert page.locator("#finance-years-table").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "finance")


def test_keyboard_users_skip_to_the_content_and_the_page_prints_cleanly(director_tab):
    page = director_tab
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"

    page.emulate_media(media="print")
    assert page.locator(".govuk-service-navigation").is_hidden()
    assert page.locator(".sendtrack-filters").is_hidden()
    assert page.get_by_role("heading", name="Programme overview").is_visible()
