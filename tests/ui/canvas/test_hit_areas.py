"""What a press takes is what is painted there: a mark, a bar, a label's text, the one
on top; a bar's end only where the pointer shows a resize cursor; Shift always draws a
selection box; a drag held at an edge scrolls the view. Real mouse events."""
import datetime as dt

from PySide6.QtCore import QPoint, QPointF, Qt

from desktop.model import Event, FuzzyDate
from desktop.ui.canvas import hit_testing
from desktop.ui.canvas.hit_testing import Laid
from desktop.ui.canvas.lane_data import LaneData
from desktop.ui.canvas.layout import LaneLayout, Placed, Viewport
from desktop.ui.canvas.time_axis import DAY, epoch_seconds
from disk import disk_bytes
from driving import on_a_laptop, panels_taller
from test_timeline_editing import drag, move, on_disk, titled

NONE = Qt.KeyboardModifier.NoModifier


def hover(qtbot, view, point: QPoint) -> None:
    qtbot.mouseMove(view.viewport(), point)


def dark(image, x: int, y: int) -> bool:
    return image.pixelColor(x, y).lightness() < 120


def test_a_label_is_taken_where_its_text_is_painted_and_not_past_it(qtbot, window, db_path):
    view = window.timeline_view
    tried = 0
    for lane in view.laid_out():
        for place in lane.layout.placed:
            if place.label is None or lane.data.is_range[place.index]:
                continue  # a point's label, on either side of its mark
            event_id = lane.data.ids[place.index]
            image = view.viewport().grab().toImage()
            y = round(place.label.center().y())
            inked = [x for x in range(round(place.label.left()), round(place.label.right()) + 1) if any(dark(image, x, y + dy) for dy in range(-5, 6))]
            right_of_mark = place.label.left() > place.centre.x()
            # Just past the text's far end, inside the room its label took (the old click area).
            past = QPoint(max(inked) + 8, y) if right_of_mark else QPoint(min(inked) - 8, y)
            if not place.hit.contains(QPointF(past)):
                continue  # the text fills its label
            assert not any(dark(image, past.x() + dx, y + dy) for dx in range(-3, 4) for dy in range(-6, 7))  # nothing painted
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=past)
            assert view.selected_ids() == []
            before = disk_bytes(db_path)
            drag(qtbot, view, past, past + QPoint(40, 0))  # pans: grabs nothing
            assert disk_bytes(db_path) == before and window.document.undo_stack.count() == 0
            window.command_actions["action_fit_all"].trigger()
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(min(inked) + 3 if right_of_mark else max(inked) - 3, y))
            assert view.selected_ids() == [event_id]  # its text is
            tried += 1
    assert tried >= 4


def test_a_bar_end_resizes_only_where_the_resize_cursor_shows(qtbot, window, db_path):
    view = window.timeline_view
    retreat = titled(window, "retreat in Kursk")
    view.show_range(epoch_seconds(dt.date(2024, 12, 1)), epoch_seconds(dt.date(2025, 5, 1)))
    end = view.end_position(retreat.id, "end")
    port = view.viewport()
    hover(qtbot, view, end + QPoint(0, 30))
    hover(qtbot, view, end)
    assert port.cursor().shape() == Qt.CursorShape.SizeHorCursor
    outside = end + QPoint(12, 0)
    hover(qtbot, view, outside)
    assert port.cursor().shape() != Qt.CursorShape.SizeHorCursor
    before = disk_bytes(db_path)
    drag(qtbot, view, outside, outside + QPoint(60, 0))  # no cursor, no resize
    assert disk_bytes(db_path) == before
    window.command_actions["action_fit_all"].trigger()
    view.show_range(epoch_seconds(dt.date(2024, 12, 1)), epoch_seconds(dt.date(2025, 5, 1)))
    hover(qtbot, view, end)
    assert port.cursor().shape() == Qt.CursorShape.SizeHorCursor
    drag(qtbot, view, end, end + QPoint(60, 0))
    assert on_disk(db_path).events[retreat.id].end != retreat.end


def test_where_a_mark_is_painted_over_a_bar_end_the_mark_wins(qtbot):
    bar = Event("bar", "Siege", FuzzyDate.parse("2025-03-01"), FuzzyDate.parse("2025-03-10"), lane="X")
    point = Event("point", "Strike", FuzzyDate.parse("2025-03-11"), lane="X")
    lane = LaneData([bar, point])
    first = epoch_seconds(dt.date(2025, 2, 20))
    view = Viewport(first, first + 40 * DAY, 10 / DAY, -first * 10 / DAY, 0.0, 40.0)
    end_x = lane.end_hi[0] * view.sx + view.tx  # the bar's end, where the crowded mark stands
    layout = LaneLayout(placed=[
        Placed(0, QPointF(end_x - 50, 20), hit_testing.QRectF(end_x - 100, 13, 100, 14), None),
        Placed(1, QPointF(end_x + 2, 20), hit_testing.QRectF(end_x - 4, 14, 12, 12), None),
    ])
    laid = Laid("X", lane, layout, view)
    assert hit_testing.event_at([laid], QPointF(end_x, 20)) == "point"
    assert hit_testing.end_at([laid], QPointF(end_x, 20)) is None  # the mark on top: no resizing under it
    start_x = lane.start_lo[0] * view.sx + view.tx
    assert hit_testing.end_at([laid], QPointF(start_x + 2, 20)) == ("bar", "start")
    assert hit_testing.event_at([laid], QPointF(end_x - 40, 20)) == "bar"


def test_shift_drag_from_a_bar_draws_a_selection_box_and_moves_nothing(qtbot, window, db_path):
    view = window.timeline_view
    offensive = titled(window, "counter-offensive")
    start = view.event_position(offensive.id)
    gornal = view.event_position(titled(window, "retaken Gornal").id)
    before = disk_bytes(db_path)
    drag(qtbot, view, start, QPoint(gornal.x() + 8, gornal.y() + 8), Qt.KeyboardModifier.ShiftModifier)
    assert disk_bytes(db_path) == before and window.document.undo_stack.count() == 0
    selected = set(view.selected_ids())
    assert titled(window, "retaken Gornal").id in selected and len(selected) >= 2


def test_a_drag_held_at_the_edge_scrolls_the_view_and_the_event_lands_past_it(qtbot, window, db_path):
    view = window.timeline_view
    gornal = titled(window, "retaken Gornal")
    view.show_range(epoch_seconds(dt.date(2025, 3, 20)), epoch_seconds(dt.date(2025, 4, 30)))
    x0, x1 = view.view_range()
    start = view.event_position(gornal.id)
    edge = QPoint(round(view.plot_rect().right()) - 3, start.y())
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, NONE, start)
    move(qtbot, view, start, edge)
    qtbot.wait(600)  # held there
    assert view.view_range()[0] > x0 + 5 * DAY
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, NONE, edge)
    landed = epoch_seconds(on_disk(db_path).events[gornal.id].start.earliest)
    assert landed > x1
    left, right = view.view_range()
    assert left < landed < right  # still in view


def test_a_drag_held_at_the_bottom_scrolls_the_lanes(qtbot, window):
    on_a_laptop(qtbot, window)
    panels_taller(qtbot, window)
    view = window.timeline_view
    assert view.scrolled() == 0
    gornal = titled(window, "retaken Gornal")
    start = view.event_position(gornal.id)
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, NONE, start)
    move(qtbot, view, start, QPoint(start.x(), round(view.plot_rect().bottom()) - 2))
    qtbot.wait(400)
    assert view.scrolled() > 0
    qtbot.keyClick(port, Qt.Key.Key_Escape)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, NONE, QPoint(start.x(), round(view.plot_rect().bottom()) - 2))
