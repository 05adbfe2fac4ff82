"""The formats a timeline is imported from and exported to, and which one a file is in."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..bulk import collector_paused
from ..fileio import atomic_write
from ..model import Timeline
from ..model.typed_dates import DateOrder
from .acled import is_acled, read_acled
from .csv_format import COLUMNS, csv_chunks, read_csv
from .detect import Content, content_of, describe
from .importing import Imported
from .json_format import is_ours, json_bytes, read_json
from .reading import FormatError, Progress, parse_json, read_table_text
from .sheet import AskColumns, Columns, is_sheet, read_sheet
from .timeline_xml import is_timeline_xml, read_timeline_xml, timeline_xml_bytes
from .timelinejs import is_timelinejs, read_timelinejs, timelinejs_bytes
from .timelinejs_sheet import is_timelinejs_sheet, read_timelinejs_sheet, timelinejs_sheet_text
from .ucdp import is_ucdp, read_ucdp
from .vis_timeline import is_vis_timeline, read_vis_timeline


@dataclass(frozen=True)
class Format:
    name: str  # as --format takes it
    label: str  # as a file dialog lists it
    suffix: str  # an exported file's name ends so
    read: Callable[..., Imported]  # (path, text, progress), and the date order if typed_dates
    detect: Callable[[Content], bool]  # whether a file is in this format, by its content
    about: str  # what a file of it is, for `import --formats`
    write: Callable[[Timeline, Progress | None], bytes | Iterator[bytes]] | None = None  # the file, or its parts as they are made
    typed_dates: bool = False  # its dates may be typed by hand, numbers in the reader's day/month order
    mapped: bool = False  # its columns are the user's own, mapped to what an event holds (read takes columns=)

    @property
    def pattern(self) -> str:
        """For a file dialog: any file of the type, '*.json' for '.timeline.json' too."""
        return "*." + self.suffix.rsplit(".", 1)[1]

    @property
    def dialog_filter(self) -> str:
        return f"{self.label} ({self.pattern})"


def _our_csv(content: Content) -> bool:
    """A header naming columns of this app's CSV, unless it is a sheet of the user's own
    (a date and a title column) without this app's title and start."""
    names = set(content.rows[0]) if content.kind == "table" and content.rows else set()
    return not names.isdisjoint(COLUMNS) and ({"title", "start"} <= names or not is_sheet(content))


# In the order they are tried on a file: this app's CSV names columns ACLED's header names too.
FORMATS = {
    f.name: f
    for f in (
        Format("json", "Timeline JSON, the whole database", ".json", read_json, lambda c: c.kind == "json" and is_ours(c.data),
               'JSON with "format": "kursk-timeline", as this app exports it', json_bytes),
        Format("timelinejs", "TimelineJS JSON", ".timeline.json", read_timelinejs, lambda c: c.kind == "json" and is_timelinejs(c.data),
               'JSON with a list of events, each with a start_date; or TimelineJS 2\'s {"timeline": {"date": [...]}} or '
               'the first TimelineJS 3\'s {"timeline": {"slides": [...]}}', timelinejs_bytes),
        Format("timelinejs-sheet", "TimelineJS sheet (Google Sheets template as CSV)", ".timelinejs.csv", read_timelinejs_sheet, is_timelinejs_sheet,
               "a CSV with the columns of TimelineJS's Google Sheets template: Year,Month,Day,Time,…,Headline,Text,Media,…",
               lambda timeline, progress=None: timelinejs_sheet_text(timeline, progress).encode("utf-8")),
        Format("acled", "ACLED events", ".csv", read_acled, is_acled,
               'a CSV whose header (in any case, below a note or not, with HDX\'s HXL row or not) names event_id_cnty; or the API\'s JSON, {"data": [...]}'),
        Format("ucdp", "UCDP GED events", ".csv", read_ucdp, is_ucdp,
               'a CSV whose header names id, date_start, date_end, side_a and side_b; or the API\'s JSON, {"Result": [...]}'),
        Format("timeline", "Timeline (thetimelineproj) XML", ".timeline", read_timeline_xml, is_timeline_xml,
               "XML whose root element is <timeline>, as the Timeline app (thetimelineproj) saves it, versions 0.x to 2.x", timeline_xml_bytes),
        Format("vis", "vis-timeline items", ".json", read_vis_timeline, lambda c: c.kind == "json" and is_vis_timeline(c.data),
               'JSON of vis-timeline: a list of items, each with a content and a start; or {"items": [...], "groups": [...]}'),
        Format("csv", "Timeline CSV", ".csv", read_csv, _our_csv, "a CSV whose first line names columns of this app's export (title, start…)",
               csv_chunks, typed_dates=True),
        Format("sheet", "Your own sheet (CSV)", ".csv", read_sheet, is_sheet,
               "any CSV with a date column and a title column (date,event,source…), its columns mapped with --columns date=…,title=…",
               typed_dates=True, mapped=True),
    )
}


WRITABLE = [name for name, f in FORMATS.items() if f.write]
# Exported on request only (export --spreadsheet-safe): cells a spreadsheet would run as formulas are neutralised.
SPREADSHEET_CSV = replace(
    FORMATS["csv"], label="CSV for spreadsheets", write=lambda timeline, progress=None: csv_chunks(timeline, progress, spreadsheet_safe=True),
)


def with_last_changed(fmt: Format, last_changed: Mapping[str, tuple[str, str]]) -> Format:
    """The CSV ``fmt`` (plain or for spreadsheets) with who last changed each event and
    when, by event id, in its last columns."""
    safe = fmt is SPREADSHEET_CSV
    return replace(fmt, write=lambda timeline, progress=None: csv_chunks(timeline, progress, safe, last_changed))


class BadRows(FormatError):
    """Some rows of a file cannot be imported: the first of them, where and why, how many
    there are, and what was read of the good ones (``read``), which an import may take alone."""

    def __init__(self, read: Imported) -> None:
        first, count = read.skipped[0], len(read.skipped)
        self.read = read
        others = f" (and {count - 1} other bad row{'s' if count > 2 else ''})" if count > 1 else ""
        super().__init__(first.path, first.line, first.field, f"{first.problem}{others}")


def export_format(path: Path, name: str | None = None) -> Format | None:
    """The format named, or the one the file name ends with: .csv, .json, or .timeline.json
    and .timelinejs.csv for TimelineJS; None for a name that is none of these."""
    if name:
        return FORMATS[name]
    by_suffix = sorted((FORMATS[n] for n in WRITABLE), key=lambda f: -len(f.suffix))  # .timeline.json before .json, .timelinejs.csv before .csv
    return next((f for f in by_suffix if path.name.lower().endswith(f.suffix)), None)


def write_file(timeline: Timeline, path: Path, fmt: Format, progress: Progress | None = None) -> None:
    """Write the file beside ``path`` as it is made, then put it in its place: a cancel or a crash leaves no half file."""
    atomic_write(path, fmt.write(timeline, progress))


def read_file(path: Path, name: str | None = None, progress: Progress | None = None, encoding: str | None = None,
              skip_bad: bool = False, order: DateOrder = DateOrder.DAY_FIRST, columns: Columns | AskColumns | None = None) -> Imported:
    """Read the whole file in the format named or recognised; FormatError says where it is
    wrong (NotUtf8 if it is not UTF-8 and no ``encoding`` is given; BadRows if rows are bad,
    unless ``skip_bad``: then they are left out, listed in ``skipped``). ``order`` reads
    numeric dates typed by hand (06/08/2024) day or month first. ``columns`` maps the
    columns of a sheet of the user's own, or asks the user to (see sheet.py)."""
    text = read_table_text(path, encoding)
    fmt = FORMATS[name] if name else recognised(path, text)
    with collector_paused():
        options = ({"order": order} if fmt.typed_dates else {}) | ({"columns": columns} if fmt.mapped else {})
        read = fmt.read(path, text, progress, **options)
    if read.skipped and not skip_bad:
        bad = BadRows(read)
        # With no good row there is nothing to import without the bad ones: a plain refusal.
        raise bad if read.events or read.periods else FormatError(bad.path, bad.line, bad.field, bad.problem)
    return read


def recognised(path: Path, text: str) -> Format:
    """The format whose content the file has; FormatError saying what it looks like if none."""
    content = content_of(text)
    if content.kind == "json" and content.data is None:
        parse_json(path, text)  # says where the syntax breaks
    found = next((f for f in FORMATS.values() if f.detect(content)), None)
    if found is None:
        field, problem = describe(content)
        raise FormatError(path, 1, field, problem)
    return found
