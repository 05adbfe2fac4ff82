"""The Event panel with several events selected: lane, status and tags set on each, in
one undo step, saying how many it changed."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from desktop.model import Status
from desktop.store import Store


def on_disk(db_path):
    return Store.open(db_path, read_only=True).load()


def select_lane(window, lane):
    ids = [e.id for e in window.document.timeline.events.values() if e.lane == lane]
    window.timeline_view.select(ids)
    return ids


def field(window, kind, name):
    found = window.details.findChild(kind, name)
    assert found is not None and found.isVisible(), name
    return found


def test_several_selected_show_what_they_share_not_select_an_event(qtbot, window):
    ids = select_lane(window, "Ukraine")
    assert len(ids) > 1
    assert f"{len(ids)} events selected" in field(window, QLabel, "many_header").text()
    assert field(window, QComboBox, "many_lane").currentText() == "Ukraine"
    window.timeline_view.select(ids[:1])
    assert window.details.currentIndex() == 1  # one: its own form


def test_a_lane_for_all_is_one_undo_step_and_says_how_many_it_changed(qtbot, window, db_path):
    ukraine = select_lane(window, "Ukraine")
    gornal = next(e.id for e in window.document.timeline.events.values() if "retaken Gornal" in e.title)
    window.timeline_view.select([*ukraine, gornal])
    lane = field(window, QComboBox, "many_lane")
    assert lane.currentText() == ""  # several lanes
    lane.setFocus()
    qtbot.keyClicks(lane.lineEdit(), "Kursk front")
    qtbot.keyClick(lane.lineEdit(), Qt.Key.Key_Return)
    stored = on_disk(db_path)
    assert {stored.events[i].lane for i in [*ukraine, gornal]} == {"Kursk front"}
    stack = window.document.undo_stack
    assert stack.count() == 1 and stack.undoText() == f"Change lane of {len(ukraine) + 1} events"
    assert window.statusBar().currentMessage() == f"Changed the lane of {len(ukraine) + 1} of the {len(ukraine) + 1} selected events"
    stack.undo()
    assert on_disk(db_path).events[gornal].lane == "Russia"


def test_a_status_for_all_and_tags_added_and_removed(qtbot, window, db_path):
    ids = select_lane(window, "Ukraine")
    status = field(window, QComboBox, "many_status")
    status.setFocus()
    qtbot.keyClicks(status, "confirmed")  # the keyboard picks the entry, as a click in the list does
    assert status.currentData() == Status.CONFIRMED.value
    stored = on_disk(db_path)
    assert {stored.events[i].status for i in ids} == {Status.CONFIRMED}
    assert not any(stored.events[i].status_auto for i in ids)

    add = field(window, QLineEdit, "many_add_tags")
    qtbot.keyClicks(add, "kursk, checked")
    qtbot.keyClick(add, Qt.Key.Key_Return)
    stored = on_disk(db_path)
    assert all({"kursk", "checked"} <= set(stored.events[i].tags) for i in ids)
    assert "checked" in field(window, QLabel, "many_common_tags").text()
    remove = field(window, QLineEdit, "many_remove_tags")
    qtbot.keyClicks(remove, "checked")
    qtbot.keyClick(remove, Qt.Key.Key_Return)
    assert not any("checked" in e.tags for e in on_disk(db_path).events.values())
    assert window.document.undo_stack.count() == 3


def test_a_change_that_changes_nothing_says_so_and_makes_no_step(qtbot, window, db_path):
    select_lane(window, "Russia")
    remove = field(window, QLineEdit, "many_remove_tags")
    qtbot.keyClicks(remove, "no-such-tag")
    qtbot.keyClick(remove, Qt.Key.Key_Return)
    assert window.document.undo_stack.count() == 0
    assert window.statusBar().currentMessage().startswith("Nothing to change")
