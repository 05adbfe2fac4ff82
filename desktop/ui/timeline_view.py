"""The time axis: one lane per actor, each lane's events drawn by a single graphics item.

A ``LaneItem`` keeps its events in numpy arrays and paints them in one pass, in
viewport pixels: only events inside the visible range are laid out. While a lane
has few enough of them in view, labels are stacked into rows so that none overlaps
another (on whichever side of the mark has room, shortened if need be), and what
finds no row shares the lane's last row as crowds of unlabelled marks with a "+N"
count. The lanes share a budget of ``DETAIL_BUDGET`` events laid out that way; past
it, the busiest lanes are aggregated instead, the quietest first kept whole: a lane's width
is cut into columns a mark wide, an event alone in its column keeps its own mark, and
a column holding several is drawn as one bar whose height grows with their number;
its tooltip says how many and a click zooms in on them. Either way, hit-testing and
``event_position`` read the same layout that was painted.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTransform

from ..model import DateError, Edit, Event, ModelError, Status, Timeline, editing, span_label
from .marks import BAR_HEIGHT, MARK_RADIUS, SELECTED_OUTLINE, lane_colour, paint_bar, paint_marker
from .time_axis import DAY, day_at, epoch_seconds
from .timeline_gestures import GestureViewBox

ROW_HEIGHT = 22.0
MIN_ROW_HEIGHT = 15.0
CROWD_STEP = 2 * MARK_RADIUS + 3
MAX_CROWD_MARKS = 5  # side by side at most; more stack on the last one, and the count tells
LANE_PADDING = 6.0
LABEL_GAP = 5.0
MAX_LABEL_WIDTH = 460.0
MIN_LANE_WEIGHT, MAX_LANE_WEIGHT = 3, 8
END_GRAB = 5.0  # pixels either side of a bar's end where a drag resizes it
# Laying out and painting one event with its label costs about 50 µs in Python: past
# this many in view, all lanes together, the busiest draw columns of counts instead,
# computed with numpy (see Aggregate). A frame stays within 16 ms.
DETAIL_BUDGET = 200
MIN_SPAN = 3 * DAY  # the closest zoom: a click on a column there selects its events, with no zooming in further
COLUMN = 2 * MARK_RADIUS + 2  # pixels: an aggregated lane's columns, one mark wide
AGGREGATED_ROWS = 4
TOOLTIP_TITLES = 8  # of a column's events, named in its tooltip


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


def _footprint(span: Span, is_range: bool) -> tuple[float, float]:
    """What must stay uncovered for a label to be read: the label, and a point's mark.
    (A bar is drawn whatever covers its ends.)"""
    left, right = (span.label_left, span.label_left + span.label_width) if is_range else (span.left, span.right)
    return left - LABEL_GAP / 2, right + LABEL_GAP / 2


@dataclass
class Aggregate:
    """Several events counted in one column of an aggregated lane, drawn as one bar."""

    bar: QRectF  # viewport pixels
    column: int  # which column; LaneItem.members gives the events
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


class LaneItem(pg.GraphicsObject):
    def __init__(self, y: float, height: float, colour: QColor, events: list[Event], max_label_width: float = MAX_LABEL_WIDTH) -> None:
        super().__init__()
        self.y = y  # centre of the lane, in view units
        self.half = height / 2
        self.colour = colour
        self.ids: list[str] = []
        self.titles: list[str] = []
        self.statuses: list[Status] = []
        self.is_range = np.zeros(0, dtype=bool)
        # Each end of an event is a window of days as wide as its precision.
        self.start_lo = self.start_hi = self.end_lo = self.end_hi = np.zeros(0)
        self._index: dict[str, int] = {}
        self._append(events)
        self.selected: set[str] = set()
        self.detailed = True  # every event in view laid out one by one; else counted in columns (see TimelineView)
        self.font = QFont()
        self.font.setPointSizeF(9.0)
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self._metrics = QFontMetricsF(self.bold)  # bold is the wider: a selected label still fits
        self.max_label_width = max_label_width
        self._label_widths: dict[str, float] = {}  # by title: indices move as events come and go
        self._count_widths: dict[int, float] = {}
        self._layout_key: tuple | None = None
        self._layout: list[Placed] = []
        self.crowds: list[Crowd] = []
        self.aggregates: list[Aggregate] = []
        self._columns = _NO_COLUMNS  # see _aggregate
        self.bounds = self._data_bounds()

    def _append(self, events: list[Event]) -> None:
        self.ids += [e.id for e in events]
        self.titles += [e.title for e in events]
        self.statuses += [e.status for e in events]
        self._index.update((e.id, n) for n, e in enumerate(events, start=len(self.ids) - len(events)))
        ends = np.array([_ends(e) for e in events], dtype=float).reshape(-1, 5)
        self.start_lo, self.start_hi, self.end_lo, self.end_hi = (
            np.concatenate((old, ends[:, k])) for k, old in enumerate((self.start_lo, self.start_hi, self.end_lo, self.end_hi))
        )
        self.is_range = np.concatenate((self.is_range, ends[:, 4].astype(bool)))
        self.shown = np.ones(len(self.ids), dtype=bool)  # False: filtered out and hidden
        self.dimmed = np.zeros(len(self.ids), dtype=bool)  # True: filtered out but still drawn, faintly

    def index_of(self, event_id: str) -> int | None:
        return self._index.get(event_id)

    def change(self, put: list[Event], drop: set[str]) -> None:
        """Take edited or new events in and let others go, without building the lane
        again: a drag at 100,000 events must not cost a lane of 25,000 (the caller sets
        the filter again, as it stands for the new events)."""
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
            n = self._index.get(event.id)
            if n is None:
                new.append(event)
                continue
            self.titles[n], self.statuses[n] = event.title, event.status
            self.start_lo[n], self.start_hi[n], self.end_lo[n], self.end_hi[n], self.is_range[n] = _ends(event)
        self._append(new)
        self.prepareGeometryChange()
        self.bounds = self._data_bounds()
        self.invalidate()

    def _data_bounds(self) -> QRectF:
        left = float(self.start_lo.min()) if len(self.ids) else 0.0
        right = float(self.end_hi.max()) if len(self.ids) else DAY
        return QRectF(left, self.y - self.half, right - left, 2 * self.half)

    # Labels are drawn in pixels past the data, so the item claims the whole visible
    # width of its lane; autorange uses dataBounds instead.
    def boundingRect(self) -> QRectF:
        view = self.getViewBox()
        if view is None:
            return self.bounds
        (x0, x1), _ = view.viewRange()
        return self.bounds.united(QRectF(x0, self.y - self.half, x1 - x0, 2 * self.half))

    def dataBounds(self, axis: int, frac: float = 1.0, orthoRange=None):
        if axis == 0:
            return self.bounds.left(), self.bounds.right()
        return self.y - self.half, self.y + self.half

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()
        super().viewRangeChanged()

    def invalidate(self) -> None:
        """Lay out again at the next paint: what is shown has changed, not the view."""
        self._layout_key = None
        self.aggregates = []  # their indices may no longer name the same events
        self._columns = _NO_COLUMNS
        self.update()

    def in_view(self, x0: float, x1: float) -> np.ndarray:
        """Indices of the shown events whose days overlap ``x0``–``x1`` (a day ending at
        the edge is out)."""
        return np.nonzero((self.end_hi > x0) & (self.start_lo < x1) & self.shown)[0]

    def _label_width(self, index: int) -> float:
        title = self.titles[index]
        width = self._label_widths.get(title)
        if width is None:
            width = self._label_widths[title] = min(self._metrics.horizontalAdvance(title), self.max_label_width)
        return width

    def _count_width(self, count: int) -> float:
        width = self._count_widths.get(count)
        if width is None:
            width = self._count_widths[count] = self._metrics.horizontalAdvance(f"+{count}")
        return width

    def layout(self, transform: QTransform) -> list[Placed]:
        """Place the visible events in rows within the lane, in the device pixels of ``transform``."""
        view = self.getViewBox()
        if view is None or not self.ids:
            return []
        (x0, x1), _ = view.viewRange()
        key = (transform.m11(), transform.m22(), transform.dx(), transform.dy(), x0, x1)
        if key == self._layout_key:
            return self._layout
        sx, tx, sy, ty = transform.m11(), transform.dx(), transform.m22(), transform.dy()
        left_px, right_px = x0 * sx + tx, x1 * sx + tx
        top = min((self.y + self.half) * sy + ty, (self.y - self.half) * sy + ty)
        height = abs(2 * self.half * sy)
        visible = self.in_view(x0, x1)
        self.crowds, self.aggregates = [], []
        if not self.detailed and len(visible) > 1:
            placed = self._aggregate(visible, sx, tx, left_px, right_px, top + height / 2, height - 2 * LANE_PADDING)
            self._layout_key, self._layout = key, placed
            return placed

        spans = []
        for i in visible:
            width = self._label_width(int(i))
            if self.is_range[i]:
                bar_left = max(self.start_lo[i] * sx + tx, left_px)
                bar_right = self.end_hi[i] * sx + tx
                label_left = bar_left + LABEL_GAP
                width = max(0.0, min(width, right_px - label_left))
                mark_x = (bar_left + min(bar_right, right_px)) / 2  # middle of the visible bar
                spans.append(Span(bar_left, max(bar_right, label_left + width), int(i), mark_x, label_left, width))
                continue
            # The middle of the visible part of the days it stands for, and inside the plot.
            lo, hi = max(self.start_lo[i] * sx + tx, left_px), min(self.start_hi[i] * sx + tx, right_px)
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
            spans.append(Span(left, right, int(i), mark_x, label_left, width))
        spans.sort(key=lambda span: span.left)

        # First fit, in as many rows as the lane could hold at their smallest; one more
        # row stands for "does not fit anywhere".
        room = height - 2 * LANE_PADDING
        max_rows = max(1, int(room // MIN_ROW_HEIGHT))
        row_ends: list[float] = []
        rows_of = []
        for left, right, *_ in spans:
            row = next((r for r, end in enumerate(row_ends) if end + LABEL_GAP <= left), len(row_ends))
            if row < max_rows:
                row_ends[row : row + 1] = [right]
            rows_of.append(row)
        # Squeeze the rows before dropping labels; if they still do not fit, the last row
        # holds the marks that get no label, with a count of how many stand together.
        needed = max(rows_of, default=0) + 1
        if room / needed >= MIN_ROW_HEIGHT:
            rows, row_height = needed, min(ROW_HEIGHT, room / needed)
        else:
            rows, row_height = max_rows, MIN_ROW_HEIGHT

        def row_y(row: int) -> float:
            return top + LANE_PADDING + row_height * (row + 0.5)

        placed = []
        last_row = []  # every span that does not fit above, shared by labels and crowds
        for span, row in zip(spans, rows_of):
            if row < rows - 1:
                placed.append(self._labelled(span, row_y(row), row_height))
            else:
                last_row.append(span)
        placed += self._share_row(last_row, row_y(rows - 1), row_height, right_px)
        self._layout_key, self._layout = key, placed
        return placed

    def _aggregate(self, visible: np.ndarray, sx: float, tx: float, left_px: float, right_px: float, y: float, room: float) -> list[Placed]:
        """Cut the lane into columns a mark wide; an event alone in its column keeps its
        mark, the events sharing one become an Aggregate (sets ``self.aggregates``),
        with its count written beside it where there is room. All in numpy but for one
        pass over the occupied columns, a hundred or so."""
        lo = np.maximum(self.start_lo[visible] * sx + tx, left_px)
        hi = np.minimum(np.where(self.is_range[visible], self.end_hi[visible], self.start_hi[visible]) * sx + tx, right_px)
        mark_x = np.clip((lo + hi) / 2, left_px + MARK_RADIUS, right_px - MARK_RADIUS)
        column = ((mark_x - left_px) // COLUMN).astype(np.int64)
        self._columns = (visible, column)
        counts = np.bincount(column)
        passing = np.bincount(column, weights=~self.dimmed[visible])
        alone = np.zeros(len(counts), dtype=np.int64)
        alone[column] = np.arange(len(visible))  # for a column of one, that one
        occupied = np.flatnonzero(counts)
        tallest = counts.max()
        placed: list[Placed] = []
        edges = []  # left edge of what stands in each occupied column, for the counts' room
        for c, count, passed in zip(occupied.tolist(), counts[occupied].tolist(), passing[occupied].tolist()):
            if count == 1:
                k = int(alone[c])
                x = float(mark_x[k])
                mark = QRectF(x - MARK_RADIUS, y - MARK_RADIUS, 2 * MARK_RADIUS, 2 * MARK_RADIUS)
                placed.append(Placed(int(visible[k]), QPointF(x, y), mark, None))
                edges.append(mark.left())
                continue
            # The area, not the height, follows the count: a column of 400 is not drawn
            # a hundred times taller than one of 4.
            half = max(2 * MARK_RADIUS, room * (count / tallest) ** 0.5) / 2
            left = left_px + c * COLUMN + 1
            self.aggregates.append(Aggregate(QRectF(left, y - half, COLUMN - 2, 2 * half), c, count, int(passed)))
            edges.append(left)
        edges.append(right_px + LABEL_GAP)
        next_edge = dict(zip(edges, edges[1:]))
        for aggregate in self.aggregates:
            width = self._count_width(aggregate.count)
            if aggregate.bar.right() + 3 + width + LABEL_GAP <= next_edge[aggregate.bar.left()]:
                aggregate.label = QRectF(aggregate.bar.right() + 3, y - ROW_HEIGHT / 2, width, ROW_HEIGHT)
        return placed

    def members(self, aggregate: Aggregate) -> np.ndarray:
        """The lane's indices of the events counted in ``aggregate``, every one of them."""
        visible, column = self._columns
        return visible[column == aggregate.column]

    def extent(self, members: np.ndarray) -> tuple[float, float]:
        """From the first day of those events to the end of their last (view units)."""
        return float(self.start_lo[members].min()), float(self.end_hi[members].max())

    def aggregate_at(self, point: QPointF) -> Aggregate | None:
        return next((a for a in self.aggregates if a.bar.adjusted(-1, 0, 1, 0).contains(point)), None)

    @staticmethod
    def _labelled(span: Span, y: float, row_height: float) -> Placed:
        label = QRectF(span.label_left, y - row_height / 2, span.label_width, row_height)
        return Placed(span.index, QPointF(span.mark_x, y), QRectF(span.left, label.top(), span.right - span.left, row_height), label)

    def _share_row(self, spans: list[Span], y: float, row_height: float, right_px: float) -> list[Placed]:
        """Lay out the last row: labels where they fit, every other event at its own date,
        points gathered into crowds. A label that anything unlabelled would cover is given
        up and its event joins the crowd, until nothing covers a label."""
        labelled = set()  # positions in ``spans`` that keep their label
        edge = -np.inf
        for k, span in enumerate(spans):
            if span.left >= edge + LABEL_GAP:
                labelled.add(k)
                edge = span.right
        while True:
            placed, obstacles = self._unlabelled(spans, labelled, y, row_height, right_px)
            footprints = {k: _footprint(spans[k], self.is_range[spans[k].index]) for k in labelled}
            covered = _covered(footprints, obstacles)
            if not covered:
                return [self._labelled(spans[k], y, row_height) for k in sorted(labelled)] + placed
            labelled -= covered

    def _unlabelled(self, spans: list[Span], labelled: set[int], y: float, row_height: float, right_px: float) -> tuple[list[Placed], list[QRectF]]:
        """Bars at their dates, points in crowds; sets ``self.crowds``. Returns the places
        and what they cover."""
        placed: list[Placed] = []
        covers: list[QRectF] = []
        points = []
        for k, span in enumerate(spans):
            if k in labelled:
                continue
            if self.is_range[span.index]:
                bar = QRectF(span.left, y - BAR_HEIGHT / 2, max(2 * (span.mark_x - span.left), 2.0), BAR_HEIGHT)
                if placed and placed[-1].hit == bar:  # the same visible bar as the one before: under it
                    placed[-1].stacked = True
                placed.append(Placed(span.index, QPointF(span.mark_x, y), bar, None))
                covers.append(bar)
            else:
                points.append((span.mark_x, span.index))
        placed += self._crowd(sorted(points), y, row_height, right_px)
        covers += [c.extent() for c in self.crowds]
        return placed, covers

    def _crowd(self, points: list[tuple[float, int]], y: float, row_height: float, right_px: float) -> list[Placed]:
        """Gather unlabelled points, sorted by x, into crowds (sets ``self.crowds``): marks
        side by side from their dates, a few at most, then stacked, each crowd followed by
        its count. Nothing goes further right than leaves room for a count in the view."""
        self.crowds = []
        placed = []
        limit = right_px - MARK_RADIUS - 3 - self._count_width(len(points))
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
                self.crowds.append(crowd)
            mark = QRectF(x - MARK_RADIUS, y - MARK_RADIUS, 2 * MARK_RADIUS, 2 * MARK_RADIUS)
            crowd.count += 1
            if not stacked:
                crowd.drawn += 1
                crowd.last = QPointF(x, y)
                crowd.marks = crowd.marks.united(mark)
            crowd.count_rect = QRectF(x + MARK_RADIUS + 3, y - row_height / 2, self._count_width(crowd.count), row_height)
            placed.append(Placed(i, QPointF(x, y), mark, None, stacked))
        return placed

    def paint(self, painter: QPainter, option, widget=None) -> None:
        transform = painter.transform()
        placed = self.layout(transform)
        sx, tx = transform.m11(), transform.dx()
        painter.save()
        painter.resetTransform()  # draw in device pixels: crisp marks, exact labels
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        window = QColor(self.colour)
        window.setAlpha(45)
        for place in placed:
            if place.stacked and self.ids[place.index] not in self.selected:
                continue
            i = place.index
            painter.setOpacity(0.25 if self.dimmed[i] else 1.0)
            status = self.statuses[i]
            cy = place.centre.y()
            if self.is_range[i]:
                self._paint_range(painter, i, cy, sx, tx, status, window)
            else:
                lo, hi = self.start_lo[i] * sx + tx, self.start_hi[i] * sx + tx
                if hi - lo >= 3:  # the days the date stands for, once they are wide enough to see
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(window)
                    painter.drawRect(QRectF(lo, cy - 4, hi - lo, 8))
                paint_marker(painter, place.centre, MARK_RADIUS, status, self.colour)
            selected = self.ids[i] in self.selected
            if selected:
                painter.setPen(QPen(SELECTED_OUTLINE, 2.0))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(place.hit.adjusted(-3, -1, 3, 1), 4, 4)
            if place.label is not None:
                painter.setFont(self.bold if selected else self.font)
                painter.setPen(QColor("#1a1a1a"))
                text = painter.fontMetrics().elidedText(self.titles[i], Qt.TextElideMode.ElideRight, int(place.label.width()) + 1)
                side = Qt.AlignmentFlag.AlignRight if place.label.right() < place.centre.x() else Qt.AlignmentFlag.AlignLeft
                painter.drawText(place.label, Qt.AlignmentFlag.AlignVCenter | side, text)
        painter.setOpacity(1.0)
        if self.aggregates:
            self._paint_aggregates(painter)
        painter.setFont(self.bold)
        painter.setPen(QColor("#1a1a1a"))
        for crowd in self.crowds:
            painter.drawText(crowd.count_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, f"+{crowd.count}")
        painter.restore()

    def _paint_aggregates(self, painter: QPainter) -> None:
        """Columns in the lane's colour, the part that passes the filter solid and the
        rest faint; their counts; a ring round a column that holds a selected event."""
        faint = QColor(self.colour)
        faint.setAlpha(60)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(faint)
        painter.drawRects([a.bar for a in self.aggregates if a.passing < a.count])
        painter.setBrush(self.colour)
        painter.drawRects([_share(a.bar, a.passing / a.count) for a in self.aggregates if a.passing])
        painter.setPen(QColor("#1a1a1a"))
        painter.setFont(self.font)
        for aggregate in self.aggregates:
            if aggregate.label is not None:
                painter.drawText(aggregate.label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, str(aggregate.count))
        chosen = [n for n in map(self._index.get, self.selected) if n is not None]
        visible, column = self._columns
        rings = set(column[np.isin(visible, chosen)].tolist()) if chosen else set()
        painter.setPen(QPen(SELECTED_OUTLINE, 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for aggregate in self.aggregates:
            if aggregate.column in rings:
                painter.drawRoundedRect(aggregate.bar.adjusted(-3, -3, 3, 3), 3, 3)

    def _paint_range(self, painter: QPainter, i: int, cy: float, sx: float, tx: float, status: Status, window: QColor) -> None:
        left, right = self.start_lo[i] * sx + tx, self.end_hi[i] * sx + tx
        core_left, core_right = self.start_hi[i] * sx + tx, self.end_lo[i] * sx + tx
        top = cy - BAR_HEIGHT / 2
        if core_right - core_left < 2:  # the ends' windows overlap: no part is certain
            core_left, core_right = left, right
        # An imprecise end ('Aug 2024', 'c. Jan 2025') could fall anywhere in its pale window.
        painter.setPen(QPen(self.colour, 1.0, Qt.PenStyle.DotLine))
        painter.setBrush(window)
        for lo, hi in ((left, core_left), (core_right, right)):
            if hi - lo >= 1:
                painter.drawRect(QRectF(lo, top, hi - lo, BAR_HEIGHT))
        paint_bar(painter, QRectF(core_left, top, max(core_right - core_left, 2.0), BAR_HEIGHT), status, self.colour)


class TimelineView(pg.PlotWidget):
    """The timeline widget (objectName ``timeline``)."""

    selectionChanged = Signal(list)  # ids of the selected events
    editRequested = Signal(object)  # an Edit the user made with the mouse or the keyboard
    newEventRequested = Signal(object, str)  # a dt.date and a lane, from a double-click
    eventActivated = Signal(str)  # an event double-clicked: the user wants to edit it
    dragStatus = Signal(str)  # where a drag would put the events, or why it cannot

    def __init__(self, parent=None) -> None:
        axis = pg.DateAxisItem(orientation="bottom", utcOffset=0)
        canvas = GestureViewBox()
        super().__init__(parent, background="w", axisItems={"bottom": axis}, viewBox=canvas)
        canvas.view = self
        self.setObjectName("timeline")
        self.setAccessibleName("Timeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys nudge the selection
        self.timeline = Timeline()
        self._lanes: dict[str, LaneItem] = {}
        # The events the lanes were built from: a copy, since the model changes before the
        # view is told, and lookups must agree with the lanes until it is.
        self._events: dict[str, Event] = {}
        self._selected: list[str] = []
        self._separators: list[pg.InfiniteLine] = []
        self._filter: tuple[set[str] | None, bool] = (None, False)
        self._bottom, self._headroom = -1.0, 0.0  # the lanes' bottom (view units); pixels kept above them
        self.max_label_width = MAX_LABEL_WIDTH  # a picture, with no hover to read the rest, allows more
        self._lane_rows: dict[str, int] = {}  # lanes sized to fit rows of labels (a picture); see fit_lanes
        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.showGrid(x=True, y=False, alpha=0.15)
        for name in ("left", "bottom"):
            plot.getAxis(name).setTextPen("#222222")
            plot.getAxis(name).setPen("#888888")
        plot.getAxis("left").setWidth(96)
        view = plot.getViewBox()
        view.setMouseEnabled(x=True, y=False)
        # Within the calendar the model keeps, years 1 to 9999.
        view.setLimits(minXRange=MIN_SPAN, maxXRange=2000 * 365 * DAY, xMin=epoch_seconds(dt.date.min), xMax=epoch_seconds(dt.date.max))
        view.sigResized.connect(self._fit_height)
        view.sigXRangeChanged.connect(self._share_detail)
        self.scene().sigMouseMoved.connect(self._on_hover)

    def set_timeline(self, timeline: Timeline, keep_view: bool = False) -> None:
        """Draw ``timeline``; after an edit (``keep_view``) the zoom, the selection and
        the filter stay as they were."""
        plot = self.getPlotItem()
        x_range = plot.getViewBox().viewRange()[0]
        self.timeline = timeline
        for item in [*self._lanes.values(), *self._separators]:
            plot.removeItem(item)
        self._lanes.clear()
        self._separators.clear()
        self._events = dict(timeline.events)
        ticks = []
        top = 0.0
        by_lane: dict[str, list[Event]] = {name: [] for name in timeline.lane_order()}
        for event in timeline.events.values():
            by_lane[event.lane].append(event)
        for index, (name, members) in enumerate(by_lane.items()):
            height = self._height_of(name, len(members))
            item = LaneItem(top - height / 2, height, lane_colour(index), members, self.max_label_width)
            plot.addItem(item)
            self._lanes[name] = item
            ticks.append((item.y, name))
            top -= height
            line = pg.InfiniteLine(pos=top, angle=0, pen=pg.mkPen("#d0d0d0"))
            plot.addItem(line)
            self._separators.append(line)
        plot.getAxis("left").setTicks([ticks, []])
        plot.setTitle(None if timeline.events else "This timeline has no events yet.")
        self._bottom = min(top, -1.0)
        self._fit_height()
        self.set_filter(*self._filter)
        if keep_view:
            plot.setXRange(*x_range, padding=0)
            self.select(self._selected, force=True)
        else:
            self.select([])
            self.fit_all()

    def refresh(self, timeline: Timeline, edit: Edit) -> None:
        """Redraw after ``edit``: only the events it changed, in their lanes, unless the
        lanes themselves change (a new one, one emptied, one grown, their order) or the
        timeline had no events, which redraws them all."""
        self.getViewBox().cancel_drag()
        first: dict[str, Event | None] = {}  # each event as the view has it, and as the edit leaves it
        last: dict[str, Event | None] = {}
        for change in edit.changes:
            if change.kind == "events":
                first.setdefault(change.id, change.before)
                last[change.id] = change.after
        put: dict[str, list[Event]] = defaultdict(list)
        drop: dict[str, set[str]] = defaultdict(set)
        for event_id, after in last.items():
            before = first[event_id]
            if before is not None and (after is None or after.lane != before.lane):
                drop[before.lane].add(event_id)
            if after is not None:
                put[after.lane].append(after)
        touched = put.keys() | drop.keys()
        if not self._events or not touched <= self._lanes.keys():
            return self.set_timeline(timeline, keep_view=True)
        for lane in touched:
            item = self._lanes[lane]
            size = len(item.ids) - len(drop[lane]) + sum(item.index_of(e.id) is None for e in put[lane])
            if size == 0 or self._height_of(lane, size) != 2 * item.half:
                return self.set_timeline(timeline, keep_view=True)
        # Lanes nobody declared stand in the order of their first events, which may have moved.
        if not touched <= set(timeline.lanes) and timeline.lane_order() != list(self._lanes):
            return self.set_timeline(timeline, keep_view=True)
        self.timeline = timeline
        for event_id, after in last.items():
            if after is None:
                self._events.pop(event_id, None)
            else:
                self._events[event_id] = after
        for lane in touched:
            self._lanes[lane].change(put[lane], drop[lane])
        self.set_filter(*self._filter)
        self.select(self._selected, force=True)

    def _share_detail(self) -> None:
        """Share DETAIL_BUDGET among the lanes, the quietest first: those it covers lay
        their events out one by one, the others count them in columns."""
        (x0, x1), _ = self.getViewBox().viewRange()
        left = DETAIL_BUDGET
        counts = [(len(item.in_view(x0, x1)), item) for item in self._lanes.values()]
        for count, item in sorted(counts, key=lambda pair: pair[0]):
            detailed = count <= left
            left -= count if detailed else 0
            if item.detailed != detailed:
                item.detailed = detailed
                item.invalidate()

    def _height_of(self, lane: str, events: int) -> float:
        """A lane's height in view units: by its rows of labels in pixels if they are
        set (``fit_lanes``), else by how many events it holds."""
        rows = self._lane_rows.get(lane)
        return rows * ROW_HEIGHT + 2 * LANE_PADDING if rows else _lane_height(events)

    def label_rows(self) -> dict[str, int]:
        """Rows of labels (and of unlabelled marks) each lane fills, as laid out now; an
        aggregated lane takes enough for its columns' heights to tell counts apart."""
        rows = {}
        for name, item in self._lanes.items():
            rows_used = len({round(p.centre.y()) for p in item.layout(self._device_transform(item))})
            rows[name] = AGGREGATED_ROWS if item.aggregates else rows_used
        return rows

    def is_aggregated(self) -> bool:
        """Whether any lane counts events in columns, as laid out now."""
        for item in self._lanes.values():
            item.layout(self._device_transform(item))  # only if the view has changed since the last
        return any(item.aggregates for item in self._lanes.values())

    def fit_lanes(self, rows: dict[str, int]) -> int:
        """For a picture: give each lane room for ``rows[lane]`` rows of labels (at least
        one) at full height, keeping the range shown; returns the widget height at which
        a view unit is a pixel, so that every lane has just that room."""
        self._lane_rows = {name: max(1, rows.get(name, 0)) for name in self._lanes}
        self.set_timeline(self.timeline, keep_view=True)
        chrome = self.height() - self.getViewBox().height()  # the time axis
        return round(-self._bottom + self._headroom + chrome)

    def set_headroom(self, pixels: float) -> None:
        """Keep ``pixels`` free above the top lane (y > 0) for what is drawn over the lanes."""
        self._headroom = pixels
        self._fit_height()

    def _fit_height(self) -> None:
        """Every lane in view, top to bottom, under the headroom (at most half the height)."""
        view = self.getPlotItem().getViewBox()
        height = view.height()
        pixels = min(self._headroom, height / 2)
        top = -self._bottom * pixels / (height - pixels) if pixels else 0.0
        view.setLimits(yMin=self._bottom, yMax=top)
        view.setYRange(self._bottom, top, padding=0)

    def set_filter(self, shown: set[str] | None, dim: bool = False) -> None:
        """Show only the events in ``shown`` (None: all of them); with ``dim`` the others
        stay, faint and still clickable, instead of disappearing."""
        self._filter = (shown, dim)
        for item in self._lanes.values():
            passes = np.ones(len(item.ids), dtype=bool) if shown is None else np.array([i in shown for i in item.ids], dtype=bool)
            if np.array_equal(item.shown, passes | dim) and np.array_equal(item.dimmed, ~passes):
                continue  # a lane laid out again for nothing costs a frame at 100k events
            item.shown = passes | dim
            item.dimmed = ~passes
            item.invalidate()
        if not dim and shown is not None:
            self.select([i for i in self._selected if i in shown])
        self._share_detail()

    def fit_all(self) -> None:
        """Show every event (within the zoom limit), with room for the last labels."""
        if not self._events:
            today = epoch_seconds(dt.date.today())
            self.getPlotItem().setXRange(today - 180 * DAY, today + 30 * DAY, padding=0)
            return
        left = min(item.bounds.left() for item in self._lanes.values() if item.ids)
        right = max(item.bounds.right() for item in self._lanes.values() if item.ids)
        span = max(right - left, 7 * DAY)
        self.getPlotItem().setXRange(left - 0.03 * span, right + 0.06 * span, padding=0)

    # --- selection -------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        return list(self._selected)

    def select(self, ids: list[str], force: bool = False) -> None:
        """Select ``ids``; ``force`` tells listeners again even if the selection is the
        same (its events have been edited)."""
        ids = [i for i in ids if i in self._events]
        if ids == self._selected and not force:
            return
        self._selected = ids
        for item in self._lanes.values():
            item.selected = set(ids)
            item.update()
        self.selectionChanged.emit(list(ids))

    def zoom_to_selection(self) -> None:
        items = [self._events[i] for i in self._selected]
        if items:
            left = min(epoch_seconds(e.start.earliest) for e in items)
            right = max(epoch_seconds((e.end or e.start).latest) + DAY for e in items)
            self.show_range(left, right)

    def show_range(self, left: float, right: float) -> None:
        """Show ``left`` to ``right`` (view units), with a margin for labels."""
        span = max(right - left, 7 * DAY)
        self.getPlotItem().setXRange(left - 0.05 * span, right + 0.25 * span, padding=0)

    def request_new_event(self, x: float, lane: str | None) -> None:
        self.newEventRequested.emit(day_at(x), lane or "")

    def keyPressEvent(self, event) -> None:
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(event.key())
        if step is None or not self._selected:
            return super().keyPressEvent(event)
        days = step * (7 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
        event.accept()
        try:
            edit = editing.move_events(self.timeline, self._selected, days)
        except (ModelError, DateError) as error:
            self.dragStatus.emit(str(error))
            return
        if edit.changes:
            self.editRequested.emit(edit)
        else:
            self.dragStatus.emit("Dated to the month or the year: a day's nudge does not move it. Drag with Alt or edit its date to give it a day.")

    def _on_hover(self, scene_pos) -> None:
        point = self.mapFromScene(scene_pos)
        hit = self.event_at(point)
        if hit:
            return self.setToolTip(_tooltip(self._events[hit]))
        found = self.aggregate_at(point)
        self.setToolTip(self._aggregate_tooltip(*found) if found else "")

    def aggregate_at(self, viewport_point: QPoint | QPointF) -> tuple[LaneItem, Aggregate] | None:
        """The column of counted events drawn at a viewport point, with its lane."""
        point = QPointF(viewport_point)
        for item in self._lanes.values():
            item.layout(self._device_transform(item))
            if (found := item.aggregate_at(point)) is not None:
                return item, found
        return None

    def open_column(self, viewport_point: QPoint | QPointF) -> bool:
        """Zoom in on the events counted in the column at a viewport point, if any; at the
        closest zoom, where they still stand together, select them all."""
        found = self.aggregate_at(viewport_point)
        if found is None:
            return False
        item, aggregate = found
        members = item.members(aggregate)
        (x0, x1), _ = self.getViewBox().viewRange()
        if x1 - x0 <= MIN_SPAN * 1.01:
            self.select([item.ids[n] for n in members.tolist()])
            return True
        # What of the members is in view: a long period counted here may reach far beyond it.
        first, after = item.extent(members)
        left, right = max(first, x0), min(after, x1)
        if right - left > (x1 - x0) / 2:  # mostly long periods: the column itself and a few either side
            middle = self.getViewBox().mapSceneToView(self.mapToScene(aggregate.bar.center().toPoint())).x()
            reach = 5 * COLUMN * (x1 - x0) / self.getViewBox().width()
            left, right = middle - reach / 2, middle + reach / 2
        self.show_range(left, right)
        return True

    @staticmethod
    def _aggregate_tooltip(item: LaneItem, aggregate: Aggregate) -> str:
        members = item.members(aggregate)
        start, after = item.extent(members)
        first, last = day_at(start), day_at(after - 1)
        dates = f"{first:%d %b %Y}" if first == last else f"{first:%d %b %Y} – {last:%d %b %Y}"
        shown = "" if aggregate.passing == aggregate.count else f" ({aggregate.passing} match the filter)"
        titles = "\n".join(f"· {item.titles[n]}" for n in members[:TOOLTIP_TITLES].tolist())
        more = f"\n… and {aggregate.count - TOOLTIP_TITLES} more" if aggregate.count > TOOLTIP_TITLES else ""
        return f"{aggregate.count} events{shown}, {dates}\n{titles}{more}\nClick to zoom in on them (at the closest zoom, to select them)."

    # --- geometry seams ----------------------------------------------------------

    def _device_transform(self, item: LaneItem) -> QTransform:
        self.getViewBox().updateMatrix()  # a range just set reaches the transform only at the next paint otherwise
        return item.deviceTransform(self.viewportTransform())

    def event_at(self, viewport_point: QPoint | QPointF) -> str | None:
        """The event drawn at a viewport point: the nearest point mark, else the topmost
        bar or label (the one painted last)."""
        point = QPointF(viewport_point)
        nearest, nearest_distance, covering = None, 2 * MARK_RADIUS, None
        for item in self._lanes.values():
            for place in item.layout(self._device_transform(item)):
                if place.stacked:
                    continue
                distance = (place.centre - point).manhattanLength()
                if not item.is_range[place.index] and distance <= nearest_distance:
                    nearest, nearest_distance = item.ids[place.index], distance
                elif place.hit.contains(point):
                    covering = item.ids[place.index]
        return nearest or covering

    def lane_at(self, scene_pos: QPointF) -> str | None:
        y = self.getViewBox().mapSceneToView(scene_pos).y()
        return next((name for name, item in self._lanes.items() if abs(y - item.y) <= item.half), None)

    def lane_centres(self) -> dict[str, float]:
        return {name: item.y for name, item in self._lanes.items()}

    def end_at(self, viewport_point: QPoint | QPointF) -> tuple[str, str] | None:
        """(event id, "start" or "end") when the point is on the visible end of a bar."""
        point = QPointF(viewport_point)
        for item in self._lanes.values():
            transform = self._device_transform(item)
            sx, tx = transform.m11(), transform.dx()
            for place in item.layout(transform):
                i = place.index
                if not item.is_range[i] or abs(point.y() - place.centre.y()) > BAR_HEIGHT / 2:
                    continue
                for which, x in (("start", item.start_lo[i] * sx + tx), ("end", item.end_hi[i] * sx + tx)):
                    if abs(point.x() - x) <= END_GRAB:
                        return item.ids[i], which
        return None

    def end_position(self, event_id: str, which: str) -> QPoint:
        """Viewport point on the ``which`` end of a range's bar, where a drag resizes it."""
        event = self._events[event_id]
        item = self._lanes[event.lane]
        transform = self._device_transform(item)
        place = next(p for p in item.layout(transform) if item.ids[p.index] == event_id)
        edge = item.start_lo if which == "start" else item.end_hi
        x = edge[place.index] * transform.m11() + transform.dx()
        inside = 2 if which == "start" else -2  # just inside the bar
        return QPointF(x + inside, place.centre.y()).toPoint()

    def events_in(self, viewport_rect: QRectF) -> list[str]:
        """Events drawn (mark, bar or label) within a viewport rectangle."""
        found = []
        for item in self._lanes.values():
            found += [item.ids[p.index] for p in item.layout(self._device_transform(item)) if p.hit.intersects(viewport_rect)]
            found += [item.ids[n] for a in item.aggregates if a.bar.intersects(viewport_rect) for n in item.members(a).tolist()]
        return found

    def mark_positions(self, event_ids: list[str]) -> dict[str, QPointF]:
        """Viewport points where the marks of those of ``event_ids`` in view are drawn: one
        pass over the laid-out events of their lanes, however many ids."""
        wanted: dict[str, set[str]] = {}
        for event_id in event_ids:
            if event_id in self._events:
                wanted.setdefault(self._events[event_id].lane, set()).add(event_id)
        found = {}
        for lane, ids in wanted.items():
            item = self._lanes[lane]
            for place in item.layout(self._device_transform(item)):
                if item.ids[place.index] in ids:
                    found[item.ids[place.index]] = place.centre
            for aggregate in item.aggregates:  # counted in a column: its middle
                found.update((item.ids[n], aggregate.bar.center()) for n in item.members(aggregate).tolist() if item.ids[n] in ids)
        return found

    def event_position(self, event_id: str) -> QPoint:
        """Viewport point where ``event_id`` is drawn and a click selects it: its mark; for
        a range, the spot nearest the middle of its visible bar that nothing else covers.
        An event stacked under another (in a full crowd, or a bar under an identical one)
        gives the point where it stands, which selects the one drawn on top."""
        event = self._events[event_id]
        item = self._lanes[event.lane]
        place = next((p for p in item.layout(self._device_transform(item)) if item.ids[p.index] == event_id), None)
        if place is None:
            raise LookupError(f"event {event_id} is not in view, or only counted in a column: zoom in")
        if item.is_range[place.index] and not place.stacked:
            middle, half = place.centre.x(), place.centre.x() - place.hit.left()  # of the visible bar
            for offset in range(int(half)):  # each pixel, outwards from the middle
                for x in (middle - offset, middle + offset):
                    spot = QPointF(x, place.centre.y()).toPoint()
                    if self.event_at(spot) == event_id:
                        return spot
        return place.centre.toPoint()


def _ends(event: Event) -> tuple[float, float, float, float, bool]:
    """The windows of the event's two ends (start_lo, start_hi, end_lo, end_hi in view
    units; each _hi the start of the day after), and whether it is a range."""
    end = event.end or event.start
    return (
        epoch_seconds(event.start.earliest),
        epoch_seconds(event.start.latest) + DAY,
        epoch_seconds(end.earliest),
        epoch_seconds(end.latest) + DAY,
        event.end is not None,
    )


_NO_COLUMNS = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))  # never written to: shared


def _share(bar: QRectF, fraction: float) -> QRectF:
    """The middle ``fraction`` of a bar's height."""
    cut = bar.height() * (1 - fraction) / 2
    return bar.adjusted(0, cut, 0, -cut)


def _lane_height(events: int) -> float:
    """A busy lane gets more room for rows of labels, within bounds (view units)."""
    return float(min(MAX_LANE_WEIGHT, max(MIN_LANE_WEIGHT, events)))


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


def _tooltip(event: Event) -> str:
    return f"{event.title}\n{span_label(event.start, event.end)} · {event.lane} · {event.status.value}"
