"""``manage.py backup_data PATH``: write every record and uploaded or generated file to a .zip
that ``restore_data`` loads into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand

from sendtrack.backups.archive import backup_create


class Command(BaseCommand):
    help = (
        "Back up every record (as fixtures with natural keys) and every file under MEDIA_ROOT "
        "to a .zip, with a manifest of rows per table and a content checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the backup, e.g. sendtrack-backup.zip.")

    def handle(self, *args, path, **options):
        manifest = backup_create(path=Path(path))
        tables = manifest["fingerprint"]["tables"]
        rows = sum(table["rows"] for table in tables.values())
        self.stdout.write(
            f"Backed up {rows:,} rows in {len(tables)} tables and {len(manifest['media'])} "
            f"files to {path}."
        )
        self.stdout.write(f"Content checksum: {manifest['fingerprint']['sha256']}")
