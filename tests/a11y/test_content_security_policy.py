"""The Content-Security-Policy holds in real Chromium: the dashboards, the published pages, the
admin and the API documentation load and work with no script, style or other resource blocked.
(Every other browser test checks the same on the pages it opens.)"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from projects.models import Project
from sendtrack.publications.models import Publication

from .conftest import ORIGIN, csp_context

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]


def test_the_listener_reports_a_violation(browser):
    # given a page whose policy forbids the inline script and style it carries
    context = csp_context(browser)
    context.route(
        f"{ORIGIN}/**",
        lambda route, request: route.fulfill(
            status=200,
            headers={
                "Content-Type": "text/html",
                "Content-Security-Policy": "default-src 'self'",
            },
            body="<html><body><p style='color: red'>x</p><script>1</script></body></html>",
        ),
    )
    page = context.new_page()
    page.goto(f"{ORIGIN}/probe")
    page.wait_for_timeout(100)
    # then both are reported, so an empty list elsewhere means something
    directives = " ".join(context.csp_violations)
    assert "script-src" in directives
    assert "style-src" in directives
    context.close()


def test_every_kind_of_page_keeps_to_the_policy(open_page):
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())
    users = {user.username: user for user in get_user_model().objects.all()}
    publication = Publication.objects.get(meeting__date="2023-03-22")
    project = Project.objects.get(code="SUF-01")
    pages = [
        ("director", "/"),
        ("director", "/performance/"),
        ("director", "/performance/KPI-01/"),
        ("director", "/operational/"),
        ("director", "/data-quality/"),
        ("director", "/finance/"),
        ("director", f"/projects/{project.code}/"),
        (None, "/accounts/login/"),
        (None, "/publications/"),
        (None, f"/publications/{publication.slug}/"),
        (None, "/publications/areas/3/"),
        ("pmo", "/admin/"),
        ("pmo", f"/admin/projects/project/{project.pk}/change/"),
        ("pmo", "/admin/spreadsheets/"),
        ("pmo", "/api/docs/"),
        ("pmo", "/api/docs/redoc/"),
    ]
    for username, path in pages:
        page = open_page(path, user=users.get(username))
        if path == "/api/docs/":
            # the documentation is drawn by its script: wait until it has drawn the operations
            page.wait_for_selector(".opblock", timeout=15_000)
        elif path == "/api/docs/redoc/":
            page.wait_for_selector("[role=menuitem], .menu-content", timeout=15_000)
        else:
            page.wait_for_load_state("networkidle")
        violations = page.context.csp_violations
        assert violations == [], f"{path}: {violations}"
