"""The published papers the demonstration is built from (``seeds/``), and citations of them.

A demo record that is not demonstration data says where it comes from: the paper, where in it,
and the passage quoted in curly quotes, so that anyone can find it there (and the tests check
that every quoted passage is really in the paper, whitespace aside)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

SEEDS = Path(__file__).parent / "seeds"

REPORT = (
    "Report to the SEND Scrutiny Sub-Committee of 22 March 2023, "
    "“SEND Transformation Progress Update”"
)
MINUTES = (
    "Minutes of the SEND Scrutiny Sub-Committee, "
    "“Improvement Notice and Accelerated Progress Plan (APP) Update” (July 2023)"
)
DOCUMENTS = {
    REPORT: "sub-committee-2023-03-22-report.txt",
    MINUTES: "sub-committee-app-update-minutes.txt",
}
_QUOTED = re.compile(r"“([^”]+)”")


def cite(document: str, where: str, *passages: str) -> str:
    """A citation of ``document``: where in it, then each passage quoted."""
    quoted = " … ".join(f"“{passage}”" for passage in passages)
    return f"{document}, {where}: {quoted}"


def also(*citations: str) -> str:
    """Several citations of one record, in one."""
    return "; ".join(citations)


def normalised(text: str) -> str:
    """``text`` with every run of whitespace as one space."""
    return " ".join(text.split())


@cache
def seed_text(document: str) -> str:
    """The whole text of a cited paper, whitespace normalised."""
    return normalised((SEEDS / DOCUMENTS[document]).read_text(encoding="utf-8"))


def cited_documents(citation: str) -> list[str]:
    """The papers a citation names."""
    return [document for document in DOCUMENTS if document in citation]


def quoted_passages(citation: str) -> list[str]:
    """The passages a citation quotes from its papers (not the papers' own titles)."""
    for document in DOCUMENTS:
        citation = citation.replace(document, "")
    return [normalised(passage) for passage in _QUOTED.findall(citation)]
