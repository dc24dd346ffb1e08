"""The demo's official statistics: Kent, its ten neighbours, three mappings and the invented
sample release, imported once."""

from __future__ import annotations

from datetime import date

import pytest

from indicators.models import (
    Benchmark,
    CouncilArea,
    ImportRun,
    Measurement,
    StatisticsMapping,
    Target,
)
from sendtrack.demo.official import SAMPLE_RELEASE, load_official_statistics
from sendtrack.demo.people import LEADS
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_demo_sets_up_kent_its_neighbours_and_the_sample_release():
    people = {LEADS[0]: f.PersonFactory(name=LEADS[0])}

    load_official_statistics(people=people)
    load_official_statistics(people=people)  # loading again changes nothing

    kent = CouncilArea.objects.get()
    assert (kent.name, kent.old_la_code, kent.new_la_code) == ("Kent", "886", "E10000016")
    assert kent.neighbours.count() == 10
    assert set(StatisticsMapping.objects.values_list("indicator__code", flat=True)) == {
        "DFE-01",
        "DFE-02",
        "DFE-03",
    }
    run = ImportRun.objects.get()
    assert (run.release, run.outcome) == (SAMPLE_RELEASE, ImportRun.Outcome.IMPORTED)
    timeliness = Measurement.objects.filter(indicator__code="DFE-01").order_by("period")
    assert [m.period.year for m in timeliness] == [2019, 2020, 2021, 2022, 2023, 2024]
    assert all(m.is_demo and m.source_file == "timeliness_20_week.csv" for m in timeliness)
    assert Target.objects.get(indicator__code="DFE-01").value == 80
    assert set(
        Benchmark.objects.filter(indicator__code="DFE-01", period=date(2024, 1, 1)).values_list(
            "comparator", flat=True
        )
    ) == set(Benchmark.Comparator.values)
    census = Measurement.objects.filter(indicator__code="DFE-02").order_by("period")
    assert census.first().period == date(2019, 1, 1)  # the January 2019 census, 201819
