"""Document builds: the monthly reports pack built as a task, its status from queued to ready
(or failed, saying why), its workbook's content, and the admin pages that ask for it."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from sendtrack.documents import DocumentError, document_build_request
from sendtrack.models import DocumentBuild
from sendtrack.services import documents
from sendtrack.services.documents import document_build_run
from tests import factories as f
from tests.admin.conftest import client_for

pytestmark = pytest.mark.django_db

Status = DocumentBuild.Status
OCTOBER = date(2026, 10, 1)
LIST = "/admin/sendtrack/documentbuild/"


@pytest.fixture
def pmo(db):
    return f.pmo_user(username="pmo", first_name="Grace", last_name="Hall")


@pytest.fixture
def programme(db):
    """October 2026: a project reporting amber with a milestone due and a red risk, another
    with no report, and an indicator short of its target."""
    workstream = f.WorkstreamFactory(name="Sufficiency")
    project = f.ProjectFactory(code="SUF-01", workstream=workstream)
    f.StatusReportFactory(project=project, period=OCTOBER, rag="amber")
    f.MilestoneFactory(project=project, title="Site chosen", baseline_date=date(2026, 10, 20))
    f.RiskFactory(project=project, title="Builders' costs", likelihood=4, impact=4)
    f.ProjectFactory(code="SUF-02", workstream=workstream)
    indicator = f.IndicatorFactory(code="KPI-01")
    f.TargetFactory(indicator=indicator, value=Decimal("80"))
    f.MeasurementFactory(indicator=indicator, period=OCTOBER, value=Decimal("72.5"))


def _pack(user, month: str = "2026-10") -> DocumentBuild:
    return document_build_request(
        build=DocumentBuild(
            kind=DocumentBuild.Kind.MONTHLY_REPORTS_PACK, parameters={"period": month}
        ),
        user=user,
    )


def _workbook(build: DocumentBuild) -> dict[str, list[tuple]]:
    with build.file.open("rb") as handle:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}


def _records(rows: list[tuple]) -> list[dict]:
    header, *lines = rows
    return [dict(zip(header, line, strict=True)) for line in lines]


def test_a_pack_goes_from_queued_to_ready_with_the_four_reports(
    pmo, programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        build = _pack(pmo)
    build.refresh_from_db()

    assert build.status == Status.SUCCEEDED
    assert build.requested_by == pmo
    assert build.requested_at <= build.started_at <= build.finished_at
    assert build.file.name.endswith("monthly-reports-2026-10.xlsx")
    assert build.error == ""
    book = _workbook(build)
    assert list(book) == [
        "About",
        "Milestones report",
        "By project",
        "Risks report",
        "KPI report",
        "Programme summary",
        "By workstream",
        "Reports missing",
    ]
    about = dict(book["About"])
    assert about["Document"] == "Monthly reports pack for October 2026"
    assert about["Month"] == "October 2026"
    assert about["As at"].date() == date(2026, 10, 31)
    assert about["Asked for by"] == "Grace Hall"
    milestone = _records(book["Milestones report"])[0]
    assert (milestone["Project"], milestone["Milestone"], milestone["Section"]) == (
        "SUF-01",
        "Site chosen",
        "due",
    )
    assert milestone["Baseline"].date() == date(2026, 10, 20)  # a date, not text
    risk = _records(book["Risks report"])[0]
    assert (risk["Title"], risk["Score"]) == ("Builders' costs", 16)
    kpi = _records(book["KPI report"])[0]
    assert (kpi["Indicator"], kpi["Value"], kpi["Target"], kpi["RAG"]) == (
        "KPI-01",
        72.5,
        80,
        "red",
    )
    programme_rows = _records(book["Programme summary"])
    assert [(r["Project"], r["RAG this month"]) for r in programme_rows] == [
        ("SUF-01", "amber"),
        ("SUF-02", None),
    ]
    assert [r["Project"] for r in _records(book["Reports missing"])] == ["SUF-02"]


def test_a_build_already_ready_is_not_built_again(
    pmo, programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        build = _pack(pmo)
    build.refresh_from_db()
    finished = (build.file.name, build.finished_at)

    again = document_build_run(build_id=build.pk)

    assert (again.file.name, again.finished_at) == finished


def test_a_build_that_cannot_be_made_fails_saying_why(pmo, django_capture_on_commit_callbacks):
    build = DocumentBuild.objects.create(
        kind=DocumentBuild.Kind.MONTHLY_REPORTS_PACK, parameters={"period": "2026-10"}
    )

    build = document_build_run(build_id=build.pk)

    assert build.status == Status.FAILED
    assert build.error == "The person who asked for this pack no longer has an account."
    assert build.finished_at is not None
    assert not build.file


def test_an_unexpected_error_fails_the_build_with_its_message(pmo, monkeypatch):
    def broken(build):
        raise ValueError("the KPI report met an empty month")

    monkeypatch.setattr(documents, "builder_for", lambda kind: broken)
    build = DocumentBuild.objects.create(
        kind=DocumentBuild.Kind.MONTHLY_REPORTS_PACK,
        parameters={"period": "2026-10"},
        requested_by=pmo,
    )

    build = document_build_run(build_id=build.pk)

    assert build.status == Status.FAILED
    assert "ValueError: the KPI report met an empty month" in build.error


def test_an_unknown_kind_is_refused_in_words():
    with pytest.raises(DocumentError, match="does not know how to build “publication_pdf”"):
        documents.builder_for("publication_pdf")


def test_a_lead_asking_for_a_pack_gets_their_own_projects_only(
    programme, django_capture_on_commit_callbacks
):
    person = f.PersonFactory(user=f.lead_user(username="lead"))
    f.ProjectFactory(code="INC-01", lead=person)
    with django_capture_on_commit_callbacks(execute=True):
        build = _pack(person.user)
    build.refresh_from_db()

    rows = _records(_workbook(build)["Programme summary"])
    assert [row["Project"] for row in rows] == ["INC-01"]


def test_a_pack_leaves_out_the_reports_its_requester_may_not_read(
    programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        build = _pack(f.UserFactory(username="visitor"))
    build.refresh_from_db()

    book = _workbook(build)
    assert list(book) == ["About"]
    assert dict(book["About"])["KPI report"] == "Left out: the person who asked may not read it"


# In the admin -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_programme_office_asks_for_a_pack_and_downloads_it(pmo, programme):
    client = client_for(pmo)
    form = client.get(f"{LIST}add/")
    assert form.status_code == 200
    assert form.context["adminform"].form.fields["month"].initial  # the month just gone

    response = client.post(
        f"{LIST}add/", {"kind": DocumentBuild.Kind.MONTHLY_REPORTS_PACK, "month": "2026-10"}
    )

    assert response.status_code == 302
    assert response.url == LIST
    build = DocumentBuild.objects.get()
    assert build.status == Status.SUCCEEDED  # without Redis it is built at once
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Monthly reports pack for October 2026: ready. Download it from the list."
    ]
    listing = client.get(LIST)
    download = reverse("admin:sendtrack_documentbuild_download", args=[build.pk])
    assert download in listing.content.decode()
    file = client.get(download)
    assert file.status_code == 200
    assert file["Content-Disposition"] == 'attachment; filename="monthly-reports-2026-10.xlsx"'
    assert b"".join(file.streaming_content)[:2] == b"PK"  # a zip: an XLSX workbook


@pytest.mark.django_db(transaction=True)
def test_build_again_asks_for_a_new_build_of_the_same_pack(pmo, programme):
    first = DocumentBuild.objects.create(
        kind=DocumentBuild.Kind.MONTHLY_REPORTS_PACK,
        parameters={"period": "2026-09"},
        status=Status.FAILED,
        error="The build took too long and was stopped. Try again later.",
    )

    response = client_for(pmo).post(
        LIST, {"action": "build_again", "_selected_action": [first.pk]}, follow=True
    )

    assert response.status_code == 200
    again = DocumentBuild.objects.exclude(pk=first.pk).get()
    assert (again.parameters, again.status, again.requested_by) == (
        {"period": "2026-09"},
        Status.SUCCEEDED,
        pmo,
    )
    assert "Monthly reports pack for September 2026: ready." in response.content.decode()


def test_a_failed_build_shows_why_in_the_list(pmo):
    DocumentBuild.objects.create(
        kind=DocumentBuild.Kind.MONTHLY_REPORTS_PACK,
        parameters={"period": "2026-09"},
        status=Status.FAILED,
        error="The build took too long and was stopped.",
    )

    page = client_for(pmo).get(LIST).content.decode()

    assert "Failed: The build took too long and was stopped." in page


def test_directors_read_the_builds_and_download_but_ask_for_none(
    pmo, programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        build = _pack(pmo)
    director = client_for(f.director_user(username="director"))

    assert director.get(LIST).status_code == 200
    assert director.get(f"{LIST}{build.pk}/change/").status_code == 200
    assert director.get(f"{LIST}add/").status_code == 403
    download = reverse("admin:sendtrack_documentbuild_download", args=[build.pk])
    assert director.get(download).status_code == 200


def test_leads_see_no_builds(pmo, programme, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        build = _pack(pmo)
    lead = client_for(f.lead_user(username="lead"))

    assert lead.get(LIST).status_code == 403
    download = reverse("admin:sendtrack_documentbuild_download", args=[build.pk])
    assert lead.get(download).status_code in (403, 404)


def test_a_build_not_ready_has_nothing_to_download(pmo):
    build = f.DocumentBuildFactory(status=Status.RUNNING)
    download = reverse("admin:sendtrack_documentbuild_download", args=[build.pk])

    assert client_for(pmo).get(download).status_code == 404
