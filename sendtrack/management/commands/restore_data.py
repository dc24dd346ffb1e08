"""``manage.py restore_data PATH``: load a backup written by ``backup_data`` into an empty,
migrated database, checking rows and content against the backup's manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sendtrack.backups.archive import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_data into an empty database (run migrate first). "
        "Every table's rows and content are checked against the backup; on any difference "
        "nothing is restored."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup .zip.")

    def handle(self, *args, path, **options):
        try:
            manifest = backup_restore(path=Path(path))
        except BackupError as error:
            raise CommandError(str(error)) from error
        tables = manifest["fingerprint"]["tables"]
        rows = sum(table["rows"] for table in tables.values())
        self.stdout.write(
            f"Restored {rows:,} rows in {len(tables)} tables and {len(manifest['media'])} files "
            f"from {path} (backed up {manifest['created_at']})."
        )
        self.stdout.write(
            f"Content checksum matches the backup: {manifest['fingerprint']['sha256']}"
        )
