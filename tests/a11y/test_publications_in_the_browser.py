"""A published summary's whole journey in real Chromium, on the demo data: the programme office
drafts a summary for the Sub-Committee of 19 July 2023 in the admin and submits it, a director
approves it, the programme office publishes it, and an anonymous visitor reads it, its PDF link
and an area's history, on a desktop and on a phone. Every public page passes axe-core's WCAG
2.2 AA checks; screenshots are saved under build/screenshots/."""

from io import StringIO

import pytest
from django.core.management import call_command

from sendtrack.publications.models import Publication

from .conftest import ORIGIN, axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sign_in(browse):
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())

    def sign_in_(username: str):
        page = browse()
        page.goto(f"{ORIGIN}/accounts/login/?next=/admin/sendtrack/publication/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("sendtrack-demo")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        return page

    return sign_in_


def _take_step(page, title: str, step: str) -> None:
    page.locator("#result_list").get_by_role("link", name=title).click()
    page.wait_for_load_state()
    page.get_by_role("link", name=step).click()
    page.wait_for_load_state()
    page.get_by_role("button", name=step).click()
    page.wait_for_load_state()


def test_a_summary_is_drafted_approved_published_and_read_by_anyone(
    sign_in, browse, django_capture_on_commit_callbacks
):
    title = "Progress summary for members, July 2023"

    # the programme office drafts it for the meeting of 19 July 2023 and submits it
    officer = sign_in("pmo")
    officer.get_by_role("link", name="Add publication").click()
    officer.wait_for_load_state()
    officer.locator(".field-meeting .select2-selection").click()
    officer.locator(".select2-search__field").fill("Scrutiny")
    officer.get_by_role("option", name="SEND Scrutiny Sub-Committee – 19 July 2023").click()
    officer.get_by_label("Title:").fill(title)
    officer.get_by_role("button", name="Save", exact=True).click()
    officer.wait_for_load_state()
    _take_step(officer, title, "Submit for approval")
    assert officer.get_by_text("Submitted for a director's approval.").is_visible()

    # a director reads the preview, then approves
    director = sign_in("director")
    director.locator("#result_list").get_by_role("link", name=title).click()
    director.wait_for_load_state()
    director.get_by_role("link", name="Preview").click()
    director.wait_for_load_state()
    assert director.get_by_text("This is a preview of the draft").is_visible()
    director.go_back()
    director.get_by_role("link", name="Approve").click()
    director.wait_for_load_state()
    director.get_by_role("button", name="Approve").click()
    director.wait_for_load_state()
    assert director.get_by_text("Approved. The programme office can now publish it.").is_visible()

    # the programme office publishes; the PDF is built once the version is saved
    officer.goto(f"{ORIGIN}/admin/sendtrack/publication/")
    with django_capture_on_commit_callbacks(execute=True):
        _take_step(officer, title, "Publish")
    assert officer.get_by_text("Published as version 1").is_visible()
    slug = Publication.objects.get(title=title).slug

    # an anonymous visitor finds it in the index and reads it
    visitor = browse()
    visitor.goto(f"{ORIGIN}/publications/")
    assert axe_violations(visitor) == []
    screenshot(visitor, "publications-index")
    visitor.get_by_role("link", name=title).click()
    visitor.wait_for_load_state()
    assert visitor.url == f"{ORIGIN}/publications/{slug}/"
    assert visitor.get_by_role("heading", name=title, level=1).is_visible()
    assert visitor.get_by_role("heading", name="Workforce", level=2).is_visible()
    assert visitor.get_by_role("table", name="What members asked for, its status and the response")
    assert visitor.get_by_text("Sign out").count() == 0
    pdf = visitor.get_by_role("link", name="Download this version as a PDF")
    assert pdf.get_attribute("href") == f"/publications/{slug}/v1/pdf/"
    assert visitor.evaluate(
        "url => fetch(url).then(r => [r.status, r.headers.get('content-type')])",
        f"/publications/{slug}/v1/pdf/",
    ) == [200, "application/pdf"]
    assert axe_violations(visitor) == []
    screenshot(visitor, "publication")

    # and how an area has moved across the summaries published so far
    visitor.get_by_role("link", name="3. The limited role of parents").first.click()
    visitor.wait_for_load_state()
    assert "/publications/areas/3/" in visitor.url
    rows = visitor.get_by_role("table", name="Area 3 in each published summary").locator("tbody tr")
    # the demo's three (22 March, 6 June, 19 July 2023) and this one
    assert rows.count() == 4
    assert axe_violations(visitor) == []
    screenshot(visitor, "publication-area-3")


def test_a_published_summary_reads_on_a_phone_and_prints(sign_in, browse):
    sign_in("pmo")  # loads the demo, whose summary of 22 March 2023 is published
    visitor = browse()
    visitor.set_viewport_size({"width": 375, "height": 800})
    visitor.goto(f"{ORIGIN}/publications/send-scrutiny-sub-committee-2023-03-22/")
    assert axe_violations(visitor) == []
    # the page itself never scrolls sideways: wide tables scroll in their own region
    assert visitor.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(visitor, "publication-phone")

    visitor.emulate_media(media="print")
    assert visitor.locator(".govuk-breadcrumbs").is_hidden()
    assert visitor.get_by_role("heading", name="Workforce").is_visible()
