"""The timeline as a CSV table: one row per event, UTF-8, RFC 4180 (CRLF line ends).

Dates keep their on-disk EDTF form, so month and approximate precision survive a
spreadsheet. An event's citations fill four parallel columns (``claimant``,
``sources``, ``quotes``, ``stances``), each a JSON array with one entry per citation
in the same order: a quote may hold commas, semicolons or line breaks, and an
array keeps it whole where any separator would not. ``tags`` is a JSON array too.
``annotation`` is the user's own remark on the event, as its callout shows it.
``confidences``, a fifth such array, says how far the user trusts each citation.
``status`` is the status the event has: read back, it is the user's own, not one that
follows the citations (a JSON export keeps which is which). ``links`` holds the event's
links to others, a JSON array of "type: id" ("disputes: 7f3e…", "part of: …"); read
back, they replace the event's own. The ``disputes`` column older versions wrote (one
event id) is read as a disputes link. ``attributes`` holds the facts a dataset gave the
event (ACLED's fatalities, admin1, location, latitude, event type...) as a JSON object of
text by name, ``{"admin1": "Donetsk", "fatalities": "3"}``.

Reading takes the same table back, with dates typed by hand too ("6 August 2024",
"Aug 2024", "06/08/2024" in the order the reader is given): an empty ``id`` makes a new event; columns other
than ``title`` and ``start`` may be left out. A column left out keeps what an event the
timeline holds has there (a new event gets the default); without any of the four
citation columns its citations stay as they are, without ``stances`` each citation
reports, and without ``confidences`` (or with the cell empty) a citation the event has
keeps its confidence.

The spreadsheet-safe variant puts an apostrophe before every cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return, which Excel, LibreOffice and
Google Sheets would otherwise run as a formula (a quote from a hostile page may be one).
It is for opening in a spreadsheet, not for importing back: the default is byte-exact.
"""
from __future__ import annotations

import csv
import functools
import json
from collections.abc import Iterator, Mapping
from enum import Enum
from pathlib import Path
from typing import Any

import orjson

from ..model import Citation, Confidence, Event, LinkType, ModelError, Reliability, Stance, Status, Timeline, new_id
from ..model.entities import shared_pairs
from ..model.links import Link, made
from ..model.typed_dates import DateOrder, read_date
from .importing import EVENT_FIELDS, Cited, Cites, Imported
from .reading import CHUNK, SURROGATE, FormatError, Progress, check_header, csv_rows

CITATION_COLUMNS = ("claimant", "sources", "quotes", "stances")  # any of them: the row speaks for its citations
# New columns go last: spreadsheets built on the old ones keep working.
COLUMNS = ("id", "title", "start", "end", "lane", "status", "claimant", "tags", "notes", "sources", "quotes", "stances",
           "annotation", "confidences", "reliabilities", "links", "attributes")
OLD_COLUMNS = ("disputes",)  # read from files older versions wrote, no longer written
# Written on request for a shared timeline (who last changed the event, and when, from
# git); an import leaves them out, as the history is git's, not the file's.
LAST_CHANGED_COLUMNS = ("last_changed_by", "last_changed_on")


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _json_text(text: str) -> str:
    """One text as a JSON string, as orjson writes it inside an array or an object. orjson
    refuses a lone surrogate, which json writes escaped (a reader reads either)."""
    try:
        return orjson.dumps(text).decode()
    except orjson.JSONEncodeError:
        return _ENCODE(text)


def _as_json(values: list[str] | dict[str, str]) -> str:
    # orjson: a tenth of json's time, for a cell every event has.
    try:
        return orjson.dumps(values).decode()
    except orjson.JSONEncodeError:
        return _ENCODE(values)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def csv_text(timeline: Timeline, progress: Progress | None = None, spreadsheet_safe: bool = False) -> str:
    return b"".join(csv_chunks(timeline, progress, spreadsheet_safe)).decode("utf-8")


def csv_chunks(timeline: Timeline, progress: Progress | None = None, spreadsheet_safe: bool = False,
               last_changed: Mapping[str, tuple[str, str]] | None = None) -> Iterator[bytes]:
    """The CSV's UTF-8 bytes, CHUNK rows at a time, for writing as they come: at 300,000
    events the whole text would be 400 MB, and its bytes as much again. ``last_changed``:
    by event id, who last changed it and when, for the columns LAST_CHANGED_COLUMNS (left
    out without it)."""
    parts: list[str] = []
    writer = csv.writer(_Appender(parts), lineterminator="\r\n")
    writer.writerow(COLUMNS + (LAST_CHANGED_COLUMNS if last_changed is not None else ()))
    events = sorted(timeline.events.values(), key=lambda e: (e.start.earliest, e.start.latest, e.title, e.id))
    row = _Rows(timeline, last_changed).row
    for start in range(0, len(events), CHUNK):
        if progress is not None:
            progress(start, len(events))
        rows = map(row, events[start : start + CHUNK])
        writer.writerows((map(_spreadsheet_safe, cells) for cells in rows) if spreadsheet_safe else rows)
        yield "".join(parts).encode("utf-8")
        parts.clear()
    if parts:  # the header of a timeline without events
        yield "".join(parts).encode("utf-8")


class _Appender:
    """A file for csv.writer that keeps what it is given, to be joined once per chunk."""

    def __init__(self, parts: list[str]) -> None:
        self.write = parts.append


class _JsonTexts(dict):
    """The JSON of texts that repeat (publishers, claimants, stances), each made once: a
    lookup is a dict's, in C, rather than a call."""

    def __missing__(self, text: str) -> str:
        found = self[text] = _json_text(text)
        return found


class _Rows:
    """Each event's row. What many rows share is made once: the citations sorted in one go
    (as ``Timeline.citations_for`` orders each event's), and the JSON of texts that repeat.
    A row's cells are made as it is written: made ahead, all rows' would add hundreds of
    megabytes to the export's peak."""

    def __init__(self, timeline: Timeline, last_changed: Mapping[str, tuple[str, str]] | None = None) -> None:
        self.last_changed = last_changed
        self.json = _JsonTexts()
        # An enum's _value_, not its value: the property costs a Python call, twice per citation.
        self.sources = {key: (s.title, self.json[s.title], self.json[s.reliability._value_]) for key, s in timeline.sources.items()}
        self.cited: dict[str, list[Citation]] = {}
        for c in sorted(timeline.citations.values(), key=lambda c: (self.sources[c.source_id][0], c.source_id, c.offset, c.id)):
            self.cited.setdefault(c.event_id, []).append(c)
        by_event: dict[str, list[str]] = {}
        for link in sorted(timeline.links.values(), key=lambda k: (k.type.value, k.to_id)):
            by_event.setdefault(link.from_id, []).append(f"{link.type.value}: {link.to_id}")
        self.links = {event: _as_json(texts) for event, texts in by_event.items()}

    def cells(self, cited: list[Citation]) -> list[str]:
        """The six citation cells of an event citing ``cited``, in their order."""
        json, sources = self.json, self.sources
        entries = [(json[c.claimant], sources[c.source_id][1], json[c.stance._value_], json[c.confidence._value_], sources[c.source_id][2])
                   for c in cited]
        claimants, titles, stances, confidences, reliabilities = ["[" + ",".join(column) + "]" for column in zip(*entries)]
        return [claimants, titles, _as_json([c.quote for c in cited]), stances, confidences, reliabilities]  # quotes never repeat

    def row(self, event: Event) -> list[str]:
        cited = self.cited.get(event.id)
        claimants, sources, quotes, stances, confidences, reliabilities = self.cells(cited) if cited else _UNCITED
        cells = [
            event.id,
            event.title,
            event.start.edtf,
            event.end.edtf if event.end else "",
            event.lane,
            event.status._value_,
            claimants,
            _as_json(list(event.tags)) if event.tags else "[]",
            event.notes,
            sources,
            quotes,
            stances,
            event.annotation,
            confidences,
            reliabilities,
            self.links.get(event.id, "[]"),
            _as_json(dict(event.attributes)) if event.attributes else "{}",
        ]
        if self.last_changed is not None:
            cells += self.last_changed.get(event.id, ("", ""))
        return cells


_UNCITED = ("[]",) * 6


def read_csv(path: Path, text: str, progress: Progress | None = None, order: DateOrder = DateOrder.DAY_FIRST) -> Imported:
    header, rows = csv_rows(path, text, progress)
    check_header(path, header, required=("title", "start"), allowed=COLUMNS + OLD_COLUMNS + LAST_CHANGED_COLUMNS)
    cites = Cites.ALL if set(CITATION_COLUMNS) & set(header) else Cites.NONE
    read = Imported(path, fields=EVENT_FIELDS & set(header), cites=cites)
    if {"links", "disputes"} & set(header):
        read.links = []
    lines: dict[str, int] = {}
    dates, texts = _Dates(order), _Texts()
    for line, cells in rows:
        row = _Row(path, line, dict(zip(header, cells)))
        event = _event(row, lines, dates, texts)
        lines[event.id] = line
        read.events.append(event)
        if cites is Cites.ALL:
            read.cited[event.id] = _cited(row, texts)
        if read.links is not None:
            read.links += _links(row, event.id)
    read.line_of = lambda kind, key: lines.get(key)
    return read


class _Row:
    """One row's cells by column; a value that cannot be read is a FormatError naming its cell."""

    def __init__(self, path: Path, line: int, cells: dict[str, str]) -> None:
        self.path, self.line, self.cells = path, line, cells

    def get(self, name: str, parse: Any = str) -> Any:
        try:
            return parse(self.cells.get(name, ""))
        except ValueError as error:  # DateError and ModelError are ValueErrors
            raise self.error(name, str(error)) from None

    def error(self, name: str, problem: str) -> FormatError:
        return FormatError(self.path, self.line, name, problem)


class _Dates(dict):
    """Text → the date it means, each distinct text read once: a file repeats its dates. A
    text that is no date raises DateError each time, for each row to say so."""

    def __init__(self, order: DateOrder) -> None:
        super().__init__()
        self.order = order

    def __missing__(self, text: str) -> Any:
        date = self[text] = read_date(text, self.order)
        return date

    def optional(self, text: str) -> Any:
        return self[text] if text.strip() else None


class _Texts(dict):
    """Each text met once, kept once: an event's notes are quoted again in its citations,
    and a file repeats its lanes; the parser makes a copy of each."""

    def __missing__(self, text: str) -> str:
        self[text] = text
        return text


def _event(row: _Row, lines: dict[str, int], dates: _Dates, texts: _Texts) -> Event:
    cells = row.cells  # text cells as they are, without get's call: five a row, at 300,000 rows
    event_id = cells.get("id") or new_id()
    if event_id in lines:
        raise row.error("id", f"{event_id!r} is the id of the event on line {lines[event_id]} already")
    title = row.get("title", _title)
    start, end = row.get("start", dates.__getitem__), row.get("end", dates.optional)
    status, tags = row.get("status", _STATUS), row.get("tags", _NAMES)  # tags repeat: each list read once, shared
    attributes = shared_pairs(row.get("attributes", _facts)) or ()  # each (name, value) kept once, as opening does
    try:
        # Positional, as a dataset's readers make events: id, title, start, end, lane, status,
        # tags, notes, annotation, status_auto, corroborated_as, attributes.
        return Event(event_id, title, start, end, texts[cells.get("lane", "")], status, tags, texts[cells.get("notes", "")],
                     cells.get("annotation", ""), False, Status.REPORTED, attributes)
    except ModelError as error:  # the title is checked already: what is left to refuse is an end before the start
        raise row.error("end", str(error)) from None


def _cited(row: _Row, texts: _Texts) -> list[Cited]:
    """The row's citations: parallel arrays, with one entry each per citation."""
    quotes, sources, claimants = [texts[q] for q in row.get("quotes", _texts)], row.get("sources", _NAMES), row.get("claimant", _NAMES)
    if "stances" in row.cells:
        stances = row.get("stances", _STANCES)
    else:  # a table made by hand, naming who says what but not how
        stances = [Stance.REPORTS] * len(quotes)
    if row.cells.get("confidences", "").strip():
        confidences = row.get("confidences", _CONFIDENCES)
    else:  # not said: the user's confidence in a citation the event has stays as it is
        confidences = [None] * len(quotes)
    if row.cells.get("reliabilities", "").strip():  # the rating of a source the import creates
        reliabilities = row.get("reliabilities", _RELIABILITIES)
    else:
        reliabilities = [None] * len(quotes)
    for name, values in (("sources", sources), ("claimant", claimants), ("stances", stances), ("confidences", confidences), ("reliabilities", reliabilities)):
        if len(values) != len(quotes):
            raise row.error(name, f"{len(values)} entries where quotes has {len(quotes)}: one per citation")
    for name, values in (("quotes", quotes), ("sources", sources), ("claimant", claimants)):
        # As the model has it: a quote is the words as written, spaces too; a source and a claimant are names.
        if not all(values if name == "quotes" else map(str.strip, values)):
            empty = next(k for k, text in enumerate(values, 1) if not (text if name == "quotes" else text.strip()))
            raise row.error(name, f"entry {empty} is empty: a citation needs a quote, a source and a claimant")
    return [Cited(*entry) for entry in zip(sources, quotes, claimants, stances, confidences, reliabilities)]


def _links(row: _Row, event_id: str) -> list[Link]:
    """The row's links from its event: "type: id" entries, and an older file's disputes cell."""
    found = [made(event_id, target, LinkType.DISPUTES)] if (target := row.cells.get("disputes", "").strip()) else []
    for entry in row.get("links", _NAMES):  # most are "[]": read once
        kind, _, target = entry.partition(": ")
        if kind.strip() not in LinkType._value2member_map_ or not target.strip():
            types = ", ".join(t.value for t in LinkType)
            raise row.error("links", f'{entry[:60]!r} is not "type: event id" with a type one of: {types}')
        if target.strip() == event_id:
            raise row.error("links", f"{entry[:60]!r}: an event cannot be linked to itself")
        found.append(made(event_id, target.strip(), LinkType(kind.strip())))
    return found


def _title(text: str) -> str:
    if not text.strip():
        raise ModelError("an event needs a title")
    return text


def _texts(text: str) -> list[str]:
    """A JSON array of text; an empty cell is an empty array."""
    return _json_cell(text, list, '["a", "b"]')


def _facts(text: str) -> dict[str, str]:
    """A JSON object of text by name; an empty cell is an empty object."""
    return _json_cell(text, dict, '{"fatalities": "3"}')


def _json_cell(text: str, kind: type, example: str) -> Any:
    if not text.strip():
        return kind()
    try:  # orjson: a fifth of json's time, for nine cells a row; it refuses a lone surrogate
        value, by_json = orjson.loads(text), False
    except orjson.JSONDecodeError:  # what json alone reads (a lone surrogate escaped), or nothing
        value, by_json = _json_loads(text), True
    # The types of an array's entries or an object's values (its names are text), in a C loop.
    if not isinstance(value, kind) or not set(map(type, value.values() if kind is dict else value)) <= {str}:
        raise ValueError(f"{text[:40]!r} is not a JSON {'array' if kind is list else 'object'} of text such as {example}")
    for item in ([*value, *value.values()] if kind is dict else value) if by_json else ():
        if surrogate := SURROGATE.search(item):  # JSON may escape one; no file can hold it
            raise ValueError(f"the text holds a character that is not valid Unicode (U+{ord(surrogate.group()):04X})")
    return value


def _json_loads(text: str) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError):  # not JSON, or nested deeper than a cell ever is
        return None


def _choice(kind: type[Enum], default: Enum | None = None) -> Any:
    """A parser for the values of ``kind``; an empty cell is ``default``, if there is one."""
    members = {m.value: m for m in kind}  # a lookup, not kind(text): an enum's call runs Python code

    def parse(text: str) -> Enum:
        if (found := members.get(text)) is not None:
            return found
        if not text and default is not None:
            return default
        raise ValueError(f"{text!r} is not one of: {', '.join(members)}")

    return parse


def _choices(kind: type[Enum]) -> Any:
    """A parser for a JSON array of the values of ``kind``."""
    parse = _choice(kind)
    return _repeating(lambda cell: [parse(text) for text in _texts(cell)])


def _repeating(parse: Any) -> Any:
    """``parse`` for a column whose cells repeat (["reports", "reports"], a publisher's
    name): each cell read once. Read-only tuples, as the cache shares them."""
    return functools.lru_cache(maxsize=4096)(lambda cell: tuple(parse(cell)))


_NAMES = _repeating(_texts)


_STATUS = _choice(Status, Status.REPORTED)
_STANCES, _CONFIDENCES, _RELIABILITIES = _choices(Stance), _choices(Confidence), _choices(Reliability)
