"""The API documentation in Chromium: a page of the site (its header, a way back, the page's
language) on which axe finds no WCAG 2.2 AA violation, before and after an operation is opened
and tried out, in Swagger UI and in ReDoc, within the Content-Security-Policy."""

import pytest

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]


def test_swagger_ui_passes_axe_and_leads_back_to_the_site(open_page):
    page = open_page("/api/docs/")
    page.wait_for_selector(".opblock", timeout=20_000)

    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.get_by_role("link", name="Back to sendtrack").get_attribute("href") == "/"
    # one main heading: Swagger UI's title of the API
    assert page.get_by_role("heading", level=1).count() == 1
    assert axe_violations(page) == []

    # when a reader opens an operation and tries it out
    page.locator(".opblock-summary-control").first.click()
    page.locator(".try-out__btn").first.click()
    page.wait_for_selector(".parameters select, .execute", timeout=10_000)

    # then its parameters, examples and buttons pass too
    assert axe_violations(page) == []


def test_redoc_passes_axe_and_leads_back_to_the_site(open_page):
    page = open_page("/api/docs/redoc/")
    page.wait_for_selector("[role=menuitem], .menu-content", timeout=20_000)
    page.wait_for_selector("[id^='operation/']", timeout=20_000)

    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.get_by_role("link", name="Back to sendtrack").get_attribute("href") == "/"
    assert axe_violations(page) == []
