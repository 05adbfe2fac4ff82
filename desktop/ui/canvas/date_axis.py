"""The time axis under the lanes, in two tiers (see ``ticks``): pyqtgraph draws its line,
its ticks and their grid lines, at the lower tier's ticks only; the axis writes both
tiers itself."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF

from .ticks import GAP, AxisTicks, axis_ticks

TICK_LENGTH = 5


class DateAxis(pg.AxisItem):
    def __init__(self) -> None:
        super().__init__("bottom")
        self.setStyle(tickLength=TICK_LENGTH, autoExpandTextSpace=False)
        self._ticks = AxisTicks("day")
        self._row = QFontMetricsF(self.font()).height() + 2
        self.setHeight(round(TICK_LENGTH + 2 * self._row + 6))

    @property
    def ticks(self) -> AxisTicks:
        """The ticks as last drawn."""
        return self._ticks

    def _width(self, text: str) -> float:
        return QFontMetricsF(self.style["tickFont"] or self.font()).horizontalAdvance(text)

    def tickValues(self, minVal: float, maxVal: float, size: float):
        self._ticks = axis_ticks(minVal, maxVal, size, self._width)
        return [(maxVal - minVal, [t.x for t in self._ticks.lower])]

    def tickStrings(self, values, scale, spacing):
        return [""] * len(values)  # written in drawPicture, in two tiers

    def drawPicture(self, p, axisSpec, tickSpecs, textSpecs) -> None:
        super().drawPicture(p, axisSpec, tickSpecs, [])
        bounds = self.mapRectFromParent(self.geometry())
        r0, r1 = self.range
        if r1 <= r0:
            return
        scale = bounds.width() / (r1 - r0)
        metrics = p.fontMetrics()
        upper_top = bounds.top() + TICK_LENGTH + 2
        lower_top = upper_top + self._row
        right_edge = bounds.left()
        for tick in self._ticks.upper:  # the context, left-aligned where it begins
            x = max(bounds.left() + (tick.x - r0) * scale, bounds.left())
            p.drawText(QRectF(x + 2, upper_top, metrics.horizontalAdvance(tick.text) + 4, self._row), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, tick.text)
        for tick in self._ticks.lower:  # the unit, centred on its tick, kept inside the axis
            width = metrics.horizontalAdvance(tick.text)
            x = bounds.left() + (tick.x - r0) * scale - width / 2
            x = min(max(x, bounds.left()), bounds.right() - width)
            if x < right_edge:
                continue  # pushed in from an edge onto its neighbour
            p.drawText(QRectF(x, lower_top, width + 1, self._row), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, tick.text)
            right_edge = x + width + GAP / 2
