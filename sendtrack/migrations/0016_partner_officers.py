from django.db import migrations

from sendtrack.roles import sync_role_permissions


class Migration(migrations.Migration):
    """The Partner officers group: staff of a partner organisation, who update the records
    their organisation leads or co-owns and sign off its jointly owned plan actions."""

    dependencies = [
        ("governance", "0011_plan_action_sign_offs"),
        ("indicators", "0015_indicators_have_a_lead_organisation"),
        ("projects", "0013_co_owners"),
        ("sendtrack", "0015_publication_you_said_we_did_and_summaries"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, migrations.RunPython.noop)]
