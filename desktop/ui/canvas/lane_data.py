"""A lane's events as numpy arrays, the form the layout and the painting read.

Each end of an event is a window of days as wide as its precision (view units: seconds
since 1970). An edit changes the arrays in place: a drag at 100,000 events must not
rebuild a lane of 25,000. Finding the events in view bisects their starts, sorted once
after each change: a pan at 300,000 events looks at those near the view, not at them all.
"""
from __future__ import annotations

import numpy as np

from ...model import Event, Status
from ...model.spans import ends as _ends
from ...model.spans import event_ends
from .time_axis import DAY

# Events no longer than this are found by bisecting their starts; the longer ones, a few
# periods and dates known only to the year, are each looked at.
SHORT = 64 * DAY


class LaneData:
    def __init__(self, events: list[Event]) -> None:
        self.ids: list[str] = []
        self.titles: list[str] = []
        self.statuses: list[Status] = []
        self.is_range = np.zeros(0, dtype=bool)
        self.start_lo = self.start_hi = self.end_lo = self.end_hi = np.zeros(0)
        self._index: dict[str, int] | None = {}  # id → place; None: not made yet (a first frame asks for none)
        self._by_start: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # see _starts
        self._in_view: tuple[float, float, np.ndarray] | None = None  # the last found: a frame asks for it thrice
        self._append(events)

    @classmethod
    def of_columns(cls, ids: list[str], titles: list[str], statuses: list[Status], ends: np.ndarray) -> LaneData:
        """A lane drawn from its events' columns (``ends`` as model.spans.ends gives
        them), with no event to read: the first frame of a large file."""
        lane = cls([])
        lane._index = None
        lane._append_columns(ids, titles, statuses, ends)
        return lane

    def __len__(self) -> int:
        return len(self.ids)

    def _append(self, events: list[Event]) -> None:
        self._append_columns([e.id for e in events], [e.title for e in events], [e.status for e in events], _ends(events))

    def _append_columns(self, ids: list[str], titles: list[str], statuses: list[Status], ends: np.ndarray) -> None:
        if self._index is not None:
            self._index.update(zip(ids, range(len(self.ids), len(self.ids) + len(ids))))
        self.ids += ids
        self.titles += titles
        self.statuses += statuses
        self.start_lo, self.start_hi, self.end_lo, self.end_hi = (
            np.concatenate((old, ends[:, k])) for k, old in enumerate((self.start_lo, self.start_hi, self.end_lo, self.end_hi))
        )
        self.is_range = np.concatenate((self.is_range, ends[:, 4].astype(bool)))
        self.drawn_to = np.where(self.is_range, self.end_hi, self.start_hi)  # a bar's end; a point's days' end
        self.shown = np.ones(len(self.ids), dtype=bool)  # False: filtered out and hidden
        self.dimmed = np.zeros(len(self.ids), dtype=bool)  # True: filtered out but still drawn, faintly
        self._by_start = self._in_view = None

    def index_of(self, event_id: str) -> int | None:
        if self._index is None:
            self._index = dict(zip(self.ids, range(len(self.ids))))
        return self._index.get(event_id)

    def change(self, put: list[Event], drop: set[str]) -> None:
        """Take edited or new events in and let others go (the caller sets the filter
        again, as it stands for the new events)."""
        if drop:
            keep = np.array([i not in drop for i in self.ids], dtype=bool)
            self.ids = [i for i in self.ids if i not in drop]
            self.titles = [t for t, k in zip(self.titles, keep) if k]
            self.statuses = [t for t, k in zip(self.statuses, keep) if k]
            for name in ("start_lo", "start_hi", "end_lo", "end_hi", "is_range"):
                setattr(self, name, getattr(self, name)[keep])
            self._index = {event_id: n for n, event_id in enumerate(self.ids)}
        new = []
        for event in put:
            n = self.index_of(event.id)
            if n is None:
                new.append(event)
                continue
            self.titles[n], self.statuses[n] = event.title, event.status
            self.start_lo[n], self.start_hi[n], self.end_lo[n], self.end_hi[n], self.is_range[n] = event_ends(event)
        self._append(new)  # sorts again, moved or not

    def set_filter(self, passes: np.ndarray, dim: bool) -> bool:
        """Show the events where ``passes``; the others hidden or, with ``dim``, faint.
        Whether anything changed: a lane laid out again for nothing costs a frame at 100k."""
        shown, dimmed = passes | dim, ~passes
        if np.array_equal(self.shown, shown) and np.array_equal(self.dimmed, dimmed):
            return False
        self.shown, self.dimmed = shown, dimmed
        self._in_view = None
        return True

    def span(self) -> tuple[float, float]:
        """From the first day of its events to the end of the last (view units)."""
        if not self.ids:
            return 0.0, DAY
        return float(self.start_lo.min()), float(self.end_hi.max())

    def in_view(self, x0: float, x1: float) -> np.ndarray:
        """Indices of the shown events whose days overlap ``x0``–``x1`` (a day ending at
        the edge is out), in order."""
        if self._in_view is not None and self._in_view[:2] == (x0, x1):
            return self._in_view[2]
        found = self._find_in_view(x0, x1)
        self._in_view = (x0, x1, found)
        return found

    def _find_in_view(self, x0: float, x1: float) -> np.ndarray:
        starts, short, long = self._starts()
        first, after = np.searchsorted(starts, x0 - SHORT, side="right"), np.searchsorted(starts, x1)
        if after - first > len(self.ids) // 4:  # much of the lane: one pass over it beats sorting the many found
            return np.flatnonzero((self.end_hi > x0) & (self.start_lo < x1) & self.shown)
        found = np.concatenate((short[first:after], long))
        return np.sort(found[(self.end_hi[found] > x0) & (self.start_lo[found] < x1) & self.shown[found]])

    def _starts(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The starts of the events no longer than SHORT, sorted; those events' indices in
        that order; the longer events' indices."""
        if self._by_start is None:
            is_short = self.end_hi - self.start_lo <= SHORT
            short = np.flatnonzero(is_short)
            short = short[np.argsort(self.start_lo[short], kind="stable")]
            self._by_start = (self.start_lo[short], short, np.flatnonzero(~is_short))
        return self._by_start

    def extent(self, members: np.ndarray) -> tuple[float, float]:
        """From the first day of those events to the end of their last (view units)."""
        return float(self.start_lo[members].min()), float(self.end_hi[members].max())
