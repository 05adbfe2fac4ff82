"""Command line: ``kursk-timeline`` opens the window; ``kursk-timeline export`` works headless."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .database import default_db_path, open_database
from .exchange.csv_format import write_csv
from .fileio import same_file
from .store import StoreError

PROG = "kursk-timeline"


def _parser() -> argparse.ArgumentParser:
    database = argparse.ArgumentParser(add_help=False)
    # SUPPRESS lets "--db" stand before or after the sub-command without one erasing the other.
    database.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="database file (default: in your data folder)")
    database.add_argument("--empty", action="store_true", default=argparse.SUPPRESS, help="a new database starts empty instead of seeded with the Kursk timeline")
    parser = argparse.ArgumentParser(prog=PROG, parents=[database], description="Sourced timeline editor.")
    commands = parser.add_subparsers(dest="command")
    export = commands.add_parser("export", parents=[database], help="write the timeline to a file without opening a window")
    export.add_argument("output", type=Path, help="output file; its extension picks the format (.csv)")
    return parser


def _fail(message: str) -> int:
    # Values quoted from a file may hold line breaks or terminal escapes: show them escaped.
    one_line = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in message)
    print(f"{PROG}: error: {one_line}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db, empty = getattr(args, "db", None), getattr(args, "empty", False)
    if args.command is None:
        from .app import run_gui  # Qt is loaded only when a window is wanted

        return run_gui(db, empty=empty)
    return export(args.output, db, empty)


def export(output: Path, db: Path | None, empty: bool) -> int:
    if output.suffix.lower() != ".csv":
        return _fail(f"cannot export to '{output.suffix or output.name}': this version writes .csv")
    db = db or default_db_path()
    if same_file(output, db):  # checked first, so that not even a new database is created
        return _fail(f"{output}: this is the database itself; choose another file name")
    try:
        store = open_database(db, empty=empty)
        timeline = store.load()
        store.close()
    except StoreError as error:  # the store turns every failure to open or read into one
        return _fail(str(error))
    try:
        write_csv(timeline, output)
    except OSError as error:
        return _fail(f"{output}: {error.strerror or error}")
    print(f"{output}: {len(timeline.events)} events")
    return 0
