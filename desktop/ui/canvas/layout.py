"""Where each of a lane's events is drawn, worked out without a widget.

``lay_out`` takes a lane's arrays, the part of the axis in view with its scale in
pixels, and a function giving a text's width, and returns a ``LaneLayout``: every
visible event's mark, bar and label, the crowds of unlabelled marks, and the columns
of counted events. The graphics item paints exactly that, and hit-testing reads it.

While a lane has few enough events in view (``detailed``), labels are stacked into rows
so that none overlaps another (on whichever side of the mark has room, shortened if need
be), and what finds no row shares the lane's last row as crowds of unlabelled marks with
a "+N" count. Otherwise the lane's width is cut into columns a mark wide: an event alone
in its column keeps its own mark, and a column holding several is one bar whose height
grows with their number.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from PySide6.QtCore import QPointF, QRectF

from .lane_data import LaneData
from .marks import BAR_HEIGHT, MARK_RADIUS

ROW_HEIGHT = 22.0
MIN_ROW_HEIGHT = 15.0
CROWD_STEP = 2 * MARK_RADIUS + 3
MAX_CROWD_MARKS = 5  # side by side at most; more stack on the last one, and the count tells
LANE_PADDING = 6.0
LABEL_GAP = 5.0
COLUMN = 2 * MARK_RADIUS + 2  # pixels: an aggregated lane's columns, one mark wide

TextWidth = Callable[[str], float]
CountWidth = Callable[[int], float]  # of a count as written ("+12")


@dataclass(frozen=True)
class Viewport:
    """The part of the axis in view and how it maps to a lane's pixels: x pixel = x * sx + tx."""

    x0: float  # view units
    x1: float
    sx: float
    tx: float
    top: float  # the lane's top and height, in pixels
    height: float

    @property
    def left(self) -> float:
        return self.x0 * self.sx + self.tx

    @property
    def right(self) -> float:
        return self.x1 * self.sx + self.tx


@dataclass
class Placed:
    """Where one event was drawn, in viewport pixels."""

    index: int
    centre: QPointF  # the mark; for a range, the middle of its visible bar
    hit: QRectF  # mark, bar and label together
    label: QRectF | None  # None where the lane had no room for it
    stacked: bool = False  # hidden under another (a full crowd's last mark, an identical bar): not painted


class Span(NamedTuple):
    """An event laid out along the time axis, before it is given a row (viewport pixels)."""

    left: float  # of mark, bar and label together
    right: float
    index: int
    mark_x: float  # the mark; for a range, the middle of its visible bar
    label_left: float
    label_width: float  # shortened where the view has no room for the whole title


@dataclass
class Aggregate:
    """Several events counted in one column of an aggregated lane, drawn as one bar."""

    bar: QRectF  # viewport pixels
    column: int  # which column; LaneLayout.members gives the events
    count: int
    passing: int  # how many pass the filter (the others are dimmed)
    label: QRectF | None = None  # where the count is written, if it fits beside the bar


@dataclass
class Crowd:
    """Unlabelled marks standing together in a lane's last row, and their "+N" count."""

    last: QPointF = field(default_factory=QPointF)  # the last mark drawn; the count follows it
    marks: QRectF = field(default_factory=QRectF)  # the marks together
    count: int = 0  # events, stacked ones included
    drawn: int = 0  # marks side by side
    count_rect: QRectF = field(default_factory=QRectF)

    def extent(self) -> QRectF:
        return self.marks.united(self.count_rect)


@dataclass
class LaneLayout:
    placed: list[Placed] = field(default_factory=list)
    crowds: list[Crowd] = field(default_factory=list)
    aggregates: list[Aggregate] = field(default_factory=list)
    # Of an aggregated lane: the visible events' indices, and the column of each.
    visible: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    column: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def members(self, aggregate: Aggregate) -> np.ndarray:
        """The lane's indices of the events counted in ``aggregate``, every one of them."""
        return self.visible[self.column == aggregate.column]

    def rows(self) -> int:
        """Rows of labels (and of unlabelled marks) the lane fills."""
        return len({round(p.centre.y()) for p in self.placed})


def lay_out(
    lane: LaneData, view: Viewport, label_width: TextWidth, count_width: CountWidth, detailed: bool,
    selected: frozenset[int] = frozenset(),
) -> LaneLayout:
    """Place the lane's visible events. ``label_width`` gives a title's width as drawn
    (at most what a label may take), ``count_width`` a count's ("+12"); the events at
    ``selected`` (indices) are never counted in a "+N" of a laid-out lane."""
    layout = LaneLayout()
    if not len(lane):
        return layout
    visible = lane.in_view(view.x0, view.x1)
    room = view.height - 2 * LANE_PADDING
    if not detailed and len(visible) > 1:
        _aggregate(lane, layout, visible, view, view.top + view.height / 2, room, count_width)
        return layout

    spans = _spans(lane, visible, view, label_width)
    # First fit, in as many rows as the lane could hold at their smallest; one more
    # row stands for "does not fit anywhere".
    max_rows = max(1, int(room // MIN_ROW_HEIGHT))
    rows_of = _first_fit(spans, max_rows)
    # Squeeze the rows before dropping labels; if they still do not fit, the last row
    # holds the marks that get no label, with a count of how many stand together.
    needed = max(rows_of, default=0) + 1
    if room / needed >= MIN_ROW_HEIGHT:
        rows, row_height = needed, min(ROW_HEIGHT, room / needed)
    else:
        rows, row_height = max_rows, MIN_ROW_HEIGHT

    def row_y(row: int) -> float:
        return view.top + LANE_PADDING + row_height * (row + 0.5)

    # Where every label found a row, the last is a row like the others: it is shared,
    # and gives labels up for the marks beside them, only for what did not fit.
    fits = needed <= max_rows
    last_row = []  # every span that does not fit above, shared by labels and crowds
    for span, row in zip(spans, rows_of):
        if row < rows - 1 or fits:
            layout.placed.append(_labelled(span, row_y(row), row_height))
        else:
            last_row.append(span)
    _share_row(lane, layout, last_row, row_y(rows - 1), row_height, view, count_width, selected)
    return layout


def rows_wanted(lane: LaneData, view: Viewport, label_width: TextWidth, most: int | None = None) -> int:
    """Rows the lane needs at this zoom for every event in view to keep its label
    (at least one, and no more than ``most``); ``view``'s top and height do not matter."""
    visible = lane.in_view(view.x0, view.x1)
    if not len(visible):
        return 1
    most = len(visible) if most is None else most
    return min(most, max(_first_fit(_spans(lane, visible, view, label_width), most)) + 1)  # rows past the most are not tried


def _spans(lane: LaneData, visible: np.ndarray, view: Viewport, label_width: TextWidth) -> list[Span]:
    """Each visible event along the axis with its label, sorted by their left ends."""
    left_px, right_px = view.left, view.right
    sx, tx = view.sx, view.tx
    # In pixels and as Python floats, read at once: arithmetic on numpy's scalars, one
    # event at a time, costs as much as the rest of a pan.
    starts = (lane.start_lo[visible] * sx + tx).tolist()
    ends = (lane.drawn_to[visible] * sx + tx).tolist()
    spans = []
    for i, ranged, start, end in zip(visible.tolist(), lane.is_range[visible].tolist(), starts, ends):
        width = label_width(lane.titles[i])
        if ranged:
            bar_left = max(start, left_px)
            label_left = bar_left + LABEL_GAP
            width = max(0.0, min(width, right_px - label_left))
            mark_x = (bar_left + min(end, right_px)) / 2  # middle of the visible bar
            spans.append(Span(bar_left, max(end, label_left + width), i, mark_x, label_left, width))
            continue
        # The middle of the visible part of the days it stands for, and inside the plot.
        lo, hi = max(start, left_px), min(end, right_px)
        mark_x = min(max((lo + hi) / 2, left_px + MARK_RADIUS), right_px - MARK_RADIUS)
        label_left = mark_x + MARK_RADIUS + LABEL_GAP
        room_right = right_px - label_left
        room_left = mark_x - MARK_RADIUS - LABEL_GAP - left_px
        if width > room_right:  # the label goes where there is more room, shortened to fit
            width = max(0.0, min(width, max(room_left, room_right)))
            if room_left > room_right:
                label_left = mark_x - MARK_RADIUS - LABEL_GAP - width
        left = min(mark_x - MARK_RADIUS, label_left)
        right = max(mark_x + MARK_RADIUS, label_left + width)
        spans.append(Span(left, right, i, mark_x, label_left, width))
    spans.sort(key=lambda span: span.left)
    return spans


def _first_fit(spans: list[Span], max_rows: int) -> list[int]:
    """Each span's row, the first where it fits after the spans before it; ``max_rows``
    where none of the first ``max_rows`` has room."""
    row_ends: list[float] = []
    rows_of = []
    for left, right, *_ in spans:
        row = next((r for r, end in enumerate(row_ends) if end + LABEL_GAP <= left), len(row_ends))
        if row < max_rows:
            row_ends[row : row + 1] = [right]
        rows_of.append(row)
    return rows_of


def _aggregate(lane: LaneData, layout: LaneLayout, visible: np.ndarray, view: Viewport, y: float, room: float, count_width: CountWidth) -> None:
    """Cut the lane into columns a mark wide; an event alone in its column keeps its
    mark, the events sharing one become an Aggregate, with its count written beside it
    where there is room. All in numpy but for one pass over the occupied columns, a
    hundred or so."""
    sx, tx, left_px, right_px = view.sx, view.tx, view.left, view.right
    whole = len(visible) == len(lane)  # zoomed out: every event, in order, read without a copy
    start, end, dimmed = (a if whole else a[visible] for a in (lane.start_lo, lane.drawn_to, lane.dimmed))
    lo = np.maximum(start * sx + tx, left_px)
    hi = np.minimum(end * sx + tx, right_px)
    mark_x = np.clip((lo + hi) / 2, left_px + MARK_RADIUS, right_px - MARK_RADIUS)
    # Past the left edge by a mark's radius: dividing and truncating is flooring, ten
    # times faster on a lane of 100,000.
    column = ((mark_x - left_px) / COLUMN).astype(np.int64)
    layout.visible, layout.column = visible, column
    counts = np.bincount(column)
    passing = np.bincount(column[~dimmed], minlength=len(counts)) if dimmed.any() else counts
    alone = np.zeros(len(counts), dtype=np.int64)
    alone[column] = np.arange(len(visible))  # for a column of one, that one
    occupied = np.flatnonzero(counts)
    tallest = counts.max()
    edges = []  # left edge of what stands in each occupied column, for the counts' room
    for c, count, passed in zip(occupied.tolist(), counts[occupied].tolist(), passing[occupied].tolist()):
        if count == 1:
            k = int(alone[c])
            x = float(mark_x[k])
            mark = QRectF(x - MARK_RADIUS, y - MARK_RADIUS, 2 * MARK_RADIUS, 2 * MARK_RADIUS)
            layout.placed.append(Placed(int(visible[k]), QPointF(x, y), mark, None))
            edges.append(mark.left())
            continue
        # The area, not the height, follows the count: a column of 400 is not drawn
        # a hundred times taller than one of 4.
        half = max(2 * MARK_RADIUS, room * (count / tallest) ** 0.5) / 2
        left = left_px + c * COLUMN + 1
        layout.aggregates.append(Aggregate(QRectF(left, y - half, COLUMN - 2, 2 * half), c, count, int(passed)))
        edges.append(left)
    edges.append(right_px + LABEL_GAP)
    next_edge = dict(zip(edges, edges[1:]))
    for aggregate in layout.aggregates:
        width = count_width(aggregate.count)
        if aggregate.bar.right() + 3 + width + LABEL_GAP <= next_edge[aggregate.bar.left()]:
            aggregate.label = QRectF(aggregate.bar.right() + 3, y - ROW_HEIGHT / 2, width, ROW_HEIGHT)


def _labelled(span: Span, y: float, row_height: float) -> Placed:
    label = QRectF(span.label_left, y - row_height / 2, span.label_width, row_height)
    return Placed(span.index, QPointF(span.mark_x, y), QRectF(span.left, label.top(), span.right - span.left, row_height), label)


def _footprint(span: Span, is_range: bool) -> tuple[float, float]:
    """What must stay uncovered for a label to be read: the label, and a point's mark.
    (A bar is drawn whatever covers its ends.)"""
    left, right = (span.label_left, span.label_left + span.label_width) if is_range else (span.left, span.right)
    return left - LABEL_GAP / 2, right + LABEL_GAP / 2


def _share_row(
    lane: LaneData, layout: LaneLayout, spans: list[Span], y: float, row_height: float, view: Viewport,
    count_width: CountWidth, selected: frozenset[int],
) -> None:
    """Lay out the last row: labels where they fit, every other event at its own date,
    points gathered into crowds. A label that anything unlabelled would cover is given
    up and its event joins the crowd, until nothing covers a label; but a selected
    point's label is never given up (a range is never counted): it is drawn over the
    bars, and the marks that stand on it over it."""
    labelled, kept = _choose_labels(lane, spans, view.left, selected)
    while True:
        bars, marks, crowds = _unlabelled(lane, spans, labelled, y, row_height, view.right, count_width, selected)
        covers = [p.hit for p in bars] + [p.hit for p in marks if p.index in selected] + [c.extent() for c in crowds]
        footprints = {k: _footprint(spans[k], lane.is_range[spans[k].index]) for k in labelled - kept}
        covered = _covered(footprints, covers)
        if not covered:
            # Bars, then the selected events' labels, then the marks: what a click finds on top.
            layout.placed += [_labelled(spans[k], y, row_height) for k in sorted(labelled - kept)]
            layout.placed += bars
            layout.placed += [_labelled(spans[k], y, row_height) for k in sorted(kept)]
            layout.placed += marks
            layout.crowds = crowds
            return
        labelled -= covered


def _choose_labels(lane: LaneData, spans: list[Span], left_px: float, selected: frozenset[int]) -> tuple[set[int], set[int]]:
    """Positions in ``spans`` (sorted by left end) that get a label in a shared row, first
    come first served, and of them those of selected points. Selected points come first,
    as many as fit side by side. A point's label that would lie on another point's mark
    (and so be given up for it) takes the room left of its own mark instead if that is
    free (``spans`` then holds it so), else leaves the room to the other: one pass, with a
    bisection per event, as cheap as choosing blindly."""
    point = (~lane.is_range[[span.index for span in spans]]).tolist()
    kept = _side_by_side([k for k, span in enumerate(spans) if point[k] and span.index in selected], spans) if selected else set()
    taken = sorted((spans[k].left, spans[k].right) for k in kept)
    marks = sorted(float(span.mark_x) for span, is_point in zip(spans, point) if is_point)
    labelled = set(kept)
    edge = -np.inf  # right end of the last label chosen
    for k, span in enumerate(spans):
        if k in kept or (span.left < edge + LABEL_GAP and not point[k]):
            continue
        if point[k] and _on_marks(span, marks):
            span = _on_the_left(span, max(edge + LABEL_GAP, left_px))
            if span is None or _on_marks(span, marks):
                continue
        if span.left >= edge + LABEL_GAP and not (taken and _overlaps(span, taken)):
            spans[k] = span
            labelled.add(k)
            edge = span.right
    return labelled, kept


def _on_marks(span: Span, marks: list[float]) -> bool:
    """Whether a point's span, label and mark, lies on any other of the sorted ``marks``."""
    reach = 2 * MARK_RADIUS + LABEL_GAP / 2
    return bisect_right(marks, span.right + reach) - bisect_left(marks, span.left - reach) > 1  # one is its own


def _side_by_side(candidates: list[int], spans: list[Span]) -> set[int]:
    """Of ``candidates`` (positions in ``spans``, sorted), those that fit side by side."""
    chosen, edge = set(), -np.inf
    for k in candidates:
        if spans[k].left >= edge + LABEL_GAP:
            chosen.add(k)
            edge = spans[k].right
    return chosen


def _overlaps(span: Span, taken: list[tuple[float, float]]) -> bool:
    """Whether ``span`` comes within a gap of any of ``taken``, sorted spans side by side."""
    n = bisect_left(taken, (span.right + LABEL_GAP,))  # those that begin before it ends
    return n > 0 and taken[n - 1][1] + LABEL_GAP > span.left


def _on_the_left(span: Span, limit: float) -> Span | None:
    """A point's span with its label left of its mark, if it was on the right and the
    label fits right of ``limit``."""
    label_left = span.mark_x - MARK_RADIUS - LABEL_GAP - span.label_width
    if span.label_left < span.mark_x or label_left < limit:
        return None
    return Span(label_left, span.mark_x + MARK_RADIUS, span.index, span.mark_x, label_left, span.label_width)


def _unlabelled(
    lane: LaneData, spans: list[Span], labelled: set[int], y: float, row_height: float, right_px: float,
    count_width: CountWidth, selected: frozenset[int],
) -> tuple[list[Placed], list[Placed], list[Crowd]]:
    """Bars at their dates; the marks of points, in crowds but for selected ones, which
    stand alone (first); the crowds."""
    bars: list[Placed] = []
    alone: list[Placed] = []
    points = []
    for k, span in enumerate(spans):
        if k in labelled:
            continue
        if lane.is_range[span.index]:
            bar = QRectF(span.left, y - BAR_HEIGHT / 2, max(2 * (span.mark_x - span.left), 2.0), BAR_HEIGHT)
            if bars and bars[-1].hit == bar:  # the same visible bar as the one before: under it
                bars[-1].stacked = True
            bars.append(Placed(span.index, QPointF(span.mark_x, y), bar, None))
        elif span.index in selected:
            mark = QRectF(span.mark_x - MARK_RADIUS, y - MARK_RADIUS, 2 * MARK_RADIUS, 2 * MARK_RADIUS)
            alone.append(Placed(span.index, QPointF(span.mark_x, y), mark, None))
        else:
            points.append((span.mark_x, span.index))
    crowded, crowds = _crowd(sorted(points), y, row_height, right_px, count_width)
    return bars, alone + crowded, crowds


def _crowd(points: list[tuple[float, int]], y: float, row_height: float, right_px: float, count_width: CountWidth) -> tuple[list[Placed], list[Crowd]]:
    """Gather unlabelled points, sorted by x, into crowds: marks side by side from their
    dates, a few at most, then stacked, each crowd followed by its count. Nothing goes
    further right than leaves room for a count in the view."""
    crowds: list[Crowd] = []
    placed = []
    limit = right_px - MARK_RADIUS - 3 - count_width(len(points))
    crowd: Crowd | None = None
    for mark_x, i in points:
        x = min(mark_x, limit)
        near = crowd is not None and x - MARK_RADIUS <= crowd.count_rect.right() + LABEL_GAP
        stacked = False
        if near and crowd.drawn < MAX_CROWD_MARKS and crowd.last.x() + CROWD_STEP <= limit:
            x = max(x, crowd.last.x() + CROWD_STEP)
        elif near and (mark_x <= crowd.last.x() or crowd.count_rect.right() + LABEL_GAP + MARK_RADIUS > limit):
            x, stacked = crowd.last.x(), True  # its date is no later than the last mark's
        else:
            if near:  # a later date than the full crowd: a new one, just after its count
                x = crowd.count_rect.right() + LABEL_GAP + MARK_RADIUS
            crowd = Crowd()
            crowds.append(crowd)
        mark = QRectF(x - MARK_RADIUS, y - MARK_RADIUS, 2 * MARK_RADIUS, 2 * MARK_RADIUS)
        crowd.count += 1
        if not stacked:
            crowd.drawn += 1
            crowd.last = QPointF(x, y)
            crowd.marks = crowd.marks.united(mark)
        crowd.count_rect = QRectF(x + MARK_RADIUS + 3, y - row_height / 2, count_width(crowd.count), row_height)
        placed.append(Placed(i, QPointF(x, y), mark, None, stacked))
    return placed, crowds


def _covered(footprints: dict[int, tuple[float, float]], covers: list[QRectF]) -> set[int]:
    """Keys of the horizontal spans that overlap any of ``covers`` (all in one row)."""
    if not covers:
        return set()
    order = sorted((c.left(), c.right()) for c in covers)
    lefts = np.array([left for left, _ in order])
    reach = np.maximum.accumulate([right for _, right in order])  # furthest right so far
    found = set()
    for key, (left, right) in footprints.items():
        n = int(np.searchsorted(lefts, right))  # covers that begin before this span ends
        if n and reach[n - 1] > left:
            found.add(key)
    return found
