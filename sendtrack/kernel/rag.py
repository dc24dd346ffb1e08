"""The red / amber / green ratings used across the programme."""

from django.db import models


class RAG(models.TextChoices):
    """A fixed set: blue means complete, the others the usual delivery confidence."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue (complete)"


# Worst first, so that ordering and "worst of" comparisons are simple.
RAG_SEVERITY = {RAG.RED: 0, RAG.AMBER: 1, RAG.GREEN: 2, RAG.BLUE: 3}
