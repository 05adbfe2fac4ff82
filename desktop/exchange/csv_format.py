"""The timeline as a CSV table: one row per event, UTF-8, RFC 4180 (CRLF line ends).

Dates keep their on-disk EDTF form, so month and approximate precision survive a
spreadsheet. An event's citations fill four parallel columns (``claimant``,
``sources``, ``quotes``, ``stances``), each a JSON array with one entry per citation
in the same order: a quote may hold commas, semicolons or line breaks, and an
array keeps it whole where any separator would not. ``tags`` is a JSON array too.
``annotation`` is the user's own remark on the event, as its callout shows it.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..fileio import atomic_write
from ..model import Timeline

COLUMNS = ("id", "title", "start", "end", "lane", "status", "claimant", "tags", "notes", "sources", "quotes", "stances", "disputes", "annotation")


def _array(values: list[str]) -> str:
    return json.dumps(values, ensure_ascii=False)


def csv_text(timeline: Timeline) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    events = sorted(timeline.events.values(), key=lambda e: (e.start.earliest, e.start.latest, e.title, e.id))
    for event in events:
        citations = timeline.citations_for(event.id)
        writer.writerow([
            event.id,
            event.title,
            event.start.edtf,
            event.end.edtf if event.end else "",
            event.lane,
            event.status.value,
            _array([c.claimant for c in citations]),
            _array(list(event.tags)),
            event.notes,
            _array([timeline.sources[c.source_id].title for c in citations]),
            _array([c.quote for c in citations]),
            _array([c.stance.value for c in citations]),
            event.disputes or "",
            event.annotation,
        ])
    return out.getvalue()


def write_csv(timeline: Timeline, path: Path) -> None:
    atomic_write(Path(path), csv_text(timeline).encode("utf-8"))
