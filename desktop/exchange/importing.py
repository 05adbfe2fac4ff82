"""What a reader read, and turning it into one edit of the timeline.

Records are matched by id: a record the timeline already holds is updated, not
duplicated. The file is the truth about the citations of each event it holds: they
replace that event's citations. A citation a table row gives (its source named by
title) cites the timeline's source of that title, or a new one, and gets an id made
from its event's id and its place in the row, so importing the same row again changes
nothing, and rows imported into an empty database export again in the same order.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Citation, Edit, Event, ModelError, PinnedNote, Period, Source, Stance, Timeline, new_id
from ..model.edits import Change
from ..model.quotes import anchor_quote
from .reading import FormatError


@dataclass(frozen=True)
class Cited:
    """A citation as a table row gives it: its source named by title only."""

    source: str
    quote: str
    claimant: str
    stance: Stance = Stance.REPORTS


@dataclass
class Imported:
    """Everything one file holds, each record checked, nothing applied yet."""

    path: Path
    events: list[Event] = field(default_factory=list)
    cited: dict[str, list[Cited]] = field(default_factory=dict)  # event id → its citations, in the row's order
    sources: list[Source] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)  # complete ones, from a full export
    periods: list[Period] = field(default_factory=list)
    notes: list[PinnedNote] = field(default_factory=list)
    title: str | None = None  # what a database created by the import is called
    lanes: list[str] = field(default_factory=list)
    line_of: Callable[[str, str], int | None] = lambda kind, key: None  # (kind, id) → line, for errors


def import_edit(timeline: Timeline, read: Imported) -> Edit:
    """One edit that brings what was read into ``timeline``; FormatError if it cannot."""
    _check_references(timeline, read)
    changes: dict[tuple[str, str], Change] = {}

    def put(kind: str, record: Any) -> None:
        before = timeline.table(kind).get(record.id)
        if before != record:
            changes[kind, record.id] = Change(kind, record.id, before, record)

    for source in read.sources:
        put("sources", source)
    titles = _SourcesByTitle(timeline)
    cited = [c for event_id, rows in read.cited.items() for c in titles.citations(timeline, event_id, rows)]
    for source in titles.created:
        put("sources", source)
    for event in read.events:
        put("events", event)
    kept = {c.id for c in read.citations} | {c.id for c in cited}
    for event in read.events:
        for old in timeline.citations_for(event.id):
            if old.id not in kept:
                changes["citations", old.id] = Change("citations", old.id, old, None)
    for citation in read.citations + cited:
        put("citations", citation)
    for kind, records in (("periods", read.periods), ("notes", read.notes)):
        for record in records:
            put(kind, record)
    count = len(read.events)
    edit = Edit(f"Import {count} event{'' if count == 1 else 's'} from {read.path.name}", tuple(changes.values()))
    try:
        timeline.check(edit.changes)
    except ModelError as error:  # _check_references should have said where; this is the last guard
        raise FormatError(read.path, None, None, str(error)) from None
    return edit


def summary(read: Imported, edit: Edit) -> str:
    """'13 events from kursk.csv: 2 new, 1 updated, 10 unchanged'."""
    new = {c.id for c in edit.changes if c.kind == "events" and c.before is None}
    touched = {c.id for c in edit.changes if c.kind == "events"}
    touched |= {record.event_id for c in edit.changes if c.kind == "citations" for record in (c.before, c.after) if record}
    updated = len(touched & {e.id for e in read.events}) - len(new)
    count = len(read.events)
    return f"{count} event{'' if count == 1 else 's'} from {read.path.name}: {len(new)} new, {updated} updated, {count - len(new) - updated} unchanged"


def _check_references(timeline: Timeline, read: Imported) -> None:
    """What a record points at must be in the file or in the timeline; say where it is not."""
    events = {e.id for e in read.events} | timeline.events.keys()
    sources = {s.id for s in read.sources} | timeline.sources.keys()
    for event in read.events:
        if event.disputes is not None and event.disputes not in events:
            line = read.line_of("events", event.id)
            raise FormatError(read.path, line, "disputes", f"no event {event.disputes!r} in the file or in the timeline")
    for citation in read.citations:
        for name, key, known in (("event_id", citation.event_id, events), ("source_id", citation.source_id, sources)):
            if key not in known:
                line = read.line_of("citations", citation.id)
                raise FormatError(read.path, line, name, f"{key!r} is not in the file or in the timeline")


class _SourcesByTitle:
    """The timeline's sources by title (the first of a title), and those an import adds."""

    def __init__(self, timeline: Timeline) -> None:
        self.by_title: dict[str, Source] = {}
        for source in timeline.sources.values():
            self.by_title.setdefault(source.title, source)
        self.created: list[Source] = []

    def named(self, title: str) -> Source:
        if title not in self.by_title:  # a document known only by its title: its text can be added later
            self.by_title[title] = Source(new_id(), title, "")
            self.created.append(self.by_title[title])
        return self.by_title[title]

    def citations(self, timeline: Timeline, event_id: str, rows: list[Cited]) -> list[Citation]:
        """The event's citations as ``rows`` give them; those it has already if they say the same."""
        sources = [self.named(row.source) for row in rows]
        existing = timeline.citations_for(event_id)
        wanted = [(s.id, row.quote, row.claimant, row.stance) for s, row in zip(sources, rows)]
        if [(c.source_id, c.quote, c.claimant, c.stance) for c in existing] == wanted:
            return existing
        return [
            Citation(f"{event_id}#{k:04d}", event_id, source.id, row.quote, row.claimant, row.stance, **_anchored(source.text, row.quote))
            for k, (source, row) in enumerate(zip(sources, rows))
        ]


def _anchored(text: str, quote: str) -> dict[str, Any]:
    """Where the quote stands in the source's text; nothing if the text does not hold it (yet)."""
    try:
        found = anchor_quote(text, quote)
    except ValueError:
        return {}
    return {"prefix": found.prefix, "suffix": found.suffix, "offset": found.offset}
