"""The public “You said, we did” page: anyone reads what the programme office approved for
publication, grouped by area of weakness with the latest first; nothing else reaches it."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/you-said-we-did/"


def test_anyone_reads_published_entries_by_area_latest_first():
    # given two areas, each with published entries, and one entry not yet approved
    three = f.AreaOfWeaknessFactory(number=3, title="The limited role of parents")
    six = f.AreaOfWeaknessFactory(number=6, title="Waiting times for health services")
    f.CoproductionEntryFactory(area=six, said="Therapy waits are too long.")
    f.CoproductionEntryFactory(
        area=three, said_on=date(2025, 1, 10), said="We are not asked before plans change."
    )
    f.CoproductionEntryFactory(
        area=three,
        said_on=date(2025, 6, 2),
        said="Letters are hard to read.",
        status="not_taken_forward",
        not_taken_forward_reason="The wording is set in law; we added a plain summary instead.",
    )
    f.CoproductionEntryFactory(area=three, said="Draft: not yet agreed.", is_published=False)

    # when someone who is not signed in opens the page
    page = Client().get(URL)

    # then
    assert page.status_code == 200
    text = page.content.decode()
    assert '<h1 class="govuk-heading-xl">You said, we did</h1>' in text
    assert "Draft: not yet agreed." not in text
    # by area, in the areas' order, the latest said first within each
    order = [
        text.index("Area 3: The limited role of parents</h2>"),
        text.index("Letters are hard to read."),
        text.index("We are not asked before plans change."),
        text.index("Area 6: Waiting times for health services</h2>"),
        text.index("Therapy waits are too long."),
    ]
    assert order == sorted(order)
    assert "The wording is set in law" in text
    assert "Not taken forward" in text
    # the plain-English summary leads the account of what was done
    assert text.index("We now answer calls within two days.") < text.index("We set up a phone line")
    assert "Sign out" not in text


def test_with_nothing_published_the_page_says_so():
    f.CoproductionEntryFactory(is_published=False)
    page = Client().get(URL)
    assert "Nothing has been published yet." in page.content.decode()


@pytest.mark.parametrize("n", [2, 12])
def test_the_page_asks_three_queries_however_many_entries(django_assert_num_queries, n):
    # given n published entries over two areas, each linked to a plan action and a project
    areas = [f.AreaOfWeaknessFactory(), f.AreaOfWeaknessFactory()]
    for i in range(n):
        entry = f.CoproductionEntryFactory(area=areas[i % 2])
        entry.plan_actions.add(f.PlanActionFactory())
        entry.projects.add(f.ProjectFactory())
    client = Client()

    # then the entries, their plan actions and their projects: three queries
    with django_assert_num_queries(3):
        page = client.get(URL)
    assert page.content.decode().count('class="govuk-summary-card__title"') == n
