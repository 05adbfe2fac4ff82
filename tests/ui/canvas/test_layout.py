"""The lane layout as a pure function: events, a viewport and a text width in, places
out. No window: random lanes at random zooms keep every invariant of a layout."""
import datetime as dt
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.model import Event, FuzzyDate
from desktop.ui.canvas import hit_testing
from desktop.ui.canvas.hit_testing import Laid
from desktop.ui.canvas.lane_data import LaneData
from desktop.ui.canvas.layout import LANE_PADDING, MIN_ROW_HEIGHT, ROW_HEIGHT, Viewport, lay_out, rows_wanted
from desktop.ui.canvas.marks import MARK_RADIUS
from desktop.ui.canvas.time_axis import DAY, epoch_seconds

FIRST = dt.date(2024, 8, 1)


def label_width(title: str) -> float:
    return min(6.5 * len(title), 460.0)


def count_width(count: int) -> float:
    return 7.0 * len(f"+{count}")


@st.composite
def lanes(draw):
    count = draw(st.integers(1, 60))
    events = []
    for n in range(count):
        start = FIRST + dt.timedelta(days=draw(st.integers(0, 120)))
        precision = draw(st.sampled_from(["day", "day", "month"]))
        date = FuzzyDate(start.year, start.month, start.day) if precision == "day" else FuzzyDate(start.year, start.month)
        end = None
        if draw(st.integers(0, 4)) == 0:
            last = start + dt.timedelta(days=draw(st.integers(1, 40)))
            end = FuzzyDate(last.year, last.month, last.day)
            date = FuzzyDate(start.year, start.month, start.day)
        events.append(Event(f"e{n}", "Event " + "x" * draw(st.integers(0, 40)), date, end, lane="Russia"))
    return events


@st.composite
def viewports(draw):
    first = epoch_seconds(FIRST) + draw(st.integers(-10, 100)) * DAY
    days = draw(st.sampled_from([3, 9, 30, 90, 200]))
    width = draw(st.integers(300, 1400))
    height = draw(st.sampled_from([30.0, 60.0, 120.0, 200.0]))
    sx = width / (days * DAY)
    return Viewport(first, first + days * DAY, sx, 100 - first * sx, 40.0, height)


def expected_in_view(events: list[Event], view: Viewport) -> set[str]:
    return {
        e.id for e in events
        if epoch_seconds(e.start.earliest) < view.x1 and epoch_seconds((e.end or e.start).latest) + DAY > view.x0
    }


@settings(max_examples=150)
@given(lanes(), viewports())
def test_every_event_in_view_is_placed_once_and_no_label_is_covered(events, view):
    lane = LaneData(events)
    layout = lay_out(lane, view, label_width, count_width, detailed=True)
    placed = layout.placed
    ids = [lane.ids[p.index] for p in placed]
    assert len(ids) == len(set(ids)) and set(ids) == expected_in_view(events, view)
    labels = [p.label for p in placed if p.label is not None and p.label.width() > 0]  # no room at the edge: an empty label
    assert all(view.left - 1 <= r.left() and r.right() <= view.right + 1 for r in labels)
    unlabelled = [p for p in placed if p.label is None]
    inside = [r.adjusted(0.01, 0.01, -0.01, -0.01) for r in labels]  # rows that meet do not overlap
    points = [p for p in unlabelled if not lane.is_range[p.index]]
    assert sum(c.count for c in layout.crowds) == len(points)
    covers = labels + [p.hit for p in unlabelled] + [c.extent() for c in layout.crowds]
    assert not any(a.intersects(b) for n, a in enumerate(inside) for b in covers[n + 1:])
    for place in placed:  # inside the lane, rows no thinner than readable
        assert view.top <= place.centre.y() <= view.top + view.height
        if place.label is not None:
            assert place.label.height() >= min(MIN_ROW_HEIGHT, view.height) - 1e-6
    for place in points:
        assert view.left - 0.5 <= place.centre.x() - MARK_RADIUS and place.centre.x() + MARK_RADIUS <= view.right + 0.5


@settings(max_examples=100)
@given(lanes(), viewports())
def test_counted_in_columns_every_event_is_a_mark_or_in_one_column(events, view):
    lane = LaneData(events)
    layout = lay_out(lane, view, label_width, count_width, detailed=False)
    expected = expected_in_view(events, view)
    if len(expected) <= 1:
        return
    counted = [lane.ids[n] for a in layout.aggregates for n in layout.members(a).tolist()]
    marks = [lane.ids[p.index] for p in layout.placed]
    assert sorted(counted + marks) == sorted(expected)
    assert all(a.count == len(layout.members(a)) > 1 for a in layout.aggregates)
    assert all(p.label is None for p in layout.placed)  # a counted lane writes no titles


@st.composite
def long_and_short_events(draw):
    """Days, months, whole years and periods of up to two years, over three years."""
    events = []
    for n in range(draw(st.integers(0, 80))):
        start = FIRST + dt.timedelta(days=draw(st.integers(0, 1100)))
        kind = draw(st.sampled_from(["day", "month", "year", "period"]))
        date = {"day": FuzzyDate(start.year, start.month, start.day), "month": FuzzyDate(start.year, start.month), "year": FuzzyDate(start.year)}.get(kind)
        end = None
        if kind == "period":
            date = FuzzyDate(start.year, start.month, start.day)
            last = start + dt.timedelta(days=draw(st.integers(1, 730)))
            end = FuzzyDate(last.year, last.month, last.day)
        events.append(Event(f"e{n}", "Event", date, end, lane="Russia"))
    return events


@settings(max_examples=200)
@given(long_and_short_events(), long_and_short_events(), st.integers(-400, 1200), st.sampled_from([1, 3, 30, 365, 2000]))
def test_the_events_in_view_are_those_whose_days_overlap_it_before_and_after_an_edit(events, moved, first, days):
    """Found by bisection on sorted starts, the long ones looked at each: the same as
    looking at every event, also once an edit moved some and added others."""
    x0 = epoch_seconds(FIRST) + first * DAY
    view = Viewport(x0, x0 + days * DAY, 1.0, 0.0, 0.0, 60.0)
    lane = LaneData(events)
    assert [lane.ids[n] for n in lane.in_view(view.x0, view.x1)] == sorted(expected_in_view(events, view), key=lane.ids.index)
    moved = [replace(e, id=f"e{2 * n}") for n, e in enumerate(moved)]  # some edit events there, the others are new
    lane.change(moved, set())
    now = list({e.id: e for e in events + moved}.values())
    assert sorted(lane.ids[n] for n in lane.in_view(view.x0, view.x1)) == sorted(expected_in_view(now, view))


def test_hit_testing_reads_the_layout_it_is_given():
    events = [Event("a", "Alpha", FuzzyDate(2024, 8, 6), lane="X"), Event("b", "Bravo", FuzzyDate(2024, 8, 20), FuzzyDate(2024, 9, 10), lane="X")]
    lane = LaneData(events)
    first = epoch_seconds(FIRST)
    view = Viewport(first, first + 60 * DAY, 10 / DAY, -first * 10 / DAY, 0.0, 60.0)
    laid = Laid("X", lane, lay_out(lane, view, label_width, count_width, detailed=True), view)
    alpha = next(p for p in laid.layout.placed if lane.ids[p.index] == "a")
    assert hit_testing.event_at([laid], alpha.centre) == "a"
    bravo_start = epoch_seconds(dt.date(2024, 8, 20)) * view.sx + view.tx
    bravo = next(p for p in laid.layout.placed if lane.ids[p.index] == "b")
    assert hit_testing.end_at([laid], bravo.centre.__class__(bravo_start + 1, bravo.centre.y())) == ("b", "start")
    assert sorted(hit_testing.events_in([laid], alpha.hit.united(bravo.hit))) == ["a", "b"]
    assert hit_testing.event_at([laid], alpha.centre + alpha.centre.__class__(0, 100)) is None


@settings(max_examples=100)
@given(lanes(), viewports())
def test_the_rows_a_lane_wants_hold_every_label(events, view):
    """Enough rows; with fewer, the shared last row may still hold them all, a label
    moved left of its mark."""
    lane = LaneData(events)
    wanted = rows_wanted(lane, view, label_width)
    assert 1 <= wanted <= max(1, len(lane.in_view(view.x0, view.x1)))
    tall = replace(view, height=wanted * ROW_HEIGHT + 2 * LANE_PADDING)
    layout = lay_out(lane, tall, label_width, count_width, detailed=True)
    assert not layout.crowds and all(p.label is not None for p in layout.placed)
    assert layout.rows() == (wanted if layout.placed else 0)


def test_a_label_that_would_cover_the_next_mark_moves_left_where_the_lane_is_empty():
    """Two events near the right edge of a one-row lane: each label hid the other's mark
    and both went into "+2" with the rest of the row empty; now one keeps its label,
    moved left of its mark into the empty room."""
    first = epoch_seconds(FIRST)
    view = Viewport(first, first + 30 * DAY, 20 / DAY, 100 - first * 20 / DAY, 0.0, ROW_HEIGHT + 2 * LANE_PADDING)
    widths = {"Sudzha retaken by Russia": 150.0, "Russia claims the whole region": 200.0}
    events = [
        Event("sudzha", "Sudzha retaken by Russia", FuzzyDate(2024, 8, 21), lane="Russia"),
        Event("region", "Russia claims the whole region", FuzzyDate(2024, 8, 29), lane="Russia"),
    ]
    lane = LaneData(events)
    layout = lay_out(lane, view, widths.__getitem__, count_width, detailed=True)
    sudzha, region = (next(p for p in layout.placed if lane.ids[p.index] == i) for i in ("sudzha", "region"))
    assert sudzha.label is not None and sudzha.label.right() < sudzha.centre.x() and sudzha.label.left() >= view.left
    assert region.label is None and sum(c.count for c in layout.crowds) == 1


@settings(max_examples=150)
@given(lanes(), viewports(), st.data())
def test_a_selected_point_is_never_counted_in_a_crowd(events, view, data):
    """However crowded the lane and short its height (a collapsed lane is one row), a
    selected point has its own mark, never one of a "+N"; if it is the only one
    selected, it has its label too."""
    lane = LaneData(events)
    points = [int(i) for i in lane.in_view(view.x0, view.x1) if not lane.is_range[i]]
    if not points:
        return
    chosen = frozenset(data.draw(st.lists(st.sampled_from(points), min_size=1, max_size=3)))
    layout = lay_out(lane, view, label_width, count_width, detailed=True, selected=chosen)
    crowded = {p.index for p in layout.placed if p.label is None and not lane.is_range[p.index]} - chosen
    assert sum(c.count for c in layout.crowds) == len(crowded)  # the counts hold no selected event
    assert all(not p.stacked for p in layout.placed if p.index in chosen)
    if len(chosen) == 1:
        assert all(p.label is not None for p in layout.placed if p.index in chosen)
