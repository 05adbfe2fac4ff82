"""The time axis: one lane per actor, each lane's events drawn by a single graphics item.

A ``LaneItem`` keeps its events in numpy arrays and paints them in one pass, in
viewport pixels: only events inside the visible range are laid out, labels are
stacked into rows so that none overlaps another, and a label that would run off
the right edge is drawn to the left of its mark. Hit-testing and
``event_position`` read the same layout that was painted.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTransform

from ..model import Event, Status, Timeline, span_label
from .marks import SELECTED_OUTLINE, lane_colour, paint_bar, paint_marker

DAY = 86400.0
_EPOCH = dt.date(1970, 1, 1)

MARK_RADIUS = 6.0
ROW_HEIGHT = 22.0
MIN_ROW_HEIGHT = 15.0
CROWD_STEP = 2 * MARK_RADIUS + 3
LANE_PADDING = 6.0
LABEL_GAP = 5.0
MAX_LABEL_WIDTH = 460.0
BAR_HEIGHT = 14.0
MIN_LANE_WEIGHT, MAX_LANE_WEIGHT = 3, 8


def epoch_seconds(day: dt.date) -> float:
    """UTC midnight of ``day``: events are dates, not instants, so no time zone applies."""
    return (day - _EPOCH).days * DAY


@dataclass
class Placed:
    """Where one event was drawn, in viewport pixels."""

    index: int
    centre: QPointF  # the mark; for a range, the middle of its visible bar
    hit: QRectF  # mark, bar and label together
    label: QRectF | None  # None where the lane had no room for it


@dataclass
class Crowd:
    """Marks drawn side by side without labels where the lane has no row left for them."""

    last: QPointF  # the last mark; the count is written after it
    count: int = 0
    count_rect: QRectF = field(default_factory=QRectF)  # where "+N" is written


class LaneItem(pg.GraphicsObject):
    def __init__(self, y: float, height: float, colour: QColor, events: list[Event]) -> None:
        super().__init__()
        self.y = y  # centre of the lane, in view units
        self.half = height / 2
        self.colour = colour
        self.ids = [e.id for e in events]
        self.titles = [e.title for e in events]
        self.statuses = [e.status for e in events]
        self.is_range = np.array([e.is_range for e in events], dtype=bool)
        # Each end of an event is a window of days as wide as its precision.
        self.start_lo = np.array([epoch_seconds(e.start.earliest) for e in events], dtype=float)
        self.start_hi = np.array([epoch_seconds(e.start.latest) + DAY for e in events], dtype=float)
        ends = [e.end or e.start for e in events]
        self.end_lo = np.array([epoch_seconds(d.earliest) for d in ends], dtype=float)
        self.end_hi = np.array([epoch_seconds(d.latest) + DAY for d in ends], dtype=float)
        self.selected: set[str] = set()
        self.font = QFont()
        self.font.setPointSizeF(9.0)
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self._metrics = QFontMetricsF(self.bold)  # bold is the wider: a selected label still fits
        self._label_widths: dict[int, float] = {}
        self._layout_key: tuple | None = None
        self._layout: list[Placed] = []
        self.crowds: list[Crowd] = []
        self.bounds = self._data_bounds()

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

    def _label_width(self, index: int) -> float:
        width = self._label_widths.get(index)
        if width is None:
            width = min(self._metrics.horizontalAdvance(self.titles[index]), MAX_LABEL_WIDTH)
            self._label_widths[index] = width
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
        visible = np.nonzero((self.end_hi >= x0) & (self.start_lo <= x1))[0]

        spans = []  # (left, right, index, mark_x, label_left), in pixels
        for i in visible:
            width = self._label_width(int(i))
            if self.is_range[i]:
                bar_left = max(self.start_lo[i] * sx + tx, left_px)
                bar_right = self.end_hi[i] * sx + tx
                label_left = bar_left + LABEL_GAP
                mark_x = (bar_left + min(bar_right, right_px)) / 2  # middle of the visible bar
                spans.append((bar_left, max(bar_right, label_left + width), i, mark_x, label_left))
                continue
            mark_x = (self.start_lo[i] + self.start_hi[i]) / 2 * sx + tx
            label_left = mark_x + MARK_RADIUS + LABEL_GAP
            if label_left + width > right_px:  # no room on the right: put the label on the left
                label_left = mark_x - MARK_RADIUS - LABEL_GAP - width
            left = min(mark_x - MARK_RADIUS, label_left)
            right = max(mark_x + MARK_RADIUS, label_left + width)
            spans.append((left, right, i, mark_x, label_left))
        spans.sort(key=lambda span: span[0])

        row_ends: list[float] = []  # first fit, with as many rows as it takes
        rows_of = []
        for left, right, *_ in spans:
            row = next((r for r, end in enumerate(row_ends) if end + LABEL_GAP <= left), len(row_ends))
            row_ends[row : row + 1] = [right]
            rows_of.append(row)
        # Squeeze the rows before dropping labels; if they still do not fit, the last row
        # holds the marks that get no label, with a count of how many stand together.
        room = height - 2 * LANE_PADDING
        row_height = min(ROW_HEIGHT, max(MIN_ROW_HEIGHT, room / max(len(row_ends), 1)))
        rows = max(1, int(room // row_height))

        def row_y(row: int) -> float:
            return top + LANE_PADDING + row_height * (row + 0.5)

        placed = []
        last_row = []  # every span that does not fit above, shared by labels and crowds
        for span, row in zip(spans, rows_of):
            if row < rows - 1:
                placed.append(self._labelled(span, row_y(row), row_height))
            else:
                last_row.append(span)
        placed += self._share_row(last_row, row_y(rows - 1), row_height)
        self._layout_key, self._layout = key, placed
        return placed

    def _labelled(self, span: tuple, y: float, row_height: float) -> Placed:
        left, right, i, mark_x, label_left = span
        label = QRectF(label_left, y - row_height / 2, self._label_width(int(i)), row_height)
        return Placed(int(i), QPointF(mark_x, y), QRectF(left, label.top(), right - left, row_height), label)

    def _share_row(self, spans: list[tuple], y: float, row_height: float) -> list[Placed]:
        """Lay out one row left to right: labels where they fit, other marks in crowds
        that stand side by side after whatever is left of them, so that nothing covers
        a label or another crowd. A bar keeps its dates and stays unlabelled."""
        placed: list[Placed] = []
        self.crowds = []
        edge = -np.inf  # right end of what the row holds so far
        crowd: Crowd | None = None
        for left, right, i, mark_x, label_left in spans:
            if left >= edge + LABEL_GAP:
                placed.append(self._labelled((left, right, i, mark_x, label_left), y, row_height))
                edge, crowd = max(edge, right), None
                continue
            if self.is_range[i]:
                bar = QRectF(left, y - BAR_HEIGHT / 2, max(2 * (mark_x - left), 2.0), BAR_HEIGHT)
                placed.append(Placed(int(i), QPointF(mark_x, y), bar, None))
                continue
            if crowd is None or mark_x - MARK_RADIUS > edge + LABEL_GAP:
                x = max(mark_x, edge + LABEL_GAP + MARK_RADIUS)
                crowd = Crowd(QPointF(x, y))
                self.crowds.append(crowd)
            else:
                x = crowd.last.x() + CROWD_STEP
            crowd.count += 1
            crowd.last = QPointF(x, y)
            text = f"+{crowd.count}"
            crowd.count_rect = QRectF(x + MARK_RADIUS + 3, y - row_height / 2, self._metrics.horizontalAdvance(text), row_height)
            edge = crowd.count_rect.right()
            mark = QRectF(x - MARK_RADIUS, y - MARK_RADIUS, 2 * MARK_RADIUS, 2 * MARK_RADIUS)
            placed.append(Placed(int(i), crowd.last, mark, None))
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
            i = place.index
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
        painter.setFont(self.bold)
        painter.setPen(QColor("#1a1a1a"))
        for crowd in self.crowds:
            painter.drawText(crowd.count_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, f"+{crowd.count}")
        painter.restore()

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

    def placement(self, event_id: str, transform: QTransform) -> Placed | None:
        for place in self.layout(transform):
            if self.ids[place.index] == event_id:
                return place
        return None


class TimelineView(pg.PlotWidget):
    """The timeline widget (objectName ``timeline``)."""

    selectionChanged = Signal(list)  # ids of the selected events

    def __init__(self, parent=None) -> None:
        axis = pg.DateAxisItem(orientation="bottom", utcOffset=0)
        super().__init__(parent, background="w", axisItems={"bottom": axis})
        self.setObjectName("timeline")
        self.setAccessibleName("Timeline")
        self._lanes: dict[str, LaneItem] = {}
        self._events: dict[str, Event] = {}
        self._selected: list[str] = []
        self._separators: list[pg.InfiniteLine] = []
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
        view.setLimits(minXRange=3 * DAY, maxXRange=2000 * 365 * DAY)
        self.scene().sigMouseClicked.connect(self._on_click)
        self.scene().sigMouseMoved.connect(self._on_hover)

    def set_timeline(self, timeline: Timeline) -> None:
        plot = self.getPlotItem()
        for item in [*self._lanes.values(), *self._separators]:
            plot.removeItem(item)
        self._lanes.clear()
        self._separators.clear()
        self._events = dict(timeline.events)
        ticks = []
        top = 0.0
        for index, name in enumerate(timeline.lane_order()):
            members = [e for e in timeline.events.values() if e.lane == name]
            # A busy lane gets more room for rows of labels, within bounds.
            height = float(min(MAX_LANE_WEIGHT, max(MIN_LANE_WEIGHT, len(members))))
            item = LaneItem(top - height / 2, height, lane_colour(index), members)
            plot.addItem(item)
            self._lanes[name] = item
            ticks.append((item.y, name))
            top -= height
            line = pg.InfiniteLine(pos=top, angle=0, pen=pg.mkPen("#d0d0d0"))
            plot.addItem(line)
            self._separators.append(line)
        plot.getAxis("left").setTicks([ticks, []])
        plot.setTitle(None if timeline.events else "This timeline has no events yet.")
        bottom = min(top, -1.0)
        plot.getViewBox().setLimits(yMin=bottom, yMax=0.0)
        plot.getViewBox().setYRange(bottom, 0.0, padding=0)
        self.select([])
        self.fit_all()

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

    def select(self, ids: list[str]) -> None:
        ids = [i for i in ids if i in self._events]
        if ids == self._selected:
            return
        self._selected = ids
        for item in self._lanes.values():
            item.selected = set(ids)
            item.update()
        self.selectionChanged.emit(list(ids))

    def _on_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        hit = self.event_at(self.mapFromScene(event.scenePos()))
        self.select([hit] if hit else [])

    def _on_hover(self, scene_pos) -> None:
        hit = self.event_at(self.mapFromScene(scene_pos))
        event = self._events.get(hit) if hit else None
        self.setToolTip(_tooltip(event) if event else "")

    # --- geometry seams ----------------------------------------------------------

    def _device_transform(self, item: LaneItem) -> QTransform:
        return item.deviceTransform(self.viewportTransform())

    def event_at(self, viewport_point: QPoint | QPointF) -> str | None:
        """The event under a viewport point: the nearest mark, else a label or bar."""
        point = QPointF(viewport_point)
        nearest, nearest_distance, covering = None, 2 * MARK_RADIUS, None
        for item in self._lanes.values():
            for place in item.layout(self._device_transform(item)):
                distance = (place.centre - point).manhattanLength()
                if distance <= nearest_distance:
                    nearest, nearest_distance = item.ids[place.index], distance
                elif place.hit.contains(point):
                    covering = item.ids[place.index]
        return nearest or covering

    def event_position(self, event_id: str) -> QPoint:
        """Viewport point where the mark of ``event_id`` is drawn (a range: its visible middle)."""
        event = self._events[event_id]
        item = self._lanes[event.lane]
        place = item.placement(event_id, self._device_transform(item))
        if place is None:
            raise LookupError(f"event {event_id} is not in view")
        return place.centre.toPoint()


def _tooltip(event: Event) -> str:
    return f"{event.title}\n{span_label(event.start, event.end)} · {event.lane} · {event.status.value}"
