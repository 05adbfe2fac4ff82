"""Every edit goes through the undo stack, reaches the disk, and comes undone exactly."""
import dataclasses
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from desktop.app import open_document
from desktop.model import DateError, ModelError
from desktop.model import editing
from desktop.store import Store
from disk import contents, disk_bytes, fill_disk
from strategies import build_edit, operations


def compacted(document):
    """The file's data once the journal is written into it, as closing or a pause does."""
    document.store.compact()
    return contents(document.store.path)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations)
def test_undoing_every_edit_restores_every_document_of_the_file_and_redo_replays_them(qapp, ops):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "timeline.json"
        document = open_document(path)
        original = contents(path)
        pushed = 0
        for op in ops:
            try:
                edit = build_edit(document.timeline, *op)
                if edit is not None:
                    pushed += document.push(edit)
            except (ModelError, DateError):
                pass  # a gesture the model refuses; it must leave nothing behind
            assert Store.open(path, read_only=True).load() == document.timeline  # what the disk holds, journal and all
        assert document.undo_stack.count() == pushed
        edited_model = Store.open(path, read_only=True).load()
        edited = compacted(document)

        while document.undo_stack.canUndo():
            document.undo_stack.undo()
        assert compacted(document) == original
        while document.undo_stack.canRedo():
            document.undo_stack.redo()
        assert compacted(document) == edited
        assert document.timeline == edited_model
        document.store.close()


def test_an_impossible_edit_is_refused_whole(qapp, db_path):
    document = open_document(db_path)
    before = disk_bytes(db_path)
    ranged = next(e for e in document.timeline.events.values() if e.end)
    with pytest.raises(ModelError, match="before it starts"):
        editing.resize(ranged, "end", -3000)
    untitled = dataclasses.replace  # an empty title cannot even be built
    with pytest.raises(ModelError, match="needs a title"):
        untitled(ranged, title="  ")
    # Two records in one edit, the second one stale: neither is applied.
    first, second = list(document.timeline.events.values())[:2]
    stale = editing.put(document.timeline, "events", [dataclasses.replace(first, title="A"), dataclasses.replace(second, title="B")], "Edit")
    stale = dataclasses.replace(stale, changes=(stale.changes[0], dataclasses.replace(stale.changes[1], before=first)))
    with pytest.raises(ModelError, match="changed since"):
        document.push(stale)
    assert disk_bytes(db_path) == before
    assert document.timeline.events[first.id] == first
    assert document.undo_stack.count() == 0


def test_deleting_a_disputed_claim_takes_its_citations_and_its_link_to_the_denial(qapp, db_path):
    document = open_document(db_path)
    timeline = document.timeline
    [link] = timeline.links.values()
    denial, claim = timeline.events[link.from_id], timeline.events[link.to_id]
    cited = [c.id for c in timeline.citations_for(claim.id)]
    assert cited
    assert document.push(editing.remove(timeline, "events", [claim.id]))
    assert document.undo_stack.undoText() == f"Delete '{claim.title}'"
    reopened = Store.open(db_path, read_only=True).load()
    assert claim.id not in reopened.events and not set(cited) & set(reopened.citations)
    assert denial.id in reopened.events and not reopened.links
    document.undo_stack.undo()
    assert Store.open(db_path, read_only=True).load().links == {link.id: link}
    assert [c.id for c in timeline.citations_for(claim.id)] == cited


def _on_disk(db_path):
    return Store.open(db_path, read_only=True).load()  # another reader: sees the journal, writes nothing


def test_an_edit_the_store_could_never_write_is_refused_at_once_and_later_edits_save(qtbot, db_path):
    document = open_document(db_path)
    event = next(e for e in document.timeline.events.values() if e.start.day)
    before, timeline = disk_bytes(db_path), document.timeline.to_dict()
    unsavable = editing.put(document.timeline, "events", [dataclasses.replace(event, notes="half a pair: \ud800")], "Edit notes")
    with pytest.raises(ModelError, match=r"this edit cannot be saved: it holds a character that is not valid Unicode \(a lone surrogate\)"):
        document.push(unsavable)
    assert not document.unsaved and document.undo_stack.count() == 0
    assert document.timeline.to_dict() == timeline and disk_bytes(db_path) == before
    assert document.push(editing.move_events(document.timeline, [event.id], 3))
    assert not document.unsaved and _on_disk(db_path) == document.timeline


def test_edits_the_disk_refuses_are_kept_said_once_and_saved_when_it_allows(qtbot, db_path, monkeypatch):
    document = open_document(db_path)
    before = disk_bytes(db_path)
    event = next(e for e in document.timeline.events.values() if e.start.day)
    messages = []
    document.failed.connect(messages.append)
    fill_disk(monkeypatch)
    assert document.push(editing.move_events(document.timeline, [event.id], 40))
    assert document.push(editing.move_events(document.timeline, [event.id], 2))
    assert messages == [
        "Not saved: No space left on device. Your edits are kept and will be saved as soon as the disk allows; do not quit until then."
    ]
    assert document.timeline.events[event.id].start == event.start.moved(42)
    assert document.undo_stack.count() == 2 and len(document.unsaved) == 2
    assert not document.retry()
    assert disk_bytes(db_path) == before  # nothing on disk touched while failing
    monkeypatch.undo()
    qtbot.waitUntil(lambda: not document.unsaved, timeout=10_000)  # the retry timer, not the test, saves them
    assert _on_disk(db_path) == document.timeline and len(messages) == 1


def _nudges(document, count):
    event = next(e for e in document.timeline.events.values() if e.start.day)
    for _ in range(count):
        assert document.push(editing.move_events(document.timeline, [event.id], 1))
    return event.id


def test_undo_and_redo_while_the_disk_refuses_queue_behind_the_edits(qtbot, db_path, monkeypatch):
    document = open_document(db_path)
    original = contents(db_path)
    event_id = _nudges(document, 2)
    stack, saved = document.undo_stack, disk_bytes(db_path)
    fill_disk(monkeypatch)
    stack.undo()
    stack.undo()
    stack.redo()
    assert stack.index() == 1 and len(document.unsaved) == 3
    assert disk_bytes(db_path) == saved
    monkeypatch.undo()
    assert document.retry()
    assert _on_disk(db_path).events[event_id] == document.timeline.events[event_id]
    stack.undo()
    assert compacted(document) == original


def test_a_walk_through_the_history_goes_on_while_the_disk_refuses(qtbot, db_path, monkeypatch):
    document = open_document(db_path)
    event_id = _nudges(document, 3)
    stack = document.undo_stack
    stack.setIndex(0)
    at_start = document.timeline.events[event_id]
    fill_disk(monkeypatch)
    stack.setIndex(3)  # the History view jumps like this: three redos in one walk
    assert stack.index() == 3 and document.timeline.events[event_id].start == at_start.start.moved(3)
    assert _on_disk(db_path).events[event_id] == at_start
    monkeypatch.undo()
    assert document.retry()
    assert _on_disk(db_path) == document.timeline


def test_an_edit_the_disk_refuses_still_replaces_what_could_be_redone(qtbot, db_path, monkeypatch):
    document = open_document(db_path)
    event_id = _nudges(document, 2)
    document.undo_stack.undo()
    fill_disk(monkeypatch)
    assert document.push(editing.move_events(document.timeline, [event_id], 7))
    assert not document.undo_stack.canRedo() and document.undo_stack.index() == 2
    monkeypatch.undo()
    assert document.retry() and _on_disk(db_path) == document.timeline


def test_a_step_the_model_refuses_ends_the_walk_and_clears_the_history(qtbot, db_path, monkeypatch):
    document = open_document(db_path)
    event_id = _nudges(document, 3)
    stack, before = document.undo_stack, _on_disk(db_path)
    messages = []
    document.failed.connect(messages.append)
    check = document.timeline.check
    calls = []

    def refuse_the_second(changes):  # as if the history no longer fitted the timeline
        calls.append(changes)
        if len(calls) == 3:  # each step checks twice: before it is saved, and as it is applied
            raise ModelError("the timeline has changed since this edit was made")
        check(changes)

    monkeypatch.setattr(document.timeline, "check", refuse_the_second)
    stack.setIndex(0)  # three undos in one walk: the first goes through, the second is refused
    qtbot.waitUntil(lambda: stack.count() == 0)
    assert len(messages) == 1 and "the timeline has changed" in messages[0] and "history has been cleared" in messages[0]
    assert _on_disk(db_path).events[event_id] == document.timeline.events[event_id] != before.events[event_id]
    assert document.timeline.events[event_id].start == before.events[event_id].start.moved(-1)  # one step undone


def test_closing_drops_the_waiting_edits_and_nothing_writes_them_later(qtbot, db_path, monkeypatch):
    document = open_document(db_path)
    before = disk_bytes(db_path)
    fill_disk(monkeypatch)
    _nudges(document, 1)
    assert document.unsaved and document._retry.isActive()
    document.close()  # the user chose to quit and lose them
    monkeypatch.undo()
    assert not document.unsaved and not document._retry.isActive()
    qtbot.wait(100)
    assert disk_bytes(db_path) == before
