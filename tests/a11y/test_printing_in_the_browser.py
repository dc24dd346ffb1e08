"""A director prints the dashboards from Chromium for a board pack, on the demo data: A4
pages with no addresses inside the service, a compact overview, a chart that keeps to its box
above the table of its figures, and tables that fit the page's width."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]

# An A4 page less the 12 mm margins the print styles set, in CSS pixels (96 to the inch).
A4_CONTENT_WIDTH = round((210 - 24) / 25.4 * 96)


@pytest.fixture
def director():
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())
    return get_user_model().objects.get(username="director")


def _printed(page, tmp_path) -> list[str]:
    page.wait_for_load_state("networkidle")
    path = tmp_path / "printed.pdf"
    page.pdf(path=str(path), format="A4")
    return [p.extract_text() for p in PdfReader(path).pages]


def test_the_printed_overview_is_compact_and_prints_no_addresses_inside_the_service(
    open_page, director, tmp_path
):
    pages = _printed(open_page("/", user=director), tmp_path)
    text = "\n".join(pages)
    assert "Programme overview" in pages[0]
    assert "Overdue plan actions" in text
    # no "(/projects/SYS-07/)" after each link, no navigation, filters or footer
    assert "(/" not in text
    assert "Apply filters" not in text
    assert "Sign out" not in text
    assert "API documentation" not in text
    # Measured on the demo data at A4: 5 pages (12 before the print styles).
    assert len(pages) <= 5


def test_a_printed_indicator_keeps_its_chart_above_its_table(open_page, director, tmp_path):
    page = open_page("/performance/KPI-01/", user=director)
    page.wait_for_load_state("networkidle")
    # Printing lays the page out again without letting the chart redraw itself.
    page.evaluate("Object.values(Chart.instances).forEach(c => { c.options.responsive = false; })")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_CONTENT_WIDTH, "height": 1000})
    boxes = page.evaluate(
        """() => {
            const box = (el) => el.getBoundingClientRect().toJSON();
            const figure = document.querySelector(".sendtrack-chart");
            const canvas = figure.querySelector("canvas");
            const caption = document.querySelector(".sendtrack-chart ~ * caption");
            return {figure: box(figure), canvas: box(canvas), caption: box(caption)};
        }"""
    )
    assert boxes["canvas"]["right"] <= A4_CONTENT_WIDTH
    assert boxes["canvas"]["bottom"] <= boxes["figure"]["bottom"] + 1
    assert boxes["figure"]["bottom"] <= boxes["caption"]["top"]
    assert "(/" not in "\n".join(_printed(page, tmp_path))


@pytest.mark.parametrize("path", ["/performance/", "/performance/KPI-01/", "/operational/"])
def test_printed_tables_fit_the_width_of_the_page(open_page, director, path):
    page = open_page(path, user=director)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_CONTENT_WIDTH, "height": 1000})
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('table')]"
        ".map(t => t.getBoundingClientRect().right))"
    )
    assert widest <= A4_CONTENT_WIDTH
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_CONTENT_WIDTH
