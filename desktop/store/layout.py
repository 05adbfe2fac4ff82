"""The database file's layout: JSON with each document on a line of its own, so that it
is read a line at a time. orjson reading a whole file holds its own tree of it beside
Python's objects, about three times the file's size: at 300,000 events 1.5 GB, before
the model is built. The file stays plain JSON, which any reader (TinyDB's own, an older
version of this app) reads whole; and a file laid out otherwise (written before, or by
hand) is read whole here too::

    {
    "_meta":{
    "1":{"generation":"…","schema":8,…}
    },
    "events":{
    "1":{"id":"…",…},
    "2":{"id":"…",…}
    },
    "links":{}
    }

A line never breaks inside a value: JSON writes a line break within text as ``\\n``.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, pairwise
from typing import Any

import orjson

_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS
# A name as this layout writes it: one that needs no escape, so that reading it is a match.
_ENTRY = re.compile(rb'"([A-Za-z0-9_]+)":')


def dumps(value: Any) -> bytes:
    """``value`` as JSON; the model's records in it written as their ``to_dict()``."""
    return orjson.dumps(value, default=_record, option=_OPTIONS)


def _record(value: Any) -> dict[str, Any]:
    if not hasattr(value, "to_dict"):
        raise TypeError(f"{type(value).__name__} is not a record")
    return value.to_dict()


def encode(data: dict[str, Any]) -> bytes:
    """The database's bytes: its tables (``data``'s values) a document a line."""
    return b"".join(encoded(data))


def encoded(data: dict[str, Any]) -> Iterator[bytes]:
    """``encode``'s bytes in parts of a few megabytes, to be written as they are made: a
    file of 300,000 events is 500 MB, which whole, with its lines before they are joined,
    would take a gigabyte or more beside the records."""
    parts: list[bytes] = []
    held = 0

    def put(part: bytes) -> Iterator[bytes]:
        nonlocal held
        parts.append(part)
        held += len(part)
        if held >= _PART:
            yield b"".join(parts)
            parts.clear()
            held = 0

    yield from put(b"{\n")
    for n, name in enumerate(sorted(data)):
        value = data[name]
        yield from put(b",\n" if n else b"")
        if isinstance(value, dict) and value:
            yield from put(dumps(name) + b":{\n")
            for k, (key, document) in enumerate(value.items()):
                yield from put((b",\n" if k else b"") + dumps(key) + b":" + dumps(document))
            yield from put(b"\n}")
        else:
            yield from put(dumps(name) + b":" + dumps(value))
    yield from put(b"\n}\n")
    yield b"".join(parts)


_PART = 4 * 2**20  # bytes written at once


# Called with each block's entries, its table's name and what has been read: may change
# the entries in place (the store builds the model's records from them as it goes).
Made = Callable[[str, dict[str, Any], dict[str, Any]], None]


def decode(lines: Iterable[bytes], made: Made | None = None) -> dict[str, Any] | None:
    """The JSON of ``lines`` (a file's, each ending in a line break), read a few thousand
    lines at a time; None if they are not laid out as ``encode`` writes (read them whole
    then: that says what is wrong, if anything is). What it reads is what reading them
    whole would give: a block parses only if it ends between two entries (a value never
    holds a line break outside a nested object or list, which would be left open)."""
    lines = iter(lines)
    if next(lines, None) != b"{\n":
        return None
    data: dict[str, Any] = {}
    table: dict[str, Any] | None = None  # the table whose entries the lines are
    name = ""  # its name
    block: list[bytes] = []  # the table's lines not parsed yet
    comma = False  # the last entry of the file's own ended with a comma: another must follow
    closed, first = False, True
    for previous, line in pairwise(chain([b"{\n"], lines)):
        if closed or not line.endswith(b"\n"):
            return None
        if table is not None:
            if line[:1] != b"}":
                block.append(line)
                # Once full, parsed up to an entry followed by another (a comma ends it).
                if len(block) < _BLOCK or not line.endswith(b",\n"):
                    continue
                if (entries := _parsed(block, last=False)) is None:
                    return None
            elif previous.endswith(b",\n") or line not in (b"}\n", b"},\n") or (entries := _parsed(block, last=True)) is None:
                return None
            if made:
                made(name, entries, data)
            table.update(entries)
            if line[:1] != b"}":
                continue
            table, comma = None, line == b"},\n"
        elif line == b"}\n" and (first or not comma):
            closed = True
        elif (found := _ENTRY.match(line)) is None or not (first or comma):
            return None
        elif line[found.end():] == b"{\n":  # a table opens
            name = found[1].decode()
            table = data[name] = {}
        else:
            value = line[found.end():-1]
            comma = value.endswith(b",")
            try:
                data[found[1].decode()] = orjson.loads(value[:-1] if comma else value)
            except orjson.JSONDecodeError:
                return None
        first = False
    return data if closed else None


_BLOCK = 4096  # lines parsed at once: a few megabytes


def _parsed(block: list[bytes], last: bool) -> dict[str, Any] | None:
    """The entries of ``block``, lines of a table, which it empties. None unless they end as
    they must: with the comma before the next entry, or without one before the table's end."""
    if not block:
        return {}
    entries = b"".join(block)
    block.clear()
    if not entries.startswith(b'"') or entries.endswith(b",\n") == last:  # no entry, or ends as it must not
        return None
    try:
        return orjson.loads(b"{" + (entries if last else entries[:-2]) + b"}")
    except orjson.JSONDecodeError:
        return None
