from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sendtrack", "0017_partner_finance_and_board_business"),
    ]

    operations = [
        migrations.AddField(
            model_name="datachange",
            name="family",
            field=models.CharField(db_default="other", max_length=20),
        ),
    ]
