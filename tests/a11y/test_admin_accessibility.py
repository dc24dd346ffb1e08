"""The officers' admin pages meet WCAG 2.2 AA as far as axe-core can tell, in real Chromium."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from indicators.models import Indicator
from projects.models import Project
from sendtrack.models import DocumentBuild
from sendtrack.services.documents import document_build_run

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def demo():
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())
    return {user.username: user for user in get_user_model().objects.all()}


def test_the_checker_finds_a_violation(browser):
    # given a page with a form field nobody can name
    page = browser.new_page()
    page.set_content("<html lang='en'><title>t</title><main><input type='text'></main></html>")
    # then axe reports it, so an empty list elsewhere means something
    assert any(line.startswith("label") for line in axe_violations(page))
    page.close()


def test_the_login_page_is_accessible(open_page, db):
    page = open_page("/admin/login/")
    assert page.get_by_label("Username").is_visible()
    assert axe_violations(page) == []


def _project(code: str) -> str:
    return f"/admin/projects/project/{Project.objects.get(code=code).pk}/change/"


def _publication(suffix: str = "change/") -> str:
    from sendtrack.publications.models import Publication

    march = Publication.objects.get(meeting__date="2023-03-22")
    return f"/admin/sendtrack/publication/{march.pk}/{suffix}"


def _indicator(code: str) -> str:
    return f"/admin/indicators/indicator/{Indicator.objects.get(code=code).pk}/change/"


def _import_run() -> str:
    from indicators.models import ImportRun

    return f"/admin/indicators/importrun/{ImportRun.objects.get().pk}/change/"


def _mapping() -> str:
    from indicators.models import StatisticsMapping

    mapping = StatisticsMapping.objects.get(indicator__code="DFE-01")
    return f"/admin/indicators/statisticsmapping/{mapping.pk}/change/"


def _coproduction_entry() -> str:
    from sendtrack.models import CoproductionEntry

    entry = CoproductionEntry.objects.get(heard_from="Quarterly parent carer survey with Kent PACT")
    return f"/admin/sendtrack/coproductionentry/{entry.pk}/change/"


def _awaiting_action() -> str:
    from governance.models import PlanAction

    action = PlanAction.objects.get(title__startswith="Agree a joint commissioning strategy")
    return f"/admin/governance/planaction/{action.pk}/change/"


def _sign_off() -> str:
    from governance.models import PlanActionSignOff

    sign_off = PlanActionSignOff.objects.order_by("pk").first()
    return f"/admin/governance/planactionsignoff/{sign_off.pk}/change/"


def _sign_off_for(page: str) -> str:
    return f"/admin/governance/planactionsignoff/add/?plan_action={page.split('/')[-3]}"


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("pmo", lambda: "/admin/"),
        ("lead", lambda: "/admin/projects/project/"),
        ("lead", lambda: _project("SUF-01")),
        ("lead", lambda: "/admin/indicators/indicator/"),
        ("lead", lambda: _indicator("KPI-01")),
        ("pmo", lambda: "/admin/projects/project/?rag=red"),
        ("pmo", lambda: _project("INC-04")),
        ("pmo", lambda: "/admin/projects/risk/"),
        ("pmo", lambda: "/admin/governance/informationrequest/"),
        ("director", lambda: _project("SUF-05")),
        ("pmo", lambda: "/admin/sendtrack/documentbuild/add/"),
        ("pmo", lambda: "/admin/sendtrack/documentbuild/"),
        ("director", lambda: "/admin/projects/projectsnapshot/"),
        ("pmo", lambda: _publication()),
        ("director", lambda: _publication()),
        ("pmo", lambda: _publication("workflow/correct/")),
        ("pmo", lambda: "/admin/indicators/importrun/add/"),
        ("pmo", _import_run),
        ("pmo", _mapping),
        ("director", lambda: "/admin/indicators/importrun/"),
        ("lead", lambda: "/admin/spreadsheets/"),
        ("pmo", lambda: "/admin/sendtrack/coproductionentry/"),
        ("pmo", _coproduction_entry),
        ("pmo", _awaiting_action),
        ("pmo", lambda: "/admin/governance/planactionsignoff/"),
        ("pmo", lambda: _sign_off_for(_awaiting_action())),
        ("pmo", _sign_off),
    ],
    ids=[
        "index",
        "lead-projects",
        "lead-project-page",
        "lead-indicators",
        "lead-indicator-page",
        "pmo-red-projects",
        "pmo-project-page",
        "pmo-risks",
        "pmo-requests",
        "director-project-page",
        "pmo-ask-for-a-document",
        "pmo-document-builds",
        "director-project-snapshots",
        "pmo-publication-page",
        "director-publication-page",
        "pmo-publication-correction",
        "pmo-official-statistics-upload",
        "pmo-official-statistics-import-report",
        "pmo-official-statistics-mapping",
        "director-official-statistics-imports",
        "lead-spreadsheet-import",
        "pmo-you-said-we-did",
        "pmo-you-said-we-did-entry",
        "pmo-joint-action-awaiting-sign-off",
        "pmo-sign-offs",
        "pmo-record-a-sign-off",
        "pmo-withdraw-a-sign-off",
    ],
)
def test_admin_pages_are_accessible(open_page, demo, username, path):
    page = open_page(path(), user=demo[username])
    assert page.locator("h1").count() >= 1
    assert axe_violations(page) == []


def test_the_document_builds_list_with_a_ready_and_a_failed_build_is_accessible(open_page, demo):
    pmo = demo["pmo"]
    ready = DocumentBuild.objects.create(
        kind=DocumentBuild.Kind.MONTHLY_REPORTS_PACK,
        parameters={"period": "2026-10"},
        requested_by=pmo,
    )
    document_build_run(build_id=ready.pk)
    DocumentBuild.objects.create(
        kind=DocumentBuild.Kind.MONTHLY_REPORTS_PACK,
        parameters={"period": "2026-09"},
        status=DocumentBuild.Status.FAILED,
        error="The build took too long and was stopped. Try again later.",
        requested_by=pmo,
    )

    page = open_page("/admin/sendtrack/documentbuild/", user=pmo)

    link = page.get_by_role("link", name="Download Monthly reports pack for October 2026")
    assert link.count() == 1
    assert axe_violations(page) == []


def test_a_records_history_and_an_earlier_version_are_accessible(open_page, demo):
    # given a report corrected after it was filed
    from projects.models import StatusReport
    from projects.services import status_report_save

    report = StatusReport.objects.filter(project__code="SUF-01").latest()
    status_report_save(report=report, user=demo["pmo"])
    report.commentary = "Corrected after the board."
    status_report_save(report=report, user=demo["pmo"])
    first = report.history.order_by("history_id").first()
    base = f"/admin/projects/statusreport/{report.pk}/history/"

    history = open_page(base, user=demo["lead"])
    assert history.get_by_text("Corrected after the board.").count() >= 1
    assert axe_violations(history) == []

    version = open_page(f"{base}{first.history_id}/", user=demo["lead"])
    assert version.locator("h1").count() >= 1
    assert axe_violations(version) == []
