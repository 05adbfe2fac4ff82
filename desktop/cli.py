"""Command line: ``kursk-timeline`` opens the window; ``export`` and ``import`` work headless."""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from . import article_command, image_command
from .csv_command import exported_straight
from .database import default_db_path, import_into, open_database
from .exchange.formats import FORMATS, SPREADSHEET_CSV, WRITABLE, BadRows, export_format, read_file, with_last_changed, write_file
from .exchange.image_content import IMAGE_SUFFIXES, ImageError, ImageRequest
from .exchange.importing import skipped_report, summary
from .exchange.lanes import read_lane_map
from .exchange.reading import FormatError
from .exchange.sheet import parse_columns
from .fileio import atomic_write, same_file
from .model import Timeline
from .model.typed_dates import DateOrder
from .model.wording import counted
from .recovery import recover
from .share import blame
from .share.form import FormError
from .share.git import GitError
from .share.history import described, event_history, heading, unsynced
from .share.sync import ShareError, clone, linked_repo, publish, sync_database, take_mine, take_theirs
from .store import CorruptDatabase, Store, StoreError

PROG = "kursk-timeline"
TAKE = {"mine": take_mine, "theirs": take_theirs}  # share sync --take: each conflicting field settled so


class _Parser(argparse.ArgumentParser):
    """Its mistakes are told like every other error: one line, exit status 2."""

    def error(self, message: str) -> NoReturn:
        sys.exit(_fail(f"{message} (see {self.prog} --help)"))


def _parser() -> argparse.ArgumentParser:
    database = argparse.ArgumentParser(add_help=False)
    # SUPPRESS lets "--db" stand before or after the sub-command without one erasing the other.
    database.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="database file (default: in your data folder)")
    database.add_argument("--empty", action="store_true", default=argparse.SUPPRESS, help="a new database starts empty instead of seeded with the Kursk timeline")
    parser = _Parser(prog=PROG, parents=[database], description="Sourced timeline editor.")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    export = commands.add_parser("export", parents=[database], help="write the timeline to a file without opening a window")
    export.add_argument("output", type=Path, help="output file; its extension picks the format (.csv, .json, .timeline.json for TimelineJS, .timelinejs.csv for TimelineJS's sheet, .timeline for Timeline, .png, .svg, .pdf)")
    export.add_argument("--format", choices=WRITABLE, help="write this format whatever the extension")
    export.add_argument(
        "--spreadsheet-safe", action="store_true",
        help="CSV: put an apostrophe before cells that start with = + - @ so that a spreadsheet does not run them as formulas (not for importing back)",
    )
    export.add_argument("--last-changed", action="store_true",
                        help="CSV and pictures of a shared timeline: who last changed each event and when, from its git history "
                             "(columns last_changed_by, last_changed_on; under a picture, a list)")
    image_command.add_options(export)
    import_ = commands.add_parser("import", parents=[database], help="read events from a file into the database without opening a window")
    import_.add_argument("file", type=Path, nargs="?", help="a file in one of the formats --formats lists, or an article (.html, .md, .txt) to add as a source")
    import_.add_argument("--format", choices=[*FORMATS, article_command.FORMAT], help="read the file as this format instead of recognising it")
    import_.add_argument("--wait", type=float, default=0, metavar="SECONDS", help="wait up to this long for the app or another import to close the database (default: do not wait)")
    import_.add_argument("--formats", action="store_true", help="list the formats a file is recognised as, and stop")
    import_.add_argument("--encoding", help="the file's text encoding when it is not UTF-8, such as cp1252")
    import_.add_argument("--lanes", type=Path, metavar="MAP.csv", help="a CSV with the columns actor,lane: which lane a dataset's actors go in")
    import_.add_argument("--columns", metavar="ROLE=COLUMN,…", help="a sheet of your own: which column is the date, title, end, lane, source, url and notes "
                         "(date=Date,title=Event,…); the file is read as such a sheet. Without it a sheet's columns are taken as their names suggest")
    import_.add_argument("--skip-bad", action="store_true", help="import the rows that can be read, leaving out the others (listed in a file beside the database)")
    article_command.add_options(import_)
    import_.add_argument("--month-first", action="store_true", help="read a CSV's dates typed as 06/08/2024 as 8 June, not 6 August")
    share = commands.add_parser("share", help="share the timeline through a git repository: publish, clone, sync")
    steps = share.add_subparsers(dest="share_command", required=True, parser_class=_Parser)
    init = steps.add_parser("init", parents=[database], help="publish the database into a git repository (a new folder, or one without a timeline)")
    init.add_argument("repo", type=Path, metavar="REPO_DIR", help="the repository's folder; made a git repository if it is not one")
    clone = steps.add_parser("clone", parents=[database], help="get a shared timeline into a new folder and a new database")
    clone.add_argument("url", help="the repository to clone: any URL git takes, or a folder")
    clone.add_argument("directory", type=Path, metavar="DIR", help="the new folder for the working copy")
    sync = steps.add_parser("sync", parents=[database], help="commit your edits, fetch and merge the others', push")
    sync.add_argument("--take", choices=["mine", "theirs"], help="where both sides changed the same field, keep your value or theirs "
                      "(without it such a sync is refused, listing each conflict)")
    history = steps.add_parser("history", parents=[database], help="every committed change to an event: who, when, which fields, old and new values")
    history.add_argument("event_id", metavar="EVENT_ID", help="the event's id")
    return parser


def _fail(message: str) -> int:
    _say("error", message)
    return 2


def _say(kind: str, message: str) -> None:
    # Values quoted from a file may hold line breaks or terminal escapes: show them escaped.
    one_line = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in message)
    print(f"{PROG}: {kind}: {one_line}", file=sys.stderr)


def _corrupt(error: CorruptDatabase) -> int:
    """Move the file aside and say where, and which backup would restore it; open nothing else."""
    found = recover(error)
    if found.moved_to is None:
        return _fail(f"{error}; it could not be moved aside ({found.why_not_moved}) and has not been changed")
    if not found.backups:
        return _fail(f"{found.path} is corrupt ({found.problem}); moved aside to {found.moved_to}; there is no backup of it")
    latest = found.backups[0]
    return _fail(
        f"{found.path} is corrupt ({found.problem}); moved aside to {found.moved_to}; "
        f"the most recent backup is {latest.path} ({latest.when()}): copy it over {found.path} to restore"
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] not in ("export", "import", "share") and (argv[0].endswith(".json") or Path(argv[0]).is_file()):
        argv = ["--db", *argv]  # kursk-timeline FILE: the app on that file (a mistyped command stays a mistake)
    parser = _parser()
    args = parser.parse_args(argv)
    db, empty = getattr(args, "db", None), getattr(args, "empty", False)
    if args.command is None:
        from .app import run_gui  # Qt is loaded only when a window is wanted

        return run_gui(db, empty=empty)
    if args.command == "import":
        if args.formats:
            width = max(map(len, [*FORMATS, article_command.FORMAT]))
            print("\n".join(f"{f.name:<{width}}  {f.label}: {f.about}" for f in FORMATS.values()))
            print(f"{article_command.FORMAT:<{width}}  {article_command.ABOUT}")
            return 0
        if args.file is None:
            parser.error("import: the file to import is missing")
        if args.wait < 0:
            return _fail("--wait takes a number of seconds, 0 or more")
        try:
            columns = parse_columns(args.columns) if args.columns is not None else None
        except ValueError as error:
            return _fail(f"{args.file}: {error}")
        if columns is not None and args.format not in (None, "sheet"):
            return _fail(f"{args.file}: --columns maps a sheet of your own (--format sheet), not --format {args.format}")
        return import_file(args.file, db, empty, args.format or ("sheet" if columns is not None else None), args.encoding, args.lanes, args.skip_bad,
                           args.wait, article_command.options_of(args), DateOrder.MONTH_FIRST if args.month_first else DateOrder.DAY_FIRST, columns)
    if args.command == "share":
        return share(args, db or default_db_path(), empty)
    try:
        image = image_command.request_of(args)  # checked before the database is opened, or created
    except ImageError as error:
        return _fail(str(error))
    return export(args.output, db, empty, image, args.format, args.spreadsheet_safe, args.last_changed)


def export(
    output: Path, db: Path | None, empty: bool, image: ImageRequest | None = None, format_name: str | None = None, spreadsheet_safe: bool = False,
    last_changed: bool = False,
) -> int:
    fmt = export_format(output, format_name)  # None: an image, or nothing this version writes
    if spreadsheet_safe:
        if fmt is not FORMATS["csv"]:
            return _fail("--spreadsheet-safe is for CSV exports only")
        fmt = SPREADSHEET_CSV
    if last_changed and fmt not in (FORMATS["csv"], SPREADSHEET_CSV, None):
        return _fail("--last-changed is for CSV exports and pictures only")
    if fmt is None and output.suffix.lower() not in IMAGE_SUFFIXES:
        return _fail(f"cannot export to '{output.suffix or output.name}': this version writes .csv, .json, .timeline.json (TimelineJS), .timelinejs.csv (TimelineJS's sheet), .timeline (Timeline), .png, .svg or .pdf")
    db = db or default_db_path()
    if same_file(output, db):  # checked first, so that not even a new database is created
        return _fail(f"{output}: this is the database itself; choose another file name")
    if not last_changed:
        try:
            straight = exported_straight(db, output, fmt) if fmt is not None else None
        except StoreError as error:
            return _fail(f"{error}; the file has not been changed")
        except OSError as error:
            return _fail(f"{output}: {error.strerror or error}")
        if straight is not None:
            print(f"{output}: {counted(straight, 'event')}")
            return 0
    try:
        # Only reads, so it works while the app is open; a new database is created, which needs the lock.
        store = open_database(db, empty=empty, read_only=os.path.exists(db))
        timeline = store.load()
        store.close()
        for notice in store.notices:
            _say("note", f"{store.path}: {notice}")
    except StoreError as error:  # a reader leaves even a corrupt file where it is: the app may have it open
        return _fail(f"{error}; the file has not been changed")
    if last_changed:
        try:
            changed = blame.columns(blame.last_changes(linked_repo(store.path), timeline))
        except (ShareError, GitError) as error:
            return _fail(str(error))
        if fmt is None:
            image = replace(image or ImageRequest(), last_changed=changed)
        else:
            fmt = with_last_changed(fmt, changed)
    if fmt is None:
        return _export_image(timeline, output, image or ImageRequest())
    try:
        write_file(timeline, output, fmt)
    except OSError as error:
        return _fail(f"{output}: {error.strerror or error}")
    print(f"{output}: {counted(len(timeline.events), 'event')}")
    return 0


def _export_image(timeline: Timeline, output: Path, request: ImageRequest) -> int:
    try:
        content = image_command.draw(timeline, output, request)
    except ImageError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"{output}: {error.strerror or error}")
    print(f"{output}: {counted(len(content.timeline.events), 'event')}")
    return 0


def import_file(
    source: Path, db: Path | None, empty: bool, format_name: str | None, encoding: str | None = None, lanes: Path | None = None,
    skip_bad: bool = False, wait: float = 0, article: article_command.ArticleOptions = article_command.ArticleOptions(),
    order: DateOrder = DateOrder.DAY_FIRST, columns: dict[str, str] | None = None,
) -> int:
    """Read the whole file first, then apply it in one atomic write: a file with an
    error, anywhere, leaves the database as it was (or not created)."""
    db = db or default_db_path()
    if same_file(source, db):
        return _fail(f"{source}: this is the database itself; choose the file to import")
    notices: list[str] = []
    try:
        if article_command.wanted(source, format_name):
            print("\n".join(article_command.import_article(source, db, empty, article)))
            return 0
        read = read_file(source, format_name, encoding=encoding, skip_bad=skip_bad, order=order, columns=columns)
        read.lane_map = read_lane_map(lanes) if lanes else {}
        edit = import_into(read, db, empty=empty, wait=wait, notices=notices)
        if read.skipped:  # listed beside the database, where the import is
            report = db.parent / f"{db.stem}.skipped-{source.name}.txt"
            atomic_write(report, skipped_report(read).encode("utf-8"))
    except CorruptDatabase as error:
        return _corrupt(error)
    except BadRows as error:
        good = len(error.read.events)
        return _fail(f"{error}; --skip-bad imports the {good} good row{'' if good == 1 else 's'} without the {len(error.read.skipped)} bad")
    except (FormatError, StoreError) as error:
        return _fail(str(error))
    except OSError as error:  # the write failed: the database file is still the old one
        return _fail(f"{db}: {error.strerror or error}")
    for notice in notices:
        _say("note", f"{db}: {notice}")
    print(f"Imported {summary(read, edit)}" + (f" (listed in {report})" if read.skipped else ""))
    return 0


def _history(db: Path, event_id: str) -> int:
    """Newest first: a heading per commit, then what it changed, indented."""
    store = Store.open(db, read_only=True)
    try:
        timeline = store.load()
    finally:
        store.close()
    if event_id not in timeline.events:
        return _fail(f"{db}: no event with the id {event_id!r}")
    repo = linked_repo(db)
    revisions = event_history(repo, timeline, event_id)
    if revisions and unsynced(repo, timeline, event_id):
        print("Your edits to it since the last sync are not committed yet: sync to commit them")
    for revision in revisions:
        print(heading(revision))
        print("\n".join(f"    {line}" for change in revision.changes for line in described(change, timeline)))
    if not revisions:
        print(f"No committed change to {event_id!r} yet: sync to commit your edits")
    return 0


def share(args: argparse.Namespace, db: Path, empty: bool) -> int:
    """``share init|clone|sync``: each says what it did, one line a step, or why not, in one line."""
    try:
        if args.share_command == "clone":
            lines = clone(args.url, args.directory, db, lambda path, timeline: Store.open(path, seed=lambda: timeline).close())
        else:
            if args.share_command in ("sync", "history") and not db.exists():
                return _fail(f"{db}: no such database")
            if args.share_command == "history":
                return _history(db, args.event_id)
            store = open_database(db, empty=empty)
            try:
                lines = publish(args.repo, store.path, store.load()) if args.share_command == "init" else sync_database(store.path, store, TAKE.get(args.take)).lines
            finally:
                store.close()
    except CorruptDatabase as error:
        return _corrupt(error)
    except (ShareError, GitError, FormError, StoreError) as error:
        first, *conflicts = str(error).split("\n")  # a refused merge lists its conflicts, one a line
        _say("error", first)
        for line in conflicts:
            _say("conflict", line)
        return 2
    except OSError as error:
        return _fail(f"{error.filename or db}: {error.strerror or error}")
    print("\n".join(lines))
    return 0
