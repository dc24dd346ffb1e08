"""Assurance through the doors people use: the area page and the matrix (their figures against
hand-computed values, the "complete but impact not yet evidenced" flag, a fixed number of
queries), the overview and data-quality dashboards, evidence uploads in the admin (refused
unless the content is an allowed type within the size limit, leaving nothing stored), evidence
files reachable only by staff who may read evidence, and the evidence pack built end to end."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import EvidenceItem, PlanAction
from sendtrack.assurance.selectors import assurance_matrix
from sendtrack.models import DocumentBuild
from tests import factories as f
from tests.governance.assurance_fixtures import CSV, PNG, client_for, grow

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


# -- The ratings and the matrix ---------------------------------------------------------------


def test_each_action_is_rated_on_the_area_page(area6):
    response = client_for(f.director_user()).get("/assurance/areas/6/")
    assert response.status_code == 200
    actions = {a.reference: a for a in response.context["a"].actions}
    assert {ref: (a.delivery, a.impact) for ref, a in actions.items()} == {
        "APP 6.1": ("complete", "evidenced"),
        "APP 6.2": ("complete", "not_yet"),
        "APP 6.3": ("overdue", "not_measured"),
        "APP 6.4": ("at_risk", "not_measured"),
        "APP 6.5": (None, None),
    }
    assert [ref for ref, a in actions.items() if a.complete_without_impact] == ["APP 6.2"]


def test_the_matrix_figures_match_the_hand_count(area6):
    rows = {row.area.number: row for row in assurance_matrix(today=TODAY)}
    assert rows[6].as_dict() == {
        "rated_actions": 4,
        "actions_complete": 2,  # A1, A2
        "actions_open": 2,  # A3, A4
        "actions_carried_forward": 0,
        "actions_withdrawn": 1,  # A5: not counted
        "actions_delivered_percent": 50,  # A1, A2 of A1-A4
        "impact_evidenced_percent": 25,  # A1
        "indicators_on_target_percent": 50,  # green of green and red
        "indicators_with_target": 2,
        "open_red_risks": 1,  # score 20; the score-4 risk is not red
        "overdue_actions": 1,  # A3
        "outstanding_information_requests": 1,
        "complete_without_impact": 1,  # A2
        "actions_awaiting_sign_off": [],  # no action is owned jointly
        "confidence": "medium",  # evidenced and on target at least 25%, delivered under 75%
    }
    assert rows[2].as_dict()["rated_actions"] == 0
    assert rows[2].confidence == "low"
    assert [p.code for p in rows[6].projects] == ["STA-01"]


def test_the_contribution_map_counts_what_feeds_each_area(area6):
    response = client_for(f.director_user()).get("/assurance/")
    chart = response.context["chart"]
    assert chart["labels"] == ["Area 2", "Area 6"]
    assert chart["projects"] == [0, 1]
    assert chart["indicators"] == [0, 2]
    page = response.content.decode()
    assert '<a class="govuk-link" href="/projects/STA-01/">STA-01</a>' in page
    assert 'id="contribution-data"' in page  # the chart's data, beside its table


def test_the_area_page_shows_the_chain_from_finding_to_evidence(area6):
    earlier = f.ImprovementPlanFactory(kind="wsoa", title="Written Statement of Action")
    first = f.PlanActionFactory(
        plan=earlier, reference="WSoA 6", status=PlanAction.Status.CARRIED_FORWARD
    )
    first.areas.add(area6["area"])
    area6["actions"][0].carried_forward_from = first
    area6["actions"][0].save()
    f.AreaAssessmentFactory(
        area=area6["area"], assessed_on=date(2024, 1, 1), rationale="Backlog falling."
    )
    f.AreaAssessmentFactory(
        area=area6["area"],
        assessed_on=date(2025, 1, 1),
        rating="good_progress",
        rationale="Plans now on time.",
        assessed_by=area6["reviewer"],
    )
    page = client_for(f.director_user()).get("/assurance/areas/6/").content.decode()
    assert "Plans are late." in page  # the finding
    assert "Good progress</strong>, assessed on 1 January 2025 by Samir Patel" in page
    assert "Backlog falling." in page  # the earlier assessment
    assert "Written Statement of Action (version 1" in page
    assert "Continues WSoA 6 (Written Statement of Action)" in page
    assert "Carried forward to APP 6.1 (Accelerated Progress Plan)" in page
    assert "STA-01" in page
    assert "Backlog recovery figures" in page
    assert "1 action complete but impact not yet evidenced" in page
    assert "How these ratings are worked out" in page
    assert "has not started and is due within four weeks" in page  # the rule, in words


def monthly(indicator, values, *, last):
    """``values`` (oldest first) as the indicator's monthly figures up to the month ``last``."""
    for back, value in enumerate(reversed(values)):
        period = date(last.year, last.month, 1)
        for _ in range(back):
            period = (period - timedelta(days=1)).replace(day=1)
        f.MeasurementFactory(indicator=indicator, period=period, value=Decimal(str(value)))


def test_ratings_follow_the_data_for_app_6_2_and_kpi_02_on_the_area_and_matrix_pages(db):
    # given an APP approved in July 2023 with reviewed evidence on both actions, KPI-01 rising
    # from 39% at the approval to 68% (never above 69.2%, red against 80% with tolerance 10)
    # and KPI-02, the assessment backlog, far below its 1,080 but up on the month before
    area = f.AreaOfWeaknessFactory(number=6)
    plan = f.ImprovementPlanFactory(
        title="Accelerated Progress Plan",
        status="approved",
        submitted_on=date(2023, 6, 29),
        approved_on=date(2023, 7, 31),
    )
    last = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
    actions = {}
    for ref, title, code, polarity, target, tolerance, values in [
        (
            "APP 6.2",
            "Issue 80% of new EHC plans within 20 weeks",
            "KPI-01",
            "higher",
            80,
            10,
            [35, 39, 42, 50, 58, 64, 66.1, 69.2, 68],
        ),
        (
            "APP 6.1",
            "Clear the EHC needs assessment backlog",
            "KPI-02",
            "lower",
            150,
            100,
            [900, 1080, 930, 760, 540, 397, 240, 248],
        ),
    ]:
        action = f.PlanActionFactory(
            plan=plan, reference=ref, title=title, status="in_progress", due_date=TODAY
        )
        action.areas.add(area)
        kpi = f.IndicatorFactory(
            code=code, polarity=polarity, unit="percent" if code == "KPI-01" else "count"
        )
        kpi.areas.add(area)
        kpi.plan_actions.add(action)
        f.TargetFactory(
            indicator=kpi,
            value=Decimal(target),
            tolerance=Decimal(tolerance),
            applies_from=date(2023, 1, 1),
        )
        # the approval month's figure is the baseline: the second of the values
        monthly(kpi, values[1:], last=last)
        f.MeasurementFactory(indicator=kpi, period=date(2023, 6, 1), value=Decimal(values[0]))
        f.EvidenceItemFactory(
            plan_action=action,
            reviewed_by=f.PersonFactory(),
            reviewed_on=TODAY - timedelta(days=3),
            dated=TODAY - timedelta(days=10),
        )
        actions[ref] = action
    Measurement = kpi.measurements.model
    Measurement.objects.filter(indicator__code="KPI-01", period__lt=date(2023, 6, 1)).delete()

    # when a director reads the area page and the matrix
    director = client_for(f.director_user())
    response = director.get("/assurance/areas/6/")
    rated = {a.reference: a for a in response.context["a"].actions}
    indicators = {i.code: i for i in response.context["a"].figures.indicators}

    # then KPI-01 is red and APP 6.2, though its figure has risen 29 points, is not evidenced
    assert indicators["KPI-01"].rag == "red"
    assert rated["APP 6.2"].impact == "not_yet"  # 68 is down on 69.2: worsening
    # and KPI-02 reads "Worsening" while APP 6.1 is neither emerging nor evidenced
    assert indicators["KPI-02"].direction == "worsening"
    assert rated["APP 6.1"].impact == "not_yet"
    page = response.content.decode()
    assert "Sustained change" in page
    assert "A worsening indicator never shows a difference." in page
    matrix = director.get("/assurance/")
    assert "Sustained change" in matrix.content.decode()
    six = next(row for row in matrix.context["rows"] if row.area.number == 6)
    assert six.impact_evidenced == 0

    # when KPI-01's latest figure rises again, APP 6.2 is emerging, still not evidenced
    Measurement.objects.filter(indicator__code="KPI-01", period=last).update(value=Decimal("69.5"))
    rated = {a.reference: a for a in director.get("/assurance/areas/6/").context["a"].actions}
    assert rated["APP 6.2"].impact == "emerging"


def test_the_overview_and_data_quality_dashboards_flag_the_gaps(area6):
    orphan = f.PlanActionFactory(reference="APP 0.1", title="Action answering no area")
    director = client_for(f.director_user())
    overview = director.get("/").content.decode()
    assert "Complete but impact not yet evidenced (1)" in overview
    assert "APP 6.2 Issue plans on time" in overview
    quality = director.get("/data-quality/").content.decode()
    assert "Plan actions mapped to no area of weakness (1)" in quality
    assert f"/admin/governance/planaction/{orphan.pk}/change/" in quality


@pytest.mark.parametrize("path", ["/assurance/", "/assurance/areas/6/"])
def test_the_pages_take_the_same_queries_whatever_the_size(area6, path):
    director = client_for(f.director_user())
    director.get(path)  # the session and permissions are cached from here on
    with CaptureQueriesContext(connection) as small:
        assert director.get(path).status_code == 200
    grow(area6["area"], area6["plan"], 5)
    with CaptureQueriesContext(connection) as large:
        response = director.get(path)
    assert len(large) == len(small)
    if path.endswith("/6/"):
        assert len(response.context["a"].actions) == 10


def test_who_may_read_the_assurance_pages(area6):
    assert Client().get("/assurance/").status_code == 302  # to sign in
    assert client_for(f.lead_user()).get("/assurance/areas/6/").status_code == 403
    assert client_for(f.pmo_user()).get("/assurance/areas/6/").status_code == 200
    assert client_for(f.director_user()).get("/assurance/areas/7/").status_code == 404


# -- Evidence files ---------------------------------------------------------------------------


def evidence_with_file(area, *, name="backlog.csv", content=CSV) -> EvidenceItem:
    item = EvidenceItem(
        area=area, title="Backlog", kind=EvidenceItem.Kind.DATA, dated=TODAY, original_name=name
    )
    item.file.save(name, ContentFile(content), save=False)
    item.save()
    return item


def test_evidence_files_reach_only_staff_who_read_evidence(area6):
    item = evidence_with_file(area6["area"])
    url = f"/evidence/{item.token}/"
    response = client_for(f.director_user()).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CSV
    assert response["Content-Disposition"] == 'attachment; filename="backlog.csv"'
    assert response["Content-Type"] == "text/csv"
    # Signed out: sent to sign in, as for any address, with nothing of the file.
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    # A project lead, a guessed address, and the storage path itself: not found.
    assert client_for(f.lead_user()).get(url).status_code == 404
    assert client_for(f.director_user()).get(f"/evidence/{uuid4()}/").status_code == 404
    assert client_for(f.director_user()).get(f"/evidence/{item.pk}/").status_code == 404
    assert client_for(f.director_user()).get(f"/media/{item.file.name}").status_code == 404
    linked = f.EvidenceItemFactory(area=area6["area"])
    assert client_for(f.director_user()).get(f"/evidence/{linked.token}/").status_code == 404


def admin_post(client, upload, **extra):
    data = {
        "title": "Audit",
        "kind": "audit",
        "dated": "2025-01-15",
        "summary": "",
        "area": "",
        "plan_action": "",
        "link": "",
        "reviewed_by": "",
        "reviewed_on": "",
        **extra,
    }
    if upload is not None:
        data["file"] = upload
    return client.post("/admin/governance/evidenceitem/add/", data)


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT / "evidence"
    return list(root.rglob("*.*")) if root.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.exe", b"MZ\x90\x00" + b"\x00" * 64, "is not a file type sendtrack keeps"),
        ("audit.pdf", PNG, "is named as a PDF file but its content is a PNG file"),
        ("chart.png", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "its content is a PDF file"),
        ("figures.csv", b"\x00\x01\x02binary", "its content is not a PDF, Word"),
        ("notes.docx", b"PK\x03\x04not really a zip", "is named as a DOCX file"),
    ],
)
def test_a_bad_upload_is_refused_in_the_admin_and_nothing_is_stored(
    area6, settings, name, content, message
):
    client = client_for(f.pmo_user())
    response = admin_post(client, SimpleUploadedFile(name, content), area=str(area6["area"].pk))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EvidenceItem.objects.filter(title="Audit").exists()
    assert stored_files(settings) == []


def test_an_oversized_upload_is_refused(area6, settings):
    settings.SENDTRACK_EVIDENCE_MAX_BYTES = 100
    response = admin_post(
        client_for(f.pmo_user()),
        SimpleUploadedFile("big.csv", b"a,b\r\n" * 50),
        area=str(area6["area"].pk),
    )
    assert "The file is 250\xa0bytes, larger than the 100\xa0bytes a file may be" in (
        response.content.decode()
    )
    assert stored_files(settings) == []


def office_zip(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("backlog.csv", CSV),
        ("chart.png", PNG),
        ("audit.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        ("report.docx", office_zip("word/document.xml")),
        ("figures.xlsx", office_zip("xl/workbook.xml")),
        ("photo.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32),
    ],
)
def test_an_allowed_upload_is_kept_under_an_unguessable_name(area6, settings, name, content):
    response = admin_post(
        client_for(f.pmo_user()),
        SimpleUploadedFile(name, content),
        area=str(area6["area"].pk),
        reviewed_by=str(area6["reviewer"].pk),
        reviewed_on=TODAY.isoformat(),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = EvidenceItem.objects.get(title="Audit")
    assert item.original_name == name
    assert item.file.name.startswith("evidence/")
    assert len(item.file.name.split("/")[1]) == 32
    assert item.history.count() == 1
    assert stored_files(settings) != []


def test_a_docx_that_is_really_a_workbook_is_refused(area6):
    response = admin_post(
        client_for(f.pmo_user()),
        SimpleUploadedFile("report.docx", office_zip("xl/workbook.xml")),
        area=str(area6["area"].pk),
    )
    assert "is named as a DOCX file but its content is a XLSX file" in response.content.decode()


def test_evidence_needs_a_subject_a_source_and_a_whole_review(area6):
    response = admin_post(
        client_for(f.pmo_user()), None, reviewed_by=str(area6["reviewer"].pk)
    ).content.decode()
    assert "Choose the area of weakness or the plan action it evidences." in response
    assert "Give a link to the evidence or upload its file." in response
    assert "Give the date the evidence was reviewed." in response


def test_each_change_to_evidence_is_kept_in_its_history(area6):
    item = EvidenceItem.objects.get(title="Timeliness audit, not yet reviewed")
    item.reviewed_by = area6["reviewer"]
    item.reviewed_on = TODAY
    item.save()
    assert item.history.count() == 2
    page = client_for(f.pmo_user()).get(f"/admin/governance/evidenceitem/{item.pk}/history/")
    assert page.status_code == 200
    assert "Timeliness audit, not yet reviewed" in page.content.decode()


def test_directors_read_evidence_in_the_admin_but_do_not_change_it(area6):
    director = client_for(f.director_user())
    assert director.get("/admin/governance/evidenceitem/").status_code == 200
    assert director.get("/admin/governance/evidenceitem/add/").status_code == 403
    assert client_for(f.lead_user()).get("/admin/governance/evidenceitem/").status_code == 403


# -- The evidence pack ------------------------------------------------------------------------


def test_the_evidence_pack_is_built_and_downloaded(area6, django_capture_on_commit_callbacks):
    evidence_with_file(area6["area"])
    director = client_for(f.director_user())
    with django_capture_on_commit_callbacks(execute=True):
        response = director.post("/assurance/packs/", {"area": "6"})
    assert response["Location"] == "/assurance/areas/6/#evidence-pack"
    build = DocumentBuild.objects.get(kind=DocumentBuild.Kind.EVIDENCE_PACK)
    assert build.status == DocumentBuild.Status.SUCCEEDED, build.error
    assert build.title == "Evidence pack for area 6"
    page = director.get("/assurance/areas/6/").content.decode()
    assert f"/assurance/packs/{build.pk}/" in page

    download = director.get(f"/assurance/packs/{build.pk}/")
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    day = f"{timezone.localdate():%Y-%m-%d}"
    assert names[0] == f"evidence-pack-area-6-{day}.pdf"
    assert archive.read(f"area-6/{TODAY:%Y-%m-%d}-backlog.csv") == CSV

    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read(names[0]))).pages)
    text = " ".join(text.split())
    assert "Plans are late." in text
    for title in ("Clear the backlog", "Issue plans on time", "Audit plan quality"):
        assert title in text
    assert f"As at {TODAY:%-d %B %Y}" in text
    assert "How these ratings are worked out" in text

    # Nobody else gets it.
    assert client_for(f.lead_user()).get(f"/assurance/packs/{build.pk}/").status_code == 404
    assert Client().get(f"/assurance/packs/{build.pk}/").status_code == 302


def test_a_pack_for_all_nine_areas_starts_with_the_matrix(
    area6, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(f.pmo_user()).post("/assurance/packs/", {"area": "all"})
    build = DocumentBuild.objects.get(kind=DocumentBuild.Kind.EVIDENCE_PACK)
    assert build.status == DocumentBuild.Status.SUCCEEDED, build.error
    assert build.title == "Evidence pack for all nine areas"
    assert build.file.name.endswith(f"evidence-pack-{TODAY:%Y-%m-%d}.zip")
