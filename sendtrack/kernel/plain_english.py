"""How hard a plain-English summary is to read: its Flesch–Kincaid grade (from ``textstat``),
shown beside the summary in the admin with a warning above the grade the settings allow
(``SENDTRACK_PLAIN_ENGLISH_MAX_GRADE``, 9 unless set)."""

from __future__ import annotations

from dataclasses import dataclass

import textstat
from django.conf import settings

# A US school grade is read at about five years older than its number.
AGE_OFFSET = 5


@dataclass(frozen=True)
class Readability:
    """A text's Flesch–Kincaid grade, the reading age it stands for, and whether it is above
    the grade allowed."""

    grade: float
    limit: float

    @property
    def reading_age(self) -> int:
        return max(round(self.grade) + AGE_OFFSET, AGE_OFFSET)

    @property
    def too_hard(self) -> bool:
        return self.grade > self.limit

    def __str__(self) -> str:
        text = f"Flesch–Kincaid grade {self.grade:.1f} (a reading age of about {self.reading_age})."
        if self.too_hard:
            text += (
                f" Harder than grade {self.limit:g}: use shorter sentences and everyday "
                "words, so that families can read it easily."
            )
        return text


def readability(text: str) -> Readability | None:
    """The Flesch–Kincaid grade of ``text`` against the allowed grade; none for no text."""
    if not text or not text.strip():
        return None
    grade = max(float(textstat.flesch_kincaid_grade(text)), 0.0)
    return Readability(grade=grade, limit=settings.SENDTRACK_PLAIN_ENGLISH_MAX_GRADE)
