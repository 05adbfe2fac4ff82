"""Crowded lanes: every event placed once, near its date, nothing covering a label,
every mark clickable where it is drawn. Real windows, real clicks."""
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop.model import Event, FuzzyDate, Status, Timeline, new_id
from desktop.ui.canvas import layout
from desktop.ui.canvas.lane_data import LaneData
from desktop.ui.canvas.layout import CROWD_STEP, MAX_CROWD_MARKS, ROW_HEIGHT, LaneLayout, Span
from desktop.ui.canvas.marks import MARK_RADIUS
from desktop.ui.canvas.time_axis import DAY, epoch_seconds

# How far a crowded mark may stand from its date: a few steps to the right, and to the
# left only at the right edge of the view, where room is kept for the count.
RIGHT_DRIFT = (MAX_CROWD_MARKS + 2) * CROWD_STEP
EDGE_ROOM = 40


def open_window(qtbot, tmp_path, events, size):
    from desktop.app import create_window
    from desktop.store import Store

    lanes = sorted({e.lane for e in events})
    path = tmp_path / "layout.json"
    Store.open(path, seed=lambda: Timeline("layout", lanes, {e.id: e for e in events})).close()
    window = create_window(path)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def show(qtbot, timeline, start: float, end: float) -> None:
    timeline.getPlotItem().setXRange(start, end, padding=0)
    qtbot.wait(10)


def day(text: str, hours: float = 0.0) -> float:
    return epoch_seconds(dt.date.fromisoformat(text)) + hours * 3600


def in_view(events, start: float, end: float) -> list[str]:
    return [
        e.id for e in events.values()
        if epoch_seconds(e.start.earliest) < end and epoch_seconds((e.end or e.start).latest) + DAY > start
    ]


def dark_pixels(image, box) -> int:
    assert image.rect().contains(box), f"{box} is outside the view"
    return sum(
        image.pixelColor(x, y).lightness() < 100 for x in range(box.left(), box.right() + 1) for y in range(box.top(), box.bottom() + 1)
    )


def lane_bottom_in_view(timeline, name: str):
    """Scroll the lanes so that the last row of lane ``name``, where its crowds stand, is
    in view; gives the lane as laid out then."""
    lane = next(lane for lane in timeline.laid_out() if lane.name == name)
    plot = timeline.plot_rect()
    bottom = lane.view.top + lane.view.height
    if bottom > plot.bottom() or lane.view.top < plot.top():
        timeline.scroll_by(bottom - plot.bottom())
    return next(lane for lane in timeline.laid_out() if lane.name == name)


def check_layout(timeline, events, start: float, end: float) -> int:
    """The invariants of every layout; returns how many events went without a label."""
    plot = timeline.plot_rect().toRect()
    expected = set(in_view(events, start, end))
    unlabelled_total = 0
    for name in [lane.name for lane in timeline.laid_out()]:
        lane = lane_bottom_in_view(timeline, name)
        image = timeline.viewport().grab().toImage()
        item, placed, crowds = lane.data, lane.layout.placed, lane.layout.crowds
        assert sorted(item.ids[p.index] for p in placed) == sorted(i for i in item.ids if i in expected)
        labels = [p.label for p in placed if p.label is not None]
        assert all(plot.left() - 1 <= r.left() and r.right() <= plot.right() + 1 for r in labels)
        # A selected event keeps its label in a full row, under what stands there.
        labels = [p.label for p in placed if p.label is not None and item.ids[p.index] not in timeline.selected_ids()]
        unlabelled = [p for p in placed if p.label is None]
        points = [p for p in unlabelled if not item.is_range[p.index]]
        assert sum(c.count for c in crowds) == len(points)
        unlabelled_total += len(unlabelled)
        covers = labels + [p.hit for p in unlabelled] + [c.extent() for c in crowds]
        inside = [r.adjusted(0.01, 0.01, -0.01, -0.01) for r in labels]  # rows that meet do not overlap
        assert not any(a.intersects(b) for n, a in enumerate(inside) for b in covers[n + 1 :])
        extents = sorted((c.extent().left(), c.extent().right()) for c in crowds)
        assert all(end < start for (_, end), (start, _) in zip(extents, extents[1:]))
        for place in (p for p in placed if not item.is_range[p.index]):
            x = place.centre.x()
            lo = max(item.start_lo[place.index] * lane.view.sx + lane.view.tx, plot.left())
            hi = min(item.start_hi[place.index] * lane.view.sx + lane.view.tx, plot.right())
            assert plot.left() - 0.5 <= x - MARK_RADIUS and x + MARK_RADIUS <= plot.right() + 0.5
            assert min(lo, plot.right() - EDGE_ROOM) - 0.5 <= x <= hi + RIGHT_DRIFT
        for crowd in crowds:
            assert crowd.count_rect.right() <= plot.right() + 0.5
            assert dark_pixels(image, crowd.count_rect.toRect()) > 10, f"'+{crowd.count}' is not drawn"
    return unlabelled_total


def click_each(qtbot, timeline, ids) -> None:
    """A click where each event is drawn selects it; one stacked under another (in a full
    crowd, or a bar under an identical bar) selects the one drawn on top of it. The lanes
    scroll to each first."""
    for event_id in ids:
        timeline.reveal(event_id)
        image = timeline.viewport().grab().toImage()
        point = timeline.event_position(event_id)
        assert timeline.plot_rect().contains(point)
        lane = next(lane for lane in timeline.laid_out() if event_id in lane.data.ids)
        item = lane.data
        place = next(p for p in lane.layout.placed if item.ids[p.index] == event_id)
        if not item.is_range[place.index]:
            ink = sum(
                image.pixelColor(point.x() + dx, point.y() + dy).saturation() > 80
                for dx in range(-int(MARK_RADIUS), int(MARK_RADIUS) + 1) for dy in range(-int(MARK_RADIUS), int(MARK_RADIUS) + 1)
            )
            assert ink >= 8, f"no mark drawn where {event_id} is said to be"
        qtbot.mouseClick(timeline.viewport(), Qt.MouseButton.LeftButton, pos=point)
        selected = timeline.selected_ids()
        if place.stacked:  # the one on top, standing where this one does
            assert len(selected) == 1 and selected != [event_id]
            on_top = next(p for p in lane.layout.placed if item.ids[p.index] == selected[0])
            assert not on_top.stacked and on_top.hit.contains(place.hit.center())
        else:
            assert selected == [event_id]


def events_on(date: str, count: int, lane: str = "Russia", title: str = "Strike report") -> list[Event]:
    return [Event(new_id(), f"{title} {n}", FuzzyDate.parse(date), lane=lane) for n in range(count)]


@pytest.mark.parametrize(
    "size, first, days", [((1000, 600), "2025-04-20", 9), ((1000, 600), "2025-03-14", 90), ((800, 500), "2025-03-14", 90)]
)
def test_the_kursk_lanes_scroll_rather_than_drop_labels_and_count_them_when_collapsed(qtbot, window, size, first, days):
    window.resize(*size)
    timeline = window.timeline_view
    start = day(first)
    show(qtbot, timeline, start, start + days * DAY)
    events = window.document.timeline.events
    assert timeline.scroll_bar.isVisible()  # too small a window for every row of labels
    assert check_layout(timeline, events, start, start + days * DAY) == 0
    for lane in timeline.laid_out():  # every row at its comfortable height
        rows = sorted({p.centre.y() for p in lane.layout.placed})
        assert all(b - a >= ROW_HEIGHT - 1e-6 for a, b in zip(rows, rows[1:]))
    click_each(qtbot, timeline, in_view(events, start, start + days * DAY))
    timeline.set_collapsed(window.document.timeline.lane_order())  # a row each: labels go into "+N"
    qtbot.wait(10)
    assert check_layout(timeline, events, start, start + days * DAY) > 0
    click_each(qtbot, timeline, in_view(events, start, start + days * DAY))


def dense_march():
    return [
        *events_on("2025-03-10", 40),
        *(Event(new_id(), f"Day {d} event", FuzzyDate.parse(f"2025-03-{d:02d}"), lane="Russia") for d in (8, 9, 11, 12)),
        Event(new_id(), "Offensive", FuzzyDate.parse("2025-03-07"), FuzzyDate.parse("2025-03-13"), lane="Russia"),
        Event(new_id(), "Shelling", FuzzyDate.parse("2025-03-11"), FuzzyDate.parse("2025-03-30"), lane="Russia"),
        *(Event(new_id(), f"Siege {n}", FuzzyDate.parse("2025-03-09"), FuzzyDate.parse("2025-03-20"), lane="Russia") for n in range(30)),
    ]


@pytest.mark.parametrize(
    "start, end",
    [
        (day("2025-03-09"), day("2025-03-12")),
        (day("2025-03-09", 19.2), day("2025-03-12", 4.8)),  # the view begins and ends mid-day
        (day("2025-02-01"), day("2025-05-01")),
    ],
    ids=["three-days", "mid-day-edges", "three-months"],
)
def test_forty_events_on_one_day_stay_near_their_date_and_are_all_counted(qtbot, tmp_path, start, end):
    events = {e.id: e for e in dense_march()}
    timeline = open_window(qtbot, tmp_path, events.values(), (900, 500)).timeline_view
    show(qtbot, timeline, start, end)
    assert check_layout(timeline, events, start, end) >= 20  # most go unlabelled
    click_each(qtbot, timeline, in_view(events, start, end))


def test_a_crowd_on_the_last_day_in_view_keeps_its_count_inside(qtbot, tmp_path):
    events = {e.id: e for e in [*events_on("2025-03-31", 40), *events_on("2025-03-30", 3, title="Eve")]}
    timeline = open_window(qtbot, tmp_path, events.values(), (900, 500)).timeline_view
    show(qtbot, timeline, day("2025-01-01"), day("2025-04-01"))
    assert check_layout(timeline, events, day("2025-01-01"), day("2025-04-01")) > 20
    click_each(qtbot, timeline, list(events))


def test_an_event_after_a_full_crowd_is_not_drawn_before_its_date(qtbot, tmp_path):
    later = Event(new_id(), "Later strike", FuzzyDate.parse("2025-03-13"), lane="Russia")
    events = {e.id: e for e in [*events_on("2025-03-10", 30), later]}
    timeline = open_window(qtbot, tmp_path, events.values(), (900, 500)).timeline_view
    show(qtbot, timeline, day("2025-03-01"), day("2025-04-01"))
    check_layout(timeline, events, day("2025-03-01"), day("2025-04-01"))
    click_each(qtbot, timeline, [later.id])


def test_a_point_where_a_bar_has_its_middle_is_drawn_and_both_can_be_clicked(qtbot, tmp_path):
    periods = [Event(new_id(), f"Push {n}", FuzzyDate.parse("2025-03-07"), FuzzyDate.parse("2025-03-08"), lane="Russia") for n in range(14)]
    bar = Event(new_id(), "Claimed hold", FuzzyDate.parse("2025-03-09"), FuzzyDate.parse("2025-03-11"), lane="Russia", status=Status.CLAIMED)
    point = Event(new_id(), "The one point", FuzzyDate.parse("2025-03-10"), lane="Russia", status=Status.CONFIRMED)
    events = {e.id: e for e in [*periods, bar, point]}
    timeline = open_window(qtbot, tmp_path, events.values(), (900, 500)).timeline_view
    show(qtbot, timeline, day("2025-03-01"), day("2025-04-01"))
    check_layout(timeline, events, day("2025-03-01"), day("2025-04-01"))
    click_each(qtbot, timeline, [point.id, bar.id])


def test_a_lane_keeps_its_rows_whatever_the_window_height(qtbot, tmp_path):
    """Three same-day events get three rows of full height at any window height, other
    lanes or not: what does not fit the window scrolls."""
    crowded = events_on("2025-03-10", 3)
    others = [Event(new_id(), f"Elsewhere {n}", FuzzyDate.parse("2025-03-05"), lane=f"Lane {n}") for n in range(6)]
    window = open_window(qtbot, tmp_path, [*crowded, *others], (900, 500))
    timeline = window.timeline_view
    scrolled = 0
    for height in range(450, 900, 6):
        window.resize(900, height)
        show(qtbot, timeline, day("2025-03-01"), day("2025-03-20"))
        lane = next(lane for lane in timeline.laid_out() if crowded[0].id in lane.data.ids)
        rows = sorted({p.centre.y() for p in lane.layout.placed})
        assert len(rows) == 3 and all(p.label is not None for p in lane.layout.placed), height
        assert min(b - a for a, b in zip(rows, rows[1:])) >= ROW_HEIGHT - 1e-6, height
        scrolled += timeline.scroll_bar.isVisible()
    assert 0 < scrolled < len(range(450, 900, 6))  # small windows scroll, large ones need not


def test_an_unlabelled_bar_takes_the_labels_it_would_cover():
    point_a = Event(new_id(), "A", FuzzyDate.parse("2025-03-01"), lane="x")
    period = Event(new_id(), "Bar", FuzzyDate.parse("2025-03-01"), FuzzyDate.parse("2025-03-10"), lane="x")
    point_c = Event(new_id(), "C", FuzzyDate.parse("2025-03-05"), lane="x")
    lane = LaneData([point_a, period, point_c])
    # A's label fits, the bar starts under it, C's label fits after A's but lies on the bar.
    spans = [Span(4.0, 121.0, 0, 10.0, 21.0, 100.0), Span(60.0, 400.0, 1, 230.0, 65.0, 40.0), Span(194.0, 311.0, 2, 200.0, 211.0, 100.0)]
    laid = LaneLayout()
    view = layout.Viewport(0.0, 1.0, 1000.0, 0.0, 40.0, 20.0)
    layout._share_row(lane, laid, spans, 50.0, 20.0, view, lambda n: 7.0 * len(f"+{n}"), frozenset())
    placed = laid.placed
    assert sorted(p.index for p in placed) == [0, 1, 2]
    bar = next(p.hit for p in placed if p.index == 1)
    assert all(p.label is None or not p.hit.intersects(bar) for p in placed if p.index != 1)
    assert sum(c.count for c in laid.crowds) == 2  # A and C, each standing at its date
    assert sorted(c.last.x() for c in laid.crowds) == [10.0, 200.0]
