from django.db import migrations

from sendtrack.roles import sync_role_permissions


class Migration(migrations.Migration):
    """Every role's permissions once more, after the last app's models exist: evidence items,
    the official statistics' mappings and runs, and the records' histories."""

    dependencies = [
        ("governance", "0007_history"),
        ("indicators", "0008_history_of_official_figures"),
        ("projects", "0008_history_as_of_indexes"),
        ("sendtrack", "0008_history"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
