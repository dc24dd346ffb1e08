"""The demo's “You said, we did” entries: invented, marked as demonstration data, heard at Kent
PACT (the parent carer forum the seeds name) and the young people's SEND forum, linked to the
plan actions and projects that answer them; loading the demo again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from sendtrack.models import CoproductionEntry

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _links() -> list:
    return sorted(
        (
            e.pk,
            tuple(e.plan_actions.values_list("pk", flat=True)),
            tuple(e.projects.values_list("pk", flat=True)),
        )
        for e in CoproductionEntry.objects.all()
    )


def test_the_demo_records_invented_entries_from_the_seeds_forums_once():
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())
    entries = CoproductionEntry.objects.all()
    count, links = entries.count(), _links()
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())

    assert entries.count() == count == 5
    assert _links() == links
    assert not entries.filter(is_demo=False).exists()
    assert not entries.exclude(source_citation="").exists()
    heard_from = set(entries.values_list("heard_from", flat=True))
    assert "Kent PACT forum meeting" in heard_from
    assert "Young people's SEND forum" in heard_from
    assert entries.filter(plan_actions__isnull=False).distinct().count() >= 3
    assert entries.get(heard_from="Young people's SEND forum").projects.exists()
    # every entry passes the model's own checks (no child's identifiers, reasons given)
    for entry in entries:
        entry.full_clean()
    # the public page shows the published ones, not the one only heard so far
    page = Client().get("/you-said-we-did/").content.decode()
    assert "Kent PACT forum meeting" in page
    assert "Kent PACT coffee morning" not in page
    assert page.count("Invented for the demonstration") == entries.filter(is_published=True).count()
