"""What the store tidies and keeps while it holds the lock (temporary files of interrupted
writes, backups bounded in number and size, a copy of a damaged journal line), and
readers and writers that wait instead of failing."""
import dataclasses
import os
import subprocess
import sys
import textwrap

import pytest

from paths import ROOT
from desktop.cli import main
from desktop.dataset import load_dataset
from desktop.fileio import fs
from desktop.model.edits import Change
from desktop.store import Store
from desktop.store import backups as rolling
from desktop.store import journal as journal_module
from desktop.store.journal import journal_path



def put(store, record):
    store.apply([Change("events", record.id, None, record)])


def crash(store):
    store.lock.release()


def test_temporary_files_of_interrupted_writes_are_removed_on_opening(db_path):
    Store.open(db_path, seed=load_dataset, keep_backups=True).close()
    folder = rolling.folder(db_path)
    orphans = [
        db_path.parent / ".timeline.json.k2x_9abc.tmp",  # a compaction
        db_path.parent / ".timeline.json.v2-backup-20261205T231500.123456Z.abcd1234.tmp",  # a migration's copy
        db_path.parent / ".timeline.json.damaged-20261205T231500.123456Z.journal.abcd1234.tmp",  # a journal's copy
        folder / ".timeline-20261205T231500.123456Z.json.q1w2e3r4.tmp",  # a backup
    ]
    strangers = [db_path.parent / ".other.json.k2x_9abc.tmp", db_path.parent / ".timeline.json.notes.tmp", folder / "mine.tmp"]
    for path in orphans + strangers:
        path.write_bytes(b"x" * 1000)
    Store.open(db_path, read_only=True).close()
    assert all(path.exists() for path in orphans)  # a reader may meet a writer's temporary file mid-write
    Store.open(db_path).close()
    assert not any(path.exists() for path in orphans)
    assert all(path.exists() for path in strangers)


def test_backups_are_bounded_by_size_as_well_as_count_keeping_the_newest(db_path):
    for n in range(4):
        db_path.write_bytes(b"%d" % n * 400)
        rolling.save(db_path, keep=5, keep_bytes=1000)
    kept = [backup.path.read_bytes() for backup in rolling.backups(db_path)]
    assert kept == [b"3" * 400, b"2" * 400]  # a third would pass 1,000 bytes
    db_path.write_bytes(b"big" * 1000)
    rolling.save(db_path, keep=5, keep_bytes=1000)
    assert [backup.path.read_bytes() for backup in rolling.backups(db_path)] == [b"big" * 1000]  # the newest always stays


def test_a_backup_is_copied_a_part_at_a_time_never_held_whole(db_path, monkeypatch):
    monkeypatch.setattr(rolling, "_COPIED", 1000)
    writes = []
    write_all = fs.write_all
    monkeypatch.setattr(fs, "write_all", lambda fd, data: (writes.append(len(data)), write_all(fd, data)))
    db_path.write_bytes(bytes(range(256)) * 20)
    copy = rolling.save(db_path)
    assert copy.read_bytes() == db_path.read_bytes()
    assert writes == [1000] * 5 + [120]


def test_the_backups_folder_is_made_durable_by_syncing_its_parent(db_path, monkeypatch):
    synced = []
    monkeypatch.setattr(rolling, "fsync_dir", synced.append)
    db_path.write_bytes(b"data")
    rolling.save(db_path)
    assert db_path.parent in synced


def test_a_damaged_complete_last_line_is_left_out_but_a_copy_is_kept_and_reported(db_path, kursk):
    store = Store.open(db_path, seed=load_dataset)
    first, second = list(kursk.events.values())[:2]
    put(store, dataclasses.replace(first, title="Saved"))
    put(store, dataclasses.replace(second, title="Damaged"))
    crash(store)
    journal = journal_path(db_path)
    damaged = journal.read_bytes().replace(b"Damaged", b"Dxmaged")
    journal.write_bytes(damaged)
    store = Store.open(db_path)
    assert store.load().events[first.id].title == "Saved" and store.load().events[second.id] == second
    [copy] = db_path.parent.glob("timeline.json.damaged-*.journal")
    assert copy.read_bytes() == damaged and not journal.exists()
    [notice] = store.notices
    assert notice == f"The last line of its journal timeline.json.journal is damaged and was left out; it is kept as {copy.name}."
    store.close()


def test_a_line_cut_short_by_a_crash_is_dropped_without_a_copy(db_path, kursk):
    store = Store.open(db_path, seed=load_dataset)
    put(store, dataclasses.replace(next(iter(kursk.events.values())), title="Torn"))
    crash(store)
    journal = journal_path(db_path)
    journal.write_bytes(journal.read_bytes()[:-20])
    store = Store.open(db_path)
    assert store.notices == [] and not list(db_path.parent.glob("*.damaged-*"))
    store.close()


def test_an_export_waits_out_a_writer_that_compacts_at_every_read(tmp_path, db_path, kursk, monkeypatch):
    writer = Store.open(db_path, seed=load_dataset)
    event = next(iter(kursk.events.values()))
    open_regular, pauses = journal_module.open_regular, []
    edits = iter(range(12))

    def compacting_first(path):  # the writer saves and compacts between each of the reader's reads
        n = next(edits, None)
        if n is not None:
            put(writer, dataclasses.replace(event, title=f"Edit {n}"))
            writer.compact()
        return open_regular(path)

    monkeypatch.setattr(journal_module, "open_regular", compacting_first)
    monkeypatch.setattr("desktop.store.tinystore.time.sleep", pauses.append)
    out = tmp_path / "out.csv"
    assert main(["export", str(out), "--db", str(db_path)]) == 0
    assert "Edit 11" in out.read_text(encoding="utf-8")
    assert len(pauses) == 12 and pauses == sorted(pauses) and pauses[-1] > 10 * pauses[0]  # backing off
    writer.close()


HOLD_THEN_CLOSE = textwrap.dedent("""
    import sys, time
    from desktop.store import Store
    store = Store.open(sys.argv[1])
    print("open", flush=True)
    time.sleep(float(sys.argv[2]))
    store.close()
""")


def test_an_import_waits_for_the_lock_when_told_to(tmp_path, db_path, capsys):
    Store.open(db_path, seed=load_dataset).close()
    csv = tmp_path / "small.csv"
    csv.write_text("title,start\nOne,2025-01-01\nTwo,2025-01-02\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    app = subprocess.Popen([sys.executable, "-c", HOLD_THEN_CLOSE, str(db_path), "3"], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert app.stdout.readline() == "open\n"
        assert main(["import", str(csv), "--db", str(db_path)]) == 2  # without --wait: at once
        assert "open in another window or program" in capsys.readouterr().err
        assert main(["import", str(csv), "--db", str(db_path), "--wait", "0.1"]) == 2
        assert ", still after waiting 0.1 s" in capsys.readouterr().err
        assert main(["import", str(csv), "--db", str(db_path), "--wait", "30"]) == 0
        assert "Imported 2 events" in capsys.readouterr().out
    finally:
        app.kill()
        app.wait()


def test_a_full_disk_leaves_no_empty_lock_file(db_path, monkeypatch):
    Store.open(db_path, seed=load_dataset).close()

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop.store.lock.os.write", full)
    with pytest.raises(Exception, match=r"its lock file timeline\.json\.lock cannot be written \(No space left on device\)"):
        Store.open(db_path)
    monkeypatch.undo()
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["timeline.json"]
