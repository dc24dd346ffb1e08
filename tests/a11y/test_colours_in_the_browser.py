"""Amber is one colour wherever the programme shows it: the dashboards' RAG tags and risk heat
map, the admin's RAG badges and the milestone chart's forecasts, with its text legible."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from projects.models import Milestone

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]

AMBER = "rgb(255, 191, 71)"  # #ffbf47, static/sendtrack/colours.css

CONTRAST = """(element) => {
    const rgb = (text) => text.match(/\\d+/g).slice(0, 3).map(Number);
    const luminance = (text) => {
        const [r, g, b] = rgb(text).map((c) => {
            c /= 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const style = getComputedStyle(element);
    const [a, b] = [luminance(style.color), luminance(style.backgroundColor)].sort().reverse();
    return {background: style.backgroundColor, contrast: (a + 0.05) / (b + 0.05)};
}"""


@pytest.fixture
def director():
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())
    return get_user_model().objects.get(username="director")


def test_amber_is_one_colour_on_the_dashboards_in_the_admin_and_in_the_charts(open_page, director):
    # the performance page's amber RAG tag
    page = open_page("/performance/", user=director)
    tag = page.locator(".govuk-tag", has_text="Amber").first.evaluate(CONTRAST)
    assert tag["background"] == AMBER
    assert tag["contrast"] >= 4.5

    # the risk heat map's amber cells, and the count written in them
    page = open_page("/operational/", user=director)
    cell = page.locator(".sendtrack-heat--amber:has(a)").first
    assert cell.evaluate(CONTRAST)["background"] == AMBER
    assert cell.locator("a").evaluate("(a) => getComputedStyle(a).color") == "rgb(11, 12, 12)"

    # the admin's amber RAG badge
    page = open_page("/admin/indicators/indicator/", user=director)
    badge = page.locator(".rag--amber").first.evaluate(CONTRAST)
    assert badge["background"] == AMBER
    assert badge["contrast"] >= 4.5

    # the milestone chart's forecasts
    code = Milestone.objects.exclude(forecast_date=None).values_list("project__code", flat=True)[0]
    page = open_page(f"/projects/{code}/", user=director)
    page.wait_for_load_state("networkidle")
    forecast = page.evaluate(
        "Object.values(Chart.instances)[0].data.datasets"
        ".find((set) => set.label === 'Forecast').backgroundColor"
    )
    assert forecast == "#ffbf47"
