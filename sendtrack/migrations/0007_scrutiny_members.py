from django.db import migrations

from sendtrack.roles import sync_role_permissions


class Migration(migrations.Migration):
    """The Scrutiny members group, and directors' permission to approve publications."""

    dependencies = [("sendtrack", "0006_publication_approve_permission")]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
