"""Citing a passage of a source: the citation it makes, and what a new event made of it
is offered as (title, date, claimant)."""
from __future__ import annotations

import datetime as dt

from . import editing
from .dates import FuzzyDate
from .edits import Edit
from .entities import Citation, Confidence, Event, Source, Stance, new_id
from .quotes import anchor
from .text_dates import DateReader
from .timeline import Timeline

TITLE_WORDS = 8  # a new event's title: the passage's first words
DATE_CHARS = 600  # where its date is looked for: a long selection would keep the date reader busy for minutes


def title_from(quote: str) -> str:
    words = quote.split()
    title = " ".join(words[:TITLE_WORDS]).strip("\"“”'‘’ ")
    return title + "…" if len(words) > TITLE_WORDS else title


def claimants(timeline: Timeline, source: Source, event: Event | None) -> list[str]:
    """Whom to offer as the claimant: the publisher, the event's actor, then everyone who
    is already cited, as they are spelled."""
    known = sorted({c.claimant for c in timeline.citations.values()}, key=str.casefold)
    return [source.publisher, event.lane if event else "", *known]


def dates_of(quote: str, source: Source, today: dt.date) -> str:
    """The first date (or span: "2025-01~/2025-04-26") the passage gives, read against the
    day the source was published; else that day; else ``today``, for the user to correct."""
    published = source.published.earliest if source.published else today
    if mentions := DateReader(published).read(quote[:DATE_CHARS]):
        return "/".join(date.edtf for date in (mentions[0].date, mentions[0].until) if date)
    return (source.published or FuzzyDate(published.year, published.month, published.day)).edtf


def citation_of(source: Source, start: int, end: int, event_id: str, claimant: str, stance: Stance, confidence: Confidence) -> Citation:
    """A citation of the passage from ``start`` to ``end`` of the source's text, anchored
    by the words around it so that it is found again in a corrected text."""
    found = anchor(source.text, start, end)
    return Citation(
        new_id(), event_id, source.id, found.quote, claimant=claimant, stance=stance, confidence=confidence,
        prefix=found.prefix, suffix=found.suffix, offset=found.offset,
    )


def with_citation(timeline: Timeline, event: Event, citation: Citation) -> Edit:
    """One step that makes ``event`` and its first citation, its status following it."""
    made = editing.put(timeline, "events", [event], "Create")
    cited = editing.cite(timeline, citation)  # of an event not there yet: only the citation's change
    return editing.following_citations(timeline, Edit(made.label, made.changes + cited.changes))
