"""One count, everywhere: an area's plan actions, the projects that reported for a month and
an indicator's figure, RAG and rank read the same through every door that shows them (the
operational and data quality pages, the assurance matrix and area page, the area API, the
performance page, the KPI and programme report APIs, the publication's preview and its
published snapshot and page)."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from governance.models import PlanAction
from indicators.models import Benchmark, Indicator
from projects.selectors import month_add, reporting_due
from sendtrack.kernel.rag import RAG
from sendtrack.publications import services
from sendtrack.publications.models import Publication
from tests import factories as f

pytestmark = pytest.mark.django_db

AREA_TITLE = "Inconsistent quality of the EHC process"
S = PlanAction.Status


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _row(html: str, marker: str) -> str:
    """The text of the table row holding ``marker``."""
    for row in re.findall(r"<tr[ >].*?</tr>", html, flags=re.S):
        if marker in row:
            return _text(row)
    raise AssertionError(f"No row holds {marker!r}")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(db):
    """Area 6 with six actions: two complete, one overdue, one open and not yet due, one
    carried forward to a later plan (whose continuation is the open one) and one withdrawn;
    an indicator on the public scorecard with last month's figure and its rank that month,
    and one whose only figure is older than the ranking it has; three projects that owed a
    report for last month, two of which filed it."""
    today = timezone.localdate()
    last_month = month_add(today, -1)
    area = f.AreaOfWeaknessFactory(number=6, title=AREA_TITLE)
    earlier = f.ImprovementPlanFactory(
        kind="improvement_notice", title="Improvement Notice", submitted_on=today - timedelta(400)
    )
    app = f.ImprovementPlanFactory(title="APP", submitted_on=today - timedelta(200))
    carried = f.PlanActionFactory(plan=earlier, reference="IN 6", status=S.CARRIED_FORWARD)
    actions = [
        carried,
        f.PlanActionFactory(plan=earlier, reference="IN 6b", status=S.WITHDRAWN),
        f.PlanActionFactory(
            plan=app, reference="APP 6.1", status=S.COMPLETE, completed_on=today - timedelta(30)
        ),
        f.PlanActionFactory(
            plan=app, reference="APP 6.2", status=S.COMPLETE, completed_on=today - timedelta(9)
        ),
        f.PlanActionFactory(
            plan=app, reference="APP 6.3", status=S.IN_PROGRESS, due_date=today - timedelta(5)
        ),
        f.PlanActionFactory(
            plan=app,
            reference="APP 6.4",
            status=S.NOT_STARTED,
            due_date=today + timedelta(90),
            carried_forward_from=carried,
        ),
    ]
    for action in actions:
        action.areas.add(area)

    ranked = f.IndicatorFactory(code="KPI-01", title="Plans within 20 weeks", is_public=True)
    f.TargetFactory(indicator=ranked, value=Decimal("60"), applies_from=month_add(today, -36))
    f.MeasurementFactory(indicator=ranked, period=month_add(today, -2), value=Decimal("40"))
    f.MeasurementFactory(indicator=ranked, period=last_month, value=Decimal("45.5"))
    f.BenchmarkFactory(
        indicator=ranked,
        period=last_month,
        comparator=Benchmark.Comparator.LOCAL_AUTHORITIES,
        value=Decimal("50"),
        rank=97,
        figures_used=150,
        quartile=3,
    )
    ranked.areas.add(area)
    stale = f.IndicatorFactory(
        code="DFE-01",
        title="Annual timeliness",
        is_public=True,
        frequency=Indicator.Frequency.ANNUAL,
    )
    f.TargetFactory(indicator=stale, value=Decimal("60"), applies_from=month_add(today, -60))
    f.MeasurementFactory(indicator=stale, period=month_add(today, -36), value=Decimal("69.8"))
    # a ranking for a later period than the council's own figure: not the figure's rank
    f.BenchmarkFactory(
        indicator=stale,
        period=month_add(today, -24),
        comparator=Benchmark.Comparator.LOCAL_AUTHORITIES,
        value=Decimal("50"),
        rank=1,
        figures_used=15,
        quartile=1,
    )

    workstream = f.WorkstreamFactory(number=1, name="Sufficiency")
    for code, reported in [("SUF-01", RAG.RED), ("SUF-02", RAG.GREEN), ("SUF-03", None)]:
        project = f.ProjectFactory(code=code, workstream=workstream)
        project.areas.add(area)
        if reported:
            f.StatusReportFactory(project=project, period=last_month, rag=reported)

    body = f.BodyFactory(name="SEND Scrutiny Sub-Committee")
    meeting = f.MeetingFactory(body=body, date=today)
    return {
        "area": area,
        "today": today,
        "last_month": last_month,
        "meeting": meeting,
        "director": f.director_user(username="director"),
        "pmo": f.pmo_user(username="pmo"),
    }


# What every door must show: 2 of the 4 counted complete, 1 overdue, 1 open and due; the
# carried-forward and withdrawn actions not counted; KPI-01 45.5% red, ranked 97 of 150;
# DFE-01 69.8% green and unranked; 2 of the 3 projects reported.
COMPLETE, COUNTED, OVERDUE, DUE = 2, 4, 1, 1


def test_every_door_shows_the_same_counts(world):
    director, pmo = _client(world["director"]), _client(world["pmo"])
    api = APIClient()
    api.force_authenticate(world["director"])

    # the operational page
    row = _row(director.get("/operational/").content.decode(), AREA_TITLE)
    assert f"{COMPLETE} of {COUNTED} (50%)" in row
    assert "Not counted: 1 carried forward to a later plan, 1 withdrawn" in row
    assert row.endswith(f" {OVERDUE}")

    # the assurance matrix, the area page and the area API
    row = _row(director.get("/assurance/").content.decode(), AREA_TITLE)
    assert f"50% {COMPLETE} of {COUNTED} actions" in row
    assert "Not counted: 1 carried forward to a later plan, 1 withdrawn" in row
    page = _text(director.get("/assurance/areas/6/").content.decode())
    assert f"of actions delivered: {COMPLETE} of {COUNTED}" in page
    assert f"{OVERDUE} actions overdue" in page
    area = api.get("/api/v1/areas/6/").json()
    assert (area["actions_complete"], area["rated_actions"], area["overdue_actions"]) == (
        COMPLETE,
        COUNTED,
        OVERDUE,
    )
    assert (area["actions_carried_forward"], area["actions_withdrawn"]) == (1, 1)

    # the performance page and the KPI report's API, for the month of the latest figure
    performance = director.get("/performance/").content.decode()
    for code, shown, rag in [("KPI-01", "45.5%", "Red"), ("DFE-01", "69.8%", "Green")]:
        row = _row(performance, code)
        assert shown in row
        assert rag in row
    month = f"{world['last_month']:%Y-%m}"
    kpis = {
        r["code"]: r for r in api.get(f"/api/v1/reports/kpis/?period={month}").json()["results"]
    }
    assert (kpis["KPI-01"]["value"], kpis["KPI-01"]["rag"]) == (45.5, "red")
    assert (kpis["KPI-01"]["rank"], kpis["KPI-01"]["ranked"]) == (97, 150)
    # an annual figure three years old does not answer for last month: no figure, no rank
    assert (kpis["DFE-01"]["value"], kpis["DFE-01"]["rank"], kpis["DFE-01"]["ranked"]) == (
        None,
        None,
        None,
    )

    # the programme report's API and the data quality page
    programme = api.get(f"/api/v1/reports/programme/?period={month}").json()["summary"]
    assert (programme["reported"], programme["missing"], programme["projects"]) == (2, 1, 3)
    quality = _text(director.get("/data-quality/").content.decode())
    # (the month just gone is "due soon" until its reporting deadline, then missing)
    due_soon = reporting_due(today=timezone.localdate()).due_soon
    counted = (
        f"no report yet for {world['last_month']:%B %Y} (1 of the 3 projects that owe one)"
        if due_soon
        else f"No report for {world['last_month']:%B %Y} (1 of the 3 projects that owed one)"
    )
    assert counted in quality

    # the publication's preview, then its published snapshot and public page
    publication = Publication.objects.create(meeting=world["meeting"], title="Summary")
    preview = pmo.get(reverse("publication-preview", args=[publication.pk])).content.decode()
    publication = services.publication_submit(publication=publication, user=world["pmo"])
    publication = services.publication_approve(publication=publication, user=world["director"])
    version = services.publication_publish(publication=publication, user=world["pmo"])
    public = Client().get(f"/publications/{publication.slug}/").content.decode()
    for html in (preview, public):
        row = _row(html, AREA_TITLE)
        assert f"{COMPLETE} of {COUNTED} (50%)" in row
        assert "Not counted: 1 carried forward to a later plan, 1 withdrawn" in row
        assert row.endswith(f"withdrawn {DUE} {OVERDUE}")
        ranked = _row(html, "KPI-01 Plans within 20 weeks")
        assert "45.5%" in ranked
        assert "Red" in ranked
        assert "97 of 150" in ranked
        stale = _row(html, "DFE-01 Annual timeliness")
        assert "69.8%" in stale  # the latest figure, as the performance page shows it
        assert "Green" in stale
        assert "of 15" not in stale  # ranked for another period than its figure's
    content = version.content
    (area_row,) = content["areas"]["rows"]
    assert (area_row["actions_complete"], area_row["actions_total"]) == (COMPLETE, COUNTED)
    assert (area_row["actions_due"], area_row["actions_overdue"]) == (DUE, OVERDUE)
    kpi_rows = {r["code"]: r for r in content["kpis"]["rows"]}
    assert (kpi_rows["KPI-01"]["rank"], kpi_rows["KPI-01"]["ranked"]) == (97, 150)
    assert kpi_rows["DFE-01"]["rank"] is None
    portfolio = content["portfolio"]
    assert (portfolio["reported"], portfolio["missing"], portfolio["projects"]) == (2, 1, 3)
    assert (
        f"2 of the 3 projects that owed a report for {world['last_month']:%B %Y} reported; "
        "1 did not." in _text(public)
    )
