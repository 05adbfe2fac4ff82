"""The TimelineJS Google Sheets template as CSV (File ▸ Download ▸ CSV of a sheet made from
Knight Lab's template), the way most TimelineJS users build a timeline: in and out, so
that a timeline goes from this app into a journalist's sheet and back.

A row is read as the slide TimelineJS itself makes of it (Year, Month, Day and Time as
the start; End Year… as the end; Display Date, Headline, Text, Media…, Group; Type
'title' for the timeline's title and 'era' for an era), then as timelinejs.py reads a
slide: HTML as text, media in the notes, this app's own wording of dates and status
back. The export writes the slides timelinejs.py makes as rows of the template, with one
column more, 'Unique ID' (which TimelineJS does not read), so that a sheet imported back
updates the events it came from instead of doubling them.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..model import Timeline
from .detect import Content
from .importing import Cites, Imported
from .reading import FormatError, LeftOut, Progress, csv_rows
from .timelinejs import event_of, lost_report, made_here, period_of, slide_links, timelinejs_data, title_lost, title_of

COLUMNS = ("Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date", "Headline", "Text",
           "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group", "Background", "Unique ID")
# Columns the template has that an event has no place for; 'Alt Text' is in newer copies of the template.
UNKEPT = ("Media Thumbnail", "Background", "Alt Text")
# The columns of a date, named in a refusal for what _fuzzy says of 'start_date' or 'end_date'.
DATE_COLUMNS = {"start_date": "Year/Month/Day/Time", "end_date": "End Year/End Month/End Day/End Time"}


def is_timelinejs_sheet(content: Content) -> bool:
    return content.kind == "table" and content.has_columns("year", "month", "day", "headline")


def read_timelinejs_sheet(path: Path, text: str, progress: Progress | None = None) -> Imported:
    header, rows = csv_rows(path, text, progress, is_header=lambda row: {"year", "headline"} <= {c.strip().lower() for c in row})
    names = [name.strip().lower() for name in header]
    if not {"year", "headline"} <= set(names):
        raise FormatError(path, 1, "header", "missing column Year or Headline; expected the columns of TimelineJS's template: " + ",".join(COLUMNS[:-1]))
    read = Imported(path, fields=frozenset({"title", "start", "end", "lane", "notes"}), cites=Cites.NONE)
    lost: Counter[str] = Counter()
    seen: Counter[str] = Counter()  # rows with one start and headline, for their ids
    left_out: list[str] = []
    slides = []
    title_said: list[str] = []
    lines: dict[tuple[str, str], int] = {}
    unkept: set[str] = set()
    for line, cells in rows:
        row = dict(zip(names, cells))
        if not any(cell.strip() for cell in cells):  # a sheet's empty row
            continue
        unkept |= {name for name in UNKEPT if row.get(name.lower(), "").strip()}
        slide = _slide_of(path, line, row)
        kind = slide["type"].strip().lower()
        if kind == "title" and read.title is None:
            read.title = title_of(slide) or None
            title_said = title_lost(slide)
            continue
        try:
            record = period_of(slide, lost, seen) if kind == "era" else event_of(slide, lost, seen)
        except LeftOut as why:
            left_out.append(f"line {line} ({why})")
            continue
        except ValueError as error:
            problem = str(error)
            field = next((columns for key, columns in DATE_COLUMNS.items() if problem.startswith(key)), "row")
            raise FormatError(path, line, field, problem) from None
        kind = "periods" if kind == "era" else "events"
        if (kind, record.id) in lines:
            raise FormatError(path, line, "Unique ID", f"{record.id!r} is the id of the row on line {lines[kind, record.id]} already")
        lines[kind, record.id] = line
        (read.periods if kind == "periods" else read.events).append(record)
        if kind == "events":
            slides.append(slide)
    if made_here(slides):  # else the statuses are made up: keep the user's
        read.fields |= {"status"}
        read.links = slide_links(read.events, slides)
    read.line_of = lambda kind, key: lines.get(("periods" if kind == "eras" else kind, key))
    read.lost = lost_report(left_out, lost) + title_said
    read.dropped = tuple(name for name in UNKEPT if name in unkept)
    return read


def _slide_of(path: Path, line: int, row: dict[str, str]) -> dict[str, Any]:
    """The TimelineJS 3 slide that TimelineJS makes of a row of its template."""
    def cell(name: str) -> str:
        return row.get(name.lower(), "").strip()

    slide: dict[str, Any] = {
        "text": {"headline": cell("Headline"), "text": cell("Text")},
        "media": {"url": cell("Media"), "credit": cell("Media Credit"), "caption": cell("Media Caption")},
        "display_date": cell("Display Date"),
        "group": cell("Group") or cell("Tag"),
        "type": cell("Type"),
    }
    if cell("Unique ID"):
        slide["unique_id"] = cell("Unique ID")
    for key, prefix in (("start_date", ""), ("end_date", "End ")):
        if cell(prefix + "Year"):
            # TimelineJS takes spaces and commas out of the numbers ('1,815' as a sheet may show it).
            date = {part: re.sub(r"[\s,]+", "", cell(prefix + part.capitalize())) for part in ("year", "month", "day")}
            slide[key] = date | _time(path, line, prefix + "Time", cell(prefix + "Time"))
        elif cell(prefix + "Time"):
            raise FormatError(path, line, prefix + "Time", f"a time of day needs a date: {prefix}Year is empty")
    if "start_date" not in slide and slide["type"].lower() != "title":
        raise FormatError(path, line, "Year", "empty: a slide needs a year (only the title row may have none)")
    return slide


_TIME = re.compile(r"(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?(?:[.,](\d{1,3}))?\s*(?:([ap])\.?m\.?)?", re.IGNORECASE)


def _time(path: Path, line: int, column: str, text: str) -> dict[str, str]:
    """'14:30', '14:30:05', '2:30 PM' or '14:30:05.250' as the parts of TimelineJS's date object."""
    if not text:
        return {}
    found = _TIME.fullmatch(text)
    if not found or not (1 <= int(found[1]) <= 12 if found[5] else int(found[1]) <= 23) or int(found[2] or 0) > 59 or int(found[3] or 0) > 59:
        raise FormatError(path, line, column, f"{text[:40]!r} is not a time of day (14:30, 14:30:05 or 2:30 PM)")
    hour = int(found[1]) % 12 + (12 if found[5] and found[5].lower() == "p" else 0) if found[5] else int(found[1])
    parts = {"hour": str(hour), "minute": found[2] or "0", "second": found[3] or "0", "millisecond": found[4] or ""}
    return {key: value for key, value in parts.items() if value}


def timelinejs_sheet_text(timeline: Timeline, progress: Progress | None = None) -> str:
    data = timelinejs_data(timeline, progress)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerow(_row(data["title"], "title"))
    writer.writerows(_row(slide) for slide in data["events"])
    writer.writerows(_row(era, "era") for era in data.get("eras", ()))
    return out.getvalue()


def _row(slide: dict[str, Any], kind: str = "") -> list[str]:
    cells = dict.fromkeys(COLUMNS, "")
    for key, prefix in (("start_date", ""), ("end_date", "End ")):
        date = slide.get(key, {})
        for part in ("year", "month", "day"):
            cells[prefix + part.capitalize()] = str(date.get(part, ""))
        if "hour" in date:
            cells[prefix + "Time"] = f"{date['hour']:02d}:{date['minute']:02d}" + (f":{date['second']:02d}" if date["second"] else "")
    text, media = slide.get("text", {}), slide.get("media", {})
    cells |= {"Media": media.get("url", ""), "Media Caption": media.get("caption", ""), "Media Credit": media.get("credit", "")}
    cells |= {"Display Date": slide.get("display_date", ""), "Headline": text.get("headline", ""), "Text": text.get("text", ""),
              "Type": kind, "Group": slide.get("group", ""), "Unique ID": slide.get("unique_id", "")}
    return list(cells.values())
