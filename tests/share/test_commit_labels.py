"""A sync's commit lists the edits made since the last sync by their undo labels, whether
made headless, in an earlier session, or in the window (see also tests/ui/actions)."""
import dataclasses

import pytest

from git_repos import git
from git_repos import Person

from desktop.cli import main
from desktop.dataset import load_dataset
from desktop.model.edits import Change
from desktop.share.form import record_path
from desktop.share.sync import ShareError, sync
from desktop.store import Store
from desktop.store import labels
from desktop.store.journal import Journal


def _rename(person: Person, title: str, label: str) -> None:
    store = Store.open(person.db)
    try:
        event = next(iter(store.load().events.values()))
        store.apply([Change("events", event.id, event, dataclasses.replace(event, title=title))], [label])
    finally:
        store.close()


def _last_message(person: Person) -> list[str]:
    return git(person.repo, "log", "-1", "--format=%B").strip().splitlines()


def test_the_commit_lists_the_edits_by_their_labels_oldest_first_then_the_records(ana):
    _rename(ana, "First", "Rename 'Gornal recaptured'")
    _rename(ana, "Second", "Move 'Ukrainian forces enter Sudzha' to 7 Aug 2024")
    ana.sync()
    message = _last_message(ana)
    assert message[:4] == ["2 edits: 1 event changed", "", "Rename 'Gornal recaptured'", "Move 'Ukrainian forces enter Sudzha' to 7 Aug 2024"]
    assert message[5] == "Changed event 'Second'"
    assert labels.read(ana.db) == []  # taken: the next commit does not list them again
    _rename(ana, "Third", "Rename 'Second'")
    ana.sync()
    assert _last_message(ana)[0] == "Rename 'Second'"


def test_a_headless_import_is_listed_by_its_label(ana, tmp_path):
    rows = tmp_path / "more.csv"
    rows.write_text("title,start\nBridge at Glushkovo destroyed,2024-08-16\n", encoding="utf-8")
    assert main(["import", str(rows), "--db", str(ana.db)]) == 0
    ana.sync()
    assert _last_message(ana)[0] == "Import 1 event from more.csv"


def test_the_label_of_the_others_edits_a_sync_brought_in_is_not_listed_again(ana, ben):
    ben.edit("events", next(iter(ben.timeline().events)), title="Ben's")
    ben.sync()
    store = Store.open(ana.db)
    try:
        sync(ana.repo, store.load(), lambda edit: store.apply(edit.changes, [edit.label]) or True, db=ana.db)
    finally:
        store.close()
    assert labels.read(ana.db) == ["Sync with origin: 1 event changed by ben@newsroom.example"]
    _rename(ana, "Ana's", "Rename 'Ben's'")
    ana.sync()
    assert _last_message(ana)[0] == "Rename 'Ben's'"


def test_without_labels_kept_the_commit_says_what_changed_and_labels_are_kept_from_then_on(ana):
    labels.labels_path(ana.db).unlink()  # shared before labels were kept
    ana.edit("events", next(iter(ana.timeline().events)), title="Unlabelled")
    ana.sync()
    assert _last_message(ana) == ["1 event changed", "", "Changed event 'Unlabelled'"]
    _rename(ana, "Labelled", "Rename 'Unlabelled'")
    ana.sync()
    assert _last_message(ana)[0] == "Rename 'Unlabelled'"


def test_a_torn_last_label_left_by_a_crash_is_left_out(ana):
    _rename(ana, "Kept", "Rename 'Gornal recaptured'")
    with open(labels.labels_path(ana.db), "ab") as log:
        log.write(b'"Rename \'Ke')
    assert labels.read(ana.db) == ["Rename 'Gornal recaptured'"]


def test_a_database_nobody_shares_keeps_no_labels(tmp_path):
    db = tmp_path / "alone.json"
    store = Store.open(db, seed=load_dataset)
    try:
        event = next(iter(store.load().events.values()))
        store.apply([Change("events", event.id, event, dataclasses.replace(event, title="x"))], ["Rename"])
    finally:
        store.close()
    assert not labels.labels_path(db).exists()


def test_an_edit_the_disk_refuses_leaves_no_label_behind(ana, monkeypatch):

    def full(self, line):
        raise OSError(28, "No space left on device")

    store = Store.open(ana.db)
    try:
        event = next(iter(store.load().events.values()))
        monkeypatch.setattr(Journal, "append", full)
        with pytest.raises(OSError):
            store.apply([Change("events", event.id, event, dataclasses.replace(event, title="x"))], ["Rename"])
    finally:
        monkeypatch.undo()
        store.close()
    assert labels.read(ana.db) == []


def test_a_merge_refused_keeps_the_labels_for_the_next_commit(ana, ben):
    event = next(iter(ana.timeline().events))  # the one _rename renames
    ben.edit("events", event, title="Ben's")
    ben.sync()
    _rename(ana, "Ana's", "Rename 'Gornal recaptured'")  # the same field: refused
    with pytest.raises(ShareError):
        ana.sync()
    assert labels.read(ana.db) == ["Rename 'Gornal recaptured'"]


def test_a_sync_undone_then_redone_after_the_undo_was_sent_is_an_edit_of_yours_waiting(qapp, ana, ben):
    from desktop.app import open_document
    from desktop.share.status import edits_waiting

    _rename(ben, "Ben's title", "Rename 'Gornal recaptured'")
    ben.sync()
    renamed = next(key for key, event in ben.timeline().events.items() if event.title == "Ben's title")
    document = open_document(ana.db)
    try:
        sync(ana.repo, document.timeline, document.push, db=ana.db)
        document.undo_stack.undo()  # Ben's rename taken back, and sent
        sync(ana.repo, document.timeline, document.push, db=ana.db)
        document.undo_stack.redo()  # and made again: it waits, as any edit of Ana's
        assert edits_waiting(ana.db) == 1
        sync(ana.repo, document.timeline, document.push, db=ana.db)
    finally:
        document.store.close()
    assert _last_message(ana)[0] == "Redo Sync with origin: 1 event changed by ben@newsroom.example"
    assert git(ana.repo, "show", f"HEAD:{record_path('events', renamed)}").count("Ben's title") == 1
