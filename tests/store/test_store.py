import dataclasses
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from paths import ROOT
from desktop.dataset import load_dataset
from desktop.model import Event, FuzzyDate, new_id
from desktop.model.edits import Change
from desktop.store.lock import lock_path
from desktop.store import SCHEMA_VERSION, CorruptDatabase, Store, StoreError, UnsupportedSchema
from disk import disk_bytes



def put(store, event):
    store.apply([Change("events", event.id, None, event)])  # the store trusts its caller's "before"


def test_new_database_is_seeded_and_reloads_equal(db_path, kursk):
    store = Store.open(db_path, seed=load_dataset)
    assert store.load().to_dict() == kursk.to_dict()
    assert orjson.loads(db_path.read_bytes())["_meta"]["1"]["schema"] == SCHEMA_VERSION
    store.close()
    assert Store.open(db_path).load().to_dict() == kursk.to_dict()


def test_empty_database_when_no_seed(tmp_path):
    store = Store.open(tmp_path / "sub" / "folder" / "new.json")
    assert store.load().events == {}


def test_an_applied_change_is_on_disk_when_apply_returns(db_path, kursk):
    store = Store.open(db_path, seed=load_dataset)
    event = next(iter(kursk.events.values()))
    put(store, dataclasses.replace(event, title="Renamed"))
    added = Event(new_id(), "Added", FuzzyDate.parse("2025-04-27"), lane="Russia")
    put(store, added)
    reopened = Store.open(db_path, read_only=True).load()  # a second reader sees only what is on disk
    assert reopened.events[event.id].title == "Renamed"
    assert reopened.events[added.id] == added
    assert len(reopened.events) == len(kursk.events) + 1


@pytest.mark.parametrize(
    "content, error, message",
    [
        (b"", CorruptDatabase, "empty"),
        (b"{\"_meta\": {\"1\": {\"schema\"", CorruptDatabase, "not valid JSON"),
        (b"\xff\xfe garbage", CorruptDatabase, "not valid JSON"),
        (b"[1, 2, 3]", CorruptDatabase, "no schema version"),
        (b"{\"events\": {}}", CorruptDatabase, "no schema version"),
        (b"{\"_meta\": {\"1\": {\"schema\": 99}}}", UnsupportedSchema, "schema version 99 .*: open it with the newer version that wrote it"),
        (b"{\"_meta\": {\"1\": {\"schema\": 0}}}", CorruptDatabase, "schema version 0 does not exist: no version of the app writes it"),
        (b"{\"_meta\": {\"1\": {\"schema\": 1}}, \"events\": [1]}", CorruptDatabase, "table 'events'"),
        (b"{\"_meta\": {\"1\": {\"schema\": 1}}, \"events\": {\"1\": {\"id\": \"x\"}}}", CorruptDatabase, "events document 1"),
        (
            b"{\"_meta\": {\"1\": {\"schema\": 1}}, \"events\": {\"1\": {\"id\": \"x\", \"title\": \"t\", \"start\": \"last August\"}}}",
            CorruptDatabase,
            "cannot read date",
        ),
        (b"{\"_meta\": {\"1\": {\"schema\": true}}}", CorruptDatabase, "no schema version"),
        (b"{\"_meta\": {\"1\": {\"schema\": 1}}, \"events\": {\"1\": {\"id\": \"x\", \"title\": 5, \"start\": \"2025\"}}}", CorruptDatabase, "'title' should be text, not int"),
        (b"{\"_meta\": {\"1\": {\"schema\": 1}}, \"events\": {\"1\": {\"id\": \"x\", \"title\": \"t\", \"start\": 2025}}}", CorruptDatabase, "'start' should be text"),
        (b"{\"_meta\": {\"1\": {\"schema\": 1}}, \"events\": {\"1\": {\"id\": \"x\", \"title\": \"t\", \"start\": \"2025\", \"notes\": null}}}", CorruptDatabase, "'notes' should be text"),
        (b"{\"_meta\": {\"1\": {\"schema\": 1}}, \"events\": {\"1\": {\"id\": \"x\", \"title\": \"t\", \"start\": \"2025\", \"tags\": [1]}}}", CorruptDatabase, "'tags' should be a list of text"),
        (b"{\"_meta\": {\"1\": {\"schema\": 1}}, \"events\": {\"1\": {\"id\": \"x\", \"title\": \"t\", \"start\": \"\"}}}", CorruptDatabase, "events document 1"),
        (b"{\"_meta\": {\"1\": {\"schema\": 1, \"lanes\": 5}}}", CorruptDatabase, "lanes should be a list"),
        (b"{\"_meta\": {\"1\": {\"schema\": 1, \"lanes\": [[\"x\"]]}}}", CorruptDatabase, "lanes should be a list"),
        (b"{\"_meta\": {\"1\": {\"schema\": 1, \"title\": {}}}}", CorruptDatabase, "title should be text"),
        (b"{\"_meta\": {\"1\": {\"schema\": 1}}, \"events\": {\"abc\": {}}}", CorruptDatabase, "numbered documents"),
        (b"{\"_meta\": {\"1\": {\"schema\": 1}}, \"events\": {\"1\": {\"id\": [1]}}}", CorruptDatabase, "events document 1 has no id, or one that is not text"),
        ("{\"_meta\": {\"1\": {\"schema\": 1}}, \"events\": {\"\u00b2\": {}}}".encode(), CorruptDatabase, "numbered documents"),
        (b"{\"_meta\": {\"1\": {\"schema\": 1}}, \"events\": {\"1\": {\"id\": \"a\"}, \"01\": {\"id\": \"b\"}}}", CorruptDatabase, "numbered documents"),
        (b"{\"_meta\": {\"1\": {\"schema\": 1}}, \"events\": {\"1\": {\"id\": \"a\"}, \"2\": {\"id\": \"a\"}}}", CorruptDatabase, "documents 1 and 2 have the same id"),
        (b"{\"_meta\": {\"1\": {\"schema\": 1, \"x\": " + b"[" * 300 + b"]" * 300 + b"}}}", CorruptDatabase, "nests data deeper"),
    ],
)
def test_bad_files_are_refused_clearly_and_left_untouched(db_path, content, error, message):
    db_path.write_bytes(content)
    with pytest.raises(error, match=message):
        Store.open(db_path, seed=load_dataset).load()
    assert db_path.read_bytes() == content
    assert files_beside(db_path) == [db_path.name]


def test_a_byte_order_mark_is_read_past_as_imports_do(db_path, kursk):
    Store.open(db_path, seed=load_dataset).close()
    db_path.write_bytes(b"\xef\xbb\xbf" + db_path.read_bytes())
    assert Store.open(db_path).load() == kursk


def test_unreadable_file_is_reported(db_path, monkeypatch):
    db_path.write_text("{}")

    def denied(self, *args):  # chmod 0 would not stop root, who runs CI
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(StoreError, match="permission denied"):
        Store.open(db_path)


def files_beside(db_path):
    """The files in the database's folder, but its lock file, there while the database is open."""
    return sorted(p.name for p in db_path.parent.iterdir() if p != lock_path(db_path))


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_interrupted_write_leaves_the_previous_file_whole(db_path, kursk, monkeypatch, failing):
    store = Store.open(db_path, seed=load_dataset)
    before = disk_bytes(db_path)
    event = next(iter(kursk.events.values()))

    def crash(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(f"desktop.fileio.os.{failing}", crash)
    with pytest.raises(OSError):
        put(store, dataclasses.replace(event, title="Never saved"))
    assert disk_bytes(db_path) == before
    assert files_beside(db_path) == [db_path.name]  # no temporary file, no journal left
    # Memory agrees with the disk: the failed edit is not kept, and is not slipped
    # into the file by the next save, which must not duplicate a retried insert either.
    assert store.load().to_dict() == kursk.to_dict()
    monkeypatch.undo()
    added = Event(new_id(), "Retried", FuzzyDate.parse("2025-04-27"), lane="Russia")
    monkeypatch.setattr(f"desktop.fileio.os.{failing}", crash)
    with pytest.raises(OSError):
        put(store, added)
    monkeypatch.undo()
    put(store, added)
    put(store, dataclasses.replace(next(iter(kursk.events.values())), notes="later edit"))
    store.compact()
    on_disk = orjson.loads(db_path.read_bytes())["events"].values()
    assert [doc["title"] for doc in on_disk].count("Retried") == 1
    assert "Never saved" not in [doc["title"] for doc in on_disk]


def test_killed_writer_loses_no_saved_edit(tmp_path):
    """SIGKILL a writer at random moments in a stream of varied edits: the file always
    opens and holds every edit reported saved (benchmarks/crash_harness.py; 200 kills there)."""
    harness = ROOT / "benchmarks" / "crash_harness.py"
    done = subprocess.run([sys.executable, str(harness), "--kills", "10", "--folder", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "losses: 0" in done.stdout


def test_failed_save_rolls_back_without_reading_the_disk_again(db_path, kursk, monkeypatch):
    """The rollback must not depend on the disk that just failed: the original error comes
    through and memory is as last saved even if the file can no longer be read."""
    store = Store.open(db_path, seed=load_dataset)
    event = next(iter(kursk.events.values()))

    def full(*args):
        raise OSError(28, "No space left on device")

    def unreadable(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("desktop.fileio.os.write", full)
    monkeypatch.setattr(Path, "read_bytes", unreadable)
    with pytest.raises(OSError, match="No space left"):
        put(store, dataclasses.replace(event, title="Never saved"))
    assert store.load().to_dict() == kursk.to_dict()


def test_a_new_record_never_takes_the_number_of_a_deleted_one(db_path, kursk):
    """Else re-adding the deleted record (a re-import of its id) would overwrite the new one."""
    store = Store.open(db_path, seed=load_dataset)
    numbers = {doc["id"]: int(key) for key, doc in orjson.loads(db_path.read_bytes())["events"].items()}
    last = kursk.events[max(numbers, key=numbers.get)]  # the event holding the highest number
    store.apply([Change("events", last.id, last, None)])
    newcomer = Event(new_id(), "Newcomer", FuzzyDate.parse("2025-04-28"), lane="Russia")
    put(store, newcomer)
    put(store, last)  # its id comes back
    store.close()
    reopened = Store.open(db_path).load()
    assert reopened.events[newcomer.id] == newcomer and reopened.events[last.id] == last


def test_records_are_built_as_the_file_is_read_and_take_the_place_of_its_documents(db_path, kursk):
    # Held together, the parsed documents and the records would take every event twice
    # (1.4 GB more at 300,000 events); compaction writes the records.
    Store.open(db_path, seed=load_dataset).close()
    store = Store.open(db_path)
    assert all(type(document) is Event for document in store._data["events"].values())
    timeline = store.load()
    kept = [document for name in ("events", "citations") for document in store._data[name].values()]
    assert kept and all(any(document is record for record in (timeline.events.get(document.id), timeline.citations.get(document.id)))
                        for document in kept)
    event = next(iter(timeline.events.values()))
    put(store, dataclasses.replace(event, title="Renamed"))
    store.compact(whatever_size=True)
    store.close()
    reread = Store.open(db_path).load()
    assert reread.events[event.id].title == "Renamed"
    assert reread.to_dict()["citations"] == kursk.to_dict()["citations"]
