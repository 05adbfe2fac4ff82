"""What a reader read, and turning it into one edit of the timeline.

Records are matched by id: a record the timeline already holds is updated, not
duplicated. A reader says what its file carries: an event the timeline holds takes
only the fields the file gives and keeps the rest (the user's status, tags, annotation
when the file has none of them), and its citations are replaced only as far as the file
speaks for them (see ``Cites``). A status the file changes is the user's own from then on;
an event whose status follows its citations follows what the import does to them. A citation a table row gives (its source named by title)
that the event has already, same source title, quote, claimant and stance, stays as it
is, id and anchor; a new one cites the source of that title the event cites already, or
else the timeline's, or a new one, and gets an id made from its event's id and its place
in the row, so importing the same row again changes nothing, and rows imported into an
empty database export again in the same order.
"""
from __future__ import annotations

import dataclasses
import itertools
import operator
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from ..bulk import collector_paused
from ..model import Citation, Confidence, Edit, Event, ModelError, PinnedNote, Period, Reliability, Source, Stance, Timeline, new_id
from ..model.editing import following_citations
from ..model.edits import Change
from ..model.lanes import Lane, styles
from ..model.links import Link
from ..model.quotes import anchor_quote
from .lanes import lane_map
from .reading import FormatError


class Cited(NamedTuple):
    """A citation as a table row gives it: its source named by title only. (A named tuple:
    a dataset's rows make a hundred thousand.)"""

    source: str
    quote: str
    claimant: str
    stance: Stance = Stance.REPORTS
    confidence: Confidence | None = None  # None: the file does not say (a citation the event has keeps its own)
    reliability: Reliability | None = None  # of a source the import creates; a known source keeps its own
    publisher: str = ""  # of a source the import makes: who stands behind it, for corroboration
    url: str = ""  # of a source the import makes: where it can be read


class Cites(Enum):
    """How far a file speaks for the citations of the events it holds."""

    ALL = "all"  # it holds all of them: they replace the event's own
    OWN = "own"  # it holds those its imports made (ids '{event id}#NNNN'): those the user added stay
    NONE = "none"  # it holds none: the event's citations stay as they are

    def replaces(self, citation: Citation) -> bool:
        return self is Cites.ALL or (self is Cites.OWN and citation.id.startswith(f"{citation.event_id}#"))


EVENT_FIELDS = frozenset(f.name for f in dataclasses.fields(Event)) - {"id"}


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
    lane_records: list[Lane] = field(default_factory=list)  # names, colours, order: from a full export
    # The links from the file's events: they replace those events' own. None: the file
    # says nothing of links, and the events keep theirs.
    links: list[Link] | None = None
    title: str | None = None  # what a database created by the import is called
    lanes: list[str] = field(default_factory=list)
    fields: frozenset[str] = EVENT_FIELDS  # what the file gives of an event; one the timeline holds keeps the rest
    cites: Cites = Cites.ALL
    line_of: Callable[[str, str], int | None] = lambda kind, key: None  # (kind, id) → line, for errors
    skipped: list[FormatError] = field(default_factory=list)  # rows left out, each with its line and why
    dropped: tuple[str, ...] = ()  # the file's columns that nothing was made of
    lost: list[str] = field(default_factory=list)  # what else of the file the timeline cannot hold, said in the report
    # A dataset's events go in lanes by actor: event id → its actor, and actor → lane as the user maps them.
    actors: dict[str, str] = field(default_factory=dict)
    lane_map: dict[str, str] = field(default_factory=dict)


def import_edit(timeline: Timeline, read: Imported) -> Edit:
    """One edit that brings what was read into ``timeline``; FormatError if it cannot."""
    with collector_paused():
        return _import_edit(timeline, read)


def _import_edit(timeline: Timeline, read: Imported) -> Edit:
    events = _in_lanes(timeline, read)
    if timeline.events:  # in an empty timeline every event is new, as the file gives it
        events = [_merged(timeline, read, event) for event in events]
    _check_references(timeline, read)
    changes: dict[str, dict[str, Change]] = defaultdict(dict)  # by kind, then id: the last change of a record counts

    def put(kind: str, records: list[Any]) -> None:
        table, changed = timeline.table(kind), changes[kind]
        ids = list(map(_ID, records))
        if table.keys().isdisjoint(ids):  # all new, as a first import's records are: in C but for each Change itself
            changed.update(zip(ids, map(Change, itertools.repeat(kind), ids, itertools.repeat(None), records)))
            return
        for record in records:
            before = table.get(record.id)
            if before is None or before != record:
                changed[record.id] = Change(kind, record.id, before, record)

    put("sources", read.sources)
    titles = _SourcesByTitle(timeline)
    cited = [c for event_id, rows in read.cited.items() for c in titles.citations(timeline, event_id, rows, read.cites)]
    put("sources", titles.created)
    put("events", events)
    held = [event for event in events if event.id in timeline.events]  # a new one has no citations to replace
    kept = {c.id for c in read.citations} | {c.id for c in cited} if held else set()
    for event in held:
        for old in timeline.citations_for(event.id):
            if read.cites.replaces(old) and old.id not in kept:
                changes["citations"][old.id] = Change("citations", old.id, old, None)
    put("citations", read.citations + cited)
    links = _links_known(timeline, read.links or [])
    if read.links is not None:
        kept = {link.id for link in links}
        speaks_for = {event.id for event in events}
        for old in timeline.links.values():
            if old.from_id in speaks_for and old.id not in kept:
                changes["links"][old.id] = Change("links", old.id, old, None)
    for kind, records in (("periods", read.periods), ("notes", read.notes), ("lane_records", _lanes_placed(timeline, read.lane_records)),
                          ("links", links)):
        put(kind, records)
    count = len(read.events)
    edit = Edit(f"Import {count} event{'' if count == 1 else 's'} from {read.path.name}", tuple(c for by_id in changes.values() for c in by_id.values()))
    edit = following_citations(timeline, edit)
    try:
        timeline.check(edit.changes)
    except ModelError as error:  # _check_references should have said where; this is the last guard
        raise FormatError(read.path, None, None, str(error)) from None
    return edit


def not_kept(what: list[str]) -> list[str]:
    """The report's phrase for what a file holds that the timeline has no place for."""
    return [f"not kept: {', '.join(what)}"] if what else []


def summary(read: Imported, edit: Edit) -> str:
    """'13 events from kursk.csv: 2 new, 1 updated, 10 unchanged', then what else changed,
    the rows left out, the columns nothing was made of and what else was lost."""
    new = {c.id for c in edit.changes if c.kind == "events" and c.before is None}
    touched = {c.id for c in edit.changes if c.kind == "events"}
    touched |= {record.event_id for c in edit.changes if c.kind == "citations" for record in (c.before, c.after) if record}
    updated = len(touched & {e.id for e in read.events}) - len(new)
    count = len(read.events)
    parts = [f"{_counted(count, 'event')} from {read.path.name}: {len(new)} new, {updated} updated, {count - len(new) - updated} unchanged"]
    for kind in ("periods", "sources"):
        made = sum(1 for c in edit.changes if c.kind == kind and c.before is None)
        if changed := sum(1 for c in edit.changes if c.kind == kind):
            parts.append(f"{kind}: {made} new, {changed - made} updated")
    if read.skipped:
        parts.append(f"{_counted(len(read.skipped), 'row')} skipped")
    if read.dropped:
        parts.append(f"columns not kept: {', '.join(read.dropped)}")
    parts += read.lost
    return "; ".join(parts)


def skipped_report(read: Imported) -> str:
    """The rows an import left out, one line each: where and why."""
    return "".join(f"{error}\n" for error in read.skipped)


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _in_lanes(timeline: Timeline, read: Imported) -> list[Event]:
    """A dataset's events in the lanes their actors map to (lanes.py)."""
    if not read.actors:
        return read.events
    lanes = lane_map(timeline, read.actors.values(), read.lane_map)
    return [
        _in_lane(event, lanes[actor]) if (actor := read.actors.get(event.id)) is not None and lanes[actor] != event.lane else event
        for event in read.events
    ]


_ID = operator.attrgetter("id")
_EVENT_FIELDS = [f.name for f in dataclasses.fields(Event)]
_values_of = operator.attrgetter(*_EVENT_FIELDS)


def _in_lane(event: Event, lane: str) -> Event:
    """``dataclasses.replace(event, lane=lane)`` without its generic path, which takes
    more than twice as long: an import may move a hundred thousand events."""
    values = list(_values_of(event))
    values[_EVENT_FIELDS.index("lane")] = lane
    return Event(*values)


def _lanes_placed(timeline: Timeline, lanes: list[Lane]) -> list[Lane]:
    """The file's lanes as records of this timeline, after its own: one it has by that name
    under another id is that record, where it stands. A timeline whose lanes have no
    records yet gets them as it shows them, so that the file's do not go first."""
    if not lanes or not (timeline.lane_records or timeline.lane_order()):
        return lanes
    records = {lane.id: lane for lane in timeline.lane_records.values()}
    placed: dict[str, Lane] = {}
    if not records:
        records = {name: Lane(name, name, colour, k, hidden) for k, (name, colour, hidden) in enumerate(styles(timeline)) if name.strip()}
        placed = dict(records)
    by_name = {lane.name: lane for lane in records.values()}
    after = max((lane.position for lane in records.values()), default=-1) + 1
    for lane in lanes:
        if lane.id in timeline.lane_records:  # as the file says: a copy of this timeline's own
            placed[lane.id] = lane
        elif held := by_name.get(lane.name):
            placed[held.id] = dataclasses.replace(lane, id=held.id, position=held.position)
        else:
            placed[lane.id] = dataclasses.replace(lane, position=after)
            after += 1
    return list(placed.values())


def _merged(timeline: Timeline, read: Imported, event: Event) -> Event:
    """The event as the file gives it, with what the file does not give kept from the timeline's."""
    held = timeline.events.get(event.id)
    if held is None or read.fields == EVENT_FIELDS:
        return event
    try:
        merged = dataclasses.replace(held, **{name: getattr(event, name) for name in read.fields})
    except ModelError as error:  # a new start after the end the event keeps
        raise FormatError(read.path, read.line_of("events", event.id), "start", str(error)) from None
    if merged.status != held.status and "status_auto" not in read.fields:
        merged = dataclasses.replace(merged, status_auto=False)  # a status the file changes is the user's choice
    return merged


def _links_known(timeline: Timeline, links: list[Link]) -> list[Link]:
    """The file's links, one per pair and type ("same as" may be written on both its events'
    rows), each the timeline's own record where it has it, keeping the note the user gave
    it when the file has none (a CSV or a sheet has no place for one)."""
    had = {link.key: link for link in timeline.links.values()}
    return list({
        link.key: dataclasses.replace(old, note=link.note or old.note) if (old := had.get(link.key)) else link for link in links
    }.values())


def _check_references(timeline: Timeline, read: Imported) -> None:
    """What a record points at must be in the file or in the timeline; say where it is not."""
    if not read.links and not read.citations:  # a dataset's events point at nothing
        return
    events = {e.id for e in read.events} | timeline.events.keys()
    sources = {s.id for s in read.sources} | timeline.sources.keys()
    for link in read.links or []:
        if missing := next((end for end in (link.from_id, link.to_id) if end not in events), None):
            line = read.line_of("links", link.id) or read.line_of("events", link.from_id)
            raise FormatError(read.path, line, "links", f"{link.type.value}: no event {missing!r} in the file or in the timeline")
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

    def named(self, title: str, publisher: str = "", reliability: Reliability | None = None, url: str = "") -> Source:
        if title not in self.by_title:  # a document known only by its title: its text can be added later
            self.by_title[title] = Source(new_id(), title, "", publisher=publisher, url=url, reliability=reliability or Reliability.F)
            self.created.append(self.by_title[title])
        return self.by_title[title]

    def citations(self, timeline: Timeline, event_id: str, rows: list[Cited], cites: Cites) -> list[Citation]:
        """The event's citations as ``rows`` give them, each kept as it is if the event has it already."""
        held = timeline.citations_for(event_id) if event_id in timeline.events else []
        if not held:  # a new event, as every event of a first import is: nothing to keep
            return [self._made(event_id, f"{event_id}#{k:04d}", row) for k, row in enumerate(rows)]
        spare: dict[tuple[str, str, str, Stance], list[Citation]] = {}
        for c in held:
            if cites.replaces(c):
                spare.setdefault((timeline.sources[c.source_id].title, c.quote, c.claimant, c.stance), []).append(c)
        kept = [spare[key].pop(0) if spare.get(key) else None for key in ((r.source, r.quote, r.claimant, r.stance) for r in rows)]
        kept = [old if old is None or row.confidence in (None, old.confidence) else dataclasses.replace(old, confidence=row.confidence)
                for old, row in zip(kept, rows)]
        taken = {c.id for c in held if not cites.replaces(c)} | {c.id for c in kept if c}
        # Two sources may share a title: the one the event cites already is the one meant.
        its_sources: dict[str, Source] = {}
        for c in held:
            its_sources.setdefault(timeline.sources[c.source_id].title, timeline.sources[c.source_id])
        made = []
        for k, (row, old) in enumerate(zip(rows, kept)):
            if old is None:
                citation_id = next(cid for n in itertools.count(k) if (cid := f"{event_id}#{n:04d}") not in taken)
                taken.add(citation_id)
                old = self._made(event_id, citation_id, row, its_sources.get(row.source))
            made.append(old)
        return made

    def _made(self, event_id: str, citation_id: str, row: Cited, source: Source | None = None) -> Citation:
        source = source or self.by_title.get(row.source) or self.named(row.source, row.publisher, row.reliability, row.url)
        confidence = row.confidence or Confidence.NORMAL
        if not source.text:  # a source known by its title only, as a dataset's are: the quote is anchored nowhere
            # Positional: a dataset's import makes a hundred thousand.
            return Citation(citation_id, event_id, source.id, row.quote, row.claimant, row.stance, "", "", -1, confidence)
        return Citation(citation_id, event_id, source.id, row.quote, row.claimant, row.stance, confidence=confidence, **_anchored(source.text, row.quote))


def _anchored(text: str, quote: str) -> dict[str, Any]:
    """Where the quote stands in the source's text; nothing if the text does not hold it."""
    try:
        found = anchor_quote(text, quote)
    except ValueError:
        return {}
    return {"prefix": found.prefix, "suffix": found.suffix, "offset": found.offset}
