"""A hundred thousand events: at every zoom the timeline accounts for every event in
view, one by one or counted in columns, and a click finds the event drawn under it."""
import dataclasses
import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QPointF, Qt

from benchmarks.synthetic import acled_like
from desktop.app import create_window
from desktop.model import Event, FuzzyDate, Timeline, editing
from desktop.store import Store
from desktop.ui.canvas.lane_item import LaneItem
from desktop.ui.canvas.time_axis import DAY, epoch_seconds
from desktop.ui.canvas.view import DETAIL_BUDGET, MIN_SPAN, TimelineView
from test_timeline_editing import drag


@pytest.fixture(scope="module")
def big():
    timeline = acled_like(100_000)
    lone = Event("lone", "A lone report", FuzzyDate.parse("2025-06-20"), lane="Russia")
    timeline.events[lone.id] = lone
    return timeline


def open_view(qtbot, timeline: Timeline, width: int = 1400, height: int = 600) -> TimelineView:
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(width, height)
    view.set_timeline(timeline)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def view(qtbot, big):
    return open_view(qtbot, big)


def lanes(view):
    return [i for i in view.getPlotItem().items if isinstance(i, LaneItem)]


def expected_in_view(timeline: Timeline, x0: float, x1: float) -> dict[str, set[str]]:
    """Straight from the model: the events whose days overlap the range, by lane."""
    found: dict[str, set[str]] = {}
    for event in timeline.events.values():
        first = epoch_seconds(event.start.earliest)
        after = epoch_seconds((event.end or event.start).latest) + DAY
        if first < x1 and after > x0:
            found.setdefault(event.lane, set()).add(event.id)
    return found


def drawn(view) -> dict[str, list[str]]:
    """Every event the lanes drew, one by one or counted in a column, by lane."""
    found = {}
    for lane in view.laid_out():
        counted = [n for a in lane.layout.aggregates for n in lane.layout.members(a).tolist()]
        assert sum(a.count for a in lane.layout.aggregates) == len(counted)
        found[lane.name] = [lane.data.ids[p.index] for p in lane.layout.placed] + [lane.data.ids[n] for n in counted]
    return found


def show(qtbot, view, first: str, days: float) -> tuple[float, float]:
    x0 = epoch_seconds(dt.date.fromisoformat(first))
    view.getPlotItem().setXRange(x0, x0 + days * DAY, padding=0)
    qtbot.wait(5)
    return view.getPlotItem().viewRange()[0]


@pytest.mark.parametrize("days", [None, 3000, 365, 30, 7, 3])  # closer, a day holds fewer than the budget
def test_every_event_in_view_is_drawn_or_counted_once_at_every_zoom(qtbot, view, big, days):
    if days is None:
        view.fit_all()
        qtbot.wait(5)
        x0, x1 = view.getPlotItem().viewRange()[0]
    else:
        x0, x1 = show(qtbot, view, "2023-06-10", days)
    image = view.viewport().grab().toImage()
    expected = expected_in_view(big, x0, x1)
    found = drawn(view)
    for lane, ids in found.items():
        assert len(ids) == len(set(ids)), f"{lane}: an event drawn twice"
        assert set(ids) == expected.get(lane, set()), lane
    aggregated = [lane for lane in view.laid_out() if lane.layout.aggregates]
    detailed = [item.name for item in lanes(view) if item.detailed]
    # The lanes share one budget of events drawn one by one, the quietest lanes first.
    in_view = {item.name: len(item.data.in_view(x0, x1)) for item in lanes(view)}
    assert sum(in_view[name] for name in detailed) <= DETAIL_BUDGET
    assert max((in_view[name] for name in detailed), default=0) <= min((in_view[lane.name] for lane in aggregated), default=10**9)
    assert aggregated, "a hundred thousand events are too many to lay out one by one at any zoom"
    for lane in aggregated:
        for aggregate in lane.layout.aggregates:
            centre = aggregate.bar.center().toPoint()
            assert image.pixelColor(centre).saturation() > 80, "a column is counted but not painted"


def test_a_click_selects_the_event_drawn_there_among_a_hundred_thousand(qtbot, view, big):
    show(qtbot, view, "2023-06-10", 1)
    rng = random.Random(3)
    on_top = [  # an event stacked under another is clicked where that one is (test_timeline_layout)
        lane.data.ids[p.index] for lane in view.laid_out() for p in lane.layout.placed if not p.stacked
    ]
    assert len(on_top) > 50
    for event_id in rng.sample(on_top, 25):
        view.reveal(event_id)  # its lane may be scrolled out of the window
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.event_position(event_id))
        assert view.selected_ids() == [event_id]


def test_a_lone_event_keeps_its_own_mark_among_columns_and_a_click_on_a_column_zooms_in(qtbot, view, big):
    show(qtbot, view, "2024-11-01", 260)  # the dense end of the data, and the lone report after it
    russia = view.laid_out()[0]
    assert russia.layout.aggregates, "this range is dense enough to be counted in columns"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.event_position("lone"))
    assert view.selected_ids() == ["lone"]

    column = max(russia.layout.aggregates, key=lambda a: a.count)
    members = {russia.data.ids[n] for n in russia.layout.members(column)}
    before = view.getPlotItem().viewRange()[0]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=column.bar.center().toPoint())
    qtbot.wait(5)
    x0, x1 = view.getPlotItem().viewRange()[0]
    assert x1 - x0 < (before[1] - before[0]) / 4
    assert members <= expected_in_view(big, x0, x1)["Russia"]
    assert view.selected_ids() == ["lone"]  # a click on a column zooms in, and keeps the selection


def lane_state(item: LaneItem) -> dict[str, tuple]:
    data = item.data
    return {
        event_id: (data.titles[n], data.statuses[n], data.start_lo[n], data.start_hi[n], data.end_lo[n], data.end_hi[n], data.is_range[n])
        for n, event_id in enumerate(data.ids)
    }


edits = st.lists(
    st.tuples(st.sampled_from(["move", "lane", "retitle", "delete", "create"]), st.integers(0, 10**6), st.integers(-40, 40)),
    min_size=1,
    max_size=8,
)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits)
def test_redrawing_only_what_an_edit_changed_gives_the_lanes_a_full_redraw_gives(qtbot, ops):
    timeline = acled_like(600, seed=7)
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.set_timeline(timeline)
    for op, pick, days in ops:
        ids = sorted(timeline.events)
        event = timeline.events[ids[pick % len(ids)]]
        if op == "move":
            edit = editing.move_events(timeline, [event.id], days)
        elif op == "lane":
            edit = editing.move_events(timeline, [event.id], 0, ["Russia", "Ukraine", "Observers"][pick % 3])
        elif op == "retitle":
            edit = editing.put(timeline, "events", [dataclasses.replace(event, title=f"Renamed {days}")], "Rename")
        elif op == "delete":
            edit = editing.remove(timeline, "events", [event.id])
        else:
            edit = editing.put(timeline, "events", [Event(f"new{pick}", "New", FuzzyDate.parse("2023-01-01").moved(days), lane="Civilians")], "Create")
        timeline.apply(edit.changes)
        view.refresh(timeline, edit)
    incremental = {name: lane_state(item) for name, item in zip(timeline.lane_order(), lanes(view))}
    fresh = TimelineView()
    qtbot.addWidget(fresh)
    fresh.set_timeline(timeline)
    assert incremental == {name: lane_state(item) for name, item in zip(timeline.lane_order(), lanes(fresh))}
    x0, x1 = view.getPlotItem().viewRange()[0]
    view.getPlotItem().setXRange(x0, x1 + DAY, padding=0)  # lay out again, from the changed arrays
    view.show()
    qtbot.waitExposed(view)
    expected = expected_in_view(timeline, *view.getPlotItem().viewRange()[0])
    assert {lane: set(ids) for lane, ids in drawn(view).items() if ids} == {lane: ids for lane, ids in expected.items() if ids}


def test_a_column_marks_the_selected_event_counted_in_it(qtbot, view, big):
    x0, x1 = show(qtbot, view, "2023-06-10", 365)
    russia = view.laid_out()[0]
    column = russia.layout.aggregates[len(russia.layout.aggregates) // 2]
    chosen = russia.data.ids[int(russia.layout.members(column)[0])]
    blank = view.viewport().grab().toImage()
    view.select([chosen])
    ringed = view.viewport().grab().toImage()
    above = QPointF(column.bar.center().x(), column.bar.top() - 3).toPoint()  # the ring's top edge
    around = [above + QPoint(0, dy) for dy in (-1, 0, 1)]  # the ring may fall between two rows of pixels
    assert min(blank.pixelColor(p).lightness() for p in around) > 150 and min(ringed.pixelColor(p).lightness() for p in around) < 100


def test_a_drag_among_a_hundred_thousand_is_saved_and_reopens_moved(qtbot, tmp_path, big):
    path = tmp_path / "big.json"
    Store.open(path, seed=lambda: big).close()
    window = create_window(path)
    qtbot.addWidget(window)
    window.resize(1400, 800)
    window.show()
    qtbot.waitExposed(window)
    view = window.timeline_view
    show(qtbot, view, "2025-06-10", 20)  # the lone report, with room to move it
    start = view.event_position("lone")
    per_day = view.width() / 20
    drag(qtbot, view, start, start + QPointF(3 * per_day, 0).toPoint())
    moved = window.document.timeline.events["lone"]
    assert moved.start == FuzzyDate.parse("2025-06-23")
    assert Store.open(path, read_only=True).load().events["lone"] == moved  # in the journal, before any compaction


def test_at_the_closest_zoom_a_click_on_a_column_selects_its_events_and_its_tooltip_names_them(qtbot):
    busy = [Event(f"b{n}", f"Strike {n}", FuzzyDate.parse("2025-03-10"), lane="Russia") for n in range(DETAIL_BUDGET + 50)]
    view = open_view(qtbot, Timeline("busy day", ["Russia"], {e.id: e for e in busy}), 1000, 500)
    x0 = epoch_seconds(dt.date(2025, 3, 10)) + MIN_SPAN  # the closest zoom, inside the busy day
    view.getPlotItem().setXRange(x0, x0 + MIN_SPAN, padding=0)
    qtbot.wait(5)
    (lane,) = view.laid_out()
    (column,) = lane.layout.aggregates
    point = column.bar.center().toPoint()
    view._on_hover(view.mapToScene(point))
    assert view.toolTip().startswith(f"{len(busy)} events, 10 Mar 2025\n· Strike 0\n")
    assert "… and 242 more" in view.toolTip()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert sorted(view.selected_ids()) == sorted(e.id for e in busy)
    assert view.getPlotItem().viewRange()[0][1] - view.getPlotItem().viewRange()[0][0] <= MIN_SPAN * 1.01


def test_a_click_on_a_column_that_holds_a_long_period_zooms_in(qtbot, big):
    years = Event("long", "A siege of years", FuzzyDate.parse("2022-03-01"), FuzzyDate.parse("2025-01-31"), lane="Russia")
    view = open_view(qtbot, Timeline(big.title, list(big.lanes), {**big.events, years.id: years}))
    for first in ("2023-06-01", "2024-01-01"):
        before = show(qtbot, view, first, 61)  # the period's mark, mid-view, falls on a day's events
        (russia, *_) = view.laid_out()
        column = next(a for a in russia.layout.aggregates if russia.data.index_of("long") in russia.layout.members(a))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=column.bar.center().toPoint())
        qtbot.wait(5)
        x0, x1 = view.getPlotItem().viewRange()[0]
        assert x1 - x0 < (before[1] - before[0]) / 2 and before[0] <= x0 < x1 <= before[1] + (before[1] - before[0])


def test_an_edit_that_reorders_undeclared_lanes_or_brings_back_the_first_event_redraws_them(qtbot):
    first = Event("x1", "First in X", FuzzyDate.parse("2025-01-01"), lane="X")
    second = Event("y1", "First in Y", FuzzyDate.parse("2025-01-02"), lane="Y")
    later = Event("x2", "Later in X", FuzzyDate.parse("2025-01-03"), lane="X")
    timeline = Timeline("undeclared", [], {e.id: e for e in (first, second, later)})
    view = TimelineView()
    qtbot.addWidget(view)
    view.set_timeline(timeline)
    edit = editing.remove(timeline, "events", ["x1"])
    timeline.apply(edit.changes)
    view.refresh(timeline, edit)
    assert timeline.lane_order() == ["Y", "X"]
    assert [item.data.ids for item in lanes(view)] == [["y1"], ["x2"]]

    lone = Timeline("one", ["X"], {first.id: first})
    view.set_timeline(lone)
    gone = editing.remove(lone, "events", ["x1"])
    lone.apply(gone.changes)
    view.refresh(lone, gone)
    assert view.getPlotItem().titleLabel.isVisible()
    back = gone.inverse()
    lone.apply(back.changes)
    view.refresh(lone, back)
    assert not view.getPlotItem().titleLabel.isVisible()  # "no events yet" is gone with the event back
