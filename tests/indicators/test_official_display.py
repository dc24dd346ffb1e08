"""Imported figures where indicators are shown: the KPI report, the performance dashboard and
the indicator page, each with the region, neighbours, rank and the figure's source."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from indicators.models import ImportRun
from indicators.official.services import official_statistics_import
from tests import factories as f
from tests.api.conftest import token_client

from .official_setup import kent, timeliness_mapping, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(db):
    kent()
    mapping = timeliness_mapping(title="New EHC plans issued within 20 weeks")
    f.TargetFactory(
        indicator=mapping.indicator,
        value=Decimal(80),
        tolerance=Decimal(10),
        applies_from=date(2023, 1, 1),
    )
    official_statistics_import(
        uploads=[upload("timeliness_20_week.csv")],
        user=None,
        door=ImportRun.Door.COMMAND,
        release="2024",
    )
    return mapping.indicator


@pytest.fixture
def director(db):
    return f.director_user(username="director")


def test_the_kpi_report_shows_the_imported_figure_its_comparators_and_sources(director, imported):
    response = token_client(director).get("/api/v1/reports/kpis/?period=2023-06")

    row = next(r for r in response.json()["results"] if r["code"] == "DFE-01")
    assert {
        key: row[key]
        for key in (
            "value_period",
            "value",
            "value_source",
            "target",
            "rag",
            "england",
            "gap_to_england",
            "england_source",
            "region",
            "gap_to_region",
            "statistical_neighbours",
            "statistical_neighbours_used",
            "statistical_neighbours_named",
            "statistical_neighbours_source",
            "local_authorities_median",
            "rank",
            "ranked",
            "quartile",
        )
    } == {
        "value_period": "2023-01-01",  # the calendar year 2023 covers June
        "value": 40.0,
        "value_source": "timeliness_20_week.csv, release 2024, row 22",
        "target": 80.0,
        "rag": "red",
        "england": 50.3,
        "gap_to_england": -10.3,
        "england_source": "timeliness_20_week.csv, release 2024, row 19",
        "region": 45.0,
        "gap_to_region": -5.0,
        "statistical_neighbours": 51.3,
        "statistical_neighbours_used": 8,
        "statistical_neighbours_named": 10,
        "statistical_neighbours_source": "timeliness_20_week.csv, release 2024",
        "local_authorities_median": 50.0,
        "rank": 7,
        "ranked": 11,
        "quartile": 3,
    }


def test_the_performance_dashboard_names_the_year_and_keeps_the_source_out_of_the_cell(
    director, imported
):
    client = Client()
    client.force_login(director)

    page = client.get("/performance/").content.decode()

    assert "2023 (calendar year)" in page
    assert "Jan 2023" not in page
    # Where the figure came from is on the indicator's page, not in the figure's cell.
    assert "timeliness_<wbr>20_<wbr>week.csv" not in page
    assert "release 2024, row 22" not in page
    assert "mean of 8 of 10" in page
    assert "gap −5.0<" in page  # a percentage, to the region's 45.0%


def test_the_indicator_page_shows_each_year_against_target_and_comparators(director, imported):
    client = Client()
    client.force_login(director)

    response = client.get("/performance/DFE-01/")

    page = response.content.decode()
    assert "The latest figure is 40.0% for 2023 (calendar year)." in page
    assert "The region was 45.0% in 2023 (calendar year)." in page
    assert "ranked 7 of 11 local authorities (quartile 3; 1 is best)" in page
    # 2022's row, one click away under "Published statistics"
    assert "<dt>File</dt><dd>timeliness_<wbr>20_<wbr>week.csv</dd>" in page
    assert "<dt>Row</dt><dd>5</dd>" in page
    assert response.context["chart"]["labels"] == ["2022", "2023"]
    assert response.context["chart"]["region"] == [44.1, 45.0]
    assert response.context["chart"]["target"] == [None, 80.0]
