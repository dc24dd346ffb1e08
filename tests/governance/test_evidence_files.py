"""What an evidence upload may be, tried through the admin's add page as an officer uploads:
a macro workbook or document is refused however it is named, and a file over the size limit
is told so in words that are true."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from governance.models import EvidenceItem
from tests import factories as f
from tests.governance.assurance_fixtures import client_for
from tests.html_forms import form_data, set_field

pytestmark = pytest.mark.django_db

ADD = "/admin/governance/evidenceitem/add/"
MB = 1024 * 1024


def office_zip(main_part: str, *, macros: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<x/>")
        if macros:
            archive.writestr(macros, b"\xd0\xcf\x11\xe0 a VBA project")
    return buffer.getvalue()


def upload(area6, name: str, content: bytes):
    """Fill in the add page's form as the officer sees it, attach the file and save."""
    client = client_for(f.pmo_user())
    data = form_data(client.get(ADD), form_id="evidenceitem_form")
    set_field(data, "title", "Audit")
    set_field(data, "kind", "audit")
    set_field(data, "dated", "2025-01-15")
    set_field(data, "area", str(area6["area"].pk))
    data["file"] = SimpleUploadedFile(name, content)
    return client.post(ADD, data)


@pytest.mark.parametrize(
    ("name", "content", "save_as"),
    [
        ("figures.xlsx", office_zip("xl/workbook.xml", macros="xl/vbaProject.bin"), "Excel"),
        ("report.docx", office_zip("word/document.xml", macros="word/vbaProject.bin"), "Word"),
    ],
)
def test_an_office_file_holding_macros_is_refused(area6, settings, name, content, save_as):
    response = upload(area6, name, content)

    assert response.status_code == 200
    text = response.content.decode()
    assert f"“{name}” contains macros" in text
    assert f"Save it as {'an' if save_as == 'Excel' else 'a'} {save_as}" in text
    assert not EvidenceItem.objects.filter(title="Audit").exists()


def test_the_same_workbook_without_macros_is_kept(area6):
    response = upload(area6, "figures.xlsx", office_zip("xl/workbook.xml"))
    assert response.status_code == 302
    assert EvidenceItem.objects.filter(title="Audit", original_name="figures.xlsx").exists()


@pytest.mark.parametrize(
    ("size", "message"),
    [
        # One byte over the limit reads as the limit itself to one decimal place.
        (MB + 1, "The file is just over 1.0\xa0MB, larger than the 1.0\xa0MB a file may be."),
        (MB + MB // 2, "The file is 1.5\xa0MB, larger than the 1.0\xa0MB a file may be."),
    ],
)
def test_a_file_over_the_limit_is_told_so_truly(area6, settings, size, message):
    settings.SENDTRACK_EVIDENCE_MAX_BYTES = MB
    response = upload(area6, "backlog.csv", b"a,b\r\n" + b"x" * (size - 5))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EvidenceItem.objects.filter(title="Audit").exists()


def test_a_file_of_exactly_the_limit_is_kept(area6, settings):
    settings.SENDTRACK_EVIDENCE_MAX_BYTES = 1024
    response = upload(area6, "backlog.csv", b"a,b\r\n" + b"x" * (1024 - 5))
    assert response.status_code == 302
