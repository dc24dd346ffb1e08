"""The agenda pack's PDF reads as the committee wrote it: the committee's name exactly as
written on every page's footer, the title in the running header whatever characters it holds,
"Page n of N" on every page and a contents list with page numbers."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template

from sendtrack.publications.models import Publication
from tests.publications.test_freezing import _pdf_ready, needs_pdf  # noqa: F401 (skipif reads it)

pytestmark = pytest.mark.django_db

TITLE = 'Members\' summary: "what changed" & why <2023> \\ part 1'


def _pages(version) -> list[str]:
    from pypdf import PdfReader

    version.refresh_from_db()
    with version.pdf.open("rb") as pdf:
        return [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]


@needs_pdf
def test_every_page_names_the_committee_as_written_and_is_numbered(
    programme, publish, django_capture_on_commit_callbacks
):
    draft = Publication.objects.create(meeting=programme.meeting, title=TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        version = publish(draft)
    version.refresh_from_db()
    assert version.pdf_status == "ready", version.pdf_error

    pages = _pages(version)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "SEND Scrutiny Sub-Committee, 22 March 2023 (version 1)" in text
        assert f"Page {number} of {len(pages)}" in text
        assert TITLE in text
    everything = " ".join(pages)
    assert "u002D" not in everything
    assert "&amp;" not in everything

    # the contents list names each section with the page it starts on
    contents = pages[0].split("Contents", 1)[1]
    listed = re.findall(r"([A-Z][A-Za-z ,'’]+?) ?\.{3,} ?(\d+)", contents)
    assert [title.strip() for title, _ in listed] == [
        section["title"] for section in version.content["sections"]
    ]
    for title, page in listed:
        assert title.strip() in pages[int(page) - 1]


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("SEND Scrutiny Sub-Committee", '"SEND Scrutiny Sub-Committee"'),
        ('Say "yes"', '"Say \\"yes\\""'),
        ("a\\b", '"a\\\\b"'),
        ("two\nlines", '"two\\A lines"'),
        ("</style><script>", '"\\3C /style>\\3C script>"'),
        ("Parents & carers", '"Parents & carers"'),
    ],
)
def test_running_headers_are_css_strings_not_javascript_ones(text, literal):
    template = Template("{% load sendtrack %}{% css_string %}{{ text }}{% endcss_string %}")
    assert template.render(Context({"text": text})) == literal
