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

from operator import getitem, itemgetter
from pathlib import Path
from typing import NamedTuple

from ..model import Event, FuzzyDate, Stance, Status
from .datasets import Built, Facts, FirstLanes, RowError, add_events, json_rows, publishers, table_rows
from .detect import Content
from .importing import Cited, Cites, Imported
from .reading import FormatError, Progress
from .table_dates import Day, DayReader, FileDatesError

ID_PREFIX = "acled:"
REQUIRED = ("event_id_cnty", "event_date", "event_type", "actor1", "source", "notes")
PRECISION = {"1": "the day itself", "2": "within a week or a few days of this day", "3": "within a month or more around this month"}
RENAMED = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}  # before 2019
# ACLED's facts an event keeps as its attributes, sorted by name as an event holds them.
FACTS = tuple(sorted((
    "disorder_type", "event_type", "sub_event_type", "civilian_targeting", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "fatalities",
    "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "time_precision", "source_scale", "tags",
)))
Row = NamedTuple("Row", [(name, str) for name in (*FACTS, "event_id_cnty", "event_date", "year", "source", "notes")])
KEPT = {*Row._fields, *RENAMED}
_facts_of = itemgetter(*map(Row._fields.index, FACTS))
REPORTED, REPORTS = Status.REPORTED, Stance.REPORTS


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
        rows = json_rows(path, text, "data", REQUIRED, Row, RENAMED)
    else:
        rows = table_rows(path, text, progress, "event_id_cnty", REQUIRED, Row, read.skipped, RENAMED)
    try:
        days = DayReader(rows.column("event_date"), rows.column("year"))
    except FileDatesError as error:
        raise FormatError(path, rows.line(error.index), "event_date", str(error)) from None
    precise = "time_precision" not in rows.columns  # without the column, the day is the day
    add_events(read, rows, "event_id_cnty", _Events(days, precise), KEPT)
    return read


class _Events:
    """Builds the event of each row. A file's rows repeat their days, publishers, types and
    places: each distinct one is read once and its value shared by the events that have it."""

    def __init__(self, days: DayReader, precise: bool) -> None:
        self.days, self.precise = days, precise
        self.starts: dict[tuple[str, str, str], FuzzyDate] = {}  # (event_date, year, time_precision) → start
        self.publishers: dict[str, list[str]] = {}  # source → its publishers
        self.titles: dict[tuple[str, str, str], tuple[str, tuple[str, ...]]] = {}  # (event type, sub-event type, location) → title, tags
        self.pairs = [Facts(name) for name in FACTS]
        self.lanes = FirstLanes()

    def __call__(self, index: int, row: Row) -> Built:
        if not row.event_id_cnty:
            raise RowError("event_id_cnty", "empty: every ACLED event has an id")
        precision = "1" if self.precise else row.time_precision
        if precision not in PRECISION:
            raise RowError("time_precision", f"{precision!r} is not 1 (day), 2 (week) or 3 (month or more)")
        if (start := self.starts.get(when := (row.event_date, row.year, precision))) is None:
            try:
                start = self.starts[when] = _start(self.days.day(index), precision)
            except ValueError as error:
                raise RowError("event_date", str(error)) from None
        if (names := self.publishers.get(row.source)) is None:
            names = self.publishers[row.source] = publishers(row.source)
        if not names:
            raise RowError("source", "empty: the sources are what the event rests on")
        notes = row.notes
        if not notes:
            raise RowError("notes", "empty: ACLED's notes are what its sources say of the event")
        if (named := self.titles.get(what := (row.event_type, row.sub_event_type, row.location))) is None:
            named = self.titles[what] = _title_and_tags(*what)
        title, tags = named
        attributes = tuple(filter(None, map(getitem, self.pairs, _facts_of(row))))  # the facts the row gives a value
        # Positional, a fifth faster than by name: id, title, start, end, lane, status, tags,
        # notes, annotation, status_auto, corroborated_as, attributes.
        event = Event(ID_PREFIX + row.event_id_cnty, title, start, None, self.lanes[row.actor1], REPORTED, tags, notes, "", True, REPORTED, attributes)
        # Source, quote, claimant, stance, confidence, reliability, publisher.
        return event, [Cited(name, notes, name, REPORTS, None, None, name) for name in names], row.actor1


def _title_and_tags(event_type: str, sub_event_type: str, location: str) -> tuple[str, tuple[str, ...]]:
    kind = sub_event_type or event_type
    title = f"{kind} in {location}" if kind and location else kind or location
    if not title:
        raise RowError("event_type", "empty, as are sub_event_type and location: nothing to call the event")
    return title, tuple(dict.fromkeys(t for t in (event_type, sub_event_type) if t))


def _start(day: Day, precision: str) -> FuzzyDate:
    year, month, day_of_month = day
    if precision == "3":
        return FuzzyDate(year, month, approximate=True)
    return FuzzyDate(year, month, day_of_month, approximate=precision == "2")
