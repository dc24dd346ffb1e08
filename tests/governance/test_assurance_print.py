"""The evidence pack's PDF reads as written: its title in the running header, "As at" and
"Page n of N" on every page, and a contents list whose page numbers lead to each area."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.utils import timezone

from sendtrack.models import DocumentBuild
from tests import factories as f
from tests.governance.assurance_fixtures import client_for
from tests.publications.test_freezing import _pdf_ready, needs_pdf  # noqa: F401 (skipif reads it)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@needs_pdf
def test_the_pack_for_all_nine_areas_is_headed_numbered_and_has_its_contents(
    area6, django_capture_on_commit_callbacks
):
    director = client_for(f.director_user())
    with django_capture_on_commit_callbacks(execute=True):
        director.post("/assurance/packs/", {"area": "all"})
    build = DocumentBuild.objects.get(kind=DocumentBuild.Kind.EVIDENCE_PACK)
    assert build.status == DocumentBuild.Status.SUCCEEDED, build.error
    download = director.get(f"/assurance/packs/{build.pk}/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(archive.read(archive.namelist()[0])))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    today = f"{timezone.localdate():%-d %B %Y}"
    for number, text in enumerate(pages, start=1):
        assert "Evidence pack: all nine areas" in text
        assert f"As at {today}" in text
        assert f"Page {number} of {len(pages)}" in text
    assert not any("u00" in text for text in pages)

    # the contents list names the matrix, each area and the rules, with the page each starts on
    contents = pages[0].split("Contents", 1)[1]
    listed = dict(re.findall(r"([A-Z][\w :]+?) \.{3,} (\d+)", contents))
    area = "Area 6: Inconsistent quality of the EHC process"
    assert len(listed) == 4  # the matrix, areas 2 and 6, the rules
    assert list(listed)[0] == "Assurance matrix"
    assert list(listed)[2:] == [area, "How these ratings are worked out"]
    assert "Inconsistent quality of the EHC process" in pages[int(listed[area]) - 1]
    rules = pages[int(listed["How these ratings are worked out"]) - 1]
    assert "How these ratings are worked out" in rules
