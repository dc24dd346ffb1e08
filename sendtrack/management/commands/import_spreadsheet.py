"""``manage.py import_spreadsheet PATH --user NAME [--dry-run]``: import projects, milestones,
risks and KPI figures from an XLSX or CSV file, all or nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sendtrack.spreadsheets.importer import import_spreadsheet


class Command(BaseCommand):
    help = (
        "Import projects, milestones, risks and KPI figures from an .xlsx or .csv file in the "
        "template's shape. Every row is checked first; nothing is written unless all are right. "
        "Importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .xlsx or .csv file.")
        parser.add_argument(
            "--user",
            required=True,
            help="The login the import is made as: it decides which rows may be changed and "
            "is recorded as the submitter of new figures.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, writing nothing.",
        )

    def handle(self, *args, path, user, dry_run, **options):
        try:
            account = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No login is called “{user}”.") from None
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No file at {file}.")
        with file.open("rb") as upload:
            report = import_spreadsheet(
                upload=upload, filename=file.name, user=account, dry_run=dry_run
            )
        for note in report.notes:
            self.stdout.write(f"Note: {note}")
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing was imported: {len(report.problems)} problem(s) to fix in {file.name}."
            )
        for line in report.changes:
            self.stdout.write(line)
        self.stdout.write(report.summary())
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        elif report.changed:
            self.stdout.write("Imported: every row was written.")
        else:
            self.stdout.write("Nothing to change: every row is already recorded.")
