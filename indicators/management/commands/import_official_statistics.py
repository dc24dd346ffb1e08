"""``manage.py import_official_statistics PATH...``: import the DfE's published files."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from indicators.models import ImportRun
from indicators.official.report import run_problems, run_summary
from indicators.official.services import Upload, official_statistics_import


class Command(BaseCommand):
    help = (
        "Import the DfE's 'Education, health and care plans' release (its zip, or CSV files) "
        "into the indicators the mappings name, with England, region and neighbours as "
        "benchmarks. Nothing is imported if any file has a problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="The release's zip or CSV files.")
        parser.add_argument(
            "--release", default="", help="The release's name. Default: the files' names."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument("--user", help="The login to record as running the import.")

    def handle(self, *args, paths, release, dry_run, user, **options):
        uploads = []
        for path in map(Path, paths):
            if not path.is_file():
                raise CommandError(f"{path} is not a file.")
            uploads.append(Upload(path.name, path.read_bytes()))
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"There is no login called {user}.")
        run = official_statistics_import(
            uploads=uploads,
            user=account,
            door=ImportRun.Door.COMMAND,
            release=release,
            dry_run=dry_run,
        )
        if run.outcome == ImportRun.Outcome.REFUSED:
            raise CommandError("\n".join([run_summary(run), *run_problems(run)]))
        self.stdout.write(run_summary(run))
        for change in run.changes:
            self.stdout.write(
                f"  {change['action']:<8} {change['indicator']} {change['period'][:7]} "
                f"{change['figure']}: {change['old'] or '–'} → {change['new']}"
            )
