"""Indicators' history keeps the projects each belongs to. Before now only the indicator's own
fields were kept: each history row recorded so far is given the projects the indicator
belongs to today, the best that is known of them."""

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


def projects_as_known_today(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    History = apps.get_model("indicators", "HistoricalIndicator")
    HistoryProjects = apps.get_model("indicators", "HistoricalIndicator_projects")
    belongs: dict[int, list[int]] = {}
    for indicator_id, project_id in Indicator.projects.through.objects.values_list(
        "indicator_id", "project_id"
    ):
        belongs.setdefault(indicator_id, []).append(project_id)
    rows = [
        HistoryProjects(history_id=history_id, indicator_id=indicator_id, project_id=project_id)
        for history_id, indicator_id in History.objects.filter(id__in=list(belongs)).values_list(
            "history_id", "id"
        )
        for project_id in belongs[indicator_id]
    ]
    HistoryProjects.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0016_benefits"),
        ("projects", "0014_safety_valve_savings"),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalIndicator_projects",
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
                        to="indicators.historicalindicator",
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.indicator",
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
                "verbose_name": "HistoricalIndicator_projects",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(projects_as_known_today, migrations.RunPython.noop),
    ]
