"""Which database a journal, a lock and a backup belong to: the file itself, not the name
it was given; a journal made to another file (or another version of it) is set aside,
never replayed; and document numbers are never given twice."""
import dataclasses
import os
import subprocess
import sys
import textwrap

import orjson
import pytest

from paths import ROOT
from desktop.cli import main
from desktop.dataset import load_dataset
from desktop.model import Event, FuzzyDate, new_id
from desktop.model.edits import Change
from desktop.store import CorruptDatabase, Store, StoreError
from desktop.store.journal import journal_path
from desktop.store.lock import lock_path
from disk import disk_bytes

HOLDER = textwrap.dedent("""
    import sys
    from desktop.store import Store
    store = Store.open(sys.argv[1])
    print("open", flush=True)
    sys.stdin.read()  # until killed
""")


def put(store, record):
    store.apply([Change("events", record.id, None, record)])


def crash(store):
    store.lock.release()


def meta(path):
    return orjson.loads(path.read_bytes())["_meta"]["1"]


def numbers(path):
    return sorted(int(n) for n in orjson.loads(path.read_bytes())["events"])


def _event(title):
    return Event(new_id(), title, FuzzyDate.parse("2025-04-27"), lane="Russia")


def test_an_import_through_a_symlink_is_refused_while_the_app_holds_the_file(tmp_path, capsys):
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "db.json"
    Store.open(real, seed=load_dataset).close()
    (tmp_path / "link").mkdir()
    (tmp_path / "link" / "db.json").symlink_to(real)
    csv = tmp_path / "small.csv"
    csv.write_text("title,start\nOne,2025-01-01\nTwo,2025-01-02\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    app = subprocess.Popen([sys.executable, "-c", HOLDER, str(real)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert app.stdout.readline() == "open\n"
        before = disk_bytes(real)
        assert main(["import", str(csv), "--db", str(tmp_path / "link" / "db.json")]) == 2
        assert f"pid {app.pid}" in capsys.readouterr().err
        assert disk_bytes(real) == before and not journal_path(tmp_path / "link" / "db.json").exists()
    finally:
        app.kill()
        app.wait()


def test_the_lock_journal_and_backups_are_named_from_the_file_a_symlink_leads_to(tmp_path):
    real = tmp_path / "real.json"
    Store.open(real, seed=load_dataset).close()
    (tmp_path / "alias.json").symlink_to(real)
    store = Store.open(tmp_path / "alias.json", keep_backups=True)
    assert store.path == real and lock_path(real).exists()
    put(store, _event("Through the alias"))
    assert journal_path(real).exists() and not os.path.lexists(journal_path(tmp_path / "alias.json"))
    store.close()
    assert (tmp_path / "real.json.backups").is_dir() and not (tmp_path / "alias.json.backups").exists()


def test_each_compaction_renews_the_generation_and_the_journal_names_it(db_path):
    store = Store.open(db_path, seed=load_dataset)
    first = meta(db_path)["generation"]
    put(store, _event("One"))
    assert orjson.loads(journal_path(db_path).read_bytes().split(b"\n")[0].split(b" ", 1)[1]) == {"generation": first}
    store.compact()
    assert meta(db_path)["generation"] != first and meta(db_path)["absorbed"] == first
    store.close()


@pytest.mark.parametrize("higher", [True, False], ids=["higher numbers", "lower numbers"])
def test_a_journal_from_another_database_is_set_aside_kept_and_reported_never_replayed(tmp_path, db_path, capsys, higher):
    other = tmp_path / "other.json"
    Store.open(db_path, seed=load_dataset).close()
    mine = Store.open(db_path).load()
    store = Store.open(other)  # empty: its numbers start at 1, below the Kursk file's
    if higher:
        for n in range(len(mine.events) + 5):
            put(store, _event(f"Filler {n}"))
        store.compact()
    for n in range(5):
        put(store, _event(f"Foreign {n}"))
    crash(store)
    foreign = journal_path(other).read_bytes()
    os.replace(journal_path(other), journal_path(db_path))
    before = db_path.read_bytes()

    assert Store.open(db_path, read_only=True).load() == mine  # a reader does not replay it either
    assert main(["export", str(tmp_path / "out.csv"), "--db", str(db_path)]) == 0
    assert "belongs to another version of the file: its edits were not read" in capsys.readouterr().err

    store = Store.open(db_path)
    assert store.load() == mine and db_path.read_bytes() == before
    [notice] = store.notices
    [aside] = db_path.parent.glob("timeline.json.foreign-*.journal")
    assert aside.read_bytes() == foreign and notice == (
        "Its journal timeline.json.journal belongs to another version of the file (a backup copied back, or another "
        f"database's?) and was not replayed; it is kept as {aside.name}."
    )
    assert not journal_path(db_path).exists()
    store.close()


def test_a_stale_journal_is_not_replayed_onto_a_backup_copied_back_by_hand(db_path, kursk):
    store = Store.open(db_path, seed=load_dataset, keep_backups=True)
    event = next(iter(kursk.events.values()))
    put(store, dataclasses.replace(event, title="Compacted since the backup"))
    store.close()
    from desktop.store.backups import backups

    oldest = backups(db_path)[-1].path
    store = Store.open(db_path)
    put(store, _event("Added after"))  # takes the next number, one the backup does not know
    put(store, dataclasses.replace(event, title="In the journal"))
    crash(store)
    db_path.write_bytes(oldest.read_bytes())  # what the message tells users to do
    assert Store.open(db_path).load() == kursk  # the backup as it was: nothing replaced by number


def test_document_numbers_are_never_given_twice_even_after_reopening(db_path):
    store = Store.open(db_path)
    first, second = _event("First"), _event("Second")
    put(store, first)
    put(store, second)
    store.apply([Change("events", second.id, second, None)])  # the highest number goes
    store.close()
    store = Store.open(db_path)
    put(store, _event("Third"))
    store.close()
    assert numbers(db_path) == [1, 3]


def test_numbers_given_in_a_journal_stay_given_after_a_crash(db_path):
    store = Store.open(db_path)
    put(store, _event("First"))
    store.compact()
    second = _event("Second")
    put(store, second)
    store.apply([Change("events", second.id, second, None)])
    crash(store)
    store = Store.open(db_path)
    put(store, _event("Third"))
    store.close()
    assert numbers(db_path) == [1, 3]


@pytest.mark.parametrize("where", ["file", "journal"])
def test_a_document_number_past_64_bits_is_refused_not_carried_into_the_file(db_path, where):
    Store.open(db_path, seed=load_dataset).close()
    huge = "18446744073709551615"
    document = _event("Huge").to_dict()
    if where == "file":
        data = orjson.loads(db_path.read_bytes())
        data["events"][huge] = document
        db_path.write_bytes(orjson.dumps(data))
    else:
        store = Store.open(db_path)
        put(store, _event("Saved first"))
        crash(store)
        line = orjson.dumps([["events", int(huge), document]])
        import zlib

        with journal_path(db_path).open("ab") as journal:
            journal.write(b"%08x %s\n" % (zlib.crc32(line), line))
            journal.write(b"%08x %s\n" % (zlib.crc32(b"[]"), b"[]"))
    before = disk_bytes(db_path)
    with pytest.raises(CorruptDatabase, match="numbered documents|does not hold edits"):
        Store.open(db_path)
    assert disk_bytes(db_path) == before


def test_a_journal_that_is_a_pipe_is_refused_at_once_by_export_import_and_opening(tmp_path, db_path):
    Store.open(db_path, seed=load_dataset).close()
    os.mkfifo(journal_path(db_path))
    csv = tmp_path / "small.csv"
    csv.write_text("title,start\nOne,2025-01-01\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for argv in (["export", str(tmp_path / "out.csv")], ["import", str(csv)]):
        done = subprocess.run(
            [sys.executable, "-m", "desktop", *argv, "--db", str(db_path)], capture_output=True, text=True, env=env, timeout=60
        )
        assert done.returncode == 2
        assert "its journal timeline.json.journal is not a regular file (a pipe, a device or a folder?); move it out of the way" in done.stderr
    with pytest.raises(StoreError, match="not a regular file"):
        Store.open(db_path)
    assert db_path.exists()  # a sound file, left where it is


def test_a_journal_that_is_a_dangling_link_is_named_in_the_message(db_path):
    Store.open(db_path, seed=load_dataset).close()
    journal_path(db_path).symlink_to(db_path.parent / "gone")
    with pytest.raises(StoreError, match=r"its journal timeline\.json\.journal is not a regular file but a link; move it out of the way"):
        Store.open(db_path, read_only=True)


def test_edits_to_a_file_from_before_generations_are_replayed_even_if_it_could_not_be_given_one(db_path, monkeypatch):
    Store.open(db_path, seed=load_dataset).close()
    data = orjson.loads(db_path.read_bytes())
    del data["_meta"]["1"]["generation"]
    db_path.write_bytes(orjson.dumps(data))

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop.store.compaction.write_temporary", full)  # the compaction that would give it one
    store = Store.open(db_path)
    put(store, _event("Saved before the disk had room"))
    crash(store)
    monkeypatch.undo()
    assert "Saved before the disk had room" in [e.title for e in Store.open(db_path).load().events.values()]
