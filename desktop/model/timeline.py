"""A whole timeline: its lanes, events, sources and citations, checked for consistency."""
from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter, is_
from typing import Any

from .annotations import PinnedNote, Period
from .edits import Change
from .entities import Citation, Event, ModelError, Source
from .entities import Lane
from .heading import HEADING, Heading
from .links import Link

_EVENT_ID, _SOURCE_ID = attrgetter("event_id"), attrgetter("source_id")


def _removes(waiting: dict[str, Any]) -> bool:
    """Whether some record is removed (None), looked for in C: an import adds hundreds of
    thousands, and ``None in`` would call each record's __eq__."""
    return any(map(is_, waiting.values(), repeat(None)))

KINDS = {"events": Event, "sources": Source, "citations": Citation, "periods": Period, "notes": PinnedNote, "lane_records": Lane, "links": Link}


@dataclass
class Timeline:
    title: str = "Untitled timeline"
    lanes: list[str] = field(default_factory=list)  # display order; one lane per actor
    events: dict[str, Event] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    citations: dict[str, Citation] = field(default_factory=dict)
    periods: dict[str, Period] = field(default_factory=dict)
    notes: dict[str, PinnedNote] = field(default_factory=dict)
    lane_records: dict[str, Lane] = field(default_factory=dict)  # see lanes.py
    links: dict[str, Link] = field(default_factory=dict)  # see links.py

    def __post_init__(self) -> None:
        if not isinstance(self.title, str):
            raise ModelError("the timeline title should be text")
        if not isinstance(self.lanes, list) or not all(isinstance(lane, str) for lane in self.lanes):
            raise ModelError("the lanes should be a list of names")
        self.lanes = list(self.lanes)  # never share a list with whoever built us
        # Each event's citations, made when first asked for: opening, no event is shown yet.
        self._by_event: dict[str, list[str]] | None = None
        # Checked all at once (opening checks hundreds of thousands), then one by one to say which.
        citations = self.citations.values()
        if not (self.events.keys() >= set(map(_EVENT_ID, citations)) and self.sources.keys() >= set(map(_SOURCE_ID, citations))):
            for citation in self.citations.values():
                if citation.event_id not in self.events:
                    raise ModelError(f"citation {citation.id} cites an unknown event {citation.event_id}")
                if citation.source_id not in self.sources:
                    raise ModelError(f"citation {citation.id} cites an unknown source {citation.source_id}")
        keys = set()
        for link in self.links.values():
            if link.from_id not in self.events or link.to_id not in self.events:
                raise ModelError(f"link {link.id} joins an unknown event")
            if link.key in keys:
                raise ModelError(f"link {link.id} is another copy of a link")
            keys.add(link.key)

    def heading(self) -> Heading:
        return Heading(self.title, tuple(self.lanes))

    def table(self, kind: str) -> dict[str, Any]:
        if kind not in KINDS:
            raise ModelError(f"no such kind of record: {kind!r}")
        return getattr(self, kind)

    def check(self, changes: tuple[Change, ...]) -> None:
        """Raise ModelError unless ``changes``, applied in order, leave a consistent timeline."""
        # Each kind's records as the changes leave them (None: removed), by id. One pass
        # over the changes and one over what they leave: an import brings a hundred thousand.
        pending: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
        tables = {kind: self.table(kind) for kind in KINDS}  # looked up once: an import brings a hundred thousand changes
        heading = self.heading()
        for change in changes:
            if change.kind == HEADING:  # the title and declared lanes: no table, nothing points at them
                if change.before != heading:
                    raise ModelError("the timeline has changed since this edit was made")
                if type(change.after) is not Heading:
                    raise ModelError("a timeline's heading is a title and lanes")
                heading = change.after
                continue
            table = tables[change.kind] if change.kind in tables else self.table(change.kind)  # which raises ModelError
            waiting = pending[change.kind]
            current = waiting[change.id] if change.id in waiting else table.get(change.id)
            if current is not change.before and current != change.before:
                raise ModelError("the timeline has changed since this edit was made")
            after = change.after
            if after is not None and (type(after) is not KINDS[change.kind] or after.id != change.id):
                raise ModelError(f"a {type(after).__name__} cannot be stored as {change.kind} {change.id}")
            waiting[change.id] = after

        def exists(kind: str, key: str) -> bool:
            waiting = pending[kind]
            return waiting[key] is not None if key in waiting else key in self.table(kind)

        def all_exist(kind: str, keys: set[str]) -> bool:  # in set operations: an import cites a hundred thousand events
            waiting = pending[kind]
            added = {key for key, after in waiting.items() if after is not None} if _removes(waiting) else waiting.keys()
            rest = keys - added
            return tables[kind].keys() >= rest and rest.isdisjoint(waiting)

        def post(kind: str) -> Any:
            waiting, table = pending[kind], self.table(kind)
            return filter(None, (waiting[k] if k in waiting else table[k] for k in table.keys() | waiting.keys()))

        for after in pending["links"].values():
            if after is not None and not (exists("events", after.from_id) and exists("events", after.to_id)):
                raise ModelError("a link would join an event that does not exist")
        cited = list(filter(None, pending["citations"].values()))  # records are true, None is not
        if not (all_exist("events", set(map(_EVENT_ID, cited))) and all_exist("sources", set(map(_SOURCE_ID, cited)))):
            for key, after in pending["citations"].items():
                if after is not None and not (exists("events", after.event_id) and exists("sources", after.source_id)):
                    raise ModelError(f"citation {key} would cite a missing event or source")
        if any(after is not None for after in pending["links"].values()):
            keys = [link.key for link in post("links")]
            if len(keys) != len(set(keys)):
                raise ModelError("the two events are linked so already")
        removed = {(kind, key) for kind, waiting in pending.items() if _removes(waiting) for key, after in waiting.items() if after is None}
        if removed:  # nothing may still point at a removed event or source
            pointers = {("events", c.event_id) for c in post("citations")} | {("sources", c.source_id) for c in post("citations")}
            pointers |= {("events", end) for link in post("links") for end in (link.from_id, link.to_id)}
            if dangling := removed & pointers:
                kind, key = sorted(dangling)[0]
                raise ModelError(f"{kind[:-1]} {key} cannot go: a citation or a link still points at it")

    def apply(self, changes: tuple[Change, ...]) -> None:
        """Apply ``changes`` all together, or none of them (ModelError)."""
        self.check(changes)
        for change in changes:
            if change.kind == HEADING:
                self.title, self.lanes = change.after.title, list(change.after.lanes)
                continue
            table = self.table(change.kind)
            if change.after is None:
                table.pop(change.id, None)
            else:
                table[change.id] = change.after
            if change.kind == "citations" and self._by_event is not None:
                old, new = change.before, change.after
                if old is not None:
                    self._by_event[old.event_id].remove(old.id)
                if new is not None:
                    self._by_event[new.event_id].append(new.id)

    def snapshot(self) -> Timeline:
        """The timeline as it is now, for a worker thread to read while edits go on: the
        tables are copied, the records shared (an edit replaces a record, never changes it)."""
        tables = {name: dict(self.table(name)) for name in KINDS}
        copied = copy.copy(self)  # not the constructor: its checks of every citation hold already
        copied.__dict__.update(tables, lanes=list(self.lanes), _by_event=None)
        return copied

    def citations_for(self, event_id: str) -> list[Citation]:
        """In reading order (source, then place in its text), whatever order they were added in."""
        if self._by_event is None:
            self._by_event = defaultdict(list)
            for citation in self.citations.values():
                self._by_event[citation.event_id].append(citation.id)
        found = [self.citations[cid] for cid in self._by_event.get(event_id, ())]
        return sorted(found, key=lambda c: (self.sources[c.source_id].title, c.source_id, c.offset, c.id))

    def links_of(self, event_id: str) -> list[tuple[str, Link, str]]:
        """Each link of the event as it reads from there: ("Disputed by", link, the other event's id)."""
        return [(link.type.phrases[link.to_id == event_id], link, link.to_id if link.from_id == event_id else link.from_id)
                for link in self.links.values() if event_id in (link.from_id, link.to_id)]

    def lane_order(self) -> list[str]:
        """Recorded lanes in their order, or else the declared ones; then any lane an event
        names that is neither."""
        return lane_order(self.lane_records, self.lanes, (event.lane for event in self.events.values()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "lanes": list(self.lanes),
            "sources": [s.to_dict() for s in self.sources.values()],
            "events": [e.to_dict() for e in self.events.values()],
            "citations": [c.to_dict() for c in self.citations.values()],
            "periods": [p.to_dict() for p in self.periods.values()],
            "notes": [n.to_dict() for n in self.notes.values()],
            "lane_records": [r.to_dict() for r in self.lane_records.values()],
            "links": [k.to_dict() for k in self.links.values()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Timeline:
        return cls(
            title=data.get("title", "Untitled timeline"),
            lanes=data.get("lanes", []),
            events={e.id: e for e in map(Event.from_dict, data.get("events", []))},
            sources={s.id: s for s in map(Source.from_dict, data.get("sources", []))},
            citations={c.id: c for c in map(Citation.from_dict, data.get("citations", []))},
            periods={p.id: p for p in map(Period.from_dict, data.get("periods", []))},
            notes={n.id: n for n in map(PinnedNote.from_dict, data.get("notes", []))},
            lane_records={r.id: r for r in map(Lane.from_dict, data.get("lane_records", []))},
            links={k.id: k for k in map(Link.from_dict, data.get("links", []))},
        )


def lane_order(lane_records: dict[str, Lane], declared: list[str], named: Iterable[str]) -> list[str]:
    """``Timeline.lane_order`` of these lane records and declared lanes, the events naming
    the lanes ``named`` (in the events' order)."""
    recorded = sorted(lane_records.values(), key=lambda lane: lane.position)
    order = [lane.name for lane in recorded] if recorded else list(declared)
    seen = set(order)
    return order + [name for name in dict.fromkeys(named) if name not in seen]
