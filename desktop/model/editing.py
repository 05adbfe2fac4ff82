"""The edits a user makes, built as ``Edit`` values from the timeline as it stands.

A builder raises ModelError or DateError for a gesture whose result could not exist
(an end dragged before its start, a date past the year 9999); whether the edit fits
the timeline (nothing left pointing at a deleted event) is ``Timeline.check``'s part.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from .edits import Change, Edit
from .entities import ModelError
from .timeline import Timeline


def name_of(records: list[Any]) -> str:
    """'Gornal recaptured' for one record, '3 events' for several."""
    if len(records) == 1:
        record = records[0]
        return f"'{getattr(record, 'title', None) or getattr(record, 'label', None) or record.text}'"
    return f"{len(records)} events"


def put(timeline: Timeline, kind: str, records: list[Any], verb: str) -> Edit:
    """Create or replace ``records`` in one step, labelled '<verb> <name>'."""
    table = timeline.table(kind)
    changes = tuple(Change(kind, r.id, table.get(r.id), r) for r in records if table.get(r.id) != r)
    return Edit(f"{verb} {name_of(records)}", changes)


def remove(timeline: Timeline, kind: str, ids: list[str]) -> Edit:
    """Remove records; an event takes its citations with it, and counter-claims that
    pointed at it no longer do."""
    table = timeline.table(kind)
    records = [table[i] for i in ids]
    changes: list[Change] = []
    if kind == "events":
        gone = set(ids)
        for event in timeline.events.values():
            if event.disputes in gone and event.id not in gone:
                changes.append(Change("events", event.id, event, replace(event, disputes=None)))
        changes += [Change("citations", c.id, c, None) for i in ids for c in timeline.citations_for(i)]
    changes += [Change(kind, r.id, r, None) for r in records]
    return Edit(f"Delete {name_of(records)}", tuple(changes))


def move_events(timeline: Timeline, ids: list[str], days: int, lane: str | None = None, to_days: bool = False) -> Edit:
    """Move events by ``days`` (each end at its own precision) and, if ``lane``, into that lane."""
    moved = []
    for event in (timeline.events[i] for i in ids):
        end = event.end.moved(days, to_days=to_days) if event.end else None
        moved.append(replace(event, start=event.start.moved(days, to_days=to_days), end=end, lane=event.lane if lane is None else lane))
    verb = "Move" if days or to_days else "Change lane of"
    return put(timeline, "events", moved, verb)


def resize(record: Any, which: str, days: int, to_days: bool = False) -> Any:
    """``record`` (an event range or a period) with one end moved by ``days``."""
    if which not in ("start", "end") or getattr(record, "end", None) is None:
        raise ModelError("only the start or the end of something with both can be dragged")
    return replace(record, **{which: getattr(record, which).moved(days, to_days=to_days)})


def shift(record: Any, days: int, to_days: bool = False) -> Any:
    """A period or a note moved by ``days``."""
    if hasattr(record, "date"):
        return replace(record, date=record.date.moved(days, to_days=to_days))
    return replace(record, start=record.start.moved(days, to_days=to_days), end=record.end.moved(days, to_days=to_days))
