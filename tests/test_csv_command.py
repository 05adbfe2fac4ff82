"""The command line's CSV export straight from the database's documents writes what the
export through the model's records writes, byte for byte; a file it cannot vouch for is
exported the checked way, which says what is wrong with it."""
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest

from benchmarks.synthetic import acled_imported
from desktop.cli import main
from desktop.csv_command import exported_straight
from desktop.exchange.csv_format import csv_chunks
from desktop.exchange.formats import FORMATS, SPREADSHEET_CSV, read_file
from desktop.exchange.importing import import_edit
from desktop.exchange.reading import FormatError, NotUtf8
from desktop.model import Citation, Event, FuzzyDate, LinkType, Stance, Timeline
from desktop.model.edits import Change
from desktop.model.heading import HEADING, Heading
from desktop.model.links import made
from desktop.store import Store

DATA = Path(__file__).parent / "data"


def through_records(db: Path, spreadsheet_safe: bool = False) -> bytes:
    """The export as the window makes it, from the timeline the store loads."""
    return b"".join(csv_chunks(Store.open(db, read_only=True).load(), spreadsheet_safe=spreadsheet_safe))


def straight(db: Path, out: Path, fmt=FORMATS["csv"]) -> bytes:
    assert exported_straight(db, out, fmt) is not None, "the straight way refused a file as the store writes it"
    return out.read_bytes()


def test_the_kursk_timeline_exports_the_same_bytes_either_way(tmp_path, db_path, kursk, capsys):
    Store.open(db_path, seed=lambda: kursk).close()
    assert straight(db_path, tmp_path / "a.csv") == through_records(db_path)
    assert straight(db_path, tmp_path / "b.csv", SPREADSHEET_CSV) == through_records(db_path, spreadsheet_safe=True)
    assert main(["export", str(tmp_path / "c.csv"), "--db", str(db_path)]) == 0
    assert (tmp_path / "c.csv").read_bytes() == through_records(db_path)
    assert f"{len(kursk.events)} events" in capsys.readouterr().out


def test_ten_thousand_imported_acled_events_export_the_same_bytes_either_way(tmp_path, db_path):
    Store.open(db_path, seed=lambda: acled_imported(10_000)).close()
    assert straight(db_path, tmp_path / "out.csv") == through_records(db_path)


def read_whole(path: Path) -> Any:
    """What an import reads of ``path``, or None for a file no import takes whole (a monthly totals table, say)."""
    try:
        try:
            return read_file(path, skip_bad=True)
        except NotUtf8 as error:  # an older ACLED export in Windows-1252
            return read_file(path, encoding=error.guess, skip_bad=True)
    except FormatError:
        return None


REAL = sorted(p for p in (DATA / "real").iterdir() if p.suffix != ".md") + sorted(p for p in DATA.iterdir() if p.is_file())


@pytest.mark.parametrize("path", [p for p in REAL if read_whole(p) is not None], ids=lambda p: p.name)
def test_what_a_real_file_imports_exports_the_same_bytes_either_way(tmp_path, db_path, path):
    read = read_whole(path)
    timeline = Timeline()
    timeline.apply(import_edit(timeline, read).changes)
    Store.open(db_path, seed=lambda: timeline).close()
    assert straight(db_path, tmp_path / "out.csv") == through_records(db_path)


def test_edits_the_journal_holds_but_the_file_does_not_are_exported(tmp_path, db_path, kursk):
    store = Store.open(db_path, seed=lambda: kursk)  # kept open: its edits are in the journal only
    first, second = list(kursk.events.values())[:2]
    renamed = replace(first, title="Renamed, with \"quotes\"", tags=("new",), attributes=(("b", "2"), ("a", "1")))
    added = Event("e-new", "Added", FuzzyDate.parse("2025-04-27~"), lane="Russia")
    citation = Citation("c-new", "e-new", next(iter(kursk.sources)), "a quote", "someone", Stance.DENIES)
    link = made("e-new", first.id, LinkType.DISPUTES)
    store.apply([Change("events", first.id, first, renamed), Change("events", "e-new", None, added)])
    store.apply([Change("citations", "c-new", None, citation), Change("links", link.id, None, link)])
    store.apply([Change("events", second.id, second, None), *(Change("citations", c.id, c, None) for c in kursk.citations.values() if c.event_id == second.id),
                 *(Change("links", k.id, k, None) for k in kursk.links.values() if second.id in (k.from_id, k.to_id))])
    store.apply([Change(HEADING, "", Heading(kursk.title, tuple(kursk.lanes)), Heading("Renamed timeline", tuple(kursk.lanes)))])
    assert store._journal.path.stat().st_size > 0
    exported = straight(db_path, tmp_path / "out.csv")
    assert exported == through_records(db_path)
    assert b"Renamed, with" in exported and b"e-new" in exported and second.id.encode() not in exported
    store.close()


def test_an_older_schema_is_exported_the_checked_way(tmp_path):
    db = tmp_path / "old.json"
    db.write_bytes((DATA / "timeline_v1.json").read_bytes())
    assert exported_straight(db, tmp_path / "out.csv", FORMATS["csv"]) is None
    assert not (tmp_path / "out.csv").exists()
    assert main(["export", str(tmp_path / "out.csv"), "--db", str(db)]) == 0
    assert (tmp_path / "out.csv").read_bytes() == through_records(db)


@pytest.mark.parametrize("field, value", [("title", 3), ("start", "someday"), ("status", "rumoured"), ("tags", ["a", 1]), ("attributes", {"a": 1})])
def test_a_bad_document_is_left_to_the_checked_way_which_names_it(tmp_path, db_path, kursk, capsys, field, value):
    Store.open(db_path, seed=lambda: kursk).close()
    text = db_path.read_text(encoding="utf-8")
    first = next(iter(kursk.events.values())).to_dict()
    bad = {**first, field: value}
    old, new = orjson.dumps(first, option=orjson.OPT_SORT_KEYS).decode(), orjson.dumps(bad, option=orjson.OPT_SORT_KEYS).decode()
    assert old in text
    db_path.write_text(text.replace(old, new), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert exported_straight(db_path, out, FORMATS["csv"]) is None and not out.exists()
    assert main(["export", str(out), "--db", str(db_path)]) == 2
    error = capsys.readouterr().err
    assert "events document" in error and error.count("\n") == 1 and not out.exists()
