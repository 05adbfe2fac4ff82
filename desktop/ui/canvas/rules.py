"""The lines ruled over the lanes: a faint vertical one at each of the time axis's lower
ticks (the grid) and a pale horizontal one under each lane (its lower edge).

One item paints them all in device pixels, in two calls. pyqtgraph's grid was the axis
replaying a recorded picture over the whole view at every frame, and a line item per lane
worked out its own bounds at every pan.
"""
from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen

from .ticks import AxisTicks

GRID = QColor(0x88, 0x88, 0x88, 38)  # the axis's colour at 15 %
LANE_EDGE = QColor("#d0d0d0")
Z = 4  # over the lanes, under the links between events (5)


class Rules(pg.GraphicsObject):
    def __init__(self, ticks: Callable[[], AxisTicks]) -> None:
        super().__init__()
        self._ticks = ticks  # the axis's, for the range in view
        self.lane_bottoms: list[float] = []  # view units
        self.setZValue(Z)

    def set_lane_bottoms(self, bottoms: list[float]) -> None:
        self.lane_bottoms = bottoms
        self.update()

    def boundingRect(self) -> QRectF:
        view = self.getViewBox()
        return QRectF() if view is None else view.viewRect()

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()
        super().viewRangeChanged()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        transform = painter.transform()
        area = transform.mapRect(self.boundingRect())
        left, right, top, bottom = area.left(), area.right(), area.top(), area.bottom()
        sx, tx, sy, ty = transform.m11(), transform.dx(), transform.m22(), transform.dy()
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(GRID, 0))  # width 0: one pixel, however the line falls
        xs = (tick.x * sx + tx for tick in self._ticks().lower)
        painter.drawLines([QLineF(x, top, x, bottom) for x in xs if left <= x <= right])
        painter.setPen(QPen(LANE_EDGE, 0))
        painter.drawLines([QLineF(left, y * sy + ty, right, y * sy + ty) for y in self.lane_bottoms])
        painter.restore()
