"""Plan actions: a lead organisation (the council for every action already recorded) and
co-owners from other organisations, whose changes are kept in the action's history."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

HELP = "The partner organisation that leads this and answers for it. Leave blank for the council."


def lead_organisation(*, history=False, null=False):
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
        related_name="plan_actions",
        to="governance.organisation",
        verbose_name="lead organisation",
    )


def led_by_the_council(apps, schema_editor):
    Organisation = apps.get_model("governance", "Organisation")
    models_ = [apps.get_model("governance", n) for n in ("planaction", "historicalplanaction")]
    if not any(m.objects.exists() for m in models_):
        return
    council = Organisation.objects.filter(kind="council").order_by("pk").first()
    if council is None:
        council, _ = Organisation.objects.get_or_create(
            name=settings.SENDTRACK_COUNCIL, defaults={"kind": "council"}
        )
    for model in models_:
        model.objects.filter(organisation=None).update(organisation=council)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0009_organisation_kinds_and_every_person_in_one"),
    ]

    operations = [
        migrations.AddField("planaction", "organisation", lead_organisation(null=True)),
        migrations.AddField(
            "historicalplanaction", "organisation", lead_organisation(history=True)
        ),
        migrations.RunPython(led_by_the_council, migrations.RunPython.noop),
        migrations.AlterField("planaction", "organisation", lead_organisation()),
        migrations.AddField(
            model_name="planaction",
            name="co_owners",
            field=models.ManyToManyField(
                blank=True,
                help_text="Other partner organisations that own this jointly with the lead organisation. Leave empty if the lead organisation owns it alone.",
                related_name="plan_actions_co_owned",
                to="governance.organisation",
                verbose_name="co-owners",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalPlanAction_co_owners",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="governance.historicalplanaction",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.organisation",
                    ),
                ),
                (
                    "planaction",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.planaction",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalPlanAction_co_owners",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
