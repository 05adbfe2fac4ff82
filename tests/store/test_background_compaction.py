"""A compaction written on a worker thread while edits go on: every edit saved meanwhile
stays in the journal, under the new file's generation, and a crash at any step loses none."""
import dataclasses
import threading

import orjson
import pytest

from desktop.dataset import load_dataset
from desktop.model.edits import Change
from desktop.store import Store
from desktop.store import compaction as compaction_module
from desktop.store.journal import journal_path, read


def put(store, record):
    store.apply([Change("events", record.id, None, record)])


def generation(db_path):
    return orjson.loads(db_path.read_bytes())["_meta"]["1"]["generation"]


@pytest.fixture
def held(monkeypatch):
    """The worker waits before writing until ``held.set()``: a compaction as slow as the test needs."""
    gate = threading.Event()
    monkeypatch.setattr(compaction_module, "PACE", lambda: gate.wait(30))
    return gate


@pytest.fixture
def edited(db_path, kursk):
    """An open store whose journal holds one edit, and the event it changes."""
    store = Store.open(db_path, seed=load_dataset)
    event = next(iter(kursk.events.values()))
    put(store, dataclasses.replace(event, title="Before the compaction"))
    yield store, event
    store.close()


def test_edits_saved_while_the_file_is_written_stay_in_the_journal_under_the_new_generation(db_path, edited, held):
    store, event = edited
    compaction = store.start_compaction()
    put(store, dataclasses.replace(event, title="While it is written"))  # journaled while the worker waits
    assert not compaction.wait(0) and store.finish_compaction() is False
    held.set()
    assert store.finish_compaction(wait=True) and store.compaction is None
    on_disk = db_path.read_bytes()
    assert b"Before the compaction" in on_disk and b"While it is written" not in on_disk
    journal = read(journal_path(db_path))
    assert journal.generation == generation(db_path) and len(journal.edits) == 1
    assert Store.open(db_path, read_only=True).load().events[event.id].title == "While it is written"


def test_a_crash_between_putting_the_file_in_place_and_cutting_the_journal_loses_nothing(db_path, edited, held, monkeypatch):
    store, event = edited
    store.start_compaction()
    put(store, dataclasses.replace(event, title="While it is written"))
    added = dataclasses.replace(event, id="added-meanwhile", title="Added meanwhile")
    put(store, added)
    old_journal = journal_path(db_path).read_bytes()
    held.set()
    store.finish_compaction(wait=True)
    store.lock.release()  # killed here, the old journal still in place:
    journal_path(db_path).write_bytes(old_journal)
    monkeypatch.setattr("desktop.store.tinystore.LARGE_FILE", 1_000)  # so that opening leaves the journal to be seen
    reopened = Store.open(db_path)
    timeline = reopened.load()
    assert timeline.events[event.id].title == "While it is written" and added.id in timeline.events
    journal = read(journal_path(db_path))  # cut down to what the file lacks, as the compaction would have
    assert journal.generation == generation(db_path) and len(journal.edits) == 2
    put(reopened, dataclasses.replace(added, title="After reopening"))  # numbered after those given meanwhile
    reopened.close()
    again = Store.open(db_path, read_only=True).load()
    assert again.events[added.id].title == "After reopening" and again.events[event.id].title == "While it is written"


def test_a_journal_that_cannot_be_cut_down_goes_on_taking_edits(db_path, edited, held, monkeypatch):
    store, event = edited
    store.start_compaction()
    put(store, dataclasses.replace(event, title="While it is written"))

    def refused(self, tail):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop.store.journal.Journal.replace", refused)
    held.set()
    store.finish_compaction(wait=True)  # the file is in place; the old journal stays
    monkeypatch.undo()
    put(store, dataclasses.replace(event, title="After the compaction"))
    assert Store.open(db_path, read_only=True).load().events[event.id].title == "After the compaction"


def test_a_write_that_fails_on_the_worker_leaves_the_edits_in_the_journal(db_path, edited, monkeypatch):
    store, event = edited
    before = db_path.read_bytes()

    def full():
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(compaction_module, "PACE", full)
    store.start_compaction()
    assert store.finish_compaction(wait=True)
    assert db_path.read_bytes() == before and journal_path(db_path).exists()
    assert not [p for p in db_path.parent.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.undo()
    store.compact()
    assert not journal_path(db_path).exists() and b"Before the compaction" in db_path.read_bytes()


def test_closing_waits_for_a_compaction_under_way(db_path, edited, held):
    store, event = edited
    store.start_compaction()
    put(store, dataclasses.replace(event, title="While it is written"))
    threading.Timer(0.2, held.set).start()
    store.close()  # waits, puts the file in place, then compacts the rest
    assert not journal_path(db_path).exists() and b"While it is written" in db_path.read_bytes()


def test_an_edit_past_the_journal_limit_starts_a_compaction_on_a_worker(db_path, edited, held, monkeypatch):
    store, event = edited
    monkeypatch.setattr(store, "_compact_at", 100)
    store.compacts_in_background = True
    before = db_path.read_bytes()
    put(store, dataclasses.replace(event, notes="long " * 100))  # returns while the worker waits
    assert store.compaction is not None and db_path.read_bytes() == before
    held.set()
    store.finish_compaction(wait=True)
    assert b"long long" in db_path.read_bytes() and not journal_path(db_path).exists()


def test_a_rename_saved_while_the_file_is_written_survives_the_switch_and_a_reopen(db_path, edited, held):
    from desktop.model.heading import retitled

    store, _ = edited
    compaction = store.start_compaction()
    store.apply(retitled(store.load(), "Kursk, renamed mid-compaction").changes)  # a line of the journal, not a table's
    held.set()
    assert compaction.wait(30) and store.finish_compaction(wait=True)
    assert Store.open(db_path, read_only=True).load().title == "Kursk, renamed mid-compaction"
    store.close()  # compacts the rename into the file too
    assert orjson.loads(db_path.read_bytes())["_meta"]["1"]["title"] == "Kursk, renamed mid-compaction"
