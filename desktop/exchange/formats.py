"""The formats a timeline is imported from and exported to, and which one a file is in."""
from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson

from ..fileio import atomic_write
from ..model import Timeline
from ..model.typed_dates import DateOrder
from .acled import is_acled, read_acled
from .csv_format import csv_text, read_csv
from .importing import Imported
from .json_format import json_bytes, read_json
from .reading import Progress, read_text
from .timelinejs import is_timelinejs, read_timelinejs, timelinejs_bytes


@dataclass(frozen=True)
class Format:
    name: str  # as --format takes it
    label: str  # as a file dialog lists it
    suffix: str  # an exported file's name ends so
    read: Callable[..., Imported]  # (path, text, progress), and the date order if typed_dates
    write: Callable[[Timeline, Progress | None], bytes] | None = None
    typed_dates: bool = False  # its dates may be typed by hand, numbers in the reader's day/month order

    @property
    def pattern(self) -> str:
        """For a file dialog: any file of the type, '*.json' for '.timeline.json' too."""
        return "*." + self.suffix.rsplit(".", 1)[1]

    @property
    def dialog_filter(self) -> str:
        return f"{self.label} ({self.pattern})"


FORMATS = {
    f.name: f
    for f in (
        Format("csv", "Timeline CSV", ".csv", read_csv, lambda timeline, progress=None: csv_text(timeline, progress).encode("utf-8"), typed_dates=True),
        Format("json", "Timeline JSON, the whole database", ".json", read_json, json_bytes),
        Format("acled", "ACLED CSV export", ".csv", read_acled),
        Format("timelinejs", "TimelineJS JSON", ".timeline.json", read_timelinejs, timelinejs_bytes),
    )
}


WRITABLE = [name for name, f in FORMATS.items() if f.write]


def export_format(path: Path, name: str | None = None) -> Format | None:
    """The format named, or the one the file name ends with: .csv, .json, or .timeline.json
    for TimelineJS; None for a name that is none of these."""
    if name:
        return FORMATS[name]
    by_suffix = sorted((FORMATS[n] for n in WRITABLE), key=lambda f: -len(f.suffix))  # .timeline.json before .json
    return next((f for f in by_suffix if path.name.lower().endswith(f.suffix)), None)


def write_file(timeline: Timeline, path: Path, fmt: Format, progress: Progress | None = None) -> None:
    """Write the whole file at once, once it is all made: a cancel or a crash leaves no half file."""
    atomic_write(path, fmt.write(timeline, progress))


def read_file(path: Path, name: str | None = None, progress: Progress | None = None, order: DateOrder = DateOrder.DAY_FIRST) -> Imported:
    """Read the whole file in the format named or recognised; FormatError says where it is
    wrong. ``order`` reads numeric dates typed by hand (06/08/2024) day or month first."""
    text = read_text(path)
    fmt = FORMATS[name] if name else _recognised(path, text)
    return fmt.read(path, text, progress, order) if fmt.typed_dates else fmt.read(path, text, progress)


def _recognised(path: Path, text: str) -> Format:
    """A .json file is this app's export or TimelineJS, by its shape; any other file is
    read as CSV: ACLED's if its header says so, else this app's."""
    if path.suffix.lower() == ".json":
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError:
            return FORMATS["json"]  # whose reader says where the syntax breaks
        return FORMATS["timelinejs" if is_timelinejs(data) else "json"]
    header = next(csv.reader([re.split("[\r\n]", text, maxsplit=1)[0]]), [])
    return FORMATS["acled" if is_acled(header) else "csv"]
