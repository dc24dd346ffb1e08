"""The forms officers fill in: a month's report, a milestone (whose agreed baseline only the
programme office moves) and a risk scored from 1 to 5 in words."""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AdminDateWidget

from governance.ownership import CoOwnersFormMixin
from sendtrack.kernel.admin import (
    CheckedModelForm,
    MonthField,
)
from sendtrack.kernel.date_input import DateField, DateInput

from ..models import Milestone, Risk, StatusReport

LIKELIHOOD_CHOICES = [
    (1, "1 – rare"),
    (2, "2 – unlikely"),
    (3, "3 – possible"),
    (4, "4 – likely"),
    (5, "5 – almost certain"),
]
IMPACT_CHOICES = [
    (1, "1 – minimal"),
    (2, "2 – minor"),
    (3, "3 – moderate"),
    (4, "4 – major"),
    (5, "5 – severe"),
]


class StatusReportForm(CheckedModelForm):
    period = MonthField(
        label="Month",
        widget=AdminDateWidget,
        help_text="The month reported on. Any day in the month will do, e.g. 1 October 2026.",
    )

    class Meta:
        model = StatusReport
        fields = ("period", "rag", "commentary", "achievements", "next_steps", "decisions_needed")
        widgets = {
            name: forms.Textarea(attrs={"rows": 3, "cols": 60})
            for name in ("commentary", "achievements", "next_steps", "decisions_needed")
        }


class MilestoneForm(CheckedModelForm):
    # Set per request by the admin: whether this user may move an agreed baseline.
    can_change_baseline = False

    class Meta:
        model = Milestone
        fields = ("title", "baseline_date", "forecast_date", "completed_date", "is_key")
        # Dates typed as day, month and year (GOV.UK's date input), not in a browser's format.
        field_classes = dict.fromkeys(
            ("baseline_date", "forecast_date", "completed_date"), DateField
        )
        widgets = dict.fromkeys(("baseline_date", "forecast_date", "completed_date"), DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agreed = self.instance.pk and self.instance.baseline_date
        if agreed and not self.can_change_baseline and "baseline_date" in self.fields:
            # Shown as it is, not offered for editing; the check in clean() still guards it.
            field = self.fields["baseline_date"]
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs["readonly"] = True
            field.help_text = "Agreed. Only the programme office changes it."

    def clean(self):
        cleaned = super().clean()
        original = self.initial.get("baseline_date")
        if (
            self.instance.pk
            and not self.can_change_baseline
            and original
            and cleaned.get("baseline_date") != original
        ):
            self.add_error(
                "baseline_date",
                "Only the programme office can change a milestone's baseline date. "
                "Change the forecast date instead.",
            )
        return cleaned


def _score_field(label: str, choices, help_text: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "---------"), *choices],
        coerce=int,
        help_text=help_text,
        error_messages={
            "invalid_choice": f"{label} is scored from 1 to 5. Choose one of the options.",
            "required": f"Choose the {label.lower()}, from 1 to 5.",
        },
    )


class RiskForm(CoOwnersFormMixin, CheckedModelForm):
    likelihood = _score_field(
        "Likelihood",
        LIKELIHOOD_CHOICES,
        "How likely it is: 1 (rare) to 5 (almost certain). For an issue, use 5.",
    )
    impact = _score_field(
        "Impact", IMPACT_CHOICES, "How bad it would be: 1 (minimal) to 5 (severe)."
    )

    class Meta:
        model = Risk
        fields = (
            "kind",
            "level",
            "project",
            "reference",
            "title",
            "description",
            "likelihood",
            "impact",
            "owner",
            "organisation",
            "co_owners",
            "mitigation",
            "status",
            "raised_on",
            "review_date",
            "closed_on",
            "escalated_to",
            "is_demo",
        )
        help_texts = {"reference": "Leave blank to be given the next number, e.g. SUF-01-R4."}
        field_classes = dict.fromkeys(("raised_on", "review_date", "closed_on"), DateField)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3, "cols": 60}),
            "mitigation": forms.Textarea(attrs={"rows": 3, "cols": 60}),
            **dict.fromkeys(("raised_on", "review_date", "closed_on"), DateInput),
        }
