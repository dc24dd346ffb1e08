"""Writes for measurement, shared by the admin, the API and imports."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from .models import Measurement


def measurement_save(*, measurement: Measurement, user: AbstractBaseUser) -> Measurement:
    """Save a period's figure, recording who entered it."""
    measurement.entered_by = user
    measurement.save()
    return measurement
