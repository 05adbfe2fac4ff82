"""One lane on the plot: a single graphics item that paints its ``LaneLayout`` in one
pass, in viewport pixels. It lays out again only when the view or what is shown changes."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QStaticText, QTransform

from ...model import Status
from .hit_testing import Laid
from .lane_data import LaneData
from .layout import LaneLayout, Viewport, lay_out
from .marks import BAR_HEIGHT, MARK_RADIUS, SELECTED_OUTLINE, paint_bar, paint_marker

MAX_LABEL_WIDTH = 460.0
LABEL_POINTS = 9.0
LABEL_BACKING = QColor(255, 255, 255, 200)
INK = QColor("#1a1a1a")
# Combined once: or-ing Qt's flags costs microseconds in Python, for every count of every frame.
LEFT = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft


class LaneItem(pg.GraphicsObject):
    def __init__(self, name: str, y: float, height: float, colour: QColor, data: LaneData, max_label_width: float = MAX_LABEL_WIDTH) -> None:
        super().__init__()
        self.name = name
        self.y = y  # centre of the lane, in view units
        self.half = height / 2
        self.colour = colour
        self.data = data
        self.selected: set[str] = set()
        self._chosen: frozenset[int] = frozenset()  # the selected events' indices in ``data``
        self.detailed = True  # every event in view laid out one by one; else counted in columns
        self.font = QFont()
        self.font.setPointSizeF(LABEL_POINTS)
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self._metrics = QFontMetricsF(self.bold)  # bold is the wider: a selected label still fits
        self._regular = QFontMetricsF(self.font)
        self.max_label_width = max_label_width
        self._label_widths: dict[str, float] = {}  # by title: indices move as events come and go
        self._count_widths: dict[int, float] = {}
        self._elided: dict[tuple[str, int, bool, int], tuple[QStaticText, float]] = {}  # (title, width, bold, dpi): the text that fits
        self._line_height = self._regular.height()  # a label's ink, centred in its row
        self._key: tuple | None = None
        self._laid: Laid | None = None
        self.bounds = QRectF()
        self.data_changed()

    def place(self, y: float, height: float) -> None:
        """Centre the lane at ``y``, ``height`` tall (view units)."""
        if (y, height / 2) != (self.y, self.half):
            self.y, self.half = y, height / 2
            self.data_changed()

    def select(self, ids: set[str]) -> None:
        """Show ``ids`` selected; a selected event is laid out with its label, out of any "+N"."""
        self.selected = ids
        chosen = frozenset(n for n in map(self.data.index_of, ids) if n is not None)
        if chosen != self._chosen:
            self._chosen = chosen
            self.invalidate()
        self.update()

    def data_changed(self) -> None:
        """The lane's arrays have changed: new bounds, and a new layout at the next paint."""
        self._chosen = frozenset(n for n in map(self.data.index_of, self.selected) if n is not None)
        left, right = self.data.span()
        self.prepareGeometryChange()
        self.bounds = QRectF(left, self.y - self.half, right - left, 2 * self.half)
        self.invalidate()

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
        self._key = None
        self.update()

    def label_width(self, title: str) -> float:
        width = self._label_widths.get(title)
        if width is None:
            width = self._label_widths[title] = min(self._metrics.horizontalAdvance(title), self.max_label_width)
        return width

    def text_width(self, index: int) -> float:
        """The width of the event's title as painted: bold when it is selected."""
        metrics = self._metrics if self.data.ids[index] in self.selected else self._regular
        return metrics.horizontalAdvance(self.data.titles[index])

    def _count_width(self, count: int) -> float:
        width = self._count_widths.get(count)
        if width is None:
            width = self._count_widths[count] = self._metrics.horizontalAdvance(f"+{count}")
        return width

    def laid_out(self, transform: QTransform) -> Laid:
        """The lane laid out in the device pixels of ``transform``."""
        view = self.getViewBox()
        (x0, x1), _ = view.viewRange() if view is not None else ((0.0, 0.0), None)
        key = (transform.m11(), transform.m22(), transform.dx(), transform.dy(), x0, x1)
        if key != self._key or self._laid is None:
            sy, ty = transform.m22(), transform.dy()
            top = min((self.y + self.half) * sy + ty, (self.y - self.half) * sy + ty)
            viewport = Viewport(x0, x1, transform.m11(), transform.dx(), top, abs(2 * self.half * sy))
            layout = lay_out(self.data, viewport, self.label_width, self._count_width, self.detailed, self._chosen) if view is not None else LaneLayout()
            self._key, self._laid = key, Laid(self.name, self.data, layout, viewport, self.text_width)
        return self._laid

    def paint(self, painter: QPainter, option, widget=None) -> None:
        transform = painter.transform()
        laid = self.laid_out(transform)
        data, layout = self.data, laid.layout
        sx, tx = transform.m11(), transform.dx()
        painter.save()
        painter.resetTransform()  # draw in device pixels: crisp marks, exact labels
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        window = QColor(self.colour)
        window.setAlpha(45)
        # What each drawn event needs, read from the arrays at once: a pan paints hundreds.
        placed = [p for p in layout.placed if not p.stacked or data.ids[p.index] in self.selected]
        shown = [p.index for p in placed]
        dimmed, is_range = data.dimmed[shown].tolist(), data.is_range[shown].tolist()
        days_from, days_to = (data.start_lo[shown] * sx + tx).tolist(), (data.start_hi[shown] * sx + tx).tolist()
        dpi = painter.device().logicalDpiX()
        opacity = font = None  # as last set: setting them costs as much as drawing
        for place, dim, ranged, lo, hi in zip(placed, dimmed, is_range, days_from, days_to):
            i = place.index
            if opacity != (opacity := 0.25 if dim else 1.0):
                painter.setOpacity(opacity)
            status = data.statuses[i]
            if ranged:
                self._paint_range(painter, i, place.centre.y(), sx, tx, status, window)
            else:
                if hi - lo >= 3:  # the days the date stands for, once they are wide enough to see
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(window)
                    painter.drawRect(QRectF(lo, place.centre.y() - 4, hi - lo, 8))
                paint_marker(painter, place.centre, MARK_RADIUS, status, self.colour)
            selected = data.ids[i] in self.selected
            if selected:
                painter.setPen(QPen(SELECTED_OUTLINE, 2.0))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(place.hit.adjusted(-3, -1, 3, 1), 4, 4)
            if (label := place.label) is not None:
                if font is not (font := self.bold if selected else self.font):
                    painter.setFont(font)
                text, width = self._fitted(painter, data.titles[i], int(label.width()) + 1, selected, dpi)
                left = label.right() - width if label.right() < place.centre.x() else label.left()
                top = label.center().y() - self._line_height / 2
                # A pale backing: no bar end, date band or grid line runs through the words.
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(LABEL_BACKING)
                painter.drawRoundedRect(QRectF(left - 2, top + 1, width + 4, self._line_height - 2), 3, 3)
                painter.setPen(INK)
                painter.drawStaticText(QPointF(left, top), text)
        painter.setOpacity(1.0)
        if layout.aggregates:
            self._paint_aggregates(painter, layout)
        painter.setFont(self.bold)
        painter.setPen(INK)
        for crowd in layout.crowds:
            painter.drawText(crowd.count_rect, LEFT, f"+{crowd.count}")
        painter.restore()

    def _fitted(self, painter: QPainter, title: str, width: int, bold: bool, dpi: int) -> tuple[QStaticText, float]:
        """The title shortened to ``width`` pixels in the painter's font (bold or not),
        laid out, and its width: the same labels are painted again at every step of a
        pan (a picture's device, of ``dpi``, may measure text otherwise than the screen)."""
        key = (title, width, bold, dpi)
        found = self._elided.get(key)
        if found is None:
            if len(self._elided) > 10_000:  # zoomed through many widths: start again
                self._elided.clear()
            metrics = painter.fontMetrics()
            text = metrics.elidedText(title, Qt.TextElideMode.ElideRight, width)
            found = self._elided[key] = (QStaticText(text), metrics.horizontalAdvance(text))
        return found

    def _paint_aggregates(self, painter: QPainter, layout: LaneLayout) -> None:
        """Columns in the lane's colour, the part that passes the filter solid and the
        rest faint; their counts; a ring round a column that holds a selected event."""
        aggregates = layout.aggregates
        faint = QColor(self.colour)
        faint.setAlpha(60)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(faint)
        painter.drawRects([a.bar for a in aggregates if a.passing < a.count])
        painter.setBrush(self.colour)
        painter.drawRects([_share(a.bar, a.passing / a.count) for a in aggregates if a.passing])
        painter.setPen(INK)
        painter.setFont(self.font)
        for aggregate in aggregates:
            if aggregate.label is not None:
                painter.drawText(aggregate.label, LEFT, str(aggregate.count))
        chosen = [n for n in map(self.data.index_of, self.selected) if n is not None]
        rings = set(layout.column[np.isin(layout.visible, chosen)].tolist()) if chosen else set()
        painter.setPen(QPen(SELECTED_OUTLINE, 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for aggregate in aggregates:
            if aggregate.column in rings:
                painter.drawRoundedRect(aggregate.bar.adjusted(-3, -3, 3, 3), 3, 3)

    def _paint_range(self, painter: QPainter, i: int, cy: float, sx: float, tx: float, status: Status, window: QColor) -> None:
        data = self.data
        left, right = data.start_lo[i] * sx + tx, data.end_hi[i] * sx + tx
        core_left, core_right = data.start_hi[i] * sx + tx, data.end_lo[i] * sx + tx
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


def _share(bar: QRectF, fraction: float) -> QRectF:
    """The middle ``fraction`` of a bar's height."""
    cut = bar.height() * (1 - fraction) / 2
    return bar.adjusted(0, cut, 0, -cut)
