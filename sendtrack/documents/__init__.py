"""The documents sendtrack builds in the background, one builder per kind of
``DocumentBuild``. A builder takes the build (its parameters and who asked for it) and answers
with the finished file; a new kind (the publication PDF) adds a builder here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..models import DocumentBuild


@dataclass(frozen=True)
class BuiltDocument:
    filename: str
    content: bytes


class DocumentError(Exception):
    """A document that cannot be built as asked, with the reason in plain English."""


Builder = Callable[[DocumentBuild], BuiltDocument]


def builder_for(kind: str) -> Builder:
    """The function that builds documents of ``kind``."""
    from ..assurance.packs import evidence_pack
    from ..boards.packs import board_pack
    from .reports_pack import monthly_reports_pack

    builders: dict[str, Builder] = {
        DocumentBuild.Kind.MONTHLY_REPORTS_PACK: monthly_reports_pack,
        DocumentBuild.Kind.EVIDENCE_PACK: evidence_pack,
        DocumentBuild.Kind.BOARD_PACK: board_pack,
    }
    try:
        return builders[kind]
    except KeyError:
        raise DocumentError(f"sendtrack does not know how to build “{kind}”.") from None
