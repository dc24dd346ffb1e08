"""The patterns that tell a child's date of birth, NHS number or UPN in free text."""

from __future__ import annotations

import pytest

from sendtrack.coproduction.identifiers import child_identifiers, nhs_number_is_valid


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("9434765919", True),  # the NHS's own example
        ("4010232137", True),
        ("9434765918", False),  # wrong check digit
        ("1234567890", False),  # check digit would be 10: never issued
        ("943476591", False),
    ],
)
def test_the_nhs_number_check_digit(digits, valid):
    assert nhs_number_is_valid(digits) is valid


@pytest.mark.parametrize(
    "text",
    [
        "NHS 943 476 5919",
        "NHS 943-476-5919",
        "9434765919",
        "UPN A123456789012",
        "upn a12345678901b",
        "D.O.B. given",
        "dob: 4 May",
        "Date of birth: withheld",
        "born on the 4th",
        "born 4 May 2016",
        "seen 04/05/2016",
        "seen 4-5-16",
        "seen 4.5.2016",
        "seen 2016-05-04",
    ],
)
def test_identifiers_are_found(text):
    assert child_identifiers(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "A child in Year 4 waited 30 weeks.",
        "Call 9434765918 for advice.",  # fails the NHS check digit
        "Meeting in March 2025 with 12 families.",
        "Version 1.2.3 of the local offer.",
        "Costs rose by 12.5% in 2024/25.",
        "Born to be wild is not a date.",
    ],
)
def test_ordinary_text_is_accepted(text):
    assert child_identifiers(text) == []
