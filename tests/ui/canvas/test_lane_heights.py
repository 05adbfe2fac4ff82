"""Lanes that fit any window: each as tall as its rows of labels need, the view
scrolling when they need more than the window has; collapsed to a row and expanded
again by a click on the lane's name, and remembered. Real windows, real mouse events."""
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QWheelEvent
from PySide6.QtWidgets import QApplication, QDockWidget

from desktop.ui.canvas.lane_item import LABEL_POINTS, MAX_LABEL_WIDTH
from desktop.ui.canvas.layout import LANE_PADDING, ROW_HEIGHT
from driving import on_a_laptop, panels_taller


def lane_named(view, name):
    return next(lane for lane in view.laid_out() if lane.name == name)


def whole_lane_in_view(view, name):
    """Scroll so that the lane's top is at the top of the plot; the lane as laid out then."""
    view.scroll_by(lane_named(view, name).view.top - view.plot_rect().top())
    return lane_named(view, name)


def name_position(view, name) -> QPoint:
    """Where the lane's name is written, left of the plot."""
    lane = lane_named(view, name)
    return QPointF(view.plot_rect().left() - 40, lane.view.top + lane.view.height / 2).toPoint()


def ink(image, rect) -> int:
    box = rect.toRect().intersected(image.rect())
    return sum(image.pixelColor(x, y).lightness() < 100 for x in range(box.left(), box.right() + 1) for y in range(box.top(), box.bottom() + 1))


def test_at_1366_by_768_with_the_docks_open_every_kursk_title_is_shown_at_fit_all(qtbot, window):
    on_a_laptop(qtbot, window)
    window.command_actions["action_fit_all"].trigger()
    view = window.timeline_view
    assert window.findChild(QDockWidget, "details_dock").isVisible()
    regular = QFont()
    regular.setPointSizeF(LABEL_POINTS)
    font = QFontMetricsF(regular)
    shown = []
    for name in window.document.timeline.lane_order():
        lane = whole_lane_in_view(view, name)
        assert view.plot_rect().contains(QPointF(view.plot_rect().left() + 1, lane.view.top + lane.view.height - 1))
        image = view.viewport().grab().toImage()
        assert not lane.layout.crowds, f"{name}: events counted in '+N'"
        for place in lane.layout.placed:
            title = lane.data.titles[place.index]
            assert place.label is not None, f"{title}: no label"
            assert place.label.width() >= min(font.horizontalAdvance(title), MAX_LABEL_WIDTH) - 1, f"{title}: cut short"
            assert ink(image, place.label) > 30, f"{title}: not drawn"
            shown.append(title)
    assert len(shown) == len(window.document.timeline.events) == 13


def test_a_click_on_a_lane_name_collapses_it_to_a_row_and_expands_it_and_it_is_remembered(qtbot, window, db_path):
    from desktop.app import create_window

    view = window.timeline_view
    russia = lane_named(view, "Russia")
    assert russia.layout.rows() > 1 and not russia.layout.crowds
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=name_position(view, "Russia"))
    russia = lane_named(view, "Russia")
    assert russia.view.height == ROW_HEIGHT + 2 * LANE_PADDING
    assert russia.layout.rows() == 1 and sum(c.count for c in russia.layout.crowds) > 1  # the others in "+N"
    assert view.collapsed() == ["Russia"]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=name_position(view, "Russia"))
    russia = lane_named(view, "Russia")
    assert russia.layout.rows() > 1 and not russia.layout.crowds and view.collapsed() == []

    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=name_position(view, "Ukraine"))
    window.close()
    again = create_window(db_path)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.timeline_view.collapsed() == ["Ukraine"]
    assert lane_named(again.timeline_view, "Ukraine").layout.rows() == 1


def test_the_wheel_over_the_lane_names_and_the_scroll_bar_scroll_the_lanes(qtbot, window):
    on_a_laptop(qtbot, window)
    panels_taller(qtbot, window)
    view = window.timeline_view
    bar = view.scroll_bar
    assert bar.isVisible() and view.scrolled() == 0
    top = lane_named(view, "Ukraine").view.top
    where = QPointF(name_position(view, "Ukraine"))
    x_range = view.view_range()
    wheel = QWheelEvent(where, QPointF(view.viewport().mapToGlobal(where.toPoint())), QPoint(), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.scrolled() > 0 and bar.value() == round(view.scrolled())
    assert lane_named(view, "Ukraine").view.top == top - view.scrolled()
    assert view.view_range() == x_range  # the wheel over the names scrolls, it does not zoom

    for _ in range(10):  # the bar's down arrow, a row a click
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=QPoint(bar.width() // 2, bar.height() - 4))
    assert bar.value() == bar.maximum() and abs(bar.value() - view.scrolled()) < 1
    last = view.laid_out()[-1]
    assert abs(last.view.top + last.view.height - view.plot_rect().bottom()) <= 1  # the last lane ends at the bottom


def test_lanes_that_need_less_than_the_window_share_its_height(qtbot, window):
    view = window.timeline_view  # 1400 x 900: room to spare
    assert not view.scroll_bar.isVisible()
    lanes = view.laid_out()
    plot = view.plot_rect()
    assert abs(lanes[0].view.top - plot.top()) <= 1
    assert abs(lanes[-1].view.top + lanes[-1].view.height - plot.bottom()) <= len(lanes)  # whole pixels each


def test_a_timeline_emptied_of_its_events_has_nothing_to_scroll(qtbot, window):
    from desktop.model import editing

    on_a_laptop(qtbot, window)
    panels_taller(qtbot, window)
    view = window.timeline_view
    timeline = window.document.timeline
    window.ctx.push(editing.remove(timeline, "events", list(timeline.events)))
    assert not view.scroll_bar.isVisible() and view.scrolled() == 0


def edge_position(view, name) -> QPoint:
    """On the lane's lower edge, where the lanes are named."""
    lane = lane_named(view, name)
    return QPointF(view.plot_rect().left() - 40, lane.view.top + lane.view.height).toPoint()


def test_dragging_a_lanes_lower_edge_sizes_it_remembered_and_a_double_click_sizes_it_by_its_labels(qtbot, window, db_path):
    from desktop.app import create_window
    from test_timeline_editing import double_click, drag

    view = window.timeline_view
    automatic = {lane.name: lane.view.height for lane in view.laid_out()}
    edge = edge_position(view, "Russia")
    qtbot.wait(12)  # pyqtgraph drops mouse moves closer than 10 ms apart
    qtbot.mouseMove(view.viewport(), edge)
    assert view.viewport().cursor().shape() == Qt.CursorShape.SizeVerCursor  # the edge shows it can be dragged
    qtbot.wait(12)
    qtbot.mouseMove(view.viewport(), name_position(view, "Russia"))
    assert view.viewport().cursor().shape() != Qt.CursorShape.SizeVerCursor  # the name itself does not
    drag(qtbot, view, edge, edge + QPoint(0, 90))
    russia = lane_named(view, "Russia")
    assert abs(russia.view.top + russia.view.height - (edge.y() + 90)) <= 1  # the edge follows the pointer
    assert lane_named(view, "North Korea").view.top == russia.view.top + russia.view.height  # the lanes below make way
    assert russia.view.height > automatic["Russia"] + 60 and russia.layout.rows() > 1
    assert view.collapsed() == [] and view.lane_heights() == {"Russia": russia.view.height}
    drag(qtbot, view, edge_position(view, "Russia"), edge_position(view, "Russia") - QPoint(0, 400))
    assert lane_named(view, "Russia").view.height == ROW_HEIGHT + 2 * LANE_PADDING  # a row at least

    window.close()
    again = create_window(db_path)
    qtbot.addWidget(again)
    again.resize(1400, 900)
    again.show()
    qtbot.waitExposed(again)
    view = again.timeline_view
    assert lane_named(view, "Russia").view.height == ROW_HEIGHT + 2 * LANE_PADDING  # remembered for this timeline
    double_click(qtbot, view, edge_position(view, "Russia"))
    assert view.lane_heights() == {} and view.collapsed() == []
    assert {lane.name: lane.view.height for lane in view.laid_out()} == automatic


def test_a_lanes_lower_edge_in_the_timeline_sizes_it_too_and_a_double_click_there_sizes_it_by_its_labels(qtbot, window):
    from test_timeline_editing import double_click, drag

    view = window.timeline_view
    automatic = lane_named(view, "Ukraine").view.height
    ukraine = lane_named(view, "Ukraine")
    edge = QPointF(view.plot_rect().center().x(), ukraine.view.top + ukraine.view.height).toPoint()
    assert view.event_at(edge) is None
    qtbot.wait(12)
    qtbot.mouseMove(view.viewport(), edge)
    assert view.viewport().cursor().shape() == Qt.CursorShape.SizeVerCursor
    x_range = view.view_range()
    drag(qtbot, view, edge, edge + QPoint(0, 50))
    ukraine = lane_named(view, "Ukraine")
    assert abs(ukraine.view.top + ukraine.view.height - (edge.y() + 50)) <= 1
    assert view.lane_heights() == {"Ukraine": ukraine.view.height} and view.view_range() == x_range  # sized, not panned
    assert view.selected_ids() == [] and window.document.undo_stack.count() == 0  # nothing moved
    double_click(qtbot, view, QPointF(edge.x(), ukraine.view.top + ukraine.view.height).toPoint())
    assert view.lane_heights() == {} and lane_named(view, "Ukraine").view.height == automatic
    assert len(window.document.timeline.events) == 13  # no new event from that double-click


def test_a_lane_renamed_keeps_its_height_and_stays_collapsed_and_so_does_its_undo(qtbot, window, db_path):
    from desktop.app import create_window
    from desktop.model import lanes
    from test_timeline_editing import drag

    view = window.timeline_view
    edge = edge_position(view, "Russia")
    drag(qtbot, view, edge, edge + QPoint(0, 90))
    height = lane_named(view, "Russia").view.height
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=name_position(view, "Ukraine"))
    assert view.collapsed() == ["Ukraine"]
    window.ctx.push(lanes.rename(window.document.timeline, "Russia", "Russian forces"))
    window.ctx.push(lanes.rename(window.document.timeline, "Ukraine", "Ukrainian forces"))
    assert view.lane_heights() == {"Russian forces": height} and lane_named(view, "Russian forces").view.height == height
    assert view.collapsed() == ["Ukrainian forces"] and lane_named(view, "Ukrainian forces").layout.rows() == 1
    stack = window.document.undo_stack
    stack.undo()
    stack.undo()
    assert view.lane_heights() == {"Russia": height} and view.collapsed() == ["Ukraine"]
    stack.redo()
    stack.redo()

    window.close()
    again = create_window(db_path)  # remembered under the new names
    qtbot.addWidget(again)
    again.resize(1400, 900)
    again.show()
    qtbot.waitExposed(again)
    assert again.timeline_view.lane_heights() == {"Russian forces": height}
    assert again.timeline_view.collapsed() == ["Ukrainian forces"]


def test_a_lane_deleted_or_merged_away_leaves_no_height_nor_collapse_to_a_new_lane_of_its_name(qtbot, window, db_path):
    from dataclasses import replace

    from desktop.app import create_window
    from desktop.model import editing, lanes
    from test_timeline_editing import drag

    view = window.timeline_view
    edge = edge_position(view, "Russia")
    drag(qtbot, view, edge, edge + QPoint(0, 90))
    height = lane_named(view, "Russia").view.height
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=name_position(view, "Ukraine"))
    assert view.lane_heights() == {"Russia": height} and view.collapsed() == ["Ukraine"]
    window.ctx.push(lanes.merge(window.document.timeline, "Russia", "North Korea"))
    window.ctx.push(lanes.delete(window.document.timeline, "Ukraine"))
    assert view.lane_heights() == {} and view.collapsed() == []

    timeline = window.document.timeline
    some = next(iter(timeline.events.values()))
    window.ctx.push(editing.put(timeline, "events", [replace(some, lane="Ukraine")], "Move"))
    window.ctx.push(lanes.rename(window.document.timeline, "North Korea", "Russia"))
    assert "Ukraine" in view.lane_centres() and "Russia" in view.lane_centres()
    assert lane_named(view, "Ukraine").layout.rows() >= 1 and view.collapsed() == []  # new lanes, as new ones are
    assert view.lane_heights() == {}
    window.close()
    again = create_window(db_path)  # nor from the settings
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.timeline_view.lane_heights() == {} and again.timeline_view.collapsed() == []


def test_undoing_a_lane_deleted_or_merged_away_brings_back_its_height_and_collapse(qtbot, window):
    from desktop.model import lanes
    from test_timeline_editing import drag

    view = window.timeline_view
    edge = edge_position(view, "Russia")
    drag(qtbot, view, edge, edge + QPoint(0, 90))
    height = lane_named(view, "Russia").view.height
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=name_position(view, "Ukraine"))
    window.ctx.push(lanes.merge(window.document.timeline, "Russia", "North Korea"))
    window.ctx.push(lanes.delete(window.document.timeline, "Ukraine"))
    assert view.lane_heights() == {} and view.collapsed() == []
    stack = window.document.undo_stack
    stack.undo()
    assert view.collapsed() == ["Ukraine"] and lane_named(view, "Ukraine").layout.rows() == 1
    stack.undo()
    assert view.lane_heights() == {"Russia": height} and lane_named(view, "Russia").view.height == height
    stack.redo()
    stack.redo()
    assert view.lane_heights() == {} and view.collapsed() == []
