"""Organisation kinds for the local area's partners, and every person in one organisation:
people without one are put in the council's (made if there is none yet)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

KINDS = [
    ("council", "Local authority"),
    ("health", "NHS body"),
    ("parent_carer", "Parent carer forum"),
    ("education", "Schools and settings"),
    ("government", "Central government"),
    ("advisory", "Adviser or improvement partner"),
    ("voluntary", "Voluntary or community sector"),
    ("other", "Other"),
]
HELP = "The partner organisation the person works for or represents. Leave blank for the council."


def council_for(apps, *models_with_rows):
    """The council's organisation, made only if some row has none to be given."""
    Organisation = apps.get_model("governance", "Organisation")
    council = Organisation.objects.filter(kind="council").order_by("pk").first()
    if council is None and any(
        m.objects.filter(organisation=None).exists() for m in models_with_rows
    ):
        council, _ = Organisation.objects.get_or_create(
            name=settings.SENDTRACK_COUNCIL, defaults={"kind": "council"}
        )
    return council


def people_join_the_council(apps, schema_editor):
    Person = apps.get_model("governance", "Person")
    council = council_for(apps, Person)
    if council is not None:
        Person.objects.filter(organisation=None).update(organisation=council)


class Migration(migrations.Migration):
    dependencies = [("governance", "0008_record_source_citation")]

    operations = [
        migrations.AlterField(
            model_name="organisation",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=20),
        ),
        migrations.AlterField(
            model_name="historicalorganisation",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=20),
        ),
        migrations.RunPython(people_join_the_council, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="person",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                help_text=HELP,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="people",
                to="governance.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text=HELP,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="governance.organisation",
            ),
        ),
    ]
