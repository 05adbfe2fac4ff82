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

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from enum import Enum
from itertools import islice
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

import orjson

from ..model import Citation, Confidence, Event, LinkType, ModelError, Reliability, Stance, Status, Timeline, new_id
from ..model.dates import parse_date
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


def _as_json(values: list[str] | dict[str, str], option: int = 0) -> str:
    # orjson: a tenth of json's time, for a cell every event has.
    try:
        return orjson.dumps(values, option=option).decode()
    except orjson.JSONEncodeError:
        return _ENCODE(dict(sorted(values.items())) if isinstance(values, dict) and option & orjson.OPT_SORT_KEYS else values)


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
    events = _in_order(timeline.events.values(), _START, _TITLE_AND_ID)
    sources = {key: (s.title, s.reliability._value_) for key, s in timeline.sources.items()}
    # An enum's _value_, not its value: the property costs a Python call, twice per citation.
    citations = ((c.event_id, c.source_id, c.offset, c.id, c.claimant, c.stance._value_, c.confidence._value_, c.quote)
                 for c in timeline.citations.values())
    links = ((k.from_id, k.type._value_, k.to_id) for k in timeline.links.values())
    rows = _Rows(sources, citations, links, last_changed)
    return _chunks(rows, map(_prepared, events), len(timeline.events), progress, spreadsheet_safe)


def _prepared(event: Event) -> tuple[str, ...]:
    """An event's own cells as ``_Rows.row`` takes them (as ``event_of_document`` makes them)."""
    return (event.start.edtf, event.end.edtf if event.end else "", event.lane, event.status._value_,
            _as_json(list(event.tags)) if event.tags else "[]", event.notes, event.annotation,
            _as_json(dict(event.attributes)) if event.attributes else "{}", event.title, event.id)


# What the export keeps of the database's documents (store/documents.py), made as they are
# read: the rows straight from them, without the model's records, which it would build
# only to take them apart again. None for a document that is not as the store writes it
# (the store's checked reading then says what is wrong).

def event_of_document(document: Any, share: Callable[[str, str], str]) -> tuple[Any, ...] | None:
    """The event's sort key (its start's earliest and latest day, title, id) and its own
    cells; its notes kept once with the quotes that repeat them (``share``)."""
    try:
        start, end, lane, status, tags, notes, annotation, attributes, title, id_, auto, corroborated = _EVENT_FIELDS(document)
        earliest, latest, edtf = _DATES[start]
        ending = _DATES[end][2] if end is not None else ""
        "".join(tags), "".join(attributes.values())  # TypeError unless every tag and fact is text, in C
        if not (type(title) is str and type(id_) is str and type(lane) is str and type(notes) is str and type(annotation) is str
                and type(auto) is bool and status in _STATUSES and corroborated in _STATUSES and type(tags) is list):
            return None
    except (KeyError, TypeError, ValueError, AttributeError):  # a field missing or not of its type, a date that is none
        return None
    tags_cell = _as_json(tags) if tags else "[]"
    # The facts' JSON made now, one text: their names and values kept instead would take
    # twice the memory, or, kept once each, a dict of millions that slows every lookup.
    facts = _as_json(attributes, orjson.OPT_SORT_KEYS) if attributes else "{}"  # in the order of their names, as a record holds them
    return (earliest, latest, title, id_, edtf, ending, lane, status, tags_cell, share(notes, notes), annotation, facts, title, id_)


def citation_of_document(document: Any, share: Callable[[str, str], str]) -> tuple[Any, ...] | None:
    try:
        found = _CITATION_FIELDS(document)
    except (KeyError, TypeError):
        return None
    event_id, source_id, offset, id_, claimant, stance, confidence, quote = found
    if not (type(event_id) is str and type(source_id) is str and type(offset) is int and type(id_) is str and type(claimant) is str
            and stance in _STANCES_WRITTEN and confidence in _CONFIDENCES_WRITTEN and type(quote) is str):
        return None
    return (event_id, source_id, offset, id_, claimant, stance, confidence, share(quote, quote))


def source_of_document(document: Any) -> tuple[str, str, str] | None:
    try:
        id_, title, reliability = _SOURCE_FIELDS(document)
    except (KeyError, TypeError):
        return None
    return (id_, title, reliability) if type(id_) is str and type(title) is str and reliability in _RELIABILITIES_WRITTEN else None


def link_of_document(document: Any) -> tuple[str, str, str] | None:
    try:
        found = _LINK_FIELDS(document)
    except (KeyError, TypeError):
        return None
    return found if type(found[0]) is str and found[1] in _LINK_TYPES and type(found[2]) is str else None


def document_readers() -> dict[str, Callable[[Any], Any]]:
    """What the export keeps of each table's documents; texts that repeat (an event's
    notes, which its citations quote) kept once: at 300,000 events, 100 MB."""
    share = {}.setdefault
    return {"events": functools.partial(event_of_document, share=share), "citations": functools.partial(citation_of_document, share=share),
            "sources": source_of_document, "links": link_of_document}


def csv_chunks_of_documents(tables: Mapping[str, Mapping[str, Any]], progress: Progress | None = None,
                            spreadsheet_safe: bool = False) -> Iterator[bytes] | None:
    """``csv_chunks`` of the tables ``document_readers`` made, byte for byte; None if they do not hold
    together (a citation of an event or a source they lack: the store's reading says so)."""
    events, sources = tables["events"], {id_: (title, reliability) for id_, title, reliability in tables["sources"].values()}
    citations, links = tables["citations"].values(), tables["links"].values()
    ids = set(map(_EVENT_ID, events.values()))
    if not (len(ids) == len(events) and len(sources) == len(tables["sources"]) and ids >= set(map(_FIRST, citations))
            and sources.keys() >= set(map(_SECOND, citations)) and ids >= set(map(_FIRST, links)) and ids >= set(map(_THIRD, links))):
        return None
    ordered = _in_order(events.values(), _DAYS, _KEPT_TITLE_AND_ID)
    return _chunks(_Rows(sources, citations, links), map(_OWN_CELLS, ordered), len(events), progress, spreadsheet_safe)


def _in_order(events: Iterable[Any], days: Callable[[Any], Any], title_and_id: Callable[[Any], Any]) -> Iterator[Any]:
    """The events by their start (earliest, then latest day), then title and id. Sorted a
    day at a time: one sort of 300,000 is a call in C that keeps the interpreter for
    seconds, which a window exporting on its worker thread would wait for, frozen."""
    by_day: dict[Any, list[Any]] = {}
    add = by_day.setdefault
    for event in events:
        add(days(event), []).append(event)
    for day in sorted(by_day):
        yield from sorted(by_day.pop(day), key=title_and_id)


class _Dates(dict):
    """A date as the store writes it → its earliest and latest day and its EDTF, each
    distinct date read once (a war's events share a few thousand days)."""

    def __missing__(self, text: str) -> tuple[Any, Any, str]:
        date = parse_date(text)  # DateError, a ValueError, if it is none
        found = self[text] = (date.earliest.toordinal(), date.latest.toordinal(), date.edtf)  # ints sort faster than dates
        return found


_DATES = _Dates()
_EVENT_FIELDS = itemgetter("start", "end", "lane", "status", "tags", "notes", "annotation", "attributes", "title", "id", "status_auto",
                           "corroborated_as")
_CITATION_FIELDS = itemgetter("event_id", "source_id", "offset", "id", "claimant", "stance", "confidence", "quote")
_SOURCE_FIELDS = itemgetter("id", "title", "reliability")
_LINK_FIELDS = itemgetter("from_id", "type", "to_id")
_STATUSES, _STANCES_WRITTEN, _CONFIDENCES_WRITTEN, _RELIABILITIES_WRITTEN, _LINK_TYPES = (
    frozenset(kind._value2member_map_) for kind in (Status, Stance, Confidence, Reliability, LinkType))
_DAYS, _KEPT_TITLE_AND_ID, _OWN_CELLS = itemgetter(0, 1), itemgetter(2, 3), itemgetter(slice(4, None))
_START, _TITLE_AND_ID = attrgetter("start.earliest", "start.latest"), attrgetter("title", "id")
_EVENT_ID, _FIRST, _SECOND, _THIRD = itemgetter(3), itemgetter(0), itemgetter(1), itemgetter(2)


def _chunks(rows: _Rows, events: Iterator[tuple[str, ...]], count: int, progress: Progress | None, spreadsheet_safe: bool) -> Iterator[bytes]:
    lines = [csv_line(COLUMNS + (LAST_CHANGED_COLUMNS if rows.last_changed is not None else ()))]  # written with the first rows
    row = rows.row
    for start in range(0, count, CHUNK):
        if progress is not None:
            progress(start, count)
        cells = map(row, islice(events, CHUNK))
        lines += map(csv_line, (map(_spreadsheet_safe, line) for line in cells) if spreadsheet_safe else cells)
        yield "".join(lines).encode("utf-8")
        lines.clear()
    if lines:  # the header of a timeline without events
        yield "".join(lines).encode("utf-8")


def csv_line(cells: Iterable[str]) -> str:
    """One row as ``csv.writer(lineterminator="\\r\\n")`` writes it (RFC 4180: a cell holding a
    quote, a comma or a line break quoted, its quotes doubled), in a third of its time:
    the csv module looks at every character in turn, ``in`` finds one in C at memchr's
    speed. The csv module's writing is the export's floor, which this goes below."""
    return ",".join(['"' + cell.replace('"', '""') + '"' if '"' in cell or "," in cell or "\n" in cell or "\r" in cell else cell
                     for cell in cells]) + "\r\n"


class _JsonTexts(dict):
    """The JSON of texts that repeat (publishers, claimants, stances), each made once: a
    lookup is a dict's, in C, rather than a call."""

    def __missing__(self, text: str) -> str:
        found = self[text] = _json_text(text)
        return found


class _Rows:
    """Each event's row, from its own cells (``_prepared``). What many rows share is made
    once: the citations sorted in one go (as ``Timeline.citations_for`` orders each
    event's), and the JSON of texts that repeat. A row's cells are made as it is written:
    made ahead, all rows' would add hundreds of megabytes to the export's peak.

    ``sources``: title and reliability by id; ``citations``: (event id, source id, offset,
    id, claimant, stance, confidence, quote); ``links``: (from id, type, to id)."""

    def __init__(self, sources: Mapping[str, tuple[str, str]], citations: Iterable[tuple[Any, ...]], links: Iterable[tuple[str, str, str]],
                 last_changed: Mapping[str, tuple[str, str]] | None = None) -> None:
        self.last_changed = last_changed
        self.json = _JsonTexts()
        self.sources = {key: (title, self.json[title], self.json[reliability]) for key, (title, reliability) in sources.items()}
        # An event's citations in the order of their sources' titles: a rank per source,
        # and each event's few sorted alone, not all of them compared in one sort.
        rank = {key: n for n, key in enumerate(sorted(sources, key=lambda key: (sources[key][0], key)))}
        self.cited: dict[str, list[tuple[Any, ...]]] = {}
        add = self.cited.setdefault
        for c in citations:
            add(c[0], []).append(c)
        for cited in self.cited.values():
            if len(cited) > 1:
                cited.sort(key=lambda c: (rank[c[1]], c[2], c[3]))
        by_event: dict[str, list[str]] = {}
        for from_id, kind, to_id in sorted(links, key=lambda k: (k[1], k[2])):
            by_event.setdefault(from_id, []).append(f"{kind}: {to_id}")
        self.links = {event: _as_json(texts) for event, texts in by_event.items()}

    def cells(self, cited: list[tuple[Any, ...]]) -> list[str]:
        """The six citation cells of an event citing ``cited``, in their order."""
        json, sources = self.json, self.sources
        if len(cited) == 1:  # most events: nothing to join
            _, source_id, _, _, claimant, stance, confidence, quote = cited[0]
            _, title, reliability = sources[source_id]
            return ["[" + json[claimant] + "]", "[" + title + "]", _as_json([quote]), "[" + json[stance] + "]", "[" + json[confidence] + "]",
                    "[" + reliability + "]"]
        entries = [(json[c[4]], sources[c[1]][1], json[c[5]], json[c[6]], sources[c[1]][2]) for c in cited]
        claimants, titles, stances, confidences, reliabilities = ["[" + ",".join(column) + "]" for column in zip(*entries)]
        return [claimants, titles, _as_json([c[7] for c in cited]), stances, confidences, reliabilities]  # quotes never repeat

    def row(self, own: tuple[str, ...]) -> list[str]:
        start, end, lane, status, tags, notes, annotation, attributes, title, id_ = own
        cited = self.cited.get(id_)
        claimants, sources, quotes, stances, confidences, reliabilities = self.cells(cited) if cited else _UNCITED
        cells = [id_, title, start, end, lane, status, claimants, tags, notes, sources, quotes, stances, annotation,
                 confidences, reliabilities, self.links.get(id_, "[]") if self.links else "[]", attributes]
        if self.last_changed is not None:
            cells += self.last_changed.get(id_, ("", ""))
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
