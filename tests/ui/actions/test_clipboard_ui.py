"""Cut, copy, paste, duplicate and select all on the timeline, with the keys a user
presses, checked on disk and undone."""
import csv
import io

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop.model import Timeline
from desktop.model.search import EventFilter, matching_events
from desktop.store import Store
from driving import choose, empty_spot, right_click_menu

CTRL = Qt.KeyboardModifier.ControlModifier


def on_disk(path):
    return Store.open(path, read_only=True).load()


def gornal(window):
    return next(e for e in window.document.timeline.events.values() if "retaken Gornal" in e.title)


def keys(qtbot, window, key, modifier=CTRL):
    view = window.timeline_view
    view.setFocus()
    QApplication.processEvents()
    qtbot.keyClick(view, key, modifier)


def test_copied_events_paste_into_another_timeline_with_their_citations_and_sources(qtbot, window, window_on, tmp_path):
    event = gornal(window)
    window.timeline_view.select([event.id])
    keys(qtbot, window, Qt.Key.Key_C)
    assert QGuiApplication.clipboard().text().startswith(f"26 Apr 2025: {event.title} (")

    other = window_on(Timeline(title="Another"), "other.json")
    keys(qtbot, other, Qt.Key.Key_V)
    stored = on_disk(tmp_path / "other.json")
    (pasted,) = stored.events.values()
    assert pasted.title == event.title and pasted.id != event.id
    cited = window.document.timeline.citations_for(event.id)
    assert sorted(c.quote for c in stored.citations_for(pasted.id)) == sorted(c.quote for c in cited)
    assert {s.sha256 for s in stored.sources.values()} == {window.document.timeline.sources[c.source_id].sha256 for c in cited}
    assert other.timeline_view.selected_ids() == [pasted.id]
    other.document.undo_stack.undo()
    assert on_disk(tmp_path / "other.json").events == {}

    keys(qtbot, other, Qt.Key.Key_V)  # a second paste cites the sources the first brought
    keys(qtbot, other, Qt.Key.Key_V)
    stored = on_disk(tmp_path / "other.json")
    assert len(stored.events) == 2 and len(stored.sources) == 1


def test_cut_removes_the_events_and_paste_brings_them_back_as_new_ones(qtbot, window, db_path):
    event = gornal(window)
    window.timeline_view.select([event.id])
    keys(qtbot, window, Qt.Key.Key_X)
    assert event.id not in on_disk(db_path).events
    assert window.document.undo_stack.undoText() == f"Cut '{event.title}'"
    keys(qtbot, window, Qt.Key.Key_V)
    (back,) = [e for e in on_disk(db_path).events.values() if e.title == event.title]
    assert back.start == event.start and len(on_disk(db_path).citations_for(back.id)) == len(window.document.timeline.citations_for(back.id)) > 0


def test_duplicate_copies_the_selection_in_one_undo_step_without_the_clipboard(qtbot, window, db_path):
    QGuiApplication.clipboard().setText("the user's own text")
    before = len(on_disk(db_path).events)
    window.timeline_view.select(list(window.document.timeline.events)[:3])
    keys(qtbot, window, Qt.Key.Key_D)
    assert len(on_disk(db_path).events) == before + 3
    assert window.document.undo_stack.count() == 1 and len(window.timeline_view.selected_ids()) == 3
    assert QGuiApplication.clipboard().text() == "the user's own text"
    window.document.undo_stack.undo()
    assert len(on_disk(db_path).events) == before


def test_select_all_selects_what_the_filter_shows(qtbot, window):
    keys(qtbot, window, Qt.Key.Key_A)
    assert set(window.timeline_view.selected_ids()) == set(window.document.timeline.events)
    window.filter_bar.search_box.setText("Gornal")
    window.filter_bar.apply()
    keys(qtbot, window, Qt.Key.Key_A)
    matching = matching_events(window.document.timeline, EventFilter("Gornal"))
    assert 0 < len(matching) < len(window.document.timeline.events)
    assert set(window.timeline_view.selected_ids()) == matching


def test_copy_as_csv_rows_and_as_text(qtbot, window):
    event = gornal(window)
    window.timeline_view.select([event.id])
    window.findChild(QAction, "action_copy_csv").trigger()
    rows = list(csv.DictReader(io.StringIO(QGuiApplication.clipboard().text())))
    assert [(r["id"], r["title"], r["start"]) for r in rows] == [(event.id, event.title, "2025-04-26")]
    window.findChild(QAction, "action_copy_text").trigger()
    assert QGuiApplication.clipboard().text().startswith(f"26 Apr 2025: {event.title} (Russian military, asserts; BBC News)")


def test_paste_from_the_menu_of_empty_space_and_nothing_to_paste_says_so(qtbot, window, db_path):
    QGuiApplication.clipboard().setText("plain words")
    before = on_disk(db_path).events
    view = window.timeline_view
    choose(right_click_menu(qtbot, view, empty_spot(view, "Observers")), "action_paste")
    assert "Nothing to paste" in window.statusBar().currentMessage()
    assert on_disk(db_path).events == before
    view.select([gornal(window).id])
    window.findChild(QAction, "action_copy").trigger()
    choose(right_click_menu(qtbot, view, empty_spot(view, "Observers")), "action_paste")
    assert len(on_disk(db_path).events) == len(before) + 1
