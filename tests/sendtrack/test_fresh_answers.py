"""Repeat reads are cheap and never stale: pages, reports and lists answer with a validator
(ETag), a repeat that sends it back gets a bodiless 304 while nothing has changed, a repeat
without it is answered from the kept answer, and a write through any door (the admin, the
API, a spreadsheet import, an official statistics import, a Celery task, a management
command, a bulk write) is seen on the very next read."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from indicators.models import Measurement
from projects.models import Project, Risk
from sendtrack.dataversion import data_version, writes_to
from sendtrack.tasks import take_daily_snapshot
from tests import factories as f
from tests.api.conftest import token_client
from tests.dashboards.test_pages import programme as dashboard_programme
from tests.html_forms import form_data, set_field
from tests.spreadsheets.conftest import programme, workbook  # noqa: F401 - a fixture
from tests.spreadsheets.test_admin_import import _upload

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/performance/",
    "/operational/",
    "/data-quality/",
    "/finance/",
    "/projects/P-000/",
]
REPORTS = [f"/api/v1/reports/{name}/" for name in ("milestones", "risks", "kpis", "programme")]
LISTS = ["/api/v1/projects/", "/api/v1/indicators/", "/api/v1/risks/", "/api/v1/measurements/"]


@pytest.fixture(autouse=True)
def _answers_kept(settings):
    settings.CONDITIONAL_GET_KEEP_ANSWERS = True
    settings.SENDTRACK_KEEP_DERIVED_PARTS = True


def signed_in(user) -> Client:
    """A browser signed in as ``user`` that has been here before (so holds its CSRF cookie:
    an answer that sets a cookie is neither tagged nor kept)."""
    client = Client()
    client.force_login(user)
    client.get("/accounts/login/")
    return client


def read(client, url: str, etag: str | None = None):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(url, **headers)


# The data's version --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "projects_risk" ("title") VALUES (%s)', "projects_risk"),
        ('UPDATE "projects_risk" SET "likelihood" = 5', "projects_risk"),
        ('DELETE FROM "projects_risk" WHERE "id" = 1', "projects_risk"),
        ('TRUNCATE "projects_risk", "projects_project"', "*"),
        ('WITH x AS (DELETE FROM "a" RETURNING 1) SELECT 1', "*"),
        ('SELECT "id" FROM "projects_risk" FOR UPDATE', None),
        ('SAVEPOINT "s1"', None),
        ('CREATE TABLE "x" ("id" integer)', None),
    ],
)
def test_a_statement_is_known_by_the_table_it_writes(sql, table):
    assert writes_to(sql) == table


def test_every_kind_of_write_changes_the_version_and_a_read_does_not():
    project = f.ProjectFactory()
    versions = [data_version()]

    list(Project.objects.all())
    assert data_version() == versions[-1]

    def changed() -> bool:
        versions.append(data_version())
        return versions[-1] != versions[-2]

    project.title = "Saved"
    project.save()
    assert changed()
    Project.objects.filter(pk=project.pk).update(title="Updated in bulk")
    assert changed()
    Measurement.objects.bulk_create(
        [Measurement(indicator=f.IndicatorFactory(), period=date(2024, 1, 1), value=1)]
    )
    assert changed()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE projects_project SET title = 'By hand'")
    assert changed()
    Project.objects.filter(pk=project.pk).delete()
    assert changed()


def test_a_write_rolled_back_leaves_the_version_as_it_was():
    project = f.ProjectFactory()
    before = data_version()

    def write_then_fail():
        with transaction.atomic():
            Project.objects.filter(pk=project.pk).update(title="Never")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert data_version() == before


def test_writes_made_together_file_one_change_and_a_savepoint_rolled_back_takes_its_own():
    from sendtrack.models import DataChange

    project = f.ProjectFactory()
    data_version()
    filed = DataChange.objects.count()

    # Fifty saves in one transaction commit or roll back together: one change is enough.
    with transaction.atomic():
        for n in range(50):
            Project.objects.filter(pk=project.pk).update(title=f"Draft {n}")
    assert DataChange.objects.count() == filed + 1

    # A savepoint rolled back takes its change with it; a later write outside it files anew.
    before = data_version()
    with transaction.atomic():
        try:
            with transaction.atomic():
                Project.objects.filter(pk=project.pk).update(title="Never")
                raise RuntimeError
        except RuntimeError:
            pass
        Project.objects.filter(pk=project.pk).update(title="Kept")
    assert data_version() != before
    assert Project.objects.get(pk=project.pk).title == "Kept"


# Validators and 304 --------------------------------------------------------------------------


@pytest.fixture
def director():
    return f.director_user(username="director", first_name="Helen", last_name="Marsh")


@pytest.mark.parametrize("url", PAGES + REPORTS + LISTS)
def test_each_page_report_and_list_sends_a_validator_and_a_repeat_gets_304(director, url):
    dashboard_programme(2)
    client = signed_in(director)
    first = read(client, url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert first["Cache-Control"] == "private, no-cache"
    assert "Cookie" in first["Vary"]

    again = read(client, url, etag)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


@pytest.mark.parametrize("url", [REPORTS[1], LISTS[0]])
def test_with_a_token_too(director, url):
    dashboard_programme(2)
    client = token_client(director)
    etag = read(client, url)["ETag"]
    assert read(client, url, etag).status_code == 304
    assert read(client, f"{url}?format=csv", etag).status_code == 200


def test_a_write_changes_the_validator_and_the_next_read_shows_it(director):
    dashboard_programme(2)
    client = signed_in(director)
    first = read(client, "/projects/P-000/")
    assert read(client, "/projects/P-000/").content == first.content  # kept

    Project.objects.filter(code="P-000").update(title="Renamed by the office")

    again = read(client, "/projects/P-000/", first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "Renamed by the office" in again.content.decode()


def test_another_reader_never_gets_what_was_kept_for_the_first():
    lead = f.lead_user(username="lead")
    person = f.PersonFactory(user=lead)
    dashboard_programme(3)
    own = f.ProjectFactory(code="OWN-1", lead=person, title="The lead's own project")
    director = f.director_user(username="director")
    seen_by_director = read(signed_in(director), "/api/v1/projects/")
    assert "P-001" in seen_by_director.content.decode()

    seen_by_lead = read(signed_in(lead), "/api/v1/projects/", seen_by_director["ETag"])

    assert seen_by_lead.status_code == 200
    assert seen_by_lead["ETag"] != seen_by_director["ETag"]
    assert "P-001" not in seen_by_lead.content.decode()
    assert own.code in seen_by_lead.content.decode()


def test_a_signed_out_visitor_is_sent_to_sign_in_without_a_validator():
    response = Client().get("/")
    assert response.status_code == 302
    assert not response.has_header("ETag")


def test_the_next_day_is_worked_out_afresh(director, monkeypatch):
    dashboard_programme(1)
    client = signed_in(director)
    today = timezone.localdate()
    etag = read(client, "/")["ETag"]
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + timedelta(days=1))
    again = read(client, "/", etag)
    assert again.status_code == 200
    assert again["ETag"] != etag


# Never stale, door by door -------------------------------------------------------------------


@pytest.fixture
def office(programme):  # noqa: F811 - the spreadsheets' fixture, used here by name
    """The spreadsheets' programme (SUF-01 with KPI-01's September 2026 figure of 61.5),
    read by its director."""
    return programme


def _before(client, url: str, absent: str):
    response = read(client, url)
    assert response.status_code == 200
    assert absent not in response.content.decode()
    return response["ETag"]


def _after(client, url: str, etag: str, present: str) -> None:
    response = read(client, url, etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert present in response.content.decode()


# Every page, report and list that may show a write is worked out afresh on the next read: each
# answers with a new validator (so nothing kept under the old one is served) and a fresh 200.
FRESH_URLS = [
    "/",
    "/performance/",
    "/operational/",
    "/data-quality/",
    "/finance/",
    *REPORTS,
    *LISTS,
]


def _validators(client) -> dict[str, str]:
    tags = {}
    for url in FRESH_URLS:
        response = read(client, url)
        assert response.status_code == 200, url
        tags[url] = response["ETag"]
        assert read(client, url, tags[url]).status_code == 304, url
    return tags


def _all_afresh(client, before: dict[str, str]) -> None:
    for url, etag in before.items():
        response = read(client, url, etag)
        assert response.status_code == 200, url
        assert response["ETag"] != etag, url


def test_an_admin_save_is_seen_on_the_next_read(office):
    reader = signed_in(office.director)
    tags = _validators(reader)
    etag = _before(reader, "/projects/SUF-01/", "Places, renamed in the admin")
    officer = signed_in(office.pmo)
    url = reverse("admin:projects_project_change", args=[office.own.pk])
    data = form_data(officer.get(url), form_id="project_form")
    set_field(data, "title", "Places, renamed in the admin")

    assert officer.post(url, data).status_code == 302

    _after(reader, "/projects/SUF-01/", etag, "Places, renamed in the admin")
    _all_afresh(reader, tags)


def test_an_api_write_is_seen_on_the_next_read(office):
    reader = signed_in(office.director)
    tags = _validators(reader)
    etag = _before(reader, "/api/v1/projects/", "Renamed through the API")
    answer = token_client(office.pmo).patch(
        f"/api/v1/projects/{office.own.pk}/", {"title": "Renamed through the API"}, format="json"
    )
    assert answer.status_code == 200
    _after(reader, "/api/v1/projects/", etag, "Renamed through the API")
    _all_afresh(reader, tags)


def _october_figure():
    rows = [["Indicator code", "Month", "Value"], ["KPI-01", "October 2026", 66]]
    return workbook({"KPI figures": rows})


def test_a_spreadsheet_import_is_seen_on_the_next_read(office):
    reader = signed_in(office.director)
    tags = _validators(reader)
    etag = _before(reader, "/api/v1/measurements/", "2026-10-01")
    importer = signed_in(office.lead)
    token = _upload(importer, _october_figure()).context["token"]
    importer.post(reverse("spreadsheet-import-confirm"), {"token": token})
    _after(reader, "/api/v1/measurements/", etag, "2026-10-01")
    _all_afresh(reader, tags)


def test_a_management_command_is_seen_on_the_next_read(office, tmp_path):
    reader = signed_in(office.director)
    tags = _validators(reader)
    etag = _before(reader, "/api/v1/measurements/", "2026-10-01")
    path = tmp_path / "figures.xlsx"
    path.write_bytes(_october_figure().getvalue())
    call_command("import_spreadsheet", str(path), "--user", "pmo")
    _after(reader, "/api/v1/measurements/", etag, "2026-10-01")
    _all_afresh(reader, tags)


def test_an_official_statistics_import_is_seen_on_the_next_read(director):
    from tests.indicators.official_setup import FIXTURES, kent, timeliness_mapping

    kent()
    timeliness_mapping()
    reader = signed_in(director)
    tags = _validators(reader)
    etag = _before(reader, "/api/v1/measurements/", "2023-01-01")
    call_command(
        "import_official_statistics",
        str(FIXTURES / "timeliness_20_week.csv"),
        "--release=June 2024",
    )
    _after(reader, "/api/v1/measurements/", etag, "2023-01-01")
    _all_afresh(reader, tags)


def test_a_celery_task_is_seen_on_the_next_read(director):
    dashboard_programme(2)
    reader = signed_in(director)
    tags = _validators(reader)
    first = read(reader, "/")
    take_daily_snapshot.delay()
    again = read(reader, "/", first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    _all_afresh(reader, tags)


def test_a_bulk_update_in_a_service_is_seen_on_the_next_read(office):
    reader = signed_in(office.director)
    url = f"/api/v1/risks/?project={office.own.pk}"
    tags = _validators(reader)
    etag = read(reader, url)["ETag"]
    assert read(reader, url).json()["results"][0]["likelihood"] != 5
    Risk.objects.filter(pk=office.risk.pk).update(likelihood=5, impact=5)
    response = read(reader, url, etag)
    assert response.status_code == 200
    assert response.json()["results"][0]["likelihood"] == 5
    _all_afresh(reader, tags)


@pytest.mark.django_db(transaction=True)
def test_a_service_called_twice_in_a_row_changes_the_version_each_time():
    # A service decorated with ``transaction.atomic`` is one Atomic object for all its calls,
    # each its own transaction here (no request or test transaction around them).
    from projects.services import risk_save

    risk = f.RiskFactory()
    versions = [data_version()]
    for n in range(3):
        risk = Risk.objects.get(pk=risk.pk)
        risk.mitigation = f"Step {n}"
        risk_save(risk=risk)
        versions.append(data_version())

    assert len(set(versions)) == 4


def test_savings_entered_are_seen_on_the_finance_page_on_the_next_read(director):
    # given the finance page read, with a validator, before a project's savings are entered
    client = signed_in(director)
    first = read(client, "/finance/")
    assert first.status_code == 200
    assert "SV-77" not in first.content.decode()

    # when a Safety Valve project's savings for a year are entered
    f.SavingsYearFactory(
        project=f.ProjectFactory(code="SV-77", safety_valve=True),
        financial_year=2025,
        planned_savings=Decimal("123456"),
    )

    # then the next read, sent with the old validator, is worked out afresh and shows them
    again = read(client, "/finance/", first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "SV-77" in again.content.decode()
    assert "£123,456" in again.content.decode()
