"""What the timeline draws of each event, kept beside the database as columns, so that
the next opening shows the timeline before it has read the file.

Written when the whole file is written (a compaction, on its worker thread) and at
closing if the file is as it was read but has no columns yet; the file
``<database>.columns`` is a numpy ``.npz``: per lane, each event's id, title, status and
the windows of its two ends (model/spans.py), the lanes' names and colours, the title and
the annotated events' notes (their callouts). It names the database file it was made
from (size, modification time, generation, how much of a journal it holds): a file
written since, by this app or another program, makes it stale, and it is not used.

It is a cache: opening reads the records from the database as ever, and a columns file
missing, stale or damaged is ignored (the opening window then draws the file's own
sketch). It is never copied to a backup nor shared: those read the database.
"""
from __future__ import annotations

import io
import logging
import os
import zipfile
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from ..fileio import atomic_write
from ..model import Event, Status
from ..model.entities import Lane as LaneRecord
from ..model.lanes import styles_of
from ..model.spans import ends
from ..model.timeline import lane_order

log = logging.getLogger(__name__)

VERSION = 1  # of this file's layout: another is ignored
# Smaller files are read in a second or two, and get no columns (nor the opening window).
KEPT_FROM = 24 * 2**20
_STATUSES = list(Status)
_HEAD_LINE = 2**20  # bytes read at most of each of the database's first lines


def columns_path(db: Path) -> Path:
    return db.with_name(db.name + ".columns")


@dataclass
class DrawnLane:
    """One lane's events as the timeline draws them, in the order opening has them."""

    name: str
    colour: str
    ids: list[str]
    titles: list[str]
    statuses: list[Status]
    ends: np.ndarray  # a row per event, as model.spans.ends gives them


@dataclass
class Columns:
    title: str
    events: int  # in the file, in every lane (a hidden one's are not drawn)
    lanes: list[DrawnLane]
    annotations: dict[str, str]  # event id → its note, for the events that have one


def _identity(status: os.stat_result, meta: dict[str, Any]) -> list[Any]:
    """Which version of the database file: its size and time, and the whole write it is."""
    return [status.st_size, status.st_mtime_ns, meta.get("generation"), meta.get("absorbed_end", 0)]


def grouped(
    meta: dict[str, Any], lane_records: dict[str, LaneRecord], ids: list[str], lanes: list[str], titles: list[str],
    statuses: list[Status], spans: np.ndarray, annotations: list[str], numbers: list[int] | None = None,
) -> Columns:
    """The columns of the events given a column each (their ``spans`` as model.spans.ends
    gives them), grouped by the lanes shown, in their order; in each lane, in the order
    opening has them: the order given, or that of their document ``numbers``."""
    # Lanes no record orders stand in the order of their first events.
    named = lanes if numbers is None else [lanes[k] for k in np.argsort(numbers, kind="stable").tolist()]
    shown = [(name, colour) for name, colour, hidden in styles_of(lane_order(lane_records, meta.get("lanes", []), named), lane_records) if not hidden]
    place = {name: k for k, (name, _) in enumerate(shown)}
    lane_of = np.fromiter(map(place.get, lanes, repeat(-1)), dtype=np.int64, count=len(lanes))  # -1: a hidden lane's
    order = np.argsort(lane_of, kind="stable") if numbers is None else np.lexsort((numbers, lane_of))
    order = order[lane_of[order] >= 0].tolist()
    counts = np.bincount(lane_of[lane_of >= 0], minlength=len(shown)).tolist()
    ids, titles, statuses = ([column[k] for k in order] for column in (ids, titles, statuses))
    spans = spans.reshape(-1, 5)[order]
    drawn, at = [], 0
    for (name, colour), count in zip(shown, counts):
        part = slice(at, at + count)
        drawn.append(DrawnLane(name, colour, ids[part], titles[part], statuses[part], spans[part]))
        at += count
    notes = {ids[n]: annotations[k] for n, k in enumerate(order) if annotations[k].strip()}
    return Columns(meta.get("title", "Untitled timeline"), len(lanes), drawn, notes)


def save(db: Path, tables: dict[str, Any], written: os.stat_result) -> None:
    """Keep the columns of ``tables`` (the database's, as the file ``written`` holds them)
    beside ``db``, if it is large. A failure is logged: it costs the next opening time,
    nothing else."""
    events = [tables["events"][number] for number in sorted(tables["events"], key=int)]  # in the order opening has them
    if written.st_size < KEPT_FROM or not all(type(event) is Event for event in events):  # documents: an older schema's
        return
    meta = tables["_meta"]["1"]
    try:
        kept = grouped(
            meta, tables["lane_records"], [e.id for e in events], [e.lane for e in events], [e.title for e in events],
            [e.status for e in events], ends(events), [e.annotation for e in events],
        )
        atomic_write(columns_path(db), _encoded(kept, _identity(written, meta)))
    except Exception as error:  # whatever it is, a cache missing must not fail the write of the database
        log.warning("cannot keep the timeline's columns beside %s: %s", db, error)


def _encoded(kept: Columns, identity: list[Any]) -> bytes:
    ids = [i for lane in kept.lanes for i in lane.ids]
    titles = [t for lane in kept.lanes for t in lane.titles]
    head = {
        "version": VERSION,
        "file": identity,
        "title": kept.title,
        "events": kept.events,
        "lanes": [[lane.name, lane.colour, len(lane.ids)] for lane in kept.lanes],
        "annotations": kept.annotations,
    }
    status_of = {status: n for n, status in enumerate(_STATUSES)}
    out = io.BytesIO()
    np.savez(
        out,
        head=np.frombuffer(orjson.dumps(head), dtype=np.uint8),
        ids=_text(ids), ids_at=_offsets(ids), titles=_text(titles), titles_at=_offsets(titles),
        statuses=np.array([status_of[s] for lane in kept.lanes for s in lane.statuses], dtype=np.uint8),
        ends=np.concatenate([lane.ends for lane in kept.lanes]) if kept.lanes else np.zeros((0, 5)),
    )
    return out.getvalue()


def _text(texts: list[str]) -> np.ndarray:
    return np.frombuffer("".join(texts).encode("utf-8", "surrogatepass"), dtype=np.uint8)


def _offsets(texts: list[str]) -> np.ndarray:
    """Where each text starts in their join, in characters, and where the last ends."""
    return np.cumsum([0, *map(len, texts)], dtype=np.int64)


_DAMAGED = (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError, EOFError, zipfile.BadZipFile)  # orjson's errors are ValueErrors


def load(db: Path) -> Columns | None:
    """The columns kept beside ``db`` if they were made from the file as it is now; None if
    there are none, they are stale, or they cannot be read."""
    try:
        with np.load(columns_path(db), allow_pickle=False) as found:
            head = orjson.loads(found["head"].tobytes())
            if not _made_from(head, db):
                return None
            return _columns(head, {name: found[name] for name in ("ids", "ids_at", "titles", "titles_at", "statuses", "ends")})
    except _DAMAGED:
        return None


def is_current(db: Path) -> bool:
    """Whether the columns beside ``db`` were made from the file as it is now (their head only is read)."""
    try:
        with np.load(columns_path(db), allow_pickle=False) as found:
            return _made_from(orjson.loads(found["head"].tobytes()), db)
    except _DAMAGED:
        return False


def _made_from(head: Any, db: Path) -> bool:
    """Whether ``head`` names the database file as it is now (its _meta is its third line)."""
    status = os.stat(db)
    with db.open("rb") as file:
        lines = [file.readline(_HEAD_LINE) for _ in range(3)]  # a file written on one line is not read whole
    if lines[:2] != [b"{\n", b'"_meta":{\n'] or not lines[2].startswith(b'"1":'):
        return False
    return isinstance(head, dict) and head.get("version") == VERSION and head.get("file") == _identity(status, orjson.loads(lines[2][4:]))


def _columns(head: dict[str, Any], found: dict[str, np.ndarray]) -> Columns:
    ids, titles = _texts(found["ids"], found["ids_at"]), _texts(found["titles"], found["titles_at"])
    statuses = list(map(_STATUSES.__getitem__, found["statuses"].tolist()))
    spans = found["ends"]
    if not len(ids) == len(titles) == len(statuses) == len(spans) == sum(count for _, _, count in head["lanes"]) or spans.shape[1:] != (5,):
        raise ValueError("columns of different lengths")
    if not isinstance(head["annotations"], dict) or not {*map(type, head["annotations"].values())} <= {str}:
        raise ValueError("notes that are not text")
    lanes, at = [], 0
    for name, colour, count in head["lanes"]:
        part = slice(at, at + count)
        lanes.append(DrawnLane(name, colour, ids[part], titles[part], statuses[part], spans[part]))
        at += count
    return Columns(head["title"], head["events"], lanes, head["annotations"])


def _texts(joined: np.ndarray, offsets: np.ndarray) -> list[str]:
    text = joined.tobytes().decode("utf-8", "surrogatepass")
    at = offsets.tolist()
    if at[-1] != len(text):
        raise ValueError("texts of another length")
    return [text[a:b] for a, b in zip(at, at[1:])]
