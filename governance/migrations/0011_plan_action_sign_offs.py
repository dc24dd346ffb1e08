"""Sign-offs of jointly owned plan actions, with their history; the programme office keeps
them and directors read them."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from sendtrack.roles import sync_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0010_co_owners"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sendtrack", "0001_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalPlanActionSignOff",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "is_demo",
                    models.BooleanField(
                        default=False,
                        help_text="Ticked for invented records loaded to demonstrate the system.",
                        verbose_name="demonstration data",
                    ),
                ),
                (
                    "source_citation",
                    models.TextField(
                        blank=True,
                        help_text="The published document this record is taken from, with the passage quoted in “curly quotes”, e.g. Report to the SEND Scrutiny Sub-Committee, 22 March 2023, para 1.2: “The Inspection Revisit was undertaken in September 2022.”",
                        verbose_name="source",
                    ),
                ),
                ("signed_at", models.DateTimeField()),
                (
                    "statement",
                    models.TextField(
                        help_text="What the person confirms, e.g. “The ICB confirms the therapy pathway is commissioned and in use.”"
                    ),
                ),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True)),
                (
                    "withdrawal_reason",
                    models.TextField(blank=True, verbose_name="reason for withdrawing"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The owning organisation signing off: the organisation of the person who signs.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.organisation",
                    ),
                ),
                (
                    "plan_action",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.planaction",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Who entered the sign-off in sendtrack.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "signed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The named owner who signs off for their organisation.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.person",
                    ),
                ),
                (
                    "withdrawn_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical plan action sign-off",
                "verbose_name_plural": "historical plan action sign-offs",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PlanActionSignOff",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "is_demo",
                    models.BooleanField(
                        default=False,
                        help_text="Ticked for invented records loaded to demonstrate the system.",
                        verbose_name="demonstration data",
                    ),
                ),
                (
                    "source_citation",
                    models.TextField(
                        blank=True,
                        help_text="The published document this record is taken from, with the passage quoted in “curly quotes”, e.g. Report to the SEND Scrutiny Sub-Committee, 22 March 2023, para 1.2: “The Inspection Revisit was undertaken in September 2022.”",
                        verbose_name="source",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("signed_at", models.DateTimeField()),
                (
                    "statement",
                    models.TextField(
                        help_text="What the person confirms, e.g. “The ICB confirms the therapy pathway is commissioned and in use.”"
                    ),
                ),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True)),
                (
                    "withdrawal_reason",
                    models.TextField(blank=True, verbose_name="reason for withdrawing"),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        help_text="The owning organisation signing off: the organisation of the person who signs.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="plan_action_sign_offs",
                        to="governance.organisation",
                    ),
                ),
                (
                    "plan_action",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sign_offs",
                        to="governance.planaction",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        help_text="Who entered the sign-off in sendtrack.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "signed_by",
                    models.ForeignKey(
                        help_text="The named owner who signs off for their organisation.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="plan_action_sign_offs",
                        to="governance.person",
                    ),
                ),
                (
                    "withdrawn_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "plan action sign-off",
                "ordering": ["signed_at", "pk"],
                "indexes": [
                    models.Index(
                        fields=["plan_action", "organisation", "signed_at"],
                        name="governance__plan_ac_f208bc_idx",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("withdrawn_at__isnull", True)),
                        fields=("plan_action", "organisation"),
                        name="plan_action_sign_off_one_standing_per_organisation",
                        violation_error_message="This organisation has signed off this action already.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("withdrawn_at__isnull", True),
                            models.Q(("withdrawal_reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="plan_action_sign_off_withdrawn_with_reason",
                        violation_error_message="Say why the sign-off is withdrawn.",
                    ),
                ],
            },
        ),
        migrations.RunPython(sync_role_permissions, migrations.RunPython.noop),
    ]
