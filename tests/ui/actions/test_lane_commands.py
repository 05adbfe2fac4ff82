"""The lane menu, opened by a right-click on a lane's name: each command one undo step,
saved, drawn; refusals in words."""
from PySide6.QtCore import QModelIndex, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMenu, QMessageBox, QToolButton

from desktop.model.lanes import styles
from desktop.store import Store
from desktop.ui.dialogs.pick import PickDialog
from disk import disk_bytes


def on_disk(db_path):
    return Store.open(db_path, read_only=True).load()


def lane_menu(qtbot, window, lane) -> QMenu:
    """Right-click the lane's name on the axis; the menu that opens."""
    view = window.timeline_view
    axis = view.getPlotItem().getAxis("left")
    y = view.getViewBox().mapViewToScene(QPointF(0, view.lane_centres()[lane])).y()
    where = view.mapFromScene(QPointF(axis.sceneBoundingRect().center().x(), y))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.RightButton, pos=where)
    [menu] = [m for m in window.findChildren(QMenu, "lane_menu") if m.isVisible()]
    assert menu.title() == lane
    return menu


def choose(menu, text):
    action = next(a for a in menu.actions() if a.text().replace("&", "") == text)
    menu.hide()
    action.trigger()


def test_renaming_a_lane_moves_its_events_and_undoes(qtbot, window, db_path, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Russian Federation", True))
    russian = {e.id for e in window.document.timeline.events.values() if e.lane == "Russia"}
    choose(lane_menu(qtbot, window, "Russia"), "Rename lane…")
    stored = on_disk(db_path)
    assert {e.id for e in stored.events.values() if e.lane == "Russian Federation"} == russian
    assert "Russian Federation" in window.timeline_view.lane_centres() and "Russia" not in window.timeline_view.lane_centres()
    assert window.document.undo_stack.undoText() == "Rename lane 'Russia' to 'Russian Federation'"
    window.document.undo_stack.undo()
    assert on_disk(db_path).lane_order()[:2] == ["Ukraine", "Russia"]


def test_an_empty_name_is_refused_and_a_taken_one_offers_to_merge(qtbot, window, db_path, monkeypatch):
    before = disk_bytes(db_path)
    warned, asked = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warned.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("   ", True))
    choose(lane_menu(qtbot, window, "Russia"), "Rename lane…")
    assert warned == ["Not renamed: a lane needs a name."] and disk_bytes(db_path) == before
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Ukraine", True))
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    observers = {e.id for e in window.document.timeline.events.values() if e.lane == "Observers"}
    choose(lane_menu(qtbot, window, "Observers"), "Rename lane…")
    assert asked == ["There is a lane named 'Ukraine' already. Merge 'Observers' into it?"]
    stored = on_disk(db_path)
    assert "Observers" not in stored.lane_order() and all(stored.events[e].lane == "Ukraine" for e in observers)


def test_colour_hide_and_move_are_kept_per_lane(qtbot, window, db_path, monkeypatch):
    monkeypatch.setattr(QColorDialog, "getColor", lambda *args, **kwargs: QColor("#123456"))
    choose(lane_menu(qtbot, window, "North Korea"), "Colour…")
    assert ("North Korea", "#123456", False) in styles(on_disk(db_path))
    assert window.timeline_view._lanes["North Korea"].colour == QColor("#123456")
    choose(lane_menu(qtbot, window, "North Korea"), "Move up")
    assert on_disk(db_path).lane_order()[:3] == ["Ukraine", "North Korea", "Russia"]
    assert styles(on_disk(db_path))[1] == ("North Korea", "#123456", False)  # the colour went with it
    choose(lane_menu(qtbot, window, "Russia"), "Hide or show lane")
    assert "Russia" not in window.timeline_view.lane_centres()
    russian = next(e.id for e in window.document.timeline.events.values() if e.lane == "Russia")
    try:
        window.timeline_view.event_position(russian)
        raise AssertionError("a hidden lane's event is drawn")
    except LookupError:
        pass
    window.command_actions["action_show_lanes"].trigger()
    assert "Russia" in window.timeline_view.lane_centres()
    stack = window.document.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == [
        "Colour lane 'North Korea'", "Move lane 'North Korea'", "Hide lane 'Russia'", "Show hidden lanes",
    ]


def test_deleting_a_lane_moves_its_events_or_deletes_them_after_saying_how_many(qtbot, window, db_path, monkeypatch):
    timeline = window.document.timeline
    korean = {e.id for e in timeline.events.values() if e.lane == "North Korea"}
    choose(lane_menu(qtbot, window, "North Korea"), "Delete lane…")
    [picker] = [d for d in window.findChildren(PickDialog) if d.isVisible()]
    qtbot.keyClicks(picker.filter, "Russia")
    picker.accept()
    stored = on_disk(db_path)
    assert "North Korea" not in stored.lane_order() and all(stored.events[e].lane == "Russia" for e in korean)
    window.document.undo_stack.undo()

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    choose(lane_menu(qtbot, window, "North Korea"), "Delete lane…")
    [picker] = [d for d in window.findChildren(PickDialog) if d.isVisible()]
    qtbot.keyClicks(picker.filter, "delete")
    picker.accept()
    assert asked == [f"Delete the lane 'North Korea' and its {len(korean)} event(s), with their citations?"]
    stored = on_disk(db_path)
    assert not korean & set(stored.events) and "North Korea" not in stored.lane_order()
    window.document.undo_stack.undo()
    assert korean <= set(on_disk(db_path).events)


def test_the_lanes_panel_lists_hidden_lanes_and_its_buttons_and_drops_act_on_the_lane_picked(qtbot, window, db_path):
    window.lanes_dock.raise_()
    panel = window.lanes
    names = lambda: [panel.list.item(k).text() for k in range(panel.list.count())]  # noqa: E731
    assert names() == ["Ukraine", "Russia", "North Korea", "Observers"]
    button = next(b for b in panel.findChildren(QToolButton) if b.defaultAction().objectName() == "action_hide_lane")
    item = panel.list.item(1)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualItemRect(item).center())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert names()[1] == "Russia (hidden)" and "Russia" not in window.timeline_view.lane_centres()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # a hidden lane picked: shown again
    assert names()[1] == "Russia" and "Russia" in window.timeline_view.lane_centres()
    # What a drop of the last lane on the first place does to the list.
    panel.list.model().moveRow(QModelIndex(), 3, QModelIndex(), 0)
    assert on_disk(db_path).lane_order() == ["Observers", "Ukraine", "Russia", "North Korea"]
    assert names()[0] == "Observers" and window.document.undo_stack.undoText() == "Move lane 'Observers'"


def test_the_lanes_panel_is_rebuilt_only_by_edits_that_may_change_the_lanes(window):
    import dataclasses

    from desktop.model import Change, Edit, editing

    panel, timeline = window.lanes, window.document.timeline
    first = panel.list.item(0)
    event = next(e for e in timeline.events.values() if e.start.day)
    assert window.ctx.push(editing.move_events(timeline, [event.id], 1))  # a drag: the lanes stay
    assert panel.list.item(0) is first
    moved = window.document.timeline.events[event.id]
    assert window.ctx.push(Edit("Lane", (Change("events", moved.id, moved, dataclasses.replace(moved, lane="Partisans")),)))
    assert "Partisans" in [panel.list.item(k).text() for k in range(panel.list.count())]
