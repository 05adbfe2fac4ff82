"""The time axis under the lanes, in two tiers (see ``ticks``), painted straight onto the
view: its line and both tiers' texts. The grid lines at the lower tier's ticks are the
canvas's (``rules``), which asks the axis for the same ticks.

pyqtgraph's ``AxisItem`` keeps the axis's place in the plot's layout and its link to the
view; its own drawing (the ticks worked out, recorded in a ``QPicture`` and replayed at
every frame) cost more than all the lanes of a zoomed-out frame, so ``paint`` replaces it:
the ticks are worked out once per range and width, each text laid out once.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QStaticText

from .ticks import GAP, AxisTicks, axis_ticks

TICK_LENGTH = 5
MAX_TEXTS = 2000  # texts kept laid out and measured; past it (a long session of zooms) they are done again


class DateAxis(pg.AxisItem):
    def __init__(self) -> None:
        super().__init__("bottom")
        self.setStyle(tickLength=TICK_LENGTH, autoExpandTextSpace=False)
        self._ticks = AxisTicks("day")
        self._key: tuple | None = None  # the range and width the ticks are for
        self._texts: dict[str, tuple[QStaticText, float]] = {}  # each laid out and measured once
        self._metrics = QFontMetricsF(self.tick_font())
        self._row = self._metrics.height() + 2
        self.setHeight(round(TICK_LENGTH + 2 * self._row + 6))

    def tick_font(self) -> QFont:
        return self.style["tickFont"] or self.font()

    @property
    def ticks(self) -> AxisTicks:
        """The ticks as last drawn."""
        return self._ticks

    def current_ticks(self) -> AxisTicks:
        """The ticks for the range in view at the axis's width, worked out once for both."""
        (r0, r1), width = self.range, self.mapRectFromParent(self.geometry()).width()
        key = (r0, r1, width)
        if key != self._key:
            self._key = key
            self._ticks = axis_ticks(r0, r1, width, self._width)
        return self._ticks

    def _width(self, text: str) -> float:
        return self._text(text)[1]

    def _text(self, text: str) -> tuple[QStaticText, float]:
        found = self._texts.get(text)
        if found is None:
            if len(self._texts) > MAX_TEXTS:
                self._texts.clear()
            found = self._texts[text] = (QStaticText(text), self._metrics.horizontalAdvance(text))
        return found

    def paint(self, p: QPainter, option, widget=None) -> None:
        ticks = self.current_ticks()
        bounds = self.mapRectFromParent(self.geometry())
        r0, r1 = self.range
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(self.pen())
        p.drawLine(QPointF(bounds.left() - 1, bounds.top() + 1), QPointF(bounds.right() + 1, bounds.top() + 1))
        if r1 <= r0:
            return
        p.setClipRect(bounds)
        p.setFont(self.tick_font())
        p.setPen(self.textPen())
        scale = bounds.width() / (r1 - r0)
        # Each text in a row as tall as a line and a pixel either side.
        upper_top = bounds.top() + TICK_LENGTH + 3
        lower_top = upper_top + self._row
        for tick in ticks.upper:  # the context, left-aligned where it begins
            x = max(bounds.left() + (tick.x - r0) * scale, bounds.left())
            p.drawStaticText(QPointF(x + 2, upper_top), self._text(tick.text)[0])
        right_edge = bounds.left()
        for tick in ticks.lower:  # the unit, centred on its tick, kept inside the axis
            text, text_width = self._text(tick.text)
            x = bounds.left() + (tick.x - r0) * scale - text_width / 2
            x = min(max(x, bounds.left()), bounds.right() - text_width)
            if x < right_edge:
                continue  # pushed in from an edge onto its neighbour
            p.drawStaticText(QPointF(x, lower_top), text)
            right_edge = x + text_width + GAP / 2
