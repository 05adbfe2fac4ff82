"""Events from ACLED (Armed Conflict Location & Event Data): its CSV exports of every
vintage, as HDX serves them, and its API's JSON answer (``{"status": 200, "data": [...]}``).

Each row is one event: its title from the (sub-)event type and the location, its lane
from the first actor (see lanes.py), its date at the precision ACLED codes, and its
sourcing: each publisher ACLED's ``source`` names ("24 Channel; Suspilne Media") is a
source, cited with the row's ``notes`` as the quote and the publisher as claimant,
reporting, so that two publishers corroborate the event. ACLED's own facts (fatalities,
place, actors, disorder and event types, civilian targeting, tags) stay on the event as
its attributes. The ACLED id makes the event's id, so importing a newer export of the
same events updates them: what ACLED says of them and the citations the import made,
not what the user has added (status, tags, annotation, citations).

ACLED's ``time_precision`` says how well the date is known, and the ``event_date`` of
an imprecise event is a stand-in day inside the period the sources give:
1: the sources give the day              → the day             2024-08-06
2: they give a week or a few days        → about that day      2024-08-06~
3: they give a month or a longer span    → about that month    2024-08~
Files without the column (HDX's cut-down ones) give the day.

What changed between vintages: headers in capitals before 2019; ``ALLY_ACTOR_1`` for
``assoc_actor_1``; no ``sub_event_type``, ``disorder_type``, ``civilian_targeting`` or
``tags`` in older files; dates as ``18/04/2001`` or ``06 August 2024`` (table_dates.py).
"""
from __future__ import annotations

from itertools import compress, repeat
from pathlib import Path

from ..model import Event, FuzzyDate, Status
from .datasets import Built, RowError, add_events, json_rows, publishers, table_rows
from .detect import Content
from .importing import Cited, Cites, Imported
from .reading import FormatError, Progress
from .table_dates import DayReader, FileDatesError

ID_PREFIX = "acled:"
REQUIRED = ("event_id_cnty", "event_date", "event_type", "actor1", "source", "notes")
PRECISION = {"1": "the day itself", "2": "within a week or a few days of this day", "3": "within a month or more around this month"}
RENAMED = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}  # before 2019
# ACLED's facts an event keeps as its attributes, sorted by name as an event holds them.
FACTS = tuple(sorted((
    "disorder_type", "event_type", "sub_event_type", "civilian_targeting", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "fatalities",
    "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "time_precision", "source_scale", "tags",
)))
KEPT = {*FACTS, *RENAMED, "event_id_cnty", "event_date", "year", "source", "notes"}


def is_acled(content: Content) -> bool:
    if content.kind == "json":
        data = content.data
        rows = data.get("data") if isinstance(data, dict) else None
        return isinstance(rows, list) and (isinstance(rows[0], dict) and "event_id_cnty" in rows[0] if rows else "status" in data)
    return content.kind == "table" and content.has_columns("event_id_cnty")


def read_acled(path: Path, text: str, progress: Progress | None = None) -> Imported:
    # What ACLED says of an event; its status, tags beyond ACLED's and the citations
    # the user added are the user's, and a newer export leaves them be.
    read = Imported(path, fields=frozenset({"title", "start", "end", "lane", "notes", "attributes"}), cites=Cites.OWN)
    if text.lstrip().startswith("{"):
        rows = json_rows(path, text, "data", REQUIRED)
    else:
        rows = table_rows(path, text, progress, "event_id_cnty", REQUIRED, KEPT, read.skipped)
    for row in rows.rows:
        for old, new in RENAMED.items():
            if old in row:
                row[new] = row.pop(old)
    try:
        days = DayReader(rows.column("event_date"), rows.column("year"))
    except FileDatesError as error:
        raise FormatError(path, rows.line(error.index), "event_date", str(error)) from None
    precise = "time_precision" not in rows.columns  # without the column, the day is the day
    facts = [name for name in FACTS if name in rows.columns or name in RENAMED.values()]
    add_events(read, rows, "event_id_cnty", lambda index, row: _event(row, days, index, precise, facts), KEPT)
    return read


def _event(row: dict[str, str], days: DayReader, index: int, precise: bool, facts: list[str]) -> Built:
    if not row["event_id_cnty"]:
        raise RowError("event_id_cnty", "empty: every ACLED event has an id")
    precision = "1" if precise else row.get("time_precision", "")
    if precision not in PRECISION:
        raise RowError("time_precision", f"{precision!r} is not 1 (day), 2 (week) or 3 (month or more)")
    try:
        year, month, day = days.day(index)
    except ValueError as error:
        raise RowError("event_date", str(error)) from None
    start = FuzzyDate(year, month, approximate=True) if precision == "3" else FuzzyDate(year, month, day, approximate=precision == "2")
    names = publishers(row["source"])
    if not names:
        raise RowError("source", "empty: the sources are what the event rests on")
    if not row["notes"]:
        raise RowError("notes", "empty: ACLED's notes are what its sources say of the event")
    kind = row.get("sub_event_type") or row["event_type"]
    location = row.get("location", "")
    title = f"{kind} in {location}" if kind and location else kind or location
    if not title:
        raise RowError("event_type", "empty, as are sub_event_type and location: nothing to call the event")
    values = tuple(map(row.get, facts, repeat("")))
    event = Event(
        ID_PREFIX + row["event_id_cnty"],
        title,
        start,
        lane=row["actor1"],
        status=Status.REPORTED,
        status_auto=True,
        tags=tuple(dict.fromkeys(t for t in (row["event_type"], row.get("sub_event_type")) if t)),
        notes=row["notes"],
        attributes=tuple(compress(zip(facts, values), values)),  # the facts the row gives a value
    )
    return event, [Cited(name, row["notes"], name, publisher=name) for name in names], row["actor1"]
