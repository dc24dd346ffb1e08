"""A revision of an official figure names its period with the kind of period of the figure it
revised (an import's revision of the 2024 calendar year is not "2024" or "January 2024")."""

from django.db import migrations, models

# How an indicator returned at each frequency reports, as indicators.periods says today.
FREQUENCY_PERIOD_TYPES = {
    "monthly": "month",
    "quarterly": "quarter",
    "termly": "term",
    "annual": "calendar_year",
}


def fill_from_revised_figures(apps, schema_editor):
    """Each revision takes the period type of the figure it revised: the council's figure or
    the comparator's benchmark for the same indicator and period. Where several kinds of
    figure start in that month, the indicator's own kind is taken; where the figure has since
    gone, the indicator's own kind."""
    revision_model = apps.get_model("indicators", "StatisticRevision")
    measurement_model = apps.get_model("indicators", "Measurement")
    benchmark_model = apps.get_model("indicators", "Benchmark")
    revisions = list(revision_model.objects.filter(period_type="").select_related("indicator"))
    if not revisions:
        return
    indicator_ids = {r.indicator_id for r in revisions}
    kinds: dict[tuple, set[str]] = {}
    for indicator_id, period, period_type in measurement_model.objects.filter(
        indicator_id__in=indicator_ids
    ).values_list("indicator_id", "period", "period_type"):
        kinds.setdefault((indicator_id, period, ""), set()).add(period_type)
    for indicator_id, period, comparator, period_type in benchmark_model.objects.filter(
        indicator_id__in=indicator_ids
    ).values_list("indicator_id", "period", "comparator", "period_type"):
        kinds.setdefault((indicator_id, period, comparator), set()).add(period_type)
    for revision in revisions:
        indicator = revision.indicator
        own = indicator.period_type or FREQUENCY_PERIOD_TYPES.get(indicator.frequency, "month")
        found = kinds.get((revision.indicator_id, revision.period, revision.comparator), set())
        found.discard("")
        if len(found) == 1:
            revision.period_type = found.pop()
        else:
            revision.period_type = own
    revision_model.objects.bulk_update(revisions, ["period_type"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0013_figures_name_their_import_run"),
    ]

    operations = [
        migrations.AddField(
            model_name="statisticrevision",
            name="period_type",
            field=models.CharField(
                blank=True,
                choices=[
                    ("month", "Month"),
                    ("quarter", "Quarter of a financial year"),
                    ("term", "School term"),
                    ("financial_year", "Financial year (April to March)"),
                    ("academic_year", "Academic year (September to August)"),
                    ("calendar_year", "Calendar year"),
                    ("january_census", "January census"),
                    ("snapshot", "Snapshot on a date"),
                ],
                help_text="What the period is: a month, a quarter, a calendar or academic year, "
                "a January census. Leave blank for the indicator's own.",
                max_length=20,
                verbose_name="period type",
            ),
        ),
        migrations.RunPython(fill_from_revised_figures, migrations.RunPython.noop),
    ]
