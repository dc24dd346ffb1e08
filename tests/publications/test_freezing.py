"""Once published, what readers see never changes silently: editing a project's commentary, a
KPI figure, an area's assessment, a request or the workforce changes neither the page, nor the
API's answer, nor the PDF, until a correction is published."""

from __future__ import annotations

import os
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from sendtrack.publications import services
from sendtrack.publications.pdf import PdfUnavailable, html_to_pdf
from sendtrack.publications.tasks import build_publication_pdf
from tests import factories as f

pytestmark = pytest.mark.django_db

PAGE = "/publications/send-scrutiny-sub-committee-2023-03-22/"


def _pdf_ready() -> bool:
    try:
        html_to_pdf("<p>check</p>")
    except PdfUnavailable:
        # Under CI the PDF must be checked: a missing library must fail, not skip.
        if os.environ.get("CI") == "true":
            pytest.fail("WeasyPrint cannot run: install Pango for the PDF checks")
        return False
    return True


needs_pdf = pytest.mark.skipif("not _pdf_ready()", reason="WeasyPrint or Pango is missing")


def _pdf_text(version) -> str:
    from pypdf import PdfReader

    version.refresh_from_db()
    with version.pdf.open("rb") as pdf:
        return " ".join(page.extract_text() for page in PdfReader(pdf).pages)


def _edit_everything(programme) -> None:
    programme.report.commentary = "Works now finished early."
    programme.report.rag = "green"
    programme.report.save()
    programme.project.title = "Renamed project"
    programme.project.save()
    programme.measurement.value = Decimal("88.8")
    programme.measurement.save()
    programme.public.title = "A renamed indicator"
    programme.public.save()
    programme.assessment.rating = "resolved"
    programme.assessment.save()
    programme.request.response = "Figures attached."
    programme.request.status = "provided"
    programme.request.provided_on = date(2023, 7, 1)
    programme.request.save()
    programme.workforce.staff_in_post = 58
    programme.workforce.vacancies = 0
    programme.workforce.save()
    f.WorkforceFigureFactory(as_at=date(2024, 1, 1), team="A new team")


def test_editing_after_publishing_changes_nothing_on_the_page_or_in_the_api(
    anonymous, published, programme
):
    page_before = anonymous.get(PAGE).content
    api_before = anonymous.get(f"/api/v1/publications/{published.pk}/").json()

    _edit_everything(programme)

    assert anonymous.get(PAGE).content == page_before
    assert anonymous.get(f"/api/v1/publications/{published.pk}/").json() == api_before
    page = page_before.decode()
    assert "Building works delayed by six weeks." in page
    assert "88.8" not in page
    assert "Works now finished early." not in page


def test_the_preview_shows_the_edits_before_a_correction_is_published(
    client, published, programme, pmo
):
    _edit_everything(programme)
    client.force_login(pmo)

    preview = client.get(reverse("publication-preview", args=[published.publication.pk]))

    page = preview.content.decode()
    assert "88.8%" in page
    assert "Building works delayed by six weeks." not in page


def test_a_published_correction_shows_the_edits_with_its_note(
    anonymous, published, programme, pmo, publish
):
    _edit_everything(programme)
    publication = services.publication_start_correction(
        publication=published.publication, user=pmo, reason="the project had finished."
    )
    publish(publication)

    page = anonymous.get(PAGE).content.decode()
    assert "88.8%" in page
    assert "Building works delayed by six weeks." not in page.split("Contents")[1]
    assert "because the project had finished." in page
    first = anonymous.get(PAGE + "v1/").content.decode()
    assert "Building works delayed by six weeks." in first


@needs_pdf
def test_the_pdf_is_built_after_publishing_and_never_shows_later_edits(
    anonymous, draft, publish, programme, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    # when the publication is published, its PDF is built once the version is saved
    with django_capture_on_commit_callbacks(execute=True):
        version = publish(draft)
    version.refresh_from_db()
    assert version.pdf_status == "ready", version.pdf_error

    # then the public page links it, and it is the agenda pack's document
    assert "Download this version as a PDF" in anonymous.get(PAGE).content.decode()
    response = anonymous.get(PAGE + "v1/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    with version.pdf.open("rb") as pdf:
        reader = PdfReader(pdf)
        assert len(reader.pages) >= 3
        assert reader.metadata.title == "Progress summary for members"
        # tagged for screen readers, in British English
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "en-GB"
        assert "/StructTreeRoot" in root
    text = _pdf_text(version)
    assert "Progress summary for members" in text
    assert "Contents" in text
    assert re.search(r"Key performance indicators \.+ \d+", text)
    assert "Page 1 of" in text
    assert "Building works delayed by six weeks." in text

    # when everything is edited and the PDF built again from the version, nothing changes
    _edit_everything(programme)
    build_publication_pdf.delay(version.pk)
    text = _pdf_text(version)
    assert "Building works delayed by six weeks." in text
    assert "Works now finished early." not in text
    assert "KPI-99" not in text


@needs_pdf
def test_a_correction_gets_its_own_pdf(
    draft, publish, pmo, programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = publish(draft)
        publication = services.publication_start_correction(
            publication=first.publication, user=pmo, reason="a figure was wrong."
        )
        second = publish(publication)

    second.refresh_from_db()
    first.refresh_from_db()
    assert second.pdf.name != first.pdf.name
    assert "because a figure was wrong." in _pdf_text(second)
    assert "because a figure was wrong." not in _pdf_text(first)


def test_without_weasyprint_the_build_fails_with_its_reason_and_the_pages_still_work(
    anonymous, draft, publish, monkeypatch, django_capture_on_commit_callbacks
):
    def missing(html):
        raise PdfUnavailable("WeasyPrint cannot run here (no Pango).")

    monkeypatch.setattr("sendtrack.publications.pdf.html_to_pdf", missing)
    with django_capture_on_commit_callbacks(execute=True):
        version = publish(draft)

    version.refresh_from_db()
    assert version.pdf_status == "failed"
    assert "no Pango" in version.pdf_error
    assert "The PDF of this version is not available yet." in anonymous.get(PAGE).content.decode()
    assert anonymous.get(PAGE + "v1/pdf/").status_code == 404
    assert anonymous.get("/api/v1/publications/").json()["results"][0]["pdf_url"] is None


def test_a_missing_pdf_is_built_again_from_the_admin(client, pmo, draft, publish, monkeypatch):
    built = []
    monkeypatch.setattr(
        "sendtrack.publications.pdf.html_to_pdf", lambda html: built.append(html) or b"%PDF-1.7"
    )
    version = publish(draft)  # its build never ran: still waiting
    client.force_login(pmo)

    response = client.post(
        "/admin/sendtrack/publication/",
        {"action": "build_missing_pdfs", "_selected_action": [draft.pk]},
        follow=True,
    )

    assert "1 PDF(s) queued to be built." in response.content.decode()
    version.refresh_from_db()
    assert version.pdf_status == "ready"
    assert "Building works delayed by six weeks." in built[0]
