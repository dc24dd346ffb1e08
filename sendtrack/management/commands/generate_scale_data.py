"""``manage.py generate_scale_data --scale N``: the demonstration grown N times, for measuring
speed at a larger council's or a region's size (``make bench`` builds N=10)."""

from __future__ import annotations

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sendtrack.demo.scale import generate_scale_data


class Command(BaseCommand):
    help = (
        "Load the demonstration data and add, per unit of scale beyond 1, 60 projects with ten "
        "years of reports, milestones, risks and their history, and 20 indicators with ten years "
        "of figures. Deterministic: the same scale and date give the same records. Run it on a "
        "freshly migrated database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=10,
            help="Times the demonstration (at least 1; default 10).",
        )
        parser.add_argument(
            "--as-of",
            help="Build the history as it stands on this date (YYYY-MM-DD). Default: today.",
        )

    def handle(self, *args, scale, as_of=None, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--as-of must be a date like 2026-11-24 ({error}).") from error
        if scale < 1:
            raise CommandError("--scale must be at least 1 (the demonstration itself).")
        started = time.perf_counter()
        try:
            counts = generate_scale_data(scale=scale, as_of=day)
        except ValueError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        self.stdout.write(f"Data at {scale:g} times the demonstration, as of {day:%-d %B %Y}:")
        for name, count in counts.items():
            self.stdout.write(f"  {count:>8}  {name}")
        self.stdout.write(f"Built in {seconds:.1f} s.")
