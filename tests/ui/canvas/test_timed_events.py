"""Events with a time of day on the timeline and in the Event panel: drawn at their
moment, dragged by minutes where the axis shows hours, typed and shown in UTC or in
their own zone."""
import datetime as dt

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QLineEdit

from desktop.model import Event, FuzzyDate, Timeline
from desktop.store import Store
from desktop.ui.canvas.time_axis import DAY

STRIKE = FuzzyDate.parse("2024-08-06T14:30:00+03:00")  # 11:30 UTC


def timed():
    return Timeline(title="Times", lanes=["Ukraine"], events={
        "strike": Event("strike", "Strike", STRIKE, lane="Ukraine"),
        "day": Event("day", "Same day", FuzzyDate(2024, 8, 6), lane="Ukraine"),
    })


def x_of(view, seconds: float) -> float:
    return view.mapFromScene(view.getViewBox().mapViewToScene(QPointF(seconds, 0))).x()


def at_hours(view):
    """The closest zoom, where the axis reads hours: 6 August 2024 and the days around it."""
    noon = dt.datetime(2024, 8, 6, 12, tzinfo=dt.timezone.utc).timestamp()
    view.getPlotItem().setXRange(noon - 1.5 * DAY, noon + 1.5 * DAY, padding=0)


def test_a_timed_event_is_drawn_at_its_moment_in_utc(qtbot, window_on):
    window = window_on(timed())
    view = window.timeline_view
    at_hours(view)
    qtbot.wait(20)
    moment = dt.datetime(2024, 8, 6, 11, 30, tzinfo=dt.timezone.utc).timestamp()
    assert abs(view.event_position("strike").x() - x_of(view, moment)) <= 3
    noon = dt.datetime(2024, 8, 6, 12, tzinfo=dt.timezone.utc).timestamp()
    assert abs(view.event_position("day").x() - x_of(view, noon)) <= 3  # a day without a time: in its middle


def test_a_drag_where_the_axis_shows_hours_moves_by_minutes(qtbot, window_on, tmp_path):
    window = window_on(timed())
    view = window.timeline_view
    at_hours(view)
    qtbot.wait(20)
    start = view.event_position("strike")
    later = dt.datetime(2024, 8, 6, 13, 0, tzinfo=dt.timezone.utc).timestamp()  # 90 minutes on
    end = start + type(start)(round(x_of(view, later) - start.x()), 0)
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for k in range(1, 7):
        qtbot.wait(12)
        qtbot.mouseMove(port, start + (end - start) * k / 6)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    moved = Store.open(tmp_path / "timeline.json", read_only=True).load().events["strike"].start
    minutes = (dt.datetime.combine(moved.earliest, moved.time) - dt.datetime.combine(STRIKE.earliest, STRIKE.time)).total_seconds() / 60
    assert abs(minutes - 90) <= 6 and minutes % 1 == 0 and moved.offset == STRIKE.offset
    window.document.undo_stack.undo()
    assert Store.open(tmp_path / "timeline.json", read_only=True).load().events["strike"].start == STRIKE


def test_a_time_typed_in_the_event_panel_is_stored_and_shown_in_utc_or_its_zone(qtbot, window_on, tmp_path):
    window = window_on(timed())
    window.timeline_view.select(["day"])
    start = window.details.findChild(QLineEdit, "edit_start")
    hint = window.details.findChild(QLabel, "start_hint")
    start.setFocus()
    qtbot.keyClick(start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(start, "6 August 2024 06:10 +03:00")
    assert hint.text() == "→ 2024-08-06T06:10:00+03:00 · 6 Aug 2024 03:10 UTC · time precision"
    window.findChild(QAction, "action_times_in_utc").trigger()  # in the event's own zone
    assert hint.text() == "→ 2024-08-06T06:10:00+03:00 · 6 Aug 2024 06:10 UTC+03:00 · time precision"
    qtbot.keyClick(start, Qt.Key.Key_Return)
    stored = Store.open(tmp_path / "timeline.json", read_only=True).load().events["day"]
    assert stored.start == FuzzyDate.parse("2024-08-06T06:10:00+03:00")


def test_the_search_results_give_a_time_in_utc_or_in_its_zone(qtbot, window_on):
    from PySide6.QtWidgets import QTreeWidget

    window = window_on(timed())
    window.filter_bar.search_box.setText("Strike")
    window.filter_bar.apply()
    window.ctx.reveal("search_results")
    results = window.findChild(QTreeWidget, "search_results")
    assert results.topLevelItem(0).text(1) == "6 Aug 2024 11:30 UTC"
    window.findChild(QAction, "action_times_in_utc").trigger()
    assert results.topLevelItem(0).text(1) == "6 Aug 2024 14:30 UTC+03:00"
