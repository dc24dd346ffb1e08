"""Projects and risks may have co-owners from other organisations; their changes are kept in
the record's history."""

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0010_co_owners"),
        ("projects", "0012_projects_and_risks_have_a_lead_organisation"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="co_owners",
            field=models.ManyToManyField(
                blank=True,
                help_text="Other partner organisations that own this jointly with the lead organisation. Leave empty if the lead organisation owns it alone.",
                related_name="projects_co_owned",
                to="governance.organisation",
                verbose_name="co-owners",
            ),
        ),
        migrations.AddField(
            model_name="risk",
            name="co_owners",
            field=models.ManyToManyField(
                blank=True,
                help_text="Other partner organisations that own this jointly with the lead organisation. Leave empty if the lead organisation owns it alone.",
                related_name="risks_co_owned",
                to="governance.organisation",
                verbose_name="co-owners",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalProject_co_owners",
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
                        to="projects.historicalproject",
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
                    "project",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="projects.project",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalProject_co_owners",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalRisk_co_owners",
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
                        to="projects.historicalrisk",
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
                    "risk",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="projects.risk",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalRisk_co_owners",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
