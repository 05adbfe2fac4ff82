"""What the readers of conflict datasets (ACLED, UCDP GED) share: their rows, each a named
tuple of the columns the reader reads, whether the file is a CSV export or an API's JSON
answer, and turning rows into events, where a row that cannot be read is noted with its
line and reason instead of stopping the others, for the caller to refuse the file or skip
the row."""
from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..model import Event, ModelError
from .importing import Cited, Imported
from .lanes import proposed
from .reading import FormatError, LineFinder, Progress, check_header, csv_rows, parse_json

# A spreadsheet's columns without a name (ACLED's 2016 file has seven), and the index
# column pandas writes first ("" or "Unnamed: 0"), hold nothing of the events.
UNNAMED = ("", "unnamed: 0")


class RowError(ValueError):
    """One row's value that cannot be read: its column and why."""

    def __init__(self, column: str, problem: str) -> None:
        self.column = column
        super().__init__(problem)


@dataclass
class Rows:
    """A dataset's rows, each a ``layout`` (a named tuple of the columns a reader reads, each
    value stripped; "" for a column the file lacks), and where each starts."""

    path: Path
    columns: list[str]  # the file's own, in lower case
    rows: list[Any] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # a CSV's; empty for JSON, whose lines are found on demand
    finder: LineFinder | None = None
    members: str = ""  # the JSON member holding the rows

    def line(self, index: int) -> int | None:
        if self.lines:
            return self.lines[index]
        return self.finder.line(self.members, index) if self.finder else None

    def column(self, name: str) -> list[str]:
        return list(map(operator.attrgetter(name), self.rows))


def table_rows(path: Path, text: str, progress: Progress | None, key: str, required: Iterable[str], layout: type[NamedTuple],
               skipped: list[FormatError], renamed: Mapping[str, str] | None = None) -> Rows:
    """The rows of a CSV export whose header holds the column ``key``, wherever it is in the
    first lines, as ``layout``s; a column the file names as a key of ``renamed`` is read as its value."""
    header, found = csv_rows(path, text, progress, is_header=lambda row: key in (name.strip().lower() for name in row), skipped=skipped)
    names = [name.strip().lower() for name in header]
    check_header(path, [name for name in names if name not in UNNAMED], required)
    rows = Rows(path, [name for name in names if name not in UNNAMED])
    fields = [(renamed or {}).get(name, name) for name in names]
    # Picked, stripped and made in C: a file has a hundred thousand rows. A column the file
    # lacks is read from a blank cell put at the end of each row.
    blank = len(fields)
    places = [fields.index(name) if name in fields else blank for name in layout._fields]
    # tuple.__new__ as layout._make calls it, without its check of the length: picked, it is right.
    pick, make, padded = operator.itemgetter(*places), functools.partial(tuple.__new__, layout), blank in places
    add_row, add_line = rows.rows.append, rows.lines.append
    for line, cells in found:
        if padded:
            cells.append("")
        add_row(make(map(str.strip, pick(cells))))
        add_line(line)
    return rows


def json_rows(path: Path, text: str, members: str, required: Collection[str], layout: type[NamedTuple],
              renamed: Mapping[str, str] | None = None) -> Rows:
    """The rows of an API's JSON answer: the objects in its list ``members``, as ``layout``s,
    a member named as a key of ``renamed`` read as its value."""
    data = parse_json(path, text)
    items = data.get(members) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise FormatError(path, 1, members, f"missing: the answer holds its events in a list called {members!r}")
    rows = Rows(path, [], finder=LineFinder(text), members=members)
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise FormatError(path, rows.line(index), f"{members}[{index}]", f"should be an object, not {type(item).__name__}")
        # An answer made with fewer fields: what it lacks is empty, and refused as such.
        row = {(renamed or {}).get(name := str(key).strip().lower(), name): value for key, value in item.items()}
        rows.rows.append(layout._make(_text(row.get(name)) for name in layout._fields))
    if items:
        names = [str(key).strip().lower() for key in items[0]]
        if missing := [name for name in required if name not in names]:
            raise FormatError(path, rows.line(0), f"{members}[0]", f"missing member {', '.join(missing)}")
        rows.columns = list(dict.fromkeys([*required, *names]))
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else str(value)


Built = tuple[Event, list[Cited], str]  # an event, its citations, and the actor whose lane it goes in


def add_events(read: Imported, rows: Rows, key: str, build: Callable[[int, Any], Built], kept: Collection[str]) -> None:
    """Build an event from each row; a row that cannot be read, or repeats an id, is
    noted in ``read.skipped``. Columns not in ``kept`` are noted as dropped."""
    found: dict[str, int] = {}  # event id → its row
    # The rows are let go of once the events are made (only their lines are kept, for
    # errors): the edit made of the events next does not hold both. Not one by one as
    # they are read: the records made next would fill the holes all over memory, and
    # reading them back takes a third longer.
    taken, rows.rows = rows.rows, []
    for index, row in enumerate(taken):
        try:
            event, cited, actor = build(index, row)
            if event.id in found:
                raise RowError(key, f"{getattr(row, key)!r} is the id of the event on line {rows.line(found[event.id])} already")
        except RowError as error:
            read.skipped.append(FormatError(rows.path, rows.line(index), error.column, str(error)))
            continue
        except ModelError as error:  # an end before the start
            read.skipped.append(FormatError(rows.path, rows.line(index), "row", str(error)))
            continue
        found[event.id] = index
        read.events.append(event)
        read.cited[event.id] = cited
        read.actors[event.id] = actor
    read.line_of = lambda kind, event_id: rows.line(found[event_id]) if event_id in found else None
    read.dropped = tuple(name for name in rows.columns if name not in kept)


class FirstLanes(dict):
    """Actor → the lane proposed for it in a timeline without lanes (lanes.py), each actor
    found once. A dataset's events are read into these lanes: an import into most timelines
    keeps them, and has only the others to move."""

    def __missing__(self, actor: str) -> str:
        lane = self[actor] = proposed(actor, [])
        return lane


class Facts(dict):
    """A fact's (name, value) pairs by value, each made once and shared by the events that
    have it: a hundred thousand events name a few hundred places. None for no value."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def __missing__(self, value: str) -> tuple[str, str] | None:
        pair = self[value] = (self.name, value) if value else None
        return pair


def publishers(text: str) -> list[str]:
    """'24 Channel; Suspilne Media' → each publisher once, in order."""
    return list(dict.fromkeys(name.strip() for name in text.split(";") if name.strip()))
