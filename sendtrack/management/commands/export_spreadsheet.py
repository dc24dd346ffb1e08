"""``manage.py export_spreadsheet PATH --user NAME`` (or ``--template``): write the workbook
that ``import_spreadsheet`` reads."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sendtrack.spreadsheets.writing import export_workbook, template_workbook


class Command(BaseCommand):
    help = (
        "Write an .xlsx workbook of the projects, milestones, risks and KPI figures a login may "
        "see, in the shape import_spreadsheet reads (or, with --template, the empty template)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the .xlsx file.")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--user", help="Export what this login may see.")
        group.add_argument("--template", action="store_true", help="Write the empty template.")

    def handle(self, *args, path, user=None, template=False, **options):
        if template:
            content = template_workbook()
        else:
            try:
                account = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No login is called “{user}”.") from None
            content = export_workbook(user=account)
        Path(path).write_bytes(content)
        self.stdout.write(f"Wrote {path}.")
