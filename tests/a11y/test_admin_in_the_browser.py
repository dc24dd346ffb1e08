"""A project lead's monthly update, done the way they do it: in the browser, with the admin's
own scripts (adding an inline row, choosing a person from the autocomplete)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from projects.models import Risk, StatusReport
from projects.selectors import previous_month
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def lead_project():
    user = f.lead_user(username="lead")
    person = f.PersonFactory(name="Priya Shah", user=user)
    project = f.ProjectFactory(code="SUF-01", title="SEND sufficiency strategy", lead=person)
    f.MilestoneFactory(project=project, title="Strategy agreed", baseline_date=date(2026, 3, 1))
    return user, person, project


def test_a_lead_files_a_report_and_raises_a_risk_in_the_browser(open_page, lead_project):
    user, person, project = lead_project
    page = open_page(f"/admin/projects/project/{project.pk}/change/", user=user)
    page.set_default_timeout(5000)

    # the month's report: the new row already names the month just gone
    report = page.locator("#reports-group .inline-related:not(.empty-form)").last
    report.get_by_label("Overall RAG").select_option(label="Amber")
    report.get_by_label("Commentary").fill("Consultation closed; analysis two weeks behind.")

    # a new risk, from the "add another" link, with its owner chosen by autocomplete
    page.get_by_role("button", name="Add another Risk or issue").click()
    risk = page.locator("#risks-group .inline-related.last-related:not(.empty-form)").last
    risk.get_by_label("Title").fill("Specialist staff vacancies")
    risk.get_by_label("Likelihood").select_option(label="4 – likely")
    risk.get_by_label("Impact").select_option(label="3 – moderate")
    risk.locator(".field-owner .select2-selection").click()
    page.locator(".select2-search__field").fill("Priya")
    page.get_by_role("option", name="Priya Shah").click()

    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue editing").click()

    errors = page.locator(".errorlist").all_inner_texts()
    assert page.locator(".messagelist .success").count() == 1, errors
    saved = StatusReport.objects.get(project=project)
    assert saved.period == previous_month(timezone.localdate())
    assert saved.rag == "amber"
    assert saved.submitted_by == user
    risk = Risk.objects.get(project=project)
    assert (risk.owner, risk.score, risk.raised_on) == (person, 12, timezone.localdate())


def test_a_refused_update_lists_its_errors_at_the_top_accessibly(open_page, lead_project):
    from .conftest import axe_violations

    user, _, project = lead_project
    page = open_page(f"/admin/projects/project/{project.pk}/change/", user=user)
    page.set_default_timeout(5000)
    future = timezone.localdate().replace(year=timezone.localdate().year + 1)
    row = page.locator("#milestones-group tr.form-row.has_original").first
    completed = row.get_by_role("group", name="Completed date")
    completed.get_by_label("Day").fill(str(future.day))
    completed.get_by_label("Month").fill(str(future.month))
    completed.get_by_label("Year").fill(str(future.year))

    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue editing").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    assert "This date is in the future" in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_milestones-0-completed_date_0"
    assert axe_violations(page) == []


def test_a_summarys_reading_age_is_said_as_it_is_typed(open_page, settings):
    from playwright.sync_api import expect

    from .conftest import axe_violations

    settings.SENDTRACK_PLAIN_ENGLISH_MAX_GRADE = 9
    user = f.pmo_user(username="pmo")
    page = open_page("/admin/sendtrack/coproductionentry/add/", user=user)
    page.set_default_timeout(5000)
    summary = page.get_by_label("Plain-English summary")

    # when the officer types a hard summary, then the warning is said under the field
    summary.fill(
        "The partnership commissioned an independent evaluation of neurodevelopmental "
        "diagnostic pathway capacity across the integrated care system."
    )
    message = page.locator("#id_we_did_summary_readability")
    message.filter(has_text="Harder than grade 9").wait_for()
    assert message.get_attribute("aria-live") == "polite"
    assert "id_we_did_summary_readability" in summary.get_attribute("aria-describedby")

    # and rewritten plainly, the warning goes
    summary.fill("We hired more staff. Calls are answered.")
    expect(message).to_contain_text("Reading age: Flesch–Kincaid grade")
    expect(message).not_to_contain_text("Harder")
    assert axe_violations(page) == []
