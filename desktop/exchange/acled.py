"""Events from an ACLED export (Armed Conflict Location & Event Data), as CSV.

Each row is one event: its title from the (sub-)event type and the location, its lane
the first actor, its date at the precision ACLED codes, and its sourcing: ACLED's
``source`` column becomes a source, cited with the row's ``notes`` as the quote and
the source as claimant, reporting. The ACLED id makes the event's id, so importing a
newer export of the same events updates them: their title, date, lane, notes and the
citation the import made, not what the user has added (status, tags, annotation,
citations).

ACLED's ``time_precision`` says how well the date is known, and the ``event_date`` of
an imprecise event is a stand-in day inside the period the sources give:
1: the sources give the day              → the day             2024-08-06
2: they give a week or a few days        → about that day      2024-08-06~
3: they give a month or a longer span    → about that month    2024-08~
Headers are read in any case: older exports have them in capitals.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..model import Event, FuzzyDate, Status
from .importing import Cited, Cites, Imported
from .reading import FormatError, Progress, check_header, csv_rows

ID_PREFIX = "acled:"
REQUIRED = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "location", "source", "notes")
PRECISION = {"1": "the day itself", "2": "within a week or a few days of this day", "3": "within a month or more around this month"}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})")  # '06 August 2024', '6-Aug-2024'


def is_acled(header: list[str]) -> bool:
    return "event_id_cnty" in (name.strip().lower() for name in header)


def read_acled(path: Path, text: str, progress: Progress | None = None) -> Imported:
    header, rows = csv_rows(path, text, progress)
    names = [name.strip().lower() for name in header]
    check_header(path, names, REQUIRED)
    # What ACLED says of an event; its status, tags beyond ACLED's and the citations
    # the user added are the user's, and a newer export leaves them be.
    read = Imported(path, fields=frozenset({"title", "start", "end", "lane", "notes"}), cites=Cites.OWN)
    lines: dict[str, int] = {}
    for line, cells in rows:
        row = dict(zip(names, (cell.strip() for cell in cells)))

        def fail(name: str, problem: str) -> FormatError:
            return FormatError(path, line, name, problem)

        if not row["event_id_cnty"]:
            raise fail("event_id_cnty", "empty: every ACLED event has an id")
        event_id = ID_PREFIX + row["event_id_cnty"]
        if event_id in lines:
            raise fail("event_id_cnty", f"{row['event_id_cnty']!r} is the id of the event on line {lines[event_id]} already")
        lines[event_id] = line
        if row["time_precision"] not in PRECISION:
            raise fail("time_precision", f"{row['time_precision']!r} is not 1 (day), 2 (week) or 3 (month or more)")
        try:
            start = _date(row["event_date"], row["time_precision"])
        except ValueError as error:
            raise fail("event_date", str(error)) from None
        for name in ("source", "notes"):
            if not row[name]:
                raise fail(name, "empty: the source and its notes are what the event rests on")
        kind = row["sub_event_type"] or row["event_type"]
        title = f"{kind} in {row['location']}" if row["location"] else kind
        if not title:
            raise fail("event_type", "empty, as are sub_event_type and location: nothing to call the event")
        tags = tuple(dict.fromkeys(t for t in (row["event_type"], row["sub_event_type"]) if t))
        read.events.append(Event(event_id, title, start, lane=row["actor1"], status=Status.REPORTED, tags=tags, notes=_notes(row)))
        read.cited[event_id] = [Cited(row["source"], row["notes"], row["source"])]
    read.line_of = lambda kind, key: lines.get(key)
    return read


def _date(text: str, precision: str) -> FuzzyDate:
    if match := _ISO.fullmatch(text):
        year, month, day = map(int, match.groups())
    elif (match := _WORDS.fullmatch(text)) and (month := _month(match[2])):
        year, day = int(match[3]), int(match[1])
    else:
        raise ValueError(f"cannot read date {text!r}: use 2024-08-06 or 06 August 2024")
    if precision == "3":
        return FuzzyDate(year, month, approximate=True)
    return FuzzyDate(year, month, day, approximate=precision == "2")


def _month(name: str) -> int | None:
    """January is 1; 'Aug' and 'august' are 8. Not the locale's names: ACLED writes English."""
    found = [n for n, month in enumerate(_MONTHS, 1) if len(name) >= 3 and month.startswith(name.lower())]
    return found[0] if len(found) == 1 else None


def _notes(row: dict[str, str]) -> str:
    """What ACLED says of the event besides its sources' words, one fact a line."""
    where = ", ".join(p for p in (row.get("location"), row.get("admin2"), row.get("admin1"), row.get("country")) if p)
    if row.get("latitude") and row.get("longitude"):
        where += f" ({row['latitude']}, {row['longitude']})"
    facts = (
        ("ACLED event", row["event_id_cnty"]),
        ("ACLED time precision", f"{row['time_precision']}, {PRECISION[row['time_precision']]}"),
        ("Where", where),
        ("Actors", " and ".join(a for a in (row["actor1"], row.get("actor2")) if a)),
        ("Fatalities", row.get("fatalities")),
        ("Source scale", row.get("source_scale")),
    )
    return "\n".join(f"{name}: {value}" for name, value in facts if value)
