"""Editing on the timeline with real mouse and key events: each edit reaches the disk,
is one undo step, and comes undone."""
import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QToolBar, QUndoView

from desktop.model import FuzzyDate, Precision
from desktop.store import Store
from desktop.ui.canvas.time_axis import DAY, epoch_seconds
from disk import disk_bytes
from driving import empty_spot

NONE = Qt.KeyboardModifier.NoModifier


def titled(window, words):
    return next(e for e in window.document.timeline.events.values() if words in e.title)


def on_disk(db_path):
    return Store.open(db_path, read_only=True).load()  # another reader: sees the journal, writes nothing


def shifted(view, point: QPoint, days: float = 0.0, lane: str | None = None) -> QPoint:
    """``point`` moved right by ``days`` at the current zoom, and onto ``lane``'s centre."""
    box = view.getViewBox()
    data = box.mapSceneToView(view.mapToScene(point))
    y = view.lane_centres()[lane] if lane else data.y()
    return view.mapFromScene(box.mapViewToScene(QPointF(data.x() + days * DAY, y)))


def drag(qtbot, view, start: QPoint, end: QPoint, modifier=NONE, steps: int = 6):
    """Press, move in steps (as a hand does), release: a real drag on the viewport."""
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, modifier, start)
    move(qtbot, view, start, end, steps)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, modifier, end)


def move(qtbot, view, start: QPoint, end: QPoint, steps: int = 6):
    for k in range(1, steps + 1):
        qtbot.mouseMove(view.viewport(), start + (end - start) * k / steps)


def double_click(qtbot, view, point: QPoint):
    """What a real double-click sends: press, release, double-click, release."""
    port = view.viewport()
    qtbot.mouseClick(port, Qt.MouseButton.LeftButton, NONE, point)
    qtbot.mouseDClick(port, Qt.MouseButton.LeftButton, NONE, point)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, NONE, point)


def test_dragging_an_event_moves_it_by_whole_days_saves_it_and_undoes(qtbot, window, db_path):
    view = window.timeline_view
    gornal = titled(window, "retaken Gornal")
    view.show_range(epoch_seconds(dt.date(2025, 4, 1)), epoch_seconds(dt.date(2025, 5, 10)))
    start = view.event_position(gornal.id)
    drag(qtbot, view, start, shifted(view, start, 10.3))

    assert on_disk(db_path).events[gornal.id].start == FuzzyDate.parse("2025-05-06")
    assert view.event_position(gornal.id).x() == pytest.approx(shifted(view, start, 10).x(), abs=3)  # redrawn there
    assert window.document.undo_stack.count() == 1  # the whole drag is one step
    assert window.document.undo_stack.undoText() == f"Move '{gornal.title}'"
    assert window.findChild(QLabel, "saved_indicator").text().startswith("All changes saved")
    assert view.selected_ids() == [gornal.id]
    window.findChild(QAction, "action_undo").trigger()
    assert on_disk(db_path).events[gornal.id] == gornal
    assert window.statusBar().currentMessage() == f"Undone: Move '{gornal.title}'"
    window.findChild(QAction, "action_redo").trigger()
    assert on_disk(db_path).events[gornal.id].start == FuzzyDate.parse("2025-05-06")
    assert window.statusBar().currentMessage() == f"Redone: Move '{gornal.title}'"


def test_a_drag_shows_where_the_event_lands_before_release(qtbot, window):
    view = window.timeline_view
    gornal = titled(window, "retaken Gornal")
    view.show_range(epoch_seconds(dt.date(2025, 4, 1)), epoch_seconds(dt.date(2025, 5, 10)))
    start = view.event_position(gornal.id)
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, NONE, start)
    move(qtbot, view, start, shifted(view, start, 3))
    assert "29 Apr 2025" in window.statusBar().currentMessage()
    assert view.getViewBox().preview.shapes  # the dashed outline where it will land
    assert window.document.undo_stack.count() == 0  # nothing saved until release
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, NONE, shifted(view, start, 3))
    assert not view.getViewBox().preview.shapes


def test_the_alt_hint_is_given_only_for_an_event_dated_to_the_month_or_the_year(qtbot, window):
    view = window.timeline_view
    messages = []
    view.dragStatus.connect(messages.append)
    for words, hinted in (("retaken Gornal", False), ("surprise incursion", True)):
        event = titled(window, words)
        view.show_range(epoch_seconds(dt.date(2024, 6, 1)), epoch_seconds(dt.date(2025, 6, 1)))
        start = view.event_position(event.id)
        messages.clear()
        qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, NONE, start)
        move(qtbot, view, start, shifted(view, start, 40))
        assert messages and all(("hold Alt" in m) is hinted for m in messages), messages
        qtbot.keyClick(view, Qt.Key.Key_Escape)
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, NONE, shifted(view, start, 40))
        while window.document.undo_stack.canUndo():
            window.document.undo_stack.undo()


def test_an_edit_made_after_an_undo_is_not_reported_as_a_redo(qtbot, window):
    view = window.timeline_view
    gornal = titled(window, "retaken Gornal")
    view.show_range(epoch_seconds(dt.date(2025, 4, 1)), epoch_seconds(dt.date(2025, 5, 10)))
    start = view.event_position(gornal.id)
    drag(qtbot, view, start, shifted(view, start, 3))
    window.findChild(QAction, "action_undo").trigger()
    window.statusBar().clearMessage()
    drag(qtbot, view, start, shifted(view, start, 5))
    assert not window.statusBar().currentMessage().startswith("Redone")
    assert window.document.undo_stack.count() == 1


def test_a_month_precision_event_moves_by_months_unless_alt_makes_it_a_day(qtbot, window, db_path):
    view = window.timeline_view
    incursion = titled(window, "surprise incursion")
    assert incursion.start.precision is Precision.MONTH
    start = view.event_position(incursion.id)
    drag(qtbot, view, start, shifted(view, start, 40))
    assert on_disk(db_path).events[incursion.id].start == FuzzyDate.parse("2024-09")
    window.document.undo_stack.undo()

    # With Alt it becomes a day, counted from where its mark stood, mid-August: it lands
    # where it was dropped, not 15 days short of it.
    start = view.event_position(incursion.id)
    drag(qtbot, view, start, shifted(view, start, 15.4), Qt.KeyboardModifier.AltModifier)
    assert on_disk(db_path).events[incursion.id].start == FuzzyDate.parse("2024-08-31")
    assert view.event_position(incursion.id).x() == pytest.approx(shifted(view, start, 15).x(), abs=3)


def test_dragging_onto_another_lane_moves_the_event_there(qtbot, window, db_path):
    view = window.timeline_view
    isw = titled(window, "recent Russian advance")
    start = view.event_position(isw.id)
    drag(qtbot, view, start, shifted(view, start, 0, lane="Ukraine"))
    stored = on_disk(db_path).events[isw.id]
    assert (stored.lane, stored.start) == ("Ukraine", isw.start)
    assert abs(view.event_position(isw.id).y() - shifted(view, start, lane="Ukraine").y()) < 40  # drawn in its new lane
    assert window.document.undo_stack.undoText() == f"Change lane of '{isw.title}'"
    window.document.undo_stack.undo()
    assert on_disk(db_path).events[isw.id].lane == "Observers"


def test_dragging_the_end_of_a_bar_resizes_the_event_at_its_precision(qtbot, window, db_path):
    view = window.timeline_view
    retreat = titled(window, "retreat in Kursk")
    view.show_range(epoch_seconds(dt.date(2024, 12, 1)), epoch_seconds(dt.date(2025, 5, 1)))  # room after its end
    end = view.end_position(retreat.id, "end")
    assert view.end_at(end) == (retreat.id, "end")
    drag(qtbot, view, end, shifted(view, end, 20))
    assert on_disk(db_path).events[retreat.id].end == FuzzyDate.parse("2025-05-16")
    assert on_disk(db_path).events[retreat.id].start == retreat.start
    window.document.undo_stack.undo()

    begin = view.end_position(retreat.id, "start")  # "2025-01~": moves by whole months
    drag(qtbot, view, begin, shifted(view, begin, -31))
    assert on_disk(db_path).events[retreat.id].start == FuzzyDate.parse("2024-12~")


def test_resizing_an_end_past_the_start_is_refused_and_nothing_is_written(qtbot, window, db_path):
    view = window.timeline_view
    retreat = titled(window, "retreat in Kursk")
    before = disk_bytes(db_path)
    end = view.end_position(retreat.id, "end")
    port = view.viewport()
    target = shifted(view, end, -200)
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, NONE, end)
    move(qtbot, view, end, target)
    assert "before it starts" in window.statusBar().currentMessage()
    assert not view.getViewBox().preview.valid  # drawn in red
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, NONE, target)
    assert disk_bytes(db_path) == before
    assert window.document.undo_stack.count() == 0


def test_ctrl_click_and_rubber_band_select_several_and_one_drag_moves_them_all(qtbot, window, db_path):
    view = window.timeline_view
    isw = [titled(window, "recent Russian advance"), titled(window, "Belgorod Oblast on 25 April")]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, NONE, view.event_position(isw[0].id))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, view.event_position(isw[1].id))
    assert sorted(view.selected_ids()) == sorted(e.id for e in isw)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, view.event_position(isw[1].id))
    assert view.selected_ids() == [isw[0].id]  # Ctrl-click again takes it out

    # A rubber band (Shift-drag from empty space) around the whole Observers lane, the last one.
    above = (shifted(view, QPoint(0, 0), lane="North Korea").y() + shifted(view, QPoint(0, 0), lane="Observers").y()) // 2
    bottom = view.mapFromScene(view.getViewBox().sceneBoundingRect().bottomRight()) - QPoint(3, 3)
    left = view.mapFromScene(view.getViewBox().sceneBoundingRect().topLeft()).x() + 3
    assert view.event_at(QPoint(left, above)) is None
    drag(qtbot, view, QPoint(left, above), bottom, Qt.KeyboardModifier.ShiftModifier)
    observers = {e.id for e in window.document.timeline.events.values() if e.lane == "Observers"}
    assert set(view.selected_ids()) == observers

    start = view.event_position(isw[0].id)
    drag(qtbot, view, start, shifted(view, start, 2))
    stored = on_disk(db_path).events
    assert [stored[e.id].start for e in isw] == [FuzzyDate.parse("2025-04-27")] * 2
    assert window.document.undo_stack.count() == 1
    assert window.document.undo_stack.undoText() == "Move 2 events"
    window.document.undo_stack.undo()
    assert [on_disk(db_path).events[e.id] for e in isw] == isw


def test_double_click_on_empty_space_creates_an_event_there_delete_removes_it(qtbot, window, db_path):
    view = window.timeline_view
    spot = empty_spot(view, "North Korea")
    day = dt.date(1970, 1, 1) + dt.timedelta(days=int(view.getViewBox().mapSceneToView(view.mapToScene(spot)).x() // DAY))
    double_click(qtbot, view, spot)
    created = [e for e in on_disk(db_path).events.values() if e.title == "New event"]
    assert len(created) == 1
    assert (created[0].lane, created[0].start) == ("North Korea", FuzzyDate(day.year, day.month, day.day))
    assert view.selected_ids() == [created[0].id]
    assert window.document.undo_stack.undoText() == "Create 'New event'"
    title = window.findChild(QLineEdit, "edit_title")
    assert title.hasFocus() and title.selectedText() == "New event"  # ready to be named

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert created[0].id not in on_disk(db_path).events
    window.document.undo_stack.undo()
    assert on_disk(db_path).events[created[0].id] == created[0]


def test_ctrl_n_creates_an_event_in_the_middle_of_the_view(qtbot, window, db_path):
    count = len(window.document.timeline.events)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(on_disk(db_path).events) == count + 1
    assert window.document.undo_stack.undoText() == "Create 'New event'"


def test_delete_takes_the_event_its_citations_and_undo_brings_them_back(qtbot, window, db_path):
    view = window.timeline_view
    gornal = titled(window, "retaken Gornal")
    cited = {c.id for c in window.document.timeline.citations_for(gornal.id)}
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, NONE, view.event_position(gornal.id))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    stored = on_disk(db_path)
    assert gornal.id not in stored.events and not cited & set(stored.citations)
    assert view.selected_ids() == []
    window.document.undo_stack.undo()
    stored = on_disk(db_path)
    assert stored.events[gornal.id] == gornal and cited <= set(stored.citations)


@pytest.mark.parametrize("modifier, days", [(NONE, 1), (Qt.KeyboardModifier.ShiftModifier, 7)])
def test_arrow_keys_nudge_the_selection_by_a_day_or_a_week(qtbot, window, db_path, modifier, days):
    view = window.timeline_view
    gornal = titled(window, "retaken Gornal")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, NONE, view.event_position(gornal.id))
    qtbot.keyClick(view, Qt.Key.Key_Right, modifier)
    qtbot.keyClick(view, Qt.Key.Key_Right, modifier)
    qtbot.keyClick(view, Qt.Key.Key_Left, modifier)
    assert on_disk(db_path).events[gornal.id].start == gornal.start.moved(days)
    assert window.document.undo_stack.count() == 3


def test_a_nudge_does_not_fake_a_day_on_a_month_precision_event(qtbot, window, db_path):
    view = window.timeline_view
    incursion = titled(window, "surprise incursion")
    before = disk_bytes(db_path)
    view.select([incursion.id])
    view.setFocus()  # the arrow keys act on the timeline when it has the focus
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert disk_bytes(db_path) == before
    assert "Dated to the month" in window.statusBar().currentMessage()


def test_history_lists_each_edit_by_name(qtbot, window):
    view = window.timeline_view
    gornal = titled(window, "retaken Gornal")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, NONE, view.event_position(gornal.id))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    window.findChild(QAction, "action_history").trigger()
    history = window.findChild(QUndoView, "history_view")
    assert history.isVisible()
    rows = [history.model().index(r, 0).data() for r in range(history.model().rowCount())]
    assert rows == ["<opened>", f"Move '{gornal.title}'", f"Delete '{gornal.title}'"]
    toolbar = window.findChild(QToolBar, "main_toolbar")
    toolbar_undo = next(a for a in toolbar.actions() if a.objectName() == "action_undo")
    assert toolbar.widgetForAction(toolbar_undo).text() == "Undo"  # short: the step's name would stretch the toolbar
    assert toolbar_undo.isEnabled() and toolbar_undo.toolTip() == f"Undo Delete '{gornal.title}'"
    toolbar_undo.trigger()
    assert gornal.id in window.document.timeline.events


def test_zoom_to_selection_frames_it_and_fit_all_shows_everything(qtbot, window):
    view = window.timeline_view
    gornal = titled(window, "retaken Gornal")
    view.select([gornal.id])
    window.findChild(QAction, "action_zoom_selection").trigger()
    (x0, x1), _ = view.getPlotItem().viewRange()
    assert x0 < epoch_seconds(gornal.start.earliest) < x1 and x1 - x0 < 30 * DAY
    window.findChild(QAction, "action_fit_all").trigger()
    (x0, x1), _ = view.getPlotItem().viewRange()
    assert x1 - x0 > 250 * DAY


def test_go_to_field_shows_a_range_and_says_why_it_cannot_read_one(qtbot, window):
    view = window.timeline_view
    field = window.findChild(QLineEdit, "jump_to")
    qtbot.keyClicks(field, "2025-04-20 / 2025-04-30")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    (x0, x1), _ = view.getPlotItem().viewRange()
    assert x0 <= epoch_seconds(dt.date(2025, 4, 20)) and epoch_seconds(dt.date(2025, 5, 1)) <= x1
    assert x1 - x0 < 20 * DAY
    field.clear()
    qtbot.keyClicks(field, "last August")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "cannot read" in window.statusBar().currentMessage()
    assert view.getPlotItem().viewRange()[0] == [x0, x1]


def test_go_to_reads_plain_dates(qtbot, window):
    view = window.timeline_view
    field = window.findChild(QLineEdit, "jump_to")
    qtbot.keyClicks(field, "20 April 2025 to Apr 30, 2025")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    (x0, x1), _ = view.getPlotItem().viewRange()
    assert x0 <= epoch_seconds(dt.date(2025, 4, 20)) and epoch_seconds(dt.date(2025, 5, 1)) <= x1
    assert x1 - x0 < 20 * DAY


def test_wheel_zooms_around_the_cursor_and_dragging_empty_space_pans(qtbot, window):
    view = window.timeline_view
    spot = empty_spot(view, "North Korea")
    box = view.getViewBox()
    under = box.mapSceneToView(view.mapToScene(spot)).x()
    (x0, x1), _ = view.getPlotItem().viewRange()
    wheel = QWheelEvent(QPointF(spot), QPointF(view.viewport().mapToGlobal(spot)), QPoint(), QPoint(0, 240), Qt.MouseButton.NoButton, NONE, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), wheel)
    (y0, y1), _ = view.getPlotItem().viewRange()
    assert y1 - y0 < 0.8 * (x1 - x0)  # zoomed in
    assert box.mapSceneToView(view.mapToScene(spot)).x() == pytest.approx(under, abs=DAY)  # around the cursor

    before = view.getPlotItem().viewRange()[0]
    drag(qtbot, view, spot, spot + QPoint(-200, 0))
    after = view.getPlotItem().viewRange()[0]
    assert after[0] > before[0] and after[1] - after[0] == pytest.approx(before[1] - before[0])
    assert window.document.undo_stack.count() == 0  # panning edits nothing


def test_double_click_on_an_event_opens_its_title_for_editing(qtbot, window):
    view = window.timeline_view
    gornal = titled(window, "retaken Gornal")
    double_click(qtbot, view, view.event_position(gornal.id))
    title = window.findChild(QLineEdit, "edit_title")
    assert view.selected_ids() == [gornal.id]
    assert title.hasFocus() and title.selectedText() == gornal.title
    assert window.document.undo_stack.count() == 0


def test_delete_leaves_the_selection_alone_when_another_control_has_the_focus(qtbot, window, db_path):
    view = window.timeline_view
    gornal = titled(window, "retaken Gornal")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, NONE, view.event_position(gornal.id))
    status = window.findChild(QComboBox, "edit_status")
    status.setFocus()
    qtbot.keyClick(status, Qt.Key.Key_Delete)
    assert gornal.id in on_disk(db_path).events
    view.setFocus()  # back on the timeline, Delete deletes
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert gornal.id not in on_disk(db_path).events


def test_dragging_a_selection_from_several_lanes_keeps_each_in_its_lane(qtbot, window, db_path):
    view = window.timeline_view
    isw, gornal = titled(window, "recent Russian advance"), titled(window, "retaken Gornal")
    view.select([isw.id, gornal.id])
    start = view.event_position(isw.id)
    drag(qtbot, view, start, shifted(view, start, 3, lane="Ukraine"))
    stored = on_disk(db_path).events
    assert (stored[isw.id].lane, stored[gornal.id].lane) == ("Observers", "Russia")
    assert stored[gornal.id].start == gornal.start.moved(3)


def test_an_undo_in_the_middle_of_a_drag_cancels_the_drag(qtbot, window, db_path):
    view = window.timeline_view
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    created = view.selected_ids()[0]
    start = view.event_position(created)
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, NONE, start)
    move(qtbot, view, start, shifted(view, start, 2))
    messages = []
    window.statusBar().messageChanged.connect(messages.append)
    window.document.undo_stack.undo()  # the event being dragged is gone
    assert any("Drag cancelled" in m for m in messages) and messages[-1] == "Undone: Create 'New event'"
    assert not view.getViewBox().preview.shapes
    move(qtbot, view, shifted(view, start, 2), shifted(view, start, 4))
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, NONE, shifted(view, start, 4))
    assert created not in on_disk(db_path).events and window.document.undo_stack.index() == 0
