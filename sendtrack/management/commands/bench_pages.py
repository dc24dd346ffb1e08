"""``manage.py bench_pages``: time every dashboard and a project and indicator page on the data
loaded (the goal: each well under 300 ms at demo scale), kept out of the test suite so that
tests never depend on the machine's speed. Run ``make run`` (or ``manage.py load_demo``) first."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from indicators.models import Indicator
from projects.models import Project
from sendtrack.benchmarks import time_get


class Command(BaseCommand):
    help = "Time each dashboard page in process, as the given user."

    def add_arguments(self, parser):
        parser.add_argument("--user", default="director", help="Username (default: director).")
        parser.add_argument("--repeat", type=int, default=10, help="Timed calls per page.")

    def handle(self, *args, user, repeat, **options):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"No user “{user}”: load the demo data first (make run).")
        client = Client()
        client.force_login(account)
        urls = ["/", "/performance/", "/operational/", "/data-quality/", "/finance/"]
        if project := Project.objects.order_by("code").first():
            urls.append(f"/projects/{project.code}/")
        if indicator := Indicator.objects.order_by("code").first():
            urls.append(f"/performance/{indicator.code}/")
        self.stdout.write(f"{'page':<28}{'queries':>9}{'p50 ms':>9}{'max ms':>9}")
        for url in urls:
            timing = time_get(client, url, repeat=repeat)
            if timing.status != 200:
                raise CommandError(f"{url} answered {timing.status}")
            self.stdout.write(
                f"{url:<28}{timing.queries:>9}{timing.median_ms:>9.1f}{timing.worst_ms:>9.1f}"
            )
