"""Every edit goes through the undo stack, reaches the disk, and comes undone exactly."""
import dataclasses
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.app import open_document
from desktop.model import DateError, Event, FuzzyDate, ModelError, PinnedNote, Period, new_id
from desktop.model import editing
from desktop.store import Store

LANES = ["Ukraine", "Russia", "North Korea", "Observers", "A new lane"]


def build_edit(timeline, op, a, b, c, flag):
    """One user edit chosen from the draws (a, b, c) against the timeline as it stands."""
    events = sorted(timeline.events)
    pick = events[a % len(events)] if events else None
    if op == "move" and events:
        ids = [pick] + ([events[b % len(events)]] if flag else [])
        return editing.move_events(timeline, list(dict.fromkeys(ids)), c, LANES[b % len(LANES)] if b % 3 == 0 else None, to_days=flag and b % 2 == 0)
    if op == "resize" and events and timeline.events[pick].end:
        changed = editing.resize(timeline.events[pick], "start" if flag else "end", c)
        return editing.put(timeline, "events", [changed], "Resize")
    if op == "edit" and events:
        event = timeline.events[pick]
        changed = dataclasses.replace(event, title=f"{event.title} ({c})", notes=event.notes + "·", annotation=f"note {b}" if flag else "")
        return editing.put(timeline, "events", [changed], "Edit")
    if op == "delete" and events:
        return editing.remove(timeline, "events", [pick])
    if op == "create":
        event = Event(new_id(), f"New {c}", FuzzyDate.parse("2024-09-01").moved(c), lane=LANES[b % len(LANES)])
        return editing.put(timeline, "events", [event], "Create")
    if op == "period":
        periods = sorted(timeline.periods)
        if periods and flag:
            return editing.put(timeline, "periods", [editing.shift(timeline.periods[periods[a % len(periods)]], c)], "Move")
        start = FuzzyDate.parse("2024-08").moved(b)
        return editing.put(timeline, "periods", [Period(new_id(), "Held", start, start.moved(abs(c)))], "Add")
    if op == "note":
        notes = sorted(timeline.notes)
        if notes and flag:
            return editing.remove(timeline, "notes", [notes[a % len(notes)]])
        return editing.put(timeline, "notes", [PinnedNote(new_id(), FuzzyDate.parse("2025-01-15").moved(c), f"Note {b}")], "Pin")
    return None


operations = st.lists(
    st.tuples(
        st.sampled_from(["move", "resize", "edit", "delete", "create", "period", "note"]),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
        st.integers(-800, 800),
        st.booleans(),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations)
def test_undoing_every_edit_restores_the_file_byte_for_byte_and_redo_replays_them(qapp, ops):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "timeline.json"
        document = open_document(path)
        original = path.read_bytes()
        pushed = 0
        for op in ops:
            try:
                edit = build_edit(document.timeline, *op)
                if edit is not None:
                    pushed += document.push(edit)
            except (ModelError, DateError):
                pass  # a gesture the model refuses; it must leave nothing behind
            assert Store.open(path).load() == document.timeline
        assert document.undo_stack.count() == pushed
        edited, edited_model = path.read_bytes(), Store.open(path).load()

        while document.undo_stack.canUndo():
            document.undo_stack.undo()
        assert path.read_bytes() == original
        while document.undo_stack.canRedo():
            document.undo_stack.redo()
        assert path.read_bytes() == edited
        assert document.timeline == edited_model
        document.store.close()


def test_an_impossible_edit_is_refused_whole(qapp, db_path):
    document = open_document(db_path)
    before = db_path.read_bytes()
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
    assert db_path.read_bytes() == before
    assert document.timeline.events[first.id] == first
    assert document.undo_stack.count() == 0


def test_deleting_a_disputed_claim_takes_its_citations_and_unlinks_the_denial(qapp, db_path):
    document = open_document(db_path)
    timeline = document.timeline
    denial = next(e for e in timeline.events.values() if e.disputes)
    claim = timeline.events[denial.disputes]
    cited = [c.id for c in timeline.citations_for(claim.id)]
    assert cited
    assert document.push(editing.remove(timeline, "events", [claim.id]))
    assert document.undo_stack.undoText() == f"Delete '{claim.title}'"
    reopened = Store.open(db_path).load()
    assert claim.id not in reopened.events and not set(cited) & set(reopened.citations)
    assert reopened.events[denial.id].disputes is None
    document.undo_stack.undo()
    assert Store.open(db_path).load().events[denial.id].disputes == claim.id
    assert [c.id for c in timeline.citations_for(claim.id)] == cited


def test_a_failed_save_changes_nothing_says_why_and_leaves_no_undo_step(qapp, db_path, monkeypatch):
    document = open_document(db_path)
    before = db_path.read_bytes()
    event = next(iter(document.timeline.events.values()))
    messages = []
    document.failed.connect(messages.append)

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop.fileio.os.replace", full)
    assert not document.push(editing.move_events(document.timeline, [event.id], 40))
    assert messages == [f"'Move '{event.title}'' could not be saved: No space left on device. Nothing was changed."]
    assert document.timeline.events[event.id] == event
    assert db_path.read_bytes() == before
    assert document.undo_stack.count() == 0


def _nudges(document, count):
    event = next(e for e in document.timeline.events.values() if e.start.day)
    for _ in range(count):
        assert document.push(editing.move_events(document.timeline, [event.id], 1))
    return event.id


def _disk_full(monkeypatch):
    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop.fileio.os.replace", full)


def test_an_undo_that_cannot_be_saved_keeps_the_history_and_can_be_retried(qtbot, db_path, monkeypatch):
    document = open_document(db_path)
    original = db_path.read_bytes()
    _nudges(document, 2)
    stack, before = document.undo_stack, db_path.read_bytes()
    messages = []
    document.failed.connect(messages.append)
    _disk_full(monkeypatch)
    stack.undo()
    qtbot.waitUntil(lambda: stack.index() == 2)  # put back where the timeline is
    assert messages == [f"Undo of '{stack.command(1).text()}' could not be saved: No space left on device. The timeline stays as it was."]
    assert db_path.read_bytes() == before and stack.count() == 2
    monkeypatch.undo()
    stack.undo()
    stack.undo()
    assert stack.index() == 0 and len(messages) == 1
    assert db_path.read_bytes() == original


def test_a_walk_through_the_history_stops_at_the_step_that_cannot_be_saved(qtbot, db_path, monkeypatch):
    document = open_document(db_path)
    event_id = _nudges(document, 3)
    stack = document.undo_stack
    stack.setIndex(0)
    _disk_full(monkeypatch)
    stack.setIndex(3)  # the History view jumps like this: three redos in one walk
    qtbot.waitUntil(lambda: stack.index() == 0)
    assert stack.count() == 3 and stack.canRedo()
    monkeypatch.undo()
    stack.setIndex(3)
    assert Store.open(db_path).load().events[event_id] == document.timeline.events[event_id]
    assert document.timeline.events[event_id].start.day is not None


def test_an_edit_that_cannot_be_saved_keeps_what_can_be_redone(qtbot, db_path, monkeypatch):
    document = open_document(db_path)
    event_id = _nudges(document, 2)
    document.undo_stack.undo()
    before = db_path.read_bytes()
    _disk_full(monkeypatch)
    assert not document.push(editing.move_events(document.timeline, [event_id], 7))
    assert document.undo_stack.canRedo() and document.undo_stack.index() == 1
    assert db_path.read_bytes() == before
