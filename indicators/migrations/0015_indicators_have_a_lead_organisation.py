"""Indicators: a lead organisation, the council for every indicator already recorded."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

HELP = "The partner organisation that leads this and answers for it. Leave blank for the council."
MODELS = {"indicator": "indicators"}


def field(model, *, history=False, null=False):
    if history:
        return models.ForeignKey(
            blank=True,
            db_constraint=False,
            help_text=HELP,
            null=True,
            on_delete=django.db.models.deletion.DO_NOTHING,
            related_name="+",
            to="governance.organisation",
            verbose_name="lead organisation",
        )
    return models.ForeignKey(
        blank=True,
        help_text=HELP,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=MODELS[model],
        to="governance.organisation",
        verbose_name="lead organisation",
    )


def led_by_the_council(apps, schema_editor):
    Organisation = apps.get_model("governance", "Organisation")
    found = [apps.get_model("indicators", name) for name in MODELS]
    history = [apps.get_model("indicators", f"historical{name}") for name in MODELS]
    if not any(m.objects.exists() for m in found + history):
        return
    council = Organisation.objects.filter(kind="council").order_by("pk").first()
    if council is None:
        council, _ = Organisation.objects.get_or_create(
            name=settings.SENDTRACK_COUNCIL, defaults={"kind": "council"}
        )
    for model in found + history:
        model.objects.filter(organisation=None).update(organisation=council)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0009_organisation_kinds_and_every_person_in_one"),
        ("indicators", "0014_revisions_name_their_period_type"),
    ]

    operations = [
        *(
            operation
            for name in MODELS
            for operation in (
                migrations.AddField(name, "organisation", field(name, null=True)),
                migrations.AddField(f"historical{name}", "organisation", field(name, history=True)),
            )
        ),
        migrations.RunPython(led_by_the_council, migrations.RunPython.noop),
        *(migrations.AlterField(name, "organisation", field(name)) for name in MODELS),
    ]
