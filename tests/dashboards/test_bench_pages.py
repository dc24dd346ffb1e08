"""``manage.py bench_pages`` times each dashboard and says how many queries each took."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests import factories as f


@pytest.mark.django_db
def test_the_benchmark_times_each_dashboard():
    f.director_user(username="director")
    f.MeasurementFactory(indicator=f.IndicatorFactory(code="KPI-01"))
    f.ProjectFactory(code="SUF-01")
    out = io.StringIO()

    call_command("bench_pages", repeat=1, stdout=out)

    pages = [line.split()[0] for line in out.getvalue().splitlines()[1:]]
    assert pages == [
        "/",
        "/performance/",
        "/operational/",
        "/data-quality/",
        "/finance/",
        "/projects/SUF-01/",
        "/performance/KPI-01/",
    ]
