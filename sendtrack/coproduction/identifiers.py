"""Refusing what would identify a child in free text: dates of birth, NHS numbers and unique
pupil numbers (UPNs). Children's names cannot be told from other words by pattern, so the
forms warn against them and the officer keeps them out; these three can, and are refused by
one validator that every door (the admin's forms, the API, the services) runs."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

WARNING = (
    "Do not record children's or young people's names, dates of birth, NHS numbers, unique "
    "pupil numbers or anything else that identifies a child. Summarise what was said instead."
)

# A date written in figures: 3/4/2015, 03-04-15, 3.4.2015, 2015-04-03.
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})(?![\d/.-]*\d)"
)
# "DOB", "D.O.B.", "date of birth", "born on …", "born 3 March 2015".
_BIRTH_WORDS = re.compile(
    r"\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bborn\s+(?:on\s+)?(?:the\s+)?\d",
    re.IGNORECASE,
)
# Ten digits, together or spaced 3-3-4 (with spaces or hyphens).
_TEN_DIGITS = re.compile(r"(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])")
# A UPN: a letter and 12 digits, or the temporary form, a letter, 11 digits and a letter.
_UPN = re.compile(r"\b[A-Za-z]\d{11}(?:\d|[A-Za-z])\b")


def nhs_number_is_valid(digits: str) -> bool:
    """Whether ten digits pass the NHS number's modulus 11 check: the first nine weighted 10
    down to 2, 11 less the remainder of their sum divided by 11 (11 counting as 0, 10 never
    valid) must be the tenth."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def child_identifiers(text: str) -> list[str]:
    """What in ``text`` looks like a child's date of birth, NHS number or UPN, each as a
    sentence saying what was found and how to put it right; empty when none is."""
    if not text:
        return []
    found = []
    if _BIRTH_WORDS.search(text):
        found.append(
            "It mentions a date of birth. Remove it: give an age group or school year "
            "instead, e.g. “a child in Year 4”."
        )
    for match in _NUMERIC_DATE.finditer(text):
        found.append(
            f"“{match.group(0)}” is a date in figures, which could be a date of birth. Remove "
            "it, or write the date of the meeting or event in words, e.g. “March 2024”."
        )
    for match in _TEN_DIGITS.finditer(text):
        if nhs_number_is_valid("".join(match.groups())):
            found.append(
                f"“{match.group(0)}” is an NHS number. Remove it: never record a child's NHS "
                "number here."
            )
    for match in _UPN.finditer(text):
        found.append(
            f"“{match.group(0)}” looks like a unique pupil number (UPN). Remove it: never "
            "record a child's UPN here."
        )
    return found


@deconstructible
class NoChildIdentifiers:
    """A field validator refusing text that holds a child's date of birth, NHS number or UPN."""

    code = "child_identifier"

    def __call__(self, value: str) -> None:
        problems = child_identifiers(value)
        if problems:
            raise ValidationError(
                [ValidationError(problem, code=self.code) for problem in problems]
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoChildIdentifiers)

    def __hash__(self) -> int:
        return hash(self.code)


validate_no_child_identifiers = NoChildIdentifiers()
