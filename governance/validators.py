"""Field validators shared by the apps' models."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone


def validate_not_in_future(value: date) -> None:
    """A date recording something that has happened cannot be later than today."""
    if value and value > timezone.localdate():
        raise ValidationError(
            "This date is in the future. Record it once it has happened.", code="future_date"
        )


def validate_first_of_month(value: date) -> None:
    """Monthly records are keyed on the first day of their month."""
    if value and value.day != 1:
        raise ValidationError(
            "Use the first day of the month, e.g. 1 October 2026.", code="not_first_of_month"
        )


def period_not_started(value: date) -> str:
    """Why a period starting on ``value`` cannot be reported yet, or blank once it has begun.
    A period that has begun (this month, though not yet over) may be reported; one that starts
    after today may not."""
    today = timezone.localdate()
    if value and value > today:
        return (
            f"This period starts on {value:%-d %B %Y}, after today ({today:%-d %B %Y}). "
            "Enter it once the period has begun."
        )
    return ""


def validate_period_started(value: date) -> None:
    """A monthly record (a status report) covers a month that has begun."""
    if message := period_not_started(value):
        raise ValidationError(message, code="future_period")
