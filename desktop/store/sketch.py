"""A large database's events as much as drawing them needs, read in a fraction of the
time opening takes: the window shows the timeline while the records are built.

Only the events table is parsed (a block of lines at a time, as ``layout`` writes it) and
only what the timeline draws is kept of each event: its id, lane, title, status, dates
and annotation.
It is read from the file as it stands, without the journal (which opening then replays)
and without the checks opening makes: a file this cannot read gets no sketch, and opening
says what is wrong with it. Nothing is written.
"""
from __future__ import annotations

import mmap
import operator
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from ..model import Timeline
from ..model.dates import FuzzyDate, parse_date
from ..model.entities import Lane, Status
from . import migrations

_BLOCK = 8 * 2**20  # bytes of the events table parsed at once
_DRAWN = operator.itemgetter("id", "lane", "title", "status", "start", "end", "annotation")
_STATUSES = {status.value: status for status in Status}


class SketchedEvent(NamedTuple):
    """What the timeline's lanes read of an event (see ui/canvas/lane_data.py)."""

    id: str
    lane: str
    title: str
    status: Status
    start: FuzzyDate
    end: FuzzyDate | None
    annotation: str  # drawn as a callout


def sketch(path: Path) -> Timeline | None:
    """A timeline holding ``path``'s events as SketchedEvents (and its lanes), or None if
    the file is not laid out a document a line at this version's schema, or holds
    anything a sketch cannot read."""
    try:
        with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _sketched(data)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, orjson.JSONDecodeError):
        return None


def _table(data: mmap.mmap, name: str, after: int = 0) -> tuple[int, int] | None:
    """Where the entries of table ``name`` lie in the file (past ``after``: the tables are
    in the order of their names): from the line after its opening to the line break
    before its closing (JSON text holds no line break: each one ends an entry)."""
    opening = data.find(b'\n"%s":{\n' % name.encode(), after)
    if opening < 0:
        return None
    start = opening + len(name) + 6
    return start, data.find(b"\n}", start - 1)


def _entries(data: mmap.mmap, where: tuple[int, int] | None) -> Any:
    """The documents of a table, a block at a time."""
    if where is None:
        return
    at, end = where
    while at < end:
        cut = end if end - at <= _BLOCK else data.rfind(b"\n", at, at + _BLOCK)
        if cut <= at:  # one document longer than a block
            cut = data.find(b"\n", at + _BLOCK, end) % (end + 1)  # -1 (not found): the table's end
        block = data[at:cut].removesuffix(b",")
        yield orjson.loads(b"{" + block + b"}")
        at = cut + 1


def _sketched(data: mmap.mmap) -> Timeline | None:
    if data[:12] != b'{\n"_meta":{\n':
        return None
    meta_at = _table(data, "_meta")
    meta = next(iter(next(_entries(data, meta_at)).values()))
    if meta.get("schema") != migrations.CURRENT:
        return None
    numbers: list[int] = []
    drawn: list[tuple[Any, ...]] = []  # each event's fields, as _DRAWN lists them
    events_at = _table(data, "events", meta_at[1])
    for documents in _entries(data, events_at):  # in C but for the few lines here
        numbers += map(int, documents)
        drawn += map(_DRAWN, documents.values())
    ids, lanes, titles, statuses, starts, ends, annotations = zip(*drawn) if drawn else ((),) * 7
    # Each distinct date parsed once, and held once (lane_data works out each one's days once).
    dates: dict[str | None, FuzzyDate | None] = {text: parse_date(text) for text in {*starts, *ends} - {None}}
    dates[None] = None
    made = list(map(
        SketchedEvent, ids, lanes, titles, map(_STATUSES.__getitem__, statuses), map(dates.__getitem__, starts),
        map(dates.__getitem__, ends), annotations,
    ))
    in_order = sorted(range(len(made)), key=numbers.__getitem__)  # the order the records were made, as opening has them
    lane_records = _entries(data, _table(data, "lane_records", events_at[1] if events_at else meta_at[1]))
    recorded = [Lane.from_dict(d) for documents in lane_records for d in documents.values()]
    return Timeline(
        title=meta.get("title", "Untitled timeline"),
        lanes=meta.get("lanes", []),
        events={made[k].id: made[k] for k in in_order},
        lane_records={lane.id: lane for lane in recorded},
    )
