from django.db import migrations, models


def blank_references_to_null(apps, schema_editor):
    # A risk without a number has no reference (null), so that numbers can be unique.
    Risk = apps.get_model("projects", "Risk")
    Risk.objects.filter(reference="").update(reference=None)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="risk",
            name="reference",
            field=models.CharField(blank=True, max_length=30, null=True),
        ),
        migrations.RunPython(blank_references_to_null, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="risk",
            name="reference",
            field=models.CharField(
                blank=True,
                error_messages={"unique": "Another risk already has this reference."},
                help_text="The risk's number in its register, e.g. SUF-01-R4. Given automatically.",
                max_length=30,
                null=True,
                unique=True,
            ),
        ),
    ]
