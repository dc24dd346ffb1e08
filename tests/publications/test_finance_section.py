"""The Safety Valve savings section members may choose: totals per financial year against the
target, a project's own figures only where the programme office made them public, and all of
it frozen at publication."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from sendtrack.publications.models import Publication
from tests import factories as f

pytestmark = pytest.mark.django_db

PAGE = "/publications/send-scrutiny-sub-committee-2023-03-22/"


def _on(day: date, factory, **fields):
    record = factory.build(**fields)
    record._history_date = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    record.save()
    return record


@pytest.fixture
def savings(programme):
    public = f.ProjectFactory(
        code="SV-PUB", title="Post-16 pathways", safety_valve=True, savings_public=True
    )
    private = f.ProjectFactory(code="SV-PRV", title="Placements review", safety_valve=True)
    year = _on(
        date(2022, 4, 5),
        f.SavingsYearFactory,
        project=public,
        financial_year=2022,
        planned_savings=Decimal("400000"),
        delivered_savings=Decimal("150000"),
    )
    _on(
        date(2022, 4, 5),
        f.SavingsYearFactory,
        project=private,
        financial_year=2022,
        planned_savings=Decimal("600000"),
        delivered_savings=Decimal("250000"),
    )
    _on(
        date(2022, 4, 1),
        f.SafetyValveTargetFactory,
        financial_year=2022,
        savings_target=Decimal("1500000"),
    )
    return year


def test_members_see_the_totals_and_only_the_public_projects_figures(
    savings, programme, publish, anonymous
):
    publication = Publication.objects.create(
        meeting=programme.meeting, title="Progress summary", include_finance=True
    )
    publish(publication)

    page = anonymous.get(PAGE).content.decode()

    assert "Safety Valve savings" in page
    assert "£1,000,000" in page  # planned, both projects
    assert "£400,000" in page  # delivered, both projects
    assert "£1,500,000" in page
    assert "SV-PUB Post-16 pathways" in page
    assert "SV-PRV" not in page
    assert "£600,000" not in page


def test_the_section_stays_as_published_when_the_figures_change(
    savings, programme, publish, anonymous
):
    publication = Publication.objects.create(
        meeting=programme.meeting, title="Progress summary", include_finance=True
    )
    publish(publication)
    before = anonymous.get(PAGE).content

    savings.delivered_savings = Decimal("390000")
    savings.save()

    assert anonymous.get(PAGE).content == before
    assert "£390,000" not in before.decode()


def test_the_section_is_left_out_unless_chosen(savings, programme, publish, anonymous):
    publish(Publication.objects.create(meeting=programme.meeting, title="Progress summary"))

    assert "Safety Valve savings" not in anonymous.get(PAGE).content.decode()
