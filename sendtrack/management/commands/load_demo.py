"""``manage.py load_demo``: load the demonstration data and print the demo logins."""

import os
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sendtrack.demo import API_DEMO_LOGIN, DEMO_LOGINS, DEMO_PASSWORD, demo_api_token, load_demo


class Command(BaseCommand):
    help = (
        "Load the demonstration data (boards, inspection, plans, projects, indicators and demo "
        "logins). Safe to run again: it updates the same records."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            help="Build the history as it stands on this date (YYYY-MM-DD). Default: today.",
        )
        parser.add_argument(
            "--host",
            default="127.0.0.1",
            help="The host the site is served on, for the example printed (default: 127.0.0.1).",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT") or 8000),
            help="The port the site is served on, for the example printed (default: $PORT or "
            "8000).",
        )

    def handle(self, *args, as_of=None, host="127.0.0.1", port=8000, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--as-of must be a date like 2026-11-24 ({error}).") from error
        counts = load_demo(as_of=day)
        self.stdout.write(f"Demonstration data loaded as of {day:%-d %B %Y}:")
        for name, count in counts.items():
            self.stdout.write(f"  {count:>6}  {name}")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, group, _, what in DEMO_LOGINS:
            self.stdout.write(f"  {username:<9} {group or 'Superuser':<17} {what}")
        self.stdout.write("")
        self.stdout.write(f"API token of the {API_DEMO_LOGIN} login (reads everything):")
        self.stdout.write(f"  Authorization: Token {demo_api_token()}")
        self.stdout.write(
            "  e.g. curl -H 'Authorization: Token …' "
            f"http://{host}:{port}/api/v1/reports/kpis/?format=csv"
        )
