import csv
import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest

from desktop.cli import main
from desktop.dataset import load_dataset
from desktop.exchange.csv_format import COLUMNS
from desktop.model import Change
from desktop.store import Store


def read_rows(path):
    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n")  # RFC 4180 line ends (no field holds a line break here)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_writes_one_rfc4180_row_per_event(tmp_path, db_path, kursk, capsys):
    out = tmp_path / "kursk.csv"
    assert main(["export", str(out), "--db", str(db_path)]) == 0
    assert f"{len(kursk.events)} events" in capsys.readouterr().out
    raw = out.read_bytes()
    # New columns go last: spreadsheets built on the old ones keep working ("links" took over from "disputes").
    assert COLUMNS[-5:] == ("annotation", "confidences", "reliabilities", "links", "attributes")
    assert raw.startswith(",".join(COLUMNS).encode() + b"\r\n")
    rows = read_rows(out)
    assert [r["id"] for r in rows] != [] and {r["id"] for r in rows} == set(kursk.events)
    for row in rows:
        event = kursk.events[row["id"]]
        assert row["title"] == event.title
        assert row["start"] == event.start.edtf
        assert row["end"] == (event.end.edtf if event.end else "")
        assert row["status"] == event.status.value
        citations = kursk.citations_for(event.id)
        assert json.loads(row["quotes"]) == [c.quote for c in citations]
        assert json.loads(row["claimant"]) == [c.claimant for c in citations]
        assert json.loads(row["stances"]) == [c.stance.value for c in citations]
        assert json.loads(row["tags"]) == list(event.tags)
        assert row["annotation"] == event.annotation
    incursion = next(r for r in rows if "surprise incursion" in r["title"])
    assert (incursion["start"], incursion["end"]) == ("2024-08", "")


def test_export_carries_the_users_annotation(tmp_path, db_path):
    store = Store.open(db_path, seed=load_dataset)
    gornal = next(e for e in store.load().events.values() if "Gornal" in e.title)
    remark = 'Last village held, "per MoD"; check the date'
    store.apply([Change("events", gornal.id, gornal, replace(gornal, annotation=remark))])
    store.close()
    out = tmp_path / "annotated.csv"
    assert main(["export", str(out), "--db", str(db_path)]) == 0
    assert {r["id"]: r["annotation"] for r in read_rows(out) if r["annotation"]} == {gornal.id: remark}


def test_db_option_before_or_after_the_command(tmp_path, db_path):
    assert main(["--db", str(db_path), "export", str(tmp_path / "a.csv")]) == 0
    assert main(["export", str(tmp_path / "b.csv"), "--db", str(db_path)]) == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_empty_flag_creates_an_empty_database(tmp_path, db_path):
    out = tmp_path / "empty.csv"
    assert main(["export", str(out), "--db", str(db_path), "--empty"]) == 0
    assert read_rows(out) == []
    assert db_path.exists()


def test_default_database_is_created_in_the_user_data_folder(tmp_path):
    from desktop.database import default_db_path

    out = tmp_path / "default.csv"
    assert main(["export", str(out)]) == 0
    assert default_db_path().exists()
    assert len(read_rows(out)) >= 10


@pytest.mark.parametrize("content", [b"not json", b"", b"{\"_meta\": {\"1\": {\"schema\": 99}}}"])
def test_bad_database_exits_2_with_one_line_and_keeps_its_bytes(tmp_path, db_path, content):
    db_path.write_bytes(content)
    out = tmp_path / "x.csv"

    def run(*args):
        result = subprocess.run([sys.executable, "-m", "desktop", *args, "--db", str(db_path)], capture_output=True, text=True)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 2 and len(lines) == 1 and str(db_path) in lines[0] and "error" in lines[0]

    run("export", str(out))  # a reader leaves the file where it is
    assert db_path.read_bytes() == content and not out.exists()
    out.write_text("id,title,start\r\n,Imported,2025-04-27\r\n", encoding="utf-8")
    run("import", str(out))  # a writer moves a corrupt file aside; a newer schema stays where it is
    moved = list(tmp_path.glob("timeline.json.corrupt-*"))
    assert (moved[0] if moved else db_path).read_bytes() == content and len(moved) == ("schema" not in str(content))


def test_unknown_export_format_is_refused(tmp_path, db_path, capsys):
    assert main(["export", str(tmp_path / "x.xlsx"), "--db", str(db_path)]) == 2
    assert ".xlsx" in capsys.readouterr().err


def test_exporting_over_a_new_database_is_refused_before_creating_it(tmp_path, capsys):
    database = tmp_path / "timeline.csv"  # a database may have any name
    assert main(["export", str(database), "--db", str(database)]) == 2
    assert "database itself" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("alias", ["symlink_to", "hardlink_to"])
def test_exporting_over_the_database_under_another_name_is_refused(tmp_path, db_path, capsys, alias):
    assert main(["export", str(tmp_path / "first.csv"), "--db", str(db_path)]) == 0
    before = db_path.read_bytes()
    other_name = tmp_path / "other.csv"
    getattr(other_name, alias)(db_path)
    assert main(["export", str(other_name), "--db", str(db_path)]) == 2
    assert "database itself" in capsys.readouterr().err
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("breaking", ["\n", "\r", "\x0b", "\x85", "\u2028", "\x1b[2J"])
def test_an_error_quoting_the_file_stays_on_one_line(db_path, capsys, breaking):
    document = {"id": "x", "title": f"Gornal{breaking}retaken", "start": "2025-04", "end": "2025-03"}
    db_path.write_text(json.dumps({"_meta": {"1": {"schema": 1}}, "events": {"1": document}}))
    assert main(["export", str(db_path.with_suffix(".csv")), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.endswith("\n") and "\x1b" not in err
    assert "Gornal" in err and "retaken" in err


def test_a_pipe_is_refused_without_waiting_for_it(tmp_path, capsys):
    pipe = tmp_path / "timeline.json"
    os.mkfifo(pipe)
    assert main(["export", str(tmp_path / "x.csv"), "--db", str(pipe)]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_a_database_path_that_cannot_be_reached_is_reported(tmp_path, capsys):
    too_long = tmp_path / ("a" * 300) / "x.json"
    assert main(["export", str(tmp_path / "x.csv"), "--db", str(too_long)]) == 2
    assert "cannot be reached" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, says",
    [
        (["bogus"], "invalid choice: 'bogus'"),
        (["import"], "the file to import is missing"),
        (["export", "x.png", "--width", "abc"], "invalid int value: 'abc'"),
    ],
)
def test_a_mistaken_command_line_is_one_error_line_and_exit_2(tmp_path, capsys, argv, says):
    with pytest.raises(SystemExit) as exit:
        main([*argv, "--db", str(tmp_path / "db.json")])
    assert exit.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1
    assert err.startswith("kursk-timeline: error: ") and says in err
    assert list(tmp_path.iterdir()) == []


def test_help_is_still_printed(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["export", "--help"])
    assert exit.value.code == 0
    assert capsys.readouterr().out.startswith("usage: kursk-timeline export")


def test_a_spreadsheet_safe_export_neutralises_formulas_and_the_default_keeps_the_bytes(tmp_path, db_path, capsys):
    store = Store.open(db_path, seed=load_dataset)
    event = next(iter(store.load().events.values()))
    store.apply([Change("events", event.id, event, replace(event, title="=HYPERLINK(\"http://x\")", notes="-1+2", annotation="@me"))])
    store.close()
    plain, safe = tmp_path / "plain.csv", tmp_path / "safe.csv"
    assert main(["export", str(plain), "--db", str(db_path)]) == 0
    assert main(["export", str(safe), "--db", str(db_path), "--spreadsheet-safe"]) == 0
    [row] = [r for r in read_rows(plain) if r["id"] == event.id]
    assert (row["title"], row["notes"], row["annotation"]) == ("=HYPERLINK(\"http://x\")", "-1+2", "@me")
    [row] = [r for r in read_rows(safe) if r["id"] == event.id]
    assert (row["title"], row["notes"], row["annotation"]) == ("'=HYPERLINK(\"http://x\")", "'-1+2", "'@me")
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in read_rows(safe) for cell in r.values())
    assert main(["export", str(tmp_path / "x.json"), "--db", str(db_path), "--spreadsheet-safe"]) == 2
    assert "--spreadsheet-safe is for CSV exports only" in capsys.readouterr().err
