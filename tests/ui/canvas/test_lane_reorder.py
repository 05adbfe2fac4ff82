"""A lane's name dragged up or down the names moves the lane there: one undo step, saved,
hidden lanes keeping their places; a drag that ends where it began changes nothing.
Real mouse events on the viewport."""
from PySide6.QtCore import QPoint, QPointF, Qt

from desktop.model import lanes
from desktop.store import Store


def name_position(view, name, towards: float = 0.5) -> QPoint:
    """A point on the lane's name, left of the plot; ``towards`` 0 its top, 1 its bottom."""
    lane = next(lane for lane in view.laid_out() if lane.name == name)
    return QPointF(view.plot_rect().left() - 40, lane.view.top + lane.view.height * towards).toPoint()


def drag(qtbot, view, start: QPoint, end: QPoint, steps: int = 6) -> None:
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for k in range(1, steps + 1):
        qtbot.wait(12)  # pyqtgraph drops mouse moves closer than 10 ms apart
        qtbot.mouseMove(port, start + (end - start) * k / steps)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def order_on_disk(db_path):
    return Store.open(db_path, read_only=True).load().lane_order()


def fit(window):
    window.timeline_view.set_collapsed(window.document.timeline.lane_order())  # every lane in view, a row each


def test_dragging_a_lane_name_below_another_moves_the_lane_there_in_one_undo_step(qtbot, window, db_path):
    fit(window)
    view, stack = window.timeline_view, window.document.undo_stack
    first, second, third, *rest = order = window.document.timeline.lane_order()
    drag(qtbot, view, name_position(view, first), name_position(view, third, 0.9))  # onto the lower part of the third
    moved = [second, third, first, *rest]
    assert window.document.timeline.lane_order() == order_on_disk(db_path) == moved
    assert stack.count() == 1 and stack.undoText() == f"Move lane '{first}'"
    assert [lane.name for lane in sorted(view.laid_out(), key=lambda lane: lane.view.top)] == moved  # drawn in the new order

    drag(qtbot, view, name_position(view, rest[-1] if rest else third), name_position(view, second, 0.1))  # the last, up to the top
    last = rest[-1] if rest else third
    assert window.document.timeline.lane_order()[0] == last and stack.count() == 2
    stack.undo()
    stack.undo()
    assert order_on_disk(db_path) == order


def test_a_drag_that_ends_on_its_own_name_changes_nothing_and_a_hidden_lane_keeps_its_place(qtbot, window, db_path):
    fit(window)
    view, stack = window.timeline_view, window.document.undo_stack
    first, second, third, *rest = window.document.timeline.lane_order()
    drag(qtbot, view, name_position(view, second, 0.3), name_position(view, second, 0.7))
    assert stack.count() == 0
    window.ctx.push(lanes.restyle(window.document.timeline, second, hidden=True))
    qtbot.waitUntil(lambda: second not in view.lane_centres())
    drag(qtbot, view, name_position(view, first), name_position(view, third, 0.9))
    assert order_on_disk(db_path)[:3] == [second, third, first]  # the hidden lane where it was, first past it
