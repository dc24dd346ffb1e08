from django.db import migrations
from sendtrack.roles import sync_role_permissions


class Migration(migrations.Migration):
    """The programme office keeps evidence items; directors read them."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("governance", "0005_evidence_items"),
        ("sendtrack", "0001_roles"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
