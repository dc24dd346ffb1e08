"""Backup and restore of everything sendtrack holds: the database's rows (as Django fixtures
with natural keys) and the uploaded and generated files under MEDIA_ROOT, in one .zip with a
manifest of row counts and a content checksum that the restore checks."""
