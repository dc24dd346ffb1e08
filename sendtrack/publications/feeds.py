"""An Atom feed of published versions (new publications and corrections), newest first."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from .models import PublicationVersion
from .selectors import versions_published

FEED_LENGTH = 50


class PublicationFeed(Feed):
    feed_type = Atom1Feed
    link = reverse_lazy("publications")
    feed_url = reverse_lazy("publication-feed")

    def title(self) -> str:
        return f"{settings.SENDTRACK_LOCAL_AREA} SEND improvement: published summaries"

    def author_name(self) -> str:
        # The summaries are the council's, written for its committees and boards.
        return f"{settings.SENDTRACK_LOCAL_AREA} SEND improvement programme"

    def subtitle(self) -> str:
        return "Summaries published for the SEND Scrutiny Sub-Committee and other meetings."

    def items(self) -> list[PublicationVersion]:
        return list(versions_published().order_by("-published_at", "-pk")[:FEED_LENGTH])

    def item_title(self, item: PublicationVersion) -> str:
        title = item.content["title"]
        return f"{title} (corrected, version {item.number})" if item.number > 1 else title

    def item_description(self, item: PublicationVersion) -> str:
        meeting = item.content["meeting"]
        text = f"For the {meeting['body']} of {meeting['date_display']}."
        return f"{text} {item.correction_note}" if item.correction_note else text

    def item_link(self, item: PublicationVersion) -> str:
        return reverse("publication-version", args=[item.publication.slug, item.number])

    def item_pubdate(self, item: PublicationVersion) -> datetime:
        return item.published_at

    def item_updateddate(self, item: PublicationVersion) -> datetime:
        return item.published_at
