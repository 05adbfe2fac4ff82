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


def test_a_faint_line_runs_up_from_each_unit_of_the_axis_and_a_pale_one_under_each_lane(qtbot, window):
    """The canvas rules them itself: across the lanes at each tick of the axis's lower tier
    (and nowhere between two), and along each lane's lower edge."""
    view = window.timeline_view
    image = view.viewport().grab().toImage()
    box = view.getViewBox()
    plot = view.plot_rect()

    def pixel(x: float, y: float) -> tuple[int, int, int]:
        colour = image.pixelColor(round(x), round(y))
        return colour.red(), colour.green(), colour.blue()

    def to_viewport(x: float, y: float):
        return view.mapFromScene(box.mapViewToScene(QPointF(x, y)))

    def most_common(colours) -> tuple[int, int, int]:
        return max(set(colours), key=colours.count)

    rows = range(int(plot.top()) + 2, int(plot.bottom()) - 2)
    ticks = [to_viewport(tick.x, 0).x() for tick in view.getPlotItem().getAxis("bottom").ticks.lower]
    ticks = [x for x in ticks if plot.left() + 2 < x < plot.right() - 2]
    assert len(ticks) >= 3
    for x in ticks:  # a grey a little darker than the page, above and below the lanes' marks
        grey = [most_common([pixel(column, y) for y in rows]) for column in (x - 1, x, x + 1)]  # the pixel it falls in
        assert any(red == green == blue and 225 <= red <= 250 for red, green, blue in grey), (x, grey)
    between = (ticks[0] + ticks[1]) / 2
    assert most_common([pixel(between, y) for y in rows]) == (255, 255, 255)
    for name, (_, bottom) in view.lane_extents().items():
        y = to_viewport(0, bottom).y()
        if plot.top() < y < plot.bottom() - 1:
            assert most_common([pixel(x, y) for x in range(int(plot.left()) + 2, int(plot.right()) - 2)]) == (0xD0, 0xD0, 0xD0), name
