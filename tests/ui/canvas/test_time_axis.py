"""The time axis the canvas draws itself: two tiers at every zoom, the year in reach,
and a zoom bounded by the data and by an hour. Real windows, real wheel events."""
import datetime as dt

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from desktop.ui.canvas.ticks import HOUR
from desktop.ui.canvas.time_axis import DAY, epoch_seconds
from desktop.ui.canvas.view import MARGIN_YEARS


def wheel(view, notches: int, times: int = 1) -> None:
    """Turn the wheel over the middle of the lanes: up (positive) zooms in."""
    where = view.plot_rect().center()
    for _ in range(times):
        event = QWheelEvent(where, QPointF(view.viewport().mapToGlobal(where.toPoint())), QPoint(), QPoint(0, 120 * notches),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(view.viewport(), event)


def axis_texts(view):
    view.viewport().grab()  # the axis works its ticks out as it paints
    ticks = view.getPlotItem().getAxis("bottom").ticks
    return ticks.unit, [t.text for t in ticks.lower], [t.text for t in ticks.upper]


def test_the_axis_names_the_years_at_fit_all_and_the_month_and_day_when_zoomed_in(qtbot, window):
    view = window.timeline_view
    unit, lower, upper = axis_texts(view)
    assert unit == "month" and "Aug" in lower and "Jan" in lower and upper == ["2024", "2025"]
    view.getPlotItem().setXRange(epoch_seconds(dt.date(2024, 11, 23)), epoch_seconds(dt.date(2024, 12, 3)), padding=0)
    unit, lower, upper = axis_texts(view)
    assert unit == "day" and lower[:2] == ["23", "24"] and upper == ["November 2024", "December 2024"]
    six = epoch_seconds(dt.date(2024, 12, 27)) + 6 * HOUR
    view.getPlotItem().setXRange(six - 4 * HOUR, six + 4 * HOUR, padding=0)
    unit, lower, upper = axis_texts(view)
    assert unit == "hour" and "06:00" in lower and upper == ["Fri 27 Dec 2024"]


def test_zoom_stops_a_few_years_past_the_events_and_at_an_hour(qtbot, window):
    view = window.timeline_view
    wheel(view, -1, 60)
    x0, x1 = view.view_range()
    first, last = epoch_seconds(dt.date(2024, 8, 1)), epoch_seconds(dt.date(2025, 4, 27))
    margin = MARGIN_YEARS * 365.25 * DAY
    assert first - margin - DAY <= x0 and x1 <= last + margin + DAY
    assert x1 - x0 > 4 * 365 * DAY  # it did zoom out, to the bound
    unit, lower, _ = axis_texts(view)
    assert unit in ("month", "year") and any(text.isdigit() and len(text) == 4 for text in lower + _)
    wheel(view, 1, 200)
    x0, x1 = view.view_range()
    assert HOUR * 0.99 <= x1 - x0 <= HOUR * 1.5
