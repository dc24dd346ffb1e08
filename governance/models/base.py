"""Fields every record carries."""

from __future__ import annotations

from django.db import models


class Record(models.Model):
    """Fields every record carries: when it was made and changed, and whether it is invented."""

    is_demo = models.BooleanField(
        "demonstration data",
        default=False,
        help_text="Ticked for invented records loaded to demonstrate the system.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
