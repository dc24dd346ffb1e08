"""Writes for measurement, shared by the admin, the API and imports."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .models import Measurement


@transaction.atomic
def measurement_save(*, measurement: Measurement, user: AbstractBaseUser) -> Measurement:
    """Save a period's figure. Who entered it is recorded when it is first entered; later
    revisions (provisional to final, corrections) keep that attribution."""
    if measurement.pk is None:
        measurement.entered_by = user
    measurement.save()
    return measurement
