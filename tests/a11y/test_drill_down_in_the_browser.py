"""The demo director, on 4 December 2026, goes from a red KPI on the overview to the project
lead's latest commentary in two clicks, in real Chromium; and the data-quality page leads with
November's reports, due by the 10th, not with the month under way. Every page passes axe."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from indicators.selectors import indicators_with_latest
from projects.models import StatusReport
from sendtrack.kernel.rag import RAG

from .conftest import ORIGIN, axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def director_tab(browse, on_4_december_2026):
    call_command("load_demo", "--as-of", "2026-12-04", stdout=StringIO())
    page = browse()
    page.goto(f"{ORIGIN}/")
    page.get_by_label("Username").fill("director")
    page.get_by_label("Password").fill("sendtrack-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def test_a_director_reaches_the_commentary_behind_a_red_kpi_in_two_clicks(director_tab):
    page = director_tab
    # the first red KPI (red come first, by code) that measures a project's work
    kpi = next(
        i
        for i in indicators_with_latest().order_by("code")
        if i.rag == RAG.RED and i.projects.exists()
    )
    project = kpi.projects.order_by("code").first()
    latest = StatusReport.objects.filter(project=project).order_by("-period").first()

    # click 1: the red KPI on the overview
    screenshot(page, "overview-4-december")
    off_target = page.locator(
        "table", has=page.locator("caption", has_text="Indicators whose latest figure is red")
    )
    off_target.get_by_role("link", name=f"{kpi.code} {kpi.title}").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=f"{kpi.code} {kpi.title}", level=1).is_visible()
    serves = page.locator(".govuk-summary-list__row", has=page.get_by_text("Projects", exact=True))
    assert axe_violations(page) == []

    # click 2: its project, which leads with the latest report's commentary
    serves.get_by_role("link", name=f"{project.code} {project.title}").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=f"{project.code} {project.title}").is_visible()
    panel = page.locator("#latest-report")
    assert panel.get_by_role("heading", name=re.compile(f"Latest report: {latest.period:%B %Y}"))
    assert latest.commentary in panel.inner_text()
    # near the top: the commentary is on screen without scrolling
    assert panel.bounding_box()["y"] < 900
    assert axe_violations(page) == []
    screenshot(page, "project-latest-report")


def test_on_4_december_the_data_quality_page_leads_with_novembers_reports(director_tab):
    page = director_tab
    page.goto(f"{ORIGIN}/data-quality/")

    first = page.locator("main h2").first.inner_text()
    assert first.startswith("Due by 10 December 2026: no report yet for November 2026")
    assert "December 2026 (" not in page.locator("main").inner_text()
    assert axe_violations(page) == []
    screenshot(page, "data-quality-4-december")
