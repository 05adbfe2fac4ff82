"""Events from UCDP GED (the Uppsala Conflict Data Program's Georeferenced Event Dataset),
which HDX serves as the "conflict data" of a country: its CSV (with HDX's row of HXL
hashtags under the header, or without) and its API's JSON answer (``{"Result": [...]}``).

Each row is one event, over the days from ``date_start`` to ``date_end`` (a point event
when they are the same day); its lane from side A (see lanes.py); its title from the
kind of violence and the place. Each article ``source_article`` lists (``"BBC Monitoring
Newsfile,2013-12-14,Seven killed in clashes…";"…"``) is a source cited with its headline
as the quote and its publisher as the claimant, reporting. Deaths, both sides and the
place stay on the event as its attributes. The UCDP id makes the event's id.
"""
from __future__ import annotations

import csv
import re
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from ..model import Event, FuzzyDate, Status
from .datasets import Built, FirstLanes, RowError, add_events, json_rows, table_rows
from .detect import Content
from .importing import Cited, Cites, Imported
from .reading import FormatError, Progress
from .table_dates import DayReader, FileDatesError

ID_PREFIX = "ucdp:"
REQUIRED = ("id", "date_start", "date_end", "side_a", "side_b")
VIOLENCE = {"1": "state-based conflict", "2": "non-state conflict", "3": "one-sided violence"}
FACTS = ("type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b", "best", "low", "high", "deaths_a", "deaths_b",
         "deaths_civilians", "deaths_unknown", "country", "region", "adm_1", "adm_2", "where_coordinates", "where_description",
         "latitude", "longitude", "where_prec", "date_prec", "event_clarity", "number_of_sources", "source_original")
Row = NamedTuple("Row", [(name, str) for name in (*FACTS, "id", "year", "date_start", "date_end", "source_article")])
KEPT = set(Row._fields)
_facts_of = itemgetter(*map(Row._fields.index, FACTS))
# 'Publisher,2013-12-14,Headline' (GED 19 on), or 'Publisher (1989-10-01): "Headline"' (older events).
_ARTICLE = re.compile(r"(?P<publisher>[^,]+),\s*\d{4}-\d{2}-\d{2},\s*(?P<headline>.*)|(?P<old>[^(:]+?)\s*\([^)]*\)\s*:?\s*(?P<said>.*)", re.DOTALL)


def is_ucdp(content: Content) -> bool:
    if content.kind == "json":
        rows = content.data.get("Result") if isinstance(content.data, dict) else None
        return isinstance(rows, list) and bool(rows) and isinstance(rows[0], dict) and "side_a" in rows[0]
    return content.kind == "table" and content.has_columns(*REQUIRED)


def read_ucdp(path: Path, text: str, progress: Progress | None = None) -> Imported:
    read = Imported(path, fields=frozenset({"title", "start", "end", "lane", "notes", "attributes"}), cites=Cites.OWN)
    if text.lstrip().startswith("{"):
        rows = json_rows(path, text, "Result", REQUIRED, Row)
    else:
        rows = table_rows(path, text, progress, "date_start", REQUIRED, Row, read.skipped)
    try:
        starts = DayReader(rows.column("date_start"), rows.column("year"))
        ends = DayReader(rows.column("date_end"), rows.column("year"))
    except FileDatesError as error:
        raise FormatError(path, rows.line(error.index), "date_start", str(error)) from None
    lanes = FirstLanes()
    add_events(read, rows, "id", lambda index, row: _event(row, starts, ends, index, lanes), KEPT)
    return read


def _event(row: Row, starts: DayReader, ends: DayReader, index: int, lanes: FirstLanes) -> Built:
    if not row.id:
        raise RowError("id", "empty: every UCDP event has an id")
    start, end = (_day(reader, index, name) for reader, name in ((starts, "date_start"), (ends, "date_end")))
    kind = VIOLENCE.get(row.type_of_violence, "violence")
    where = row.where_coordinates or row.adm_1 or row.country
    facts = {name: value for name, value in zip(FACTS, _facts_of(row)) if value}
    if "type_of_violence" in facts:
        facts["type_of_violence"] = kind
    event = Event(
        ID_PREFIX + row.id,
        f"{kind[0].upper()}{kind[1:]} in {where}" if where else kind.capitalize(),
        start,
        end if end != start else None,
        lane=lanes[row.side_a],
        status=Status.REPORTED,
        status_auto=True,
        tags=(kind,),
        notes=row.where_description,
        attributes=tuple(sorted(facts.items())),
    )
    return event, _articles(row.source_article), row.side_a


def _day(reader: DayReader, index: int, name: str) -> FuzzyDate:
    try:
        return FuzzyDate(*reader.day(index))
    except ValueError as error:
        raise RowError(name, str(error)) from None


def _articles(text: str) -> list[Cited]:
    """Each article the row lists, cited with its headline; one article only once."""
    try:
        items = next(csv.reader([" ".join(text.splitlines())], delimiter=";"), [])
    except csv.Error:  # quotes that do not pair: the list as one article
        items = [text]
    cited = []
    for item in dict.fromkeys(a.strip() for a in items if a.strip()):
        match = _ARTICLE.fullmatch(item)
        publisher = (match["publisher"] or match["old"]).strip() if match else item
        headline = ((match["headline"] or match["said"]) if match else "").strip().strip('"') or item
        cited.append(Cited(item, headline, publisher, publisher=publisher))
    return cited
