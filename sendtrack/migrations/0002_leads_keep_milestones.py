from django.db import migrations

from sendtrack.roles import sync_role_permissions


class Migration(migrations.Migration):
    """Project leads no longer delete milestones (only the programme office does)."""

    dependencies = [
        ("sendtrack", "0001_roles"),
        ("indicators", "0002_neutral_polarity_and_month_starts"),
        ("governance", "0002_membership_co_chair_and_attendee"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
