"""sendtrack's own models: the published summaries and the workforce figures they report. The
module also lets migrate announce this app last, after every other app's permissions exist,
which is when the roles are brought up to date."""

from .publications.models import Publication, PublicationVersion, WorkforceFigure

__all__ = ["Publication", "PublicationVersion", "WorkforceFigure"]
