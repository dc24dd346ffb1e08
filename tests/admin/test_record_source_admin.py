"""Every record's change page says where the record comes from: whether it is demonstration
data and the published passage it is taken from. The passage vouches for the record, so only
the site administrator edits it; the programme office reads it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from governance.models import Organisation
from indicators.models import CouncilArea
from tests import factories as f

from .conftest import admin_form_data, client_for

pytestmark = pytest.mark.django_db

CITATION = (
    "Report to the SEND Scrutiny Sub-Committee of 22 March 2023, para 2.4: "
    "“Kent Special Educational Needs Trust”"
)


def superuser():
    return get_user_model().objects.create_superuser("site-admin", "admin@example.org", "pw")


def test_the_programme_office_reads_a_records_source_but_cannot_change_it(pmo):
    # given an organisation taken from the council's report
    org = f.OrganisationFactory(name="Kent Special Educational Needs Trust")
    Organisation.objects.filter(pk=org.pk).update(source_citation=CITATION)
    client = client_for(pmo)
    url = f"/admin/governance/organisation/{org.pk}/change/"

    # when the programme office opens it
    response = client.get(url)

    # then the passage is shown, read-only, beside the demonstration data box
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kent Special Educational Needs Trust”" in page
    assert 'name="source_citation"' not in page
    assert 'name="is_demo"' in page

    # and a change posted with the form leaves the passage as it was
    data = admin_form_data(response) | {"source_citation": "Made up", "short_name": "KSENT"}
    assert client.post(url, data).status_code == 302
    org.refresh_from_db()
    assert org.short_name == "KSENT"
    assert org.source_citation == CITATION


def test_the_site_administrator_corrects_a_records_source(db):
    org = f.OrganisationFactory(name="Kent Special Educational Needs Trust")
    client = client_for(superuser())
    url = f"/admin/governance/organisation/{org.pk}/change/"
    response = client.get(url)
    assert 'name="source_citation"' in response.content.decode()

    data = admin_form_data(response) | {"source_citation": CITATION}
    assert client.post(url, data).status_code == 302
    org.refresh_from_db()
    assert org.source_citation == CITATION


def test_a_page_that_lists_its_own_fields_still_says_where_the_record_comes_from(pmo):
    # given the council's area, whose page lists its own fields without the source ones
    council = CouncilArea.objects.create(
        name="Kent", old_la_code="886", new_la_code="E10000016", is_demo=True
    )

    response = client_for(pmo).get(f"/admin/indicators/councilarea/{council.pk}/change/")

    # then both are shown, read-only
    page = response.content.decode()
    assert response.status_code == 200
    assert "Demonstration data" in page
    assert "Source" in page
    assert 'name="is_demo"' not in page
    assert 'name="source_citation"' not in page
