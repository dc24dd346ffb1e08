"""``manage.py bench_reports``: time every monthly report in every format on the data loaded.

A speed check for the reports (the goal: the full KPI report as XLSX in well under a second at
demo scale), kept out of the test suite so that tests never depend on the machine's speed.
Run ``make run`` (or ``manage.py load_demo``) first."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.test import APIClient

from sendtrack.benchmarks import time_get

REPORTS = ["milestones", "risks", "kpis", "programme", "finance"]
FORMATS = ["json", "csv", "xlsx"]


class Command(BaseCommand):
    help = "Time each monthly report (JSON, CSV, XLSX) in process, as the given user."

    def add_arguments(self, parser):
        parser.add_argument("--user", default="pmo", help="Username to run as (default: pmo).")
        parser.add_argument("--repeat", type=int, default=10, help="Timed calls per report.")
        parser.add_argument("--period", default="", help="Month as YYYY-MM (default: latest).")

    def handle(self, *args, user, repeat, period, **options):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"No user “{user}”: load the demo data first (make run).")
        client = APIClient()
        client.force_authenticate(account)
        query = f"&period={period}" if period else ""
        self.stdout.write(
            f"{'report':<12}{'format':<8}{'rows':>6}{'queries':>9}{'p50 ms':>9}{'max ms':>9}"
        )
        for report in REPORTS:
            rows = client.get(f"/api/v1/reports/{report}/?format=json{query}").json().get("count")
            for fmt in FORMATS:
                timing = time_get(
                    client, f"/api/v1/reports/{report}/?format={fmt}{query}", repeat=repeat
                )
                if timing.status != 200:
                    raise CommandError(f"{timing.url} answered {timing.status}")
                self.stdout.write(
                    f"{report:<12}{fmt:<8}{rows:>6}{timing.queries:>9}"
                    f"{timing.median_ms:>9.1f}{timing.worst_ms:>9.1f}"
                )
