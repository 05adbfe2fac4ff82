"""The shared last row of a lane, laid out from spans placed by hand."""
from PySide6.QtGui import QColor

from desktop.model import Event, FuzzyDate, new_id
from desktop.ui.timeline_view import LaneItem, Span


def test_an_unlabelled_bar_takes_the_labels_it_would_cover(qapp):
    point_a = Event(new_id(), "A", FuzzyDate.parse("2025-03-01"), lane="x")
    period = Event(new_id(), "Bar", FuzzyDate.parse("2025-03-01"), FuzzyDate.parse("2025-03-10"), lane="x")
    point_c = Event(new_id(), "C", FuzzyDate.parse("2025-03-05"), lane="x")
    item = LaneItem(0.0, 3.0, QColor("blue"), [point_a, period, point_c])
    # A's label fits, the bar starts under it, C's label fits after A's but lies on the bar.
    spans = [Span(4.0, 121.0, 0, 10.0, 21.0, 100.0), Span(60.0, 400.0, 1, 230.0, 65.0, 40.0), Span(194.0, 311.0, 2, 200.0, 211.0, 100.0)]
    placed = item._share_row(spans, y=50.0, row_height=20.0, right_px=1000.0)
    assert sorted(p.index for p in placed) == [0, 1, 2]
    bar = next(p.hit for p in placed if p.index == 1)
    assert all(p.label is None or not p.hit.intersects(bar) for p in placed if p.index != 1)
    assert sum(c.count for c in item.crowds) == 2  # A and C, each standing at its date
    assert sorted(c.last.x() for c in item.crowds) == [10.0, 200.0]
