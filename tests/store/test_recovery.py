"""Rolling backups, moving a corrupt database aside, and upgrading an older schema."""
import shutil

import orjson
import pytest

from paths import DATA
from disk import damaged_in_the_middle
from desktop.model import LinkType
from desktop.cli import main
from desktop.dataset import load_dataset
from desktop.recovery import recover, restore
from desktop.store import SCHEMA_VERSION, CorruptDatabase, Store
from desktop.store import backups as rolling
from desktop.store.backups import KEEP, backups, save

V1 = DATA / "timeline_v1.json"
BROKEN = b'{"_meta": '


def test_a_backup_is_skipped_when_the_newest_is_identical(db_path):
    db_path.write_bytes(b"one")
    assert save(db_path) is not None
    assert save(db_path) is None
    assert [b.path.read_bytes() for b in backups(db_path)] == [b"one"]


def test_a_backup_compares_past_the_head_only_a_file_from_before_generations(db_path):
    head = b'{"_meta":{"1":{"schema":1}},"events":"' + b"x" * rolling._HEAD
    db_path.write_bytes(head + b"one")
    save(db_path)
    db_path.write_bytes(head + b"two")  # the same size and head, different bytes
    assert save(db_path) is not None


def test_a_backup_of_the_same_write_is_skipped_reading_only_the_heads(db_path, monkeypatch):
    body = b'"events":{"1":{"id":"' + b"x" * 5000 + b'"}}}'
    db_path.write_bytes(b'{"_meta":{"1":{"generation":"aaaa"}},' + body)
    save(db_path)
    read = []

    class Counting:
        def __init__(self, file):
            self.file = file

        def read(self, size=-1):
            data = self.file.read(size)
            read.append(len(data))
            return data

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

    real_open = type(db_path).open
    monkeypatch.setattr(type(db_path), "open", lambda self, *a, **k: Counting(real_open(self, *a, **k)))
    monkeypatch.setattr(type(db_path), "read_bytes", lambda self: pytest.fail("read whole"))
    monkeypatch.setattr(rolling, "_HEAD", 100)
    assert save(db_path) is None
    assert read == [100, 100]
    monkeypatch.undo()
    db_path.write_bytes(b'{"_meta":{"1":{"generation":"bbbb"}},' + body)  # another write, the same size
    assert save(db_path) is not None
    assert len(backups(db_path)) == 2


def test_only_the_newest_backups_are_kept_newest_first(db_path):
    for n in range(KEEP + 3):
        db_path.write_bytes(f"version {n}".encode())
        save(db_path)
    kept = backups(db_path)
    assert [b.path.read_bytes() for b in kept] == [f"version {n}".encode() for n in reversed(range(3, KEEP + 3))]
    assert len(list(rolling.folder(db_path).iterdir())) == KEEP


def test_files_not_named_as_backups_are_left_alone(db_path):
    db_path.write_bytes(b"x")
    save(db_path)
    stranger = rolling.folder(db_path) / "notes.txt"
    stranger.write_text("mine")
    save(db_path, keep=1)
    assert len(backups(db_path)) == 1 and stranger.read_text() == "mine"


def test_opening_and_closing_with_backups_copies_the_database(db_path, kursk):
    store = Store.open(db_path, seed=load_dataset, keep_backups=True)
    [backup] = backups(db_path)
    assert backup.path.read_bytes() == db_path.read_bytes()
    store.close()  # unchanged since: no second copy
    assert len(backups(db_path)) == 1


def test_a_corrupt_file_is_not_backed_up(db_path):
    db_path.write_bytes(b'{"_meta": {"1": {"schema": 2}}, "events": {"1": {"id": "x"}}}')
    with pytest.raises(CorruptDatabase):
        Store.open(db_path, keep_backups=True)
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_a_corrupt_file_is_renamed_aside_with_its_bytes(db_path):
    db_path.write_bytes(b"old")
    save(db_path)
    db_path.write_bytes(BROKEN)
    with pytest.raises(CorruptDatabase) as raised:
        Store.open(db_path)
    found = recover(raised.value)
    assert not db_path.exists() and found.moved_to.read_bytes() == BROKEN
    assert found.moved_to.name.startswith("timeline.json.corrupt-")
    assert [b.path.read_bytes() for b in found.backups] == [b"old"]
    restore(found.backups[0], db_path)
    assert db_path.read_bytes() == b"old" and found.backups[0].path.exists()


def test_a_cli_import_moves_a_corrupt_file_aside_and_names_the_backup(db_path, tmp_path, capsys):
    Store.open(db_path, seed=load_dataset, keep_backups=True).close()
    good = db_path.read_bytes()
    db_path.write_bytes(BROKEN)
    rows = tmp_path / "rows.csv"
    rows.write_text("id,title,start\r\n,Imported,2025-04-27\r\n", encoding="utf-8")
    assert main(["import", str(rows), "--db", str(db_path)]) == 2  # a writer; export only reads, and says so
    err = capsys.readouterr().err
    [moved] = tmp_path.glob("timeline.json.corrupt-*")
    [backup] = backups(db_path)
    assert len(err.splitlines()) == 1
    assert "is corrupt (not valid JSON" in err and f"moved aside to {moved}" in err
    assert f"the most recent backup is {backup.path}" in err and f"copy it over {db_path} to restore" in err
    assert moved.read_bytes() == BROKEN and backup.path.read_bytes() == good
    assert not db_path.exists()


def test_a_newer_schema_is_refused_and_left_in_place(db_path, tmp_path, capsys):
    db_path.write_bytes(b'{"_meta": {"1": {"schema": 99}}}')
    assert main(["export", str(tmp_path / "out.csv"), "--db", str(db_path)]) == 2
    assert "schema version 99" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == [db_path.name]


def test_a_version_1_file_is_upgraded_after_a_copy_of_it_is_kept(db_path):
    shutil.copyfile(V1, db_path)
    original = V1.read_bytes()
    store = Store.open(db_path)
    timeline = store.load()
    store.close()
    assert len(timeline.events) == 3 and all(event.annotation == "" for event in timeline.events.values())
    data = orjson.loads(db_path.read_bytes())
    assert data["_meta"]["1"]["schema"] == SCHEMA_VERSION == 8
    assert data["periods"] == data["notes"] == {}
    assert all(event["annotation"] == "" for event in data["events"].values())
    # Statuses set by hand before they could follow the citations stay the user's.
    assert all(not event["status_auto"] and event["corroborated_as"] == "reported" for event in data["events"].values())
    assert all(event["attributes"] == {} for event in data["events"].values())
    assert all(citation["confidence"] == "normal" for citation in data["citations"].values())
    assert data["links"] == {}
    [kept] = db_path.parent.glob("timeline.json.v1-backup-*")
    assert kept.read_bytes() == original
    assert Store.open(db_path).load().to_dict() == timeline.to_dict()


def test_a_version_3_file_becomes_version_4_unchanged_but_for_its_version(db_path, kursk):
    Store.open(db_path, seed=lambda: kursk).close()
    data = orjson.loads(db_path.read_bytes())
    data["_meta"]["1"]["schema"] = 3
    db_path.write_bytes(orjson.dumps(data))
    assert Store.open(db_path).load().to_dict() == kursk.to_dict()
    upgraded = orjson.loads(db_path.read_bytes())
    assert upgraded["_meta"]["1"]["schema"] == 8
    assert {k: v for k, v in upgraded.items() if k != "_meta"} == {k: v for k, v in data.items() if k != "_meta"}
    assert len(list(db_path.parent.glob("timeline.json.v3-backup-*"))) == 1


def test_a_version_1_file_opened_read_only_is_upgraded_only_in_memory(db_path):
    shutil.copyfile(V1, db_path)
    assert len(Store.open(db_path, read_only=True).load().events) == 3
    assert db_path.read_bytes() == V1.read_bytes()
    assert sorted(p.name for p in db_path.parent.iterdir() if not p.name.startswith(".")) == [db_path.name]


def test_a_damaged_journals_whole_edits_are_offered_and_replayed_onto_its_file(db_path, kursk):
    from desktop.recovery import salvage
    from desktop.store.journal import journal_path

    events = damaged_in_the_middle(db_path, kursk)
    with pytest.raises(CorruptDatabase) as raised:
        Store.open(db_path)
    found = recover(raised.value)
    assert found.edits == (4, 5)
    moved = (found.moved_to.read_bytes(), journal_path(found.moved_to).read_bytes())
    salvage(found)
    titles = {event.id: event.title for event in Store.open(db_path).load().events.values()}
    assert [titles[event.id] for event in events] == ["Edit 1", "Edit 2", events[2].title, "Edit 4", "Edit 5"]
    assert (found.moved_to.read_bytes(), journal_path(found.moved_to).read_bytes()) == moved  # kept aside as it was


def test_a_damaged_file_offers_no_edits_to_recover(db_path):
    db_path.write_bytes(BROKEN)
    with pytest.raises(CorruptDatabase) as raised:
        Store.open(db_path)
    assert recover(raised.value).edits is None


def test_a_version_5_file_makes_the_automatic_status_of_an_uncited_event_unsourced(db_path):
    shutil.copyfile(V1, db_path)
    Store.open(db_path).close()
    data = orjson.loads(db_path.read_bytes())
    data["_meta"]["1"]["schema"] = 5
    events = data["events"]
    cited = {c["event_id"] for c in data["citations"].values()}
    uncited = [key for key, event in events.items() if event["id"] not in cited]
    assert uncited and len(uncited) < len(events)
    for event in events.values():
        event["status_auto"], event["status"] = True, "reported"
    chosen = dict(events[uncited[0]], id="chosen", status_auto=False)
    events["99"] = chosen  # reported by the user's choice: stays so
    db_path.write_bytes(orjson.dumps(data))
    timeline = Store.open(db_path).load()
    statuses = {key: timeline.events[event["id"]].status.value for key, event in events.items()}
    assert statuses == {key: "unsourced" if key in uncited else "reported" for key in events}
    assert [p.name for p in db_path.parent.glob("timeline.json.v5-backup-*")]


def test_a_version_6_files_disputes_become_link_records(db_path):
    shutil.copyfile(V1, db_path)
    Store.open(db_path).close()
    data = orjson.loads(db_path.read_bytes())
    data["_meta"]["1"]["schema"] = 6
    del data["links"]
    first, second, third = (event["id"] for event in data["events"].values())
    for event in data["events"].values():
        event["disputes"] = {first: second, second: None, third: second}[event["id"]]
    db_path.write_bytes(orjson.dumps(data))
    timeline = Store.open(db_path).load()
    assert sorted((k.from_id, k.to_id, k.type) for k in timeline.links.values()) == sorted([(first, second, LinkType.DISPUTES), (third, second, LinkType.DISPUTES)])
    assert [phrase for phrase, _, _ in timeline.links_of(second)] == ["Disputed by", "Disputed by"]
    upgraded = orjson.loads(db_path.read_bytes())
    assert upgraded["_meta"]["1"]["schema"] == 8 and not any("disputes" in event for event in upgraded["events"].values())
    assert [p.name for p in db_path.parent.glob("timeline.json.v6-backup-*")]
    assert Store.open(db_path).load().links == timeline.links  # the same ids when opened again


def test_a_version_7_file_becomes_version_8_unchanged_but_for_its_version(db_path, kursk):
    Store.open(db_path, seed=lambda: kursk).close()
    data = orjson.loads(db_path.read_bytes())
    data["_meta"]["1"]["schema"] = 7
    data["_meta"]["1"].pop("absorbed_end", None)  # version 7 never wrote it
    db_path.write_bytes(orjson.dumps(data))
    assert Store.open(db_path).load().to_dict() == kursk.to_dict()
    upgraded = orjson.loads(db_path.read_bytes())
    assert upgraded["_meta"]["1"]["schema"] == 8 and type(upgraded["_meta"]["1"]["absorbed_end"]) is int
    assert {k: v for k, v in upgraded.items() if k != "_meta"} == {k: v for k, v in data.items() if k != "_meta"}
    assert len(list(db_path.parent.glob("timeline.json.v7-backup-*"))) == 1
