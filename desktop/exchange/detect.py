"""What a file to import looks like, from its content rather than its name: JSON (parsed),
XML or HTML (its root element), or a table (its first rows). Each format says from this
whether a file is its own; a file none takes is described, so that the refusal says what
it is instead of what it is not."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

import orjson

from .reading import HEAD_ROWS, is_hxl

_HEAD_CHARS = 64 * 1024  # enough for a header below a note, and a few rows
_MARKUP_ROOT = re.compile(r"\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>\[]*(?:\[.*?\]\s*)?>\s*)*<([A-Za-z_][\w:.-]*)", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class Content:
    kind: str  # "empty", "json", "markup" or "table"
    data: Any = None  # the parsed JSON; None if it does not parse
    root: str = ""  # the root element of XML or HTML, in lower case
    rows: tuple[tuple[str, ...], ...] = ()  # a table's first rows, each name stripped and in lower case
    text: str = ""

    def has_columns(self, *names: str) -> bool:
        """Whether one of the first rows of a table names all these columns (a header)."""
        return any(set(names) <= set(row) for row in self.rows)


def content_of(text: str) -> Content:
    start = text.lstrip()[:1]
    if not start:
        return Content("empty")
    if start in "{[":
        try:
            return Content("json", data=orjson.loads(text))
        except orjson.JSONDecodeError:
            return Content("json", text=text)
    if start == "<" and (root := _MARKUP_ROOT.match(text[:_HEAD_CHARS])):
        return Content("markup", root=root[1].lower(), text=text[:_HEAD_CHARS])
    reader = csv.reader(io.StringIO(text[:_HEAD_CHARS], newline=""))
    rows = []
    try:
        for row in reader:
            if row:
                rows.append(tuple(name.strip().lower() for name in row))
            if len(rows) == HEAD_ROWS:
                break
    except csv.Error:  # a quote left open in the first rows: what came before is all there is to judge by
        pass
    return Content("table", rows=tuple(rows))


def describe(content: Content) -> tuple[str, str]:
    """(field, problem) for a file that no reader takes: what it looks like."""
    if content.kind == "empty":
        return "header", "the file is empty"
    if content.kind == "markup":
        if content.root == "html":
            return "content", "this is an HTML page, not a timeline or a dataset; to cite an article, use File ▸ Import article"
        return "content", f"this is an XML file (its root element is <{content.root}>); the only XML this app reads is Timeline's (<timeline>)"
    if content.kind == "json":
        data = content.data
        if isinstance(data, dict):
            if "format" in data:
                return "format", f'this is JSON with "format": {_short(data["format"])}, not a format this app reads'
            names = ", ".join(_short(key) for key in list(data)[:6])
            return "content", f"this is JSON with the members {names}; not this app's JSON, TimelineJS, or an ACLED or UCDP API answer"
        return "content", f"this is JSON holding {type(data).__name__ if data is not None else 'null'} at its top; not a format this app reads"
    header = next((row for row in content.rows if not is_hxl(row)), ())
    if {"events", "fatalities"} <= set(header) or content.has_columns("#event+num"):
        return "header", ("this looks like monthly ACLED totals (events and fatalities counted per month and area), not events: "
                          "import ACLED's event export, which has one row per event with its event_id_cnty")
    if len(header) == 1 and ";" in header[0]:  # Excel's CSV in many European locales
        return "header", (f"unknown column {header[0][:40]!r}; the file is separated by semicolons: "
                          "save it as CSV separated by commas (in Excel, 'CSV UTF-8')")
    names = ", ".join(_short(name) for name in header[:6]) + (", …" if len(header) > 6 else "")
    return "header", (f"unknown columns {names}: expected a table this app reads: its own CSV (title,start,…), "
                      "an ACLED export (event_id_cnty,event_date,…), UCDP GED (id,date_start,date_end,side_a,side_b,…) "
                      "or a sheet with a date column and a title column (import it with --format sheet --columns date=…,title=…)")


def _short(value: Any) -> str:
    """A name or value from the file, quoted and cut short."""
    text = value if isinstance(value, str) else orjson.dumps(value).decode()
    return repr(text[:40])
