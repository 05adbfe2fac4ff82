"""A sheet of the user's own: any CSV with a date column and a title column
(``date,event,source``, ``Date,Headline,Link``), its columns mapped to what an event
holds. The app proposes the mapping from the column names (and, for a date or a link
that no name gives away, from the values), and the user confirms or changes it: in a
dialog in the app, with ``--columns date=Date,title=Event,…`` headless.

Dates are read as people type them (model/typed_dates.py: "6 August 2024", "Aug 6,
2024", "August 2024"); numeric ones (06/08/2024) in the one order of day and month that
the file's own dates decide, as for a conflict dataset (table_dates.py), else in the
order the user reads numbers in. A source or a link makes a source, cited by the event
with its title as the quote. The event's id is made from its row's date and title, so
that importing the sheet again updates what the first import made.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlparse

from ..model import DateError, Event, FuzzyDate
from ..model.typed_dates import DateOrder, read_date, read_range
from .datasets import RowError, add_events, table_rows
from .detect import Content, content_of
from .importing import Cited, Cites, Imported
from .reading import FormatError, Progress, csv_rows
from .table_dates import DayReader, FileDatesError
from .timelinejs import plain_text

ROLES = ("date", "title", "end", "lane", "source", "url", "notes")
REQUIRED = ("date", "title")
Row = NamedTuple("Row", [(role, str) for role in ROLES])  # a row's cells by role; "" for a role no column has
# The names a column is known by, for each role, as the mapping is proposed.
NAMES = {
    "date": ("date", "start", "start date", "event date", "when", "day", "datetime", "timestamp", "published", "publication date", "time"),
    "title": ("title", "event", "headline", "what", "event title", "name", "summary", "subject"),
    "end": ("end", "end date", "until", "to", "finish"),
    "lane": ("lane", "group", "category", "actor", "side", "party", "country", "who"),
    "source": ("source", "publisher", "outlet", "media", "via", "credit", "source name"),
    "url": ("url", "link", "source url", "href", "website", "web"),
    "notes": ("notes", "note", "description", "desc", "details", "text", "comment", "comments", "body"),
}
FIELDS = {"date": "start", "title": "title", "end": "end", "lane": "lane", "notes": "notes"}
SAMPLE = 20  # rows looked at to propose a column by its values
Columns = Mapping[str, str]  # role → the column's name as the header writes it
# Given the header, the proposed mapping and the first rows, the mapping to use.
AskColumns = Callable[[list[str], dict[str, str], list[list[str]]], Columns]


def _normal(name: str) -> str:
    return " ".join(name.strip().lower().replace("_", " ").replace("-", " ").split())


def is_sheet(content: Content) -> bool:
    """A table one of whose first rows names a date column and a title column."""
    if content.kind != "table":
        return False
    return any(any(_normal(n) in NAMES["date"] for n in row) and any(_normal(n) in NAMES["title"] for n in row) for row in content.rows)


def propose(header: list[str], rows: list[list[str]]) -> dict[str, str]:
    """Which column is which, as far as the names (then the values) tell."""
    chosen: dict[str, str] = {}
    for role in ROLES:
        for name in header:
            if _normal(name) in NAMES[role] and name not in chosen.values():
                chosen[role] = name
                break
    columns = {name: [row[i].strip() for row in rows[:SAMPLE] if i < len(row) and row[i].strip()] for i, name in enumerate(header)}
    free = [name for name in header if name not in chosen.values() and columns[name]]
    if "date" not in chosen and (found := next((n for n in free if all(_reads_as_date(v) for v in columns[n])), None)):
        chosen["date"] = found
    if "url" not in chosen and (found := next((n for n in free if all(v.startswith(("http://", "https://")) for v in columns[n])), None)):
        chosen["url"] = found
    if "title" not in chosen and (found := next((n for n in free if n not in chosen.values()), None)):
        chosen["title"] = found
    return chosen


def _reads_as_date(text: str) -> bool:
    try:
        read_date(text)
    except DateError:
        return False
    return True


def parse_columns(text: str) -> dict[str, str]:
    """``date=Date,title=Event`` as {role: column}; ValueError saying what is wrong."""
    chosen: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        role, equals, column = part.partition("=")
        role = role.strip().lower()
        if not equals or role not in ROLES:
            raise ValueError(f"--columns: {part!r} should be ROLE=COLUMN, a role one of {', '.join(ROLES)}")
        chosen[role] = column.strip()
    return chosen


def read_sheet(path: Path, text: str, progress: Progress | None = None, order: DateOrder = DateOrder.DAY_FIRST,
               columns: Columns | AskColumns | None = None) -> Imported:
    """The sheet's rows as events, its columns as ``columns`` maps them: a mapping, a
    question to ask with the proposal, or None for the proposal itself."""
    if (kind := content_of(text).kind) in ("json", "markup"):  # read as a sheet on request only: say it is none
        raise FormatError(path, 1, "content", f"this is {'JSON' if kind == 'json' else 'XML or HTML'}, not a sheet: import it without --columns or --format sheet")
    header, first = csv_rows(path, text, skipped=[])  # a bad row is refused, or skipped, when the rows are read
    sample = [cells for _, (_, cells) in zip(range(SAMPLE), first)]
    proposal = propose(header, sample)
    chosen = dict(columns(header, proposal, sample) if callable(columns) else proposal if columns is None else columns)
    _check(path, header, chosen)
    by_role = {role: name.strip().lower() for role, name in chosen.items() if name}  # as table_rows names the columns
    given = {"end"} | {FIELDS[r] for r in by_role if r in FIELDS}  # a date cell may give a range: the sheet speaks for the end
    read = Imported(path, fields=frozenset(given), cites=Cites.OWN if {"source", "url"} & by_role.keys() else Cites.NONE)
    # Each chosen column read as its role; the others as nothing (no role is named "").
    as_roles = {**dict.fromkeys((name.strip().lower() for name in header), ""), **{name: role for role, name in by_role.items()}}
    rows = table_rows(path, text, progress, by_role["date"], [by_role[r] for r in REQUIRED], Row, read.skipped, as_roles)
    starts = rows.column("date")
    ends = rows.column("end") if "end" in by_role else []
    try:
        reader = DayReader(starts + ends, [""] * (len(starts) + len(ends)))  # the file's dates decide their order together
    except FileDatesError as error:
        index = error.index % len(starts)
        raise FormatError(path, rows.line(index), chosen["end" if error.index >= len(starts) else "date"], str(error)) from None
    if reader.order:
        order = DateOrder.MONTH_FIRST if reader.order == "mdy" else DateOrder.DAY_FIRST
    seen: dict[str, int] = {}

    def build(index: int, row: Row) -> tuple[Event, list[Cited], str]:
        title = _text(row.title)
        if not title:
            raise RowError(chosen["title"], "empty: every event needs a title")
        start, end = _dates(reader, index, starts[index], order, chosen["date"])
        if ends and ends[index]:
            end = _dates(reader, len(starts) + index, ends[index], order, chosen["end"])[0]
        key = f"{starts[index]}|{title}"
        seen[key] = seen.get(key, 0) + 1
        event = Event("sheet:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"sheet:{key}|{seen[key]}")), title, start, end,
                      lane=row.lane, notes=_text(row.notes))
        if row.url and not row.url.lower().startswith(("http://", "https://")):  # a link the details panel would open
            raise RowError(chosen["url"], f"{row.url[:60]!r} is not a web address: it should start with http:// or https://")
        return event, _cited(title, row.source, row.url), ""

    add_events(read, rows, "date", build, set(by_role.values()))
    read.actors = {}  # a sheet names its own lanes
    read.dropped = tuple(name for name in header if name.strip().lower() not in by_role.values() and name.strip())
    return read


def _check(path: Path, header: list[str], chosen: dict[str, str]) -> None:
    known = {name.strip().lower() for name in header}
    for role in REQUIRED:
        if not chosen.get(role):
            names = ", ".join(repr(name[:40]) for name in header[:8])
            raise FormatError(path, 1, "header", f"no column is the {role}: name it with --columns {role}=COLUMN (the columns are {names})")
    used: dict[str, str] = {}
    for role, name in chosen.items():
        key = name.strip().lower()
        if key and key not in known:
            raise FormatError(path, 1, "header", f"there is no column {name[:40]!r} to be the {role}")
        if key and key in used:
            raise FormatError(path, 1, "header", f"column {name[:40]!r} cannot be both the {used[key]} and the {role}")
        used[key] = role


def _dates(reader: DayReader, index: int, text: str, order: DateOrder, column: str) -> tuple[FuzzyDate, FuzzyDate | None]:
    """The date a cell gives, and its end if it gives a range ("August 2024 to April 2025")."""
    if not text.strip():
        raise RowError(column, "empty: every event needs a date")
    try:
        if reader.numeric(index):
            return FuzzyDate(*reader.day(index)), None
        try:
            return read_date(text, order), None
        except DateError:
            return read_range(text, order)
    except ValueError as error:  # DateError, and the reader's own
        raise RowError(column, str(error)) from None


def _text(cell: str) -> str:
    """A cell as text: HTML, which sheets made for the web hold, read as such."""
    return plain_text(cell) if "<" in cell and ">" in cell else cell


def _cited(title: str, source: str, url: str) -> list[Cited]:
    """The source the row names (or its link's site), citing the event's title."""
    if source.startswith(("http://", "https://")) and not url:  # a source given by its link
        source, url = "", source
    if not source and not url:
        return []
    name = " ".join(source.split()) or urlparse(url).netloc or url
    return [Cited(source or url, title, name, publisher=name, url=url)]
