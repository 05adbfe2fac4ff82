"""Edits are saved as journal lines beside the database; opening replays them, compaction
writes them into the file. Saving one edit writes the same few bytes at any size."""
import dataclasses
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paths import ROOT
from desktop.app import open_document
from desktop.dataset import load_dataset
from desktop.model import DateError, Event, FuzzyDate, ModelError, editing
from desktop.model.edits import Change
from desktop.model.heading import retitled
from desktop.model.timeline import KINDS
from desktop.recovery import recover
from desktop.store import SCHEMA_VERSION, CorruptDatabase, Store
from desktop.store import journal as journal_module
from desktop.store.backups import backups
from desktop.store.journal import Journal, journal_path
from desktop.store.lock import lock_path
from disk import contents, disk_bytes
from strategies import build_edit, operations



def put(store, record):
    store.apply([Change("events", record.id, None, record)])  # the store trusts its caller's "before"


def crash(store):
    """Leave the store as a killed process does: no close, so no compaction; the lock goes."""
    store.lock.release()


def files_beside(db_path):
    return sorted(p.name for p in db_path.parent.iterdir() if p != lock_path(db_path))


WRITER = textwrap.dedent("""
    import dataclasses, sys
    from desktop.model.edits import Change
    from desktop.store import Store
    store = Store.open(sys.argv[1])
    event = store.load().events[sys.argv[2]]
    store.apply([Change("events", event.id, event, dataclasses.replace(event, title="Saved, then killed"))])
    print("saved", flush=True)
    sys.stdin.read()  # until killed
""")


def test_a_saved_edit_is_one_journal_line_that_readers_see_and_a_killed_writer_keeps(db_path, kursk):
    Store.open(db_path, seed=load_dataset).close()
    before = db_path.read_bytes()
    event_id = next(iter(kursk.events))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), event_id], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout.readline() == "saved\n"
        assert db_path.read_bytes() == before and journal_path(db_path).read_bytes().count(b"\n") == 2  # header and edit
        # The writer holds the lock: a reader opens read-only and sees its journal.
        assert Store.open(db_path, read_only=True).load().events[event_id].title == "Saved, then killed"
    finally:
        child.kill()  # SIGKILL: no close, no compaction
        child.wait()
    store = Store.open(db_path)  # replays the journal, then writes it into the file
    assert store.load().events[event_id].title == "Saved, then killed"
    assert not journal_path(db_path).exists()
    store.close()
    [document] = (doc for doc in orjson.loads(db_path.read_bytes())["events"].values() if doc["id"] == event_id)
    assert document["title"] == "Saved, then killed"


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations, st.sets(st.integers(0, 11)))
def test_journal_and_compaction_give_the_bytes_a_rewrite_after_every_edit_gives(ops, crashes):
    with tempfile.TemporaryDirectory() as folder:
        journaled, rewritten = Path(folder) / "journaled.json", Path(folder) / "rewritten.json"
        a, b = Store.open(journaled, seed=load_dataset), Store.open(rewritten, seed=load_dataset)
        timeline = a.load()
        for n, op in enumerate(ops):
            try:
                edit = build_edit(timeline, *op)
                if edit is None or not edit.changes:
                    continue
                timeline.check(edit.changes)
            except (ModelError, DateError):
                continue
            timeline.apply(edit.changes)
            a.apply(edit.changes)
            b.apply(edit.changes)
            b.compact()  # the whole file after every edit, as saving did before the journal
            if n in crashes:  # killed here: the next open replays the journal, numbering as it goes
                assert Store.open(journaled, read_only=True).load() == timeline
                crash(a)
                a = Store.open(journaled)
                b.close()
                b = Store.open(rewritten)
        assert Store.open(journaled, read_only=True).load() == timeline
        a.compact()
        assert not journal_path(journaled).exists()
        assert contents(journaled) == contents(rewritten)
        a.close()
        b.close()


@pytest.mark.parametrize("tear", ["cut short", "bad checksum"])
def test_a_torn_last_line_is_left_out_and_gone_after_the_next_writable_open(db_path, kursk, tear):
    store = Store.open(db_path, seed=load_dataset)
    first, second, third = list(kursk.events.values())[:3]
    put(store, dataclasses.replace(first, title="Saved"))
    journal = journal_path(db_path)
    saved = journal.read_bytes()
    put(store, dataclasses.replace(second, title="Torn"))
    line = journal.read_bytes()[len(saved) :]
    torn = line[: len(line) // 2] if tear == "cut short" else line.replace(b"Torn", b"Tore")
    journal.write_bytes(saved + torn)
    crash(store)

    seen = Store.open(db_path, read_only=True).load()
    assert seen.events[first.id].title == "Saved" and seen.events[second.id] == second
    assert journal.read_bytes() == saved + torn  # a reader writes nothing
    store = Store.open(db_path)
    assert not journal.exists()
    put(store, dataclasses.replace(third, title="After"))  # a line after the torn one would read as damage
    crash(store)
    seen = Store.open(db_path, read_only=True).load()
    assert (seen.events[first.id].title, seen.events[second.id], seen.events[third.id].title) == ("Saved", second, "After")


def test_a_damaged_line_with_saved_lines_after_it_is_refused_and_moved_aside_with_the_file(db_path, kursk):
    store = Store.open(db_path, seed=load_dataset, keep_backups=True)
    for n, event in enumerate(list(kursk.events.values())[:3]):
        put(store, dataclasses.replace(event, title=f"Edit {n}"))
    crash(store)
    journal = journal_path(db_path)
    journal.write_bytes(journal.read_bytes().replace(b"Edit 1", b"Edit X"))  # line 3 of 4, after the header
    before, names, kept = disk_bytes(db_path), files_beside(db_path), backups(db_path)
    for read_only in (True, False):
        with pytest.raises(CorruptDatabase, match=r"its journal timeline\.json\.journal is damaged: line 3 ") as raised:
            Store.open(db_path, read_only=read_only, keep_backups=not read_only)
    assert disk_bytes(db_path) == before and files_beside(db_path) == names and backups(db_path) == kept
    found = recover(raised.value)
    assert (found.moved_to.read_bytes(), journal_path(found.moved_to).read_bytes()) == before
    assert not db_path.exists() and not journal.exists()


def test_a_journal_without_its_file_is_refused_never_replayed_onto_a_new_one(db_path, kursk):
    store = Store.open(db_path, seed=load_dataset)
    put(store, dataclasses.replace(next(iter(kursk.events.values())), title="Orphaned"))
    crash(store)
    db_path.unlink()  # as a crash between recovery's two renames leaves it
    lines = journal_path(db_path).read_bytes()
    with pytest.raises(CorruptDatabase, match="missing but its journal timeline.json.journal is there") as raised:
        Store.open(db_path, seed=load_dataset)
    assert files_beside(db_path) == ["timeline.json.journal"]
    found = recover(raised.value)
    assert found.moved_to.name.endswith(".journal") and found.moved_to.read_bytes() == lines
    assert Store.open(db_path, seed=load_dataset).load().to_dict() == kursk.to_dict()


def test_a_crash_between_writing_the_compacted_file_and_removing_the_journal_is_harmless(db_path, kursk, monkeypatch):
    store = Store.open(db_path, seed=load_dataset)
    first, second = list(kursk.events.values())[:2]
    put(store, dataclasses.replace(first, title="Moved"))
    store.apply([Change("events", second.id, second, None)])
    put(store, second)  # deleted and restored: replayed over a file that has it, it is there once
    put(store, dataclasses.replace(second, notes="last"))
    expected = store.load()

    def interrupted(self):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Journal, "remove", interrupted)
    store.compact()
    monkeypatch.undo()
    compacted = db_path.read_bytes()
    assert journal_path(db_path).exists() and b'"title":"Moved"' in compacted
    crash(store)
    assert Store.open(db_path, read_only=True).load() == expected
    store = Store.open(db_path)  # replays every line again, then compacts
    assert store.load() == expected and not journal_path(db_path).exists()
    assert db_path.read_bytes() == compacted


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_an_interrupted_compaction_leaves_the_file_whole_and_the_journal_in_place(db_path, kursk, monkeypatch, failing):
    store = Store.open(db_path, seed=load_dataset)
    event = next(iter(kursk.events.values()))
    put(store, dataclasses.replace(event, title="In the journal"))
    before = disk_bytes(db_path)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(f"desktop.fileio.os.{failing}", full)
    store.compact()
    monkeypatch.undo()
    assert disk_bytes(db_path) == before
    assert files_beside(db_path) == ["timeline.json", "timeline.json.journal"]  # no temporary file left
    crash(store)
    assert Store.open(db_path, read_only=True).load().events[event.id].title == "In the journal"


def _synthetic(path, count):
    """A database of ``count`` events written directly: building them as model objects
    would take most of the test's time."""
    template = Event("e0000001", "Shelling reported near a settlement", FuzzyDate.parse("2024-08-06"), lane="Russia").to_dict()
    data = {name: {} for name in KINDS}
    data["_meta"] = {"1": {"schema": SCHEMA_VERSION, "title": "synthetic", "lanes": ["Russia"]}}
    data["events"] = {str(n): {**template, "id": f"e{n:07d}"} for n in range(1, count + 1)}
    path.write_bytes(orjson.dumps(data))
    return Event.from_dict(template)


def test_saving_an_edit_writes_the_same_bytes_whatever_the_size_of_the_database(tmp_path):
    written = {}
    for count in (1_000, 50_000):
        (tmp_path / str(count)).mkdir()
        path = tmp_path / str(count) / "timeline.json"
        event = _synthetic(path, count)
        store = Store.open(path)
        before = os.stat(path)
        put(store, dataclasses.replace(event, start=FuzzyDate.parse("2024-08-09")))
        after = os.stat(path)
        assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)
        assert files_beside(path) == ["timeline.json", "timeline.json.journal"]  # nothing else written
        written[count] = journal_path(path).stat().st_size
        crash(store)
    assert written[1_000] == written[50_000] < 350  # the header and one line for one event


@pytest.mark.parametrize("cut_fails", [False, True], ids=["cut at once", "cut before the next line"])
def test_a_line_the_disk_took_only_in_part_never_stands_before_a_saved_one(db_path, kursk, monkeypatch, cut_fails):
    store = Store.open(db_path, seed=load_dataset)
    first, second = list(kursk.events.values())[:2]
    put(store, dataclasses.replace(first, title="Saved"))
    before = disk_bytes(db_path)
    write, calls = os.write, []

    def half_then_full(fd, data):
        calls.append(data)
        if len(calls) == 1:
            return write(fd, bytes(data[: len(data) // 2]))
        raise OSError(28, "No space left on device")

    def refused(*args):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("desktop.store.journal.os.write", half_then_full)
    if cut_fails:
        monkeypatch.setattr("desktop.store.journal.os.ftruncate", refused)
    with pytest.raises(OSError, match="No space left"):
        put(store, dataclasses.replace(second, title="Never saved"))
    monkeypatch.undo()
    assert store.load().events[second.id] == second  # memory as saved
    assert (disk_bytes(db_path) == before) is not cut_fails  # else half a line is there, until the next
    put(store, dataclasses.replace(second, title="Saved later"))
    crash(store)
    seen = Store.open(db_path, read_only=True).load()  # a half line before the last would be damage
    assert (seen.events[first.id].title, seen.events[second.id].title) == ("Saved", "Saved later")


def test_a_backup_is_never_a_file_missing_the_journals_edits(db_path, kursk, monkeypatch):
    event = next(iter(kursk.events.values()))
    store = Store.open(db_path, seed=load_dataset, keep_backups=True)
    put(store, dataclasses.replace(event, title="In the backup"))
    store.close()
    newest = backups(db_path)[0].path.read_bytes()
    assert newest == db_path.read_bytes() and b'"title":"In the backup"' in newest

    store = Store.open(db_path, keep_backups=True)
    kept = backups(db_path)
    put(store, dataclasses.replace(event, title="Compacted"))
    store.compact()  # a pause: the file is no longer the newest backup's copy
    put(store, dataclasses.replace(event, title="Only in the journal"))

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop.store.compaction.write_temporary", full)
    store.close()  # cannot compact: no copy is made
    monkeypatch.undo()
    assert backups(db_path) == kept and journal_path(db_path).exists()
    assert Store.open(db_path, read_only=True).load().events[event.id].title == "Only in the journal"


def test_a_journal_past_its_limit_is_compacted_by_the_edit_that_passes_it(db_path, kursk, monkeypatch):
    monkeypatch.setattr("desktop.store.tinystore.COMPACT_AT", 2_000)
    store = Store.open(db_path, seed=load_dataset)
    event = next(iter(kursk.events.values()))
    put(store, dataclasses.replace(event, notes="short"))
    assert journal_path(db_path).exists() and b'"notes":"short"' not in db_path.read_bytes()
    put(store, dataclasses.replace(event, notes="long " * 400))
    assert not journal_path(db_path).exists() and b'"notes":"long long' in db_path.read_bytes()


def test_a_large_file_is_not_rewritten_for_a_small_edit_until_its_journal_is_worth_it(db_path, kursk, monkeypatch):
    monkeypatch.setattr("desktop.store.tinystore.LARGE_FILE", 1_000)  # the Kursk file counts as large
    Store.open(db_path, seed=load_dataset).close()
    whole = db_path.read_bytes()
    event = next(iter(kursk.events.values()))
    store = Store.open(db_path, keep_backups=True)
    put(store, dataclasses.replace(event, notes="small"))
    store.compact()  # what a pause in editing does
    store.close()
    assert db_path.read_bytes() == whole and journal_path(db_path).exists()
    store = Store.open(db_path, keep_backups=True)  # the journal is replayed, and kept
    assert store.load().events[event.id].notes == "small" and db_path.read_bytes() == whole
    put(store, dataclasses.replace(event, notes="long " * (len(whole) // 80)))  # past a sixteenth of the file
    store.close()
    assert not journal_path(db_path).exists() and b'"notes":"long long' in db_path.read_bytes()


def test_a_full_disk_past_the_limit_is_not_rewritten_at_every_edit(db_path, kursk, monkeypatch):
    monkeypatch.setattr("desktop.store.tinystore.COMPACT_AT", 2_000)
    store = Store.open(db_path, seed=load_dataset)
    event = next(iter(kursk.events.values()))
    attempts = []

    def full(*args, **kwargs):
        attempts.append(args)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop.store.compaction.write_temporary", full)
    for n in range(20):  # each line still fits; the whole file does not
        put(store, dataclasses.replace(event, notes=f"{n} " + "long " * 100))
    assert 1 <= len(attempts) <= 7  # once per 2,000 more bytes of journal (edits of ~550), not at each of the 20
    monkeypatch.undo()
    assert Store.open(db_path, read_only=True).load().events[event.id].notes.startswith("19 ")


def test_loading_after_an_edit_gives_the_edited_timeline(db_path, kursk):
    store = Store.open(db_path, seed=load_dataset, keep_backups=True)  # reads the timeline while opening
    event = next(iter(kursk.events.values()))
    put(store, dataclasses.replace(event, title="Edited"))
    assert store.load().events[event.id].title == "Edited"


def test_restoring_a_backup_puts_a_stale_journal_aside_instead_of_replaying_it(db_path, kursk):
    from desktop.recovery import restore

    store = Store.open(db_path, seed=load_dataset, keep_backups=True)
    store.close()
    backup = backups(db_path)[0]
    store = Store.open(db_path)
    event = next(iter(kursk.events.values()))
    put(store, dataclasses.replace(event, title="Made to the file the backup replaces"))
    crash(store)
    restore(backup, db_path)
    assert not journal_path(db_path).exists()
    assert Store.open(db_path, read_only=True).load().events[event.id].title == event.title
    (aside,) = db_path.parent.glob(f"{db_path.name}.stale-*.journal")
    assert b"Made to the file the backup replaces" in aside.read_bytes()


def test_a_reader_that_meets_a_compaction_reads_again(db_path, kursk, monkeypatch):
    writer = Store.open(db_path, seed=load_dataset)
    event = next(iter(kursk.events.values()))
    put(writer, dataclasses.replace(event, title="Compacted under the reader"))
    open_regular = journal_module.open_regular

    def compaction_first(path):  # the writer compacts between the reader's two reads
        writer.compact()
        return open_regular(path)

    monkeypatch.setattr(journal_module, "open_regular", compaction_first)
    assert Store.open(db_path, read_only=True).load().events[event.id].title == "Compacted under the reader"


def test_the_document_compacts_once_edits_pause(qtbot, db_path, monkeypatch):
    monkeypatch.setattr("desktop.document.COMPACT_AFTER_MS", 100)
    document = open_document(db_path)
    event = next(e for e in document.timeline.events.values() if e.start.day)
    before = db_path.read_bytes()
    assert document.push(editing.move_events(document.timeline, [event.id], 3))
    assert journal_path(db_path).exists() and db_path.read_bytes() == before  # saved as a line; the file waits
    qtbot.waitUntil(lambda: not journal_path(db_path).exists(), timeout=5_000)
    assert Store.open(db_path, read_only=True).load() == document.timeline  # the file alone now
    document.close()


def test_a_rename_of_the_timeline_is_a_journal_line_a_killed_writer_keeps_and_compaction_writes_into_the_file(db_path, kursk):
    store = Store.open(db_path, seed=load_dataset)
    before = orjson.loads(db_path.read_bytes())["_meta"]["1"]
    renamed = retitled(store.load(), "  Kursk, shared  ")
    store.apply(renamed.changes)
    assert orjson.loads(db_path.read_bytes())["_meta"]["1"] == before  # the file is untouched: the edit is in the journal
    crash(store)
    assert Store.open(db_path, read_only=True).load().title == "Kursk, shared"
    store = Store.open(db_path)  # replays the journal, then writes it into the file
    timeline = store.load()
    assert (timeline.title, timeline.lanes) == ("Kursk, shared", kursk.lanes)
    store.close()
    meta = orjson.loads(db_path.read_bytes())["_meta"]["1"]
    assert (meta["title"], meta["lanes"]) == ("Kursk, shared", before["lanes"])
    assert set(meta["numbers"]) <= set(KINDS)  # the heading is no numbered document
    store = Store.open(db_path)
    store.apply(renamed.inverse().changes)  # undone
    store.close()
    assert Store.open(db_path, read_only=True).load().title == kursk.title
