from django.db import migrations
from sendtrack.roles import sync_role_permissions


class Migration(migrations.Migration):
    """The programme office keeps the area, neighbours and mappings and runs imports;
    directors read them."""

    dependencies = [
        ("indicators", "0004_official_statistics"),
        ("sendtrack", "0004_publications"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
