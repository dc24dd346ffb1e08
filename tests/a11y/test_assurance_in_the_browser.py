"""A director opens the assurance matrix and area 6 in real Chromium, on the demo data: which
areas would an inspector still find weak, what was promised, what is delivered, what is
evidenced and what is not; then builds area 6's evidence pack and finds it ready to download.
Every page passes axe-core's WCAG 2.2 AA checks and leaves a screenshot under build/."""

from io import StringIO

import pytest
from django.core.management import call_command

from .conftest import ORIGIN, axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]


def test_a_director_reads_area_6_and_takes_its_evidence_pack(
    browse, django_capture_on_commit_callbacks
):
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())
    page = browse()
    page.goto(f"{ORIGIN}/")
    page.get_by_label("Username").fill("director")
    page.get_by_label("Password").fill("sendtrack-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    # The overview already says which actions are done but not yet shown to work.
    assert page.locator("#complete-without-impact").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Assurance").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Assurance: the areas of weakness").is_visible()
    matrix = page.get_by_role("table", name="The areas of weakness: what is delivered")
    assert matrix.get_by_role("row").count() == 10  # a header and the nine areas
    assert matrix.locator(".govuk-tag", has_text="confidence").count() == 9
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas'))")
    assert page.get_by_role("table", name="The projects and indicators that feed each area")
    assert axe_violations(page) == []
    screenshot(page, "assurance-matrix")

    matrix.get_by_role("link", name="6. Inconsistent quality of the EHC process").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1, name="Inconsistent quality of the EHC process")
    warning = page.locator("#complete-without-impact")
    assert "complete but impact not yet evidenced" in warning.inner_text()
    assert "APP 6.4" in warning.inner_text()
    assert page.get_by_role("heading", name="How these ratings are worked out").is_visible()
    assert page.get_by_role("link", name="EHC needs assessment backlog recovery").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "assurance-area-6")

    with django_capture_on_commit_callbacks(execute=True):
        page.get_by_role("button", name="Build the evidence pack for area 6").click()
        page.wait_for_load_state()
    page.reload()
    assert page.locator(".govuk-notification-banner, #evidence-pack").first.is_visible()
    download = page.get_by_role("link", name="Download the evidence pack for area 6")
    assert download.count() == 1
    assert axe_violations(page) == []
    screenshot(page, "assurance-area-6-pack")
