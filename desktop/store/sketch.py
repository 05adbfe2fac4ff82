"""A large database's events as much as drawing them needs, read in a fraction of the
time opening takes: the window shows the timeline while the records are built, when
there are no columns kept beside the file (columns.py) to draw it from.

Only the events table is parsed (a block of lines at a time, as ``layout`` writes it) and
only what the timeline draws is kept of each event, as the columns hold it: its id, lane,
title, status, the windows of its dates, and its annotation. It is read from the file as
it stands, without the journal (which opening then replays) and without the checks
opening makes: a file this cannot read gets no sketch, and opening says what is wrong
with it. Nothing is written.
"""
from __future__ import annotations

import operator
from collections.abc import Iterator
from itertools import repeat
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import orjson

from ..model.dates import parse_date
from ..model.entities import Lane, Status
from ..model.spans import window
from . import migrations
from .columns import Columns, grouped

_BLOCK = 2**20  # bytes read and parsed at once: parsing a block takes some 20 times its size
_READ = {"_meta", "events", "lane_records"}  # the tables a sketch reads
_DRAWN = operator.itemgetter("id", "lane", "title", "status", "start", "end", "annotation")
_STATUSES = {status.value: status for status in Status}


def sketch(path: Path) -> Columns | None:
    """The columns of ``path``'s events, or None if the file is not laid out a document a
    line at this version's schema, or holds anything a sketch cannot read."""
    try:
        with path.open("rb") as file:
            return _sketched(_tables(file))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, orjson.JSONDecodeError):
        return None


def _chunks(file: BinaryIO) -> Iterator[bytes]:
    """The file a few megabytes at a time, each chunk ending at a line break. Read, not
    mapped: the pages of a mapped file count in the process's memory while it is mapped."""
    rest = b""
    while chunk := file.read(_BLOCK):
        cut = chunk.rfind(b"\n") + 1
        if cut:
            yield rest + chunk[:cut]
            rest = chunk[cut:]
        else:
            rest += chunk
    if rest:
        yield rest


def _tables(file: BinaryIO) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, documents) for the documents of the tables a sketch reads, a block at a
    time, in the file's order. A table opens on a line ending in ':{' and closes on one
    starting with '}'; each line between is a document (JSON text holds no line break)."""
    name = None  # the table whose documents the chunk goes on with
    for chunk in _chunks(file):
        at = 0
        while at < len(chunk):
            if name is None:
                if (opening := chunk.find(b'":{\n', at)) < 0:
                    break
                name = chunk[chunk.rfind(b"\n", 0, opening) + 2 : opening].decode()
                at = opening + 4
                continue
            end = at if chunk.startswith(b"}", at) else chunk.find(b"\n}", at)
            documents = chunk[at : len(chunk) if end < 0 else end].rstrip(b",\n")
            if name in _READ and documents:
                yield name, orjson.loads(b"{" + documents + b"}")
            if end < 0:
                break
            name, at = None, chunk.index(b"}", end) + 1


def _sketched(tables: Iterator[tuple[str, dict[str, Any]]]) -> Columns | None:
    name, documents = next(tables, ("", {}))
    meta = documents.get("1")
    if name != "_meta" or not isinstance(meta, dict) or meta.get("schema") != migrations.CURRENT:
        return None
    numbers: list[int] = []
    drawn: list[tuple[Any, ...]] = []  # each event's fields, as _DRAWN lists them
    recorded: list[Lane] = []
    for name, documents in tables:  # in C but for the few lines here
        if name == "events":
            numbers += map(int, documents)
            drawn += map(_DRAWN, documents.values())
        elif name == "lane_records":
            recorded += map(Lane.from_dict, documents.values())
    ids, lanes, titles, statuses, starts, ends, annotations = map(list, zip(*drawn)) if drawn else ([],) * 7
    if not {*map(type, ids), *map(type, lanes), *map(type, titles), *map(type, annotations)} <= {str}:
        return None  # not what the window can draw: opening says what is wrong
    # Each distinct date parsed once (lane_data works out each one's days once).
    windows = {text: window(parse_date(text)) for text in {*starts, *ends} - {None}}
    first = list(map(windows.__getitem__, starts))
    spans = np.column_stack((
        np.array(first, dtype=float).reshape(-1, 2),
        np.array(list(map(windows.get, ends, first)), dtype=float).reshape(-1, 2),  # a point's end is its start
        np.fromiter(map(operator.is_not, ends, repeat(None)), dtype=float, count=len(ends)),
    ))
    return grouped(
        meta, {lane.id: lane for lane in recorded}, ids, lanes, titles, list(map(_STATUSES.__getitem__, statuses)), spans, annotations,
        numbers,  # the file's are sorted as text: "10" before "9"
    )
