"""A dashboard's parts are worked out once and read many times: each is kept under the versions
of the families of tables it reads, so a write works out afresh only the parts that read what
was written, and never serves a part past a write to what it reads."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory

from projects.models import Milestone, Project, Risk, StatusReport
from sendtrack.dataversion import data_versions
from sendtrack.derivations import Parts, UndeclaredRead
from tests import factories as f
from tests.dashboards.test_pages import programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.SENDTRACK_KEEP_DERIVED_PARTS = True
    # a cache of the test's own: test databases of parallel workers can reach the same data
    # versions, and a shared Redis would then hand one worker's parts to another
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "derived-parts-test",
        }
    }


def parts(user, path: str = "/") -> Parts:
    request = RequestFactory().get(path)
    request.user = user
    return Parts(request)


# Versions per family --------------------------------------------------------------------------


def test_a_write_moves_its_familys_version_and_the_whole_but_no_other_family():
    risk = f.RiskFactory()
    before = data_versions()

    Risk.objects.filter(pk=risk.pk).update(likelihood=5)

    after = data_versions()
    assert after["risks"] != before["risks"]
    assert after["all"] != before["all"]
    assert {name: after[name] for name in ("milestones", "status_reports", "figures", "other")} == {
        name: before[name] for name in ("milestones", "status_reports", "figures", "other")
    }


def test_a_write_to_any_other_table_or_one_that_may_write_anywhere_moves_other():
    project = f.ProjectFactory()
    before = data_versions()
    Project.objects.filter(pk=project.pk).update(title="Renamed")
    assert data_versions()["other"] != before["other"]

    before = data_versions()
    with connection.cursor() as cursor:
        cursor.execute('WITH x AS (SELECT 1) UPDATE "projects_risk" SET "likelihood" = 3')
    assert data_versions()["other"] != before["other"]


def test_pruning_keeps_each_familys_latest_change(monkeypatch):
    from sendtrack import dataversion
    from sendtrack.models import DataChange

    risk = f.RiskFactory()
    Risk.objects.filter(pk=risk.pk).update(likelihood=4)
    last_risk_change = DataChange.objects.filter(family="risks").latest("pk").pk
    # every change prunes (with KEEP of 2 whether a prune falls in the loop hangs on the ids'
    # parity, which earlier tests move)
    monkeypatch.setattr(dataversion, "KEEP", 1)
    project = f.ProjectFactory()
    for n in range(6):
        Project.objects.filter(pk=project.pk).update(title=f"Draft {n}")

    assert DataChange.objects.filter(family="risks").get().pk == last_risk_change


# Parts ----------------------------------------------------------------------------------------


def test_a_part_is_kept_until_what_it_reads_is_written(kept, django_assert_num_queries):
    user = f.director_user()
    risk = f.RiskFactory(likelihood=2)
    milestone = f.MilestoneFactory(project=risk.project, title="Plan")

    def scores():
        return list(Risk.objects.values_list("likelihood", flat=True))

    assert parts(user)("scores", reads=["risks"], compute=scores) == [2]
    # A write to milestones leaves it be: read from what was kept, without a query of its own
    # beyond the versions.
    Milestone.objects.filter(pk=milestone.pk).update(title="Plan agreed")
    with django_assert_num_queries(1):
        assert parts(user)("scores", reads=["risks"], compute=scores) == [2]
    # A write to risks works it out afresh.
    Risk.objects.filter(pk=risk.pk).update(likelihood=5)
    assert parts(user)("scores", reads=["risks"], compute=scores) == [5]


def test_a_part_is_kept_for_each_reader_and_address_apart(kept):
    director, other = f.director_user(username="d1"), f.director_user(username="d2")
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert parts(director)("n", reads=[], compute=compute) == 1
    assert parts(director)("n", reads=[], compute=compute) == 1
    assert parts(other)("n", reads=[], compute=compute) == 2
    assert parts(director, "/?workstream=1")("n", reads=[], compute=compute) == 3


def test_a_part_that_reads_a_family_it_does_not_declare_fails():
    f.MilestoneFactory()
    with pytest.raises(UndeclaredRead, match="milestones"):
        parts(f.director_user())(
            "dates", reads=["risks"], compute=lambda: list(Milestone.objects.all())
        )


def test_the_overview_after_a_write_to_one_family_works_out_only_its_parts(kept, client):
    # given the overview read once, so that every part is kept
    programme(3)
    client.force_login(f.director_user(username="reader"))
    whole = _queries(client, "/")

    # when a status report is written, the next read works out only what reads reports
    report = StatusReport.objects.first()
    StatusReport.objects.filter(pk=report.pk).update(commentary="Updated")
    after_write = _queries(client, "/")

    # and a read with nothing written works out none of it
    nothing_written = _queries(client, "/")
    assert nothing_written < after_write < whole


def _queries(client, path: str) -> int:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


# Rows kept by what they show --------------------------------------------------------------


def test_a_rows_fingerprint_tells_apart_every_field_annotation_and_attribute():
    from indicators.models import Indicator
    from sendtrack.derivations import fingerprint

    pk = f.IndicatorFactory().pk
    indicator, same = Indicator.objects.get(pk=pk), Indicator.objects.get(pk=pk)
    assert repr(fingerprint(indicator)) == repr(fingerprint(same))

    same.latest_value = Decimal("1.0")
    indicator.latest_value = Decimal("1.00")
    assert repr(fingerprint(indicator)) != repr(fingerprint(same))

    same.latest_value = Decimal("1.00")
    same.recent = [("2026-11-01", 4)]
    assert repr(fingerprint(indicator)) != repr(fingerprint(same))


def test_a_row_cannot_show_what_cannot_be_told_apart():
    from sendtrack.derivations import NotFingerprintable, fingerprint

    with pytest.raises(NotFingerprintable):
        fingerprint([object()])


def test_the_performance_page_shows_a_new_figure_in_a_row_it_rendered_before(client):
    from indicators.models import Measurement

    data = programme(2)
    client.force_login(f.director_user(username="reader"))
    assert client.get("/performance/").status_code == 200
    latest = Measurement.objects.order_by("-period", "pk").first()
    Measurement.objects.filter(pk=latest.pk).update(value=Decimal("98765"))

    page = client.get("/performance/").content.decode()

    assert "98,765" in page
    assert data


# Answers kept under some families' versions ---------------------------------------------------


def test_a_list_of_other_records_is_kept_while_only_risks_are_written(settings):
    from tests.api.conftest import token_client

    settings.CONDITIONAL_GET_KEEP_ANSWERS = True
    body = f.BodyFactory(name="Strategic Board")
    risk = f.RiskFactory()
    client = token_client(f.director_user(username="reader"))
    first = client.get("/api/v1/bodies/")

    Risk.objects.filter(pk=risk.pk).update(likelihood=5)
    after_risk = client.get("/api/v1/bodies/")
    type(body).objects.filter(pk=body.pk).update(name="Renamed Board")
    after_body = client.get("/api/v1/bodies/")

    assert first["ETag"] == after_risk["ETag"]
    assert after_body["ETag"] != first["ETag"]
    assert "Renamed Board" in after_body.content.decode()


def test_an_answer_that_reads_a_family_it_does_not_declare_fails(settings):
    from tests.api.conftest import token_client

    settings.CONDITIONAL_GET_READS = [(r"^/api/v1/risks/", [])]
    f.RiskFactory()
    client = token_client(f.director_user(username="reader"))

    with pytest.raises(UndeclaredRead, match="risks"):
        client.get("/api/v1/risks/")
