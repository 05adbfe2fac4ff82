"""Dragging a lane's name up or down the names to put the lane elsewhere in the order: a
line shows where it would go while the button is held, the status bar says so, and the
release asks for one edit (``editRequested``), one undo step. Hidden lanes keep their
places among the others."""
from __future__ import annotations

from typing import Any

import pyqtgraph as pg

from ...model import lanes

DROP_LINE = pg.mkPen("#111111", width=2)


class LaneReorder:
    """The name drag of one view; ``view`` is the TimelineView whose names it moves."""

    def __init__(self, view: Any) -> None:
        self.view = view
        self.lane: str | None = None  # the lane dragged, while the button is held
        self.line: pg.InfiniteLine | None = None  # where it would go; in the plot only while dragged

    def drag(self, ev) -> None:
        """Follow a pyqtgraph drag event on the lane names."""
        view = self.view
        if ev.isStart():
            self.lane = view.lane_at(ev.buttonDownScenePos())
            if self.lane is None:
                ev.ignore()
                return
            self.line = pg.InfiniteLine(angle=0, pen=DROP_LINE, movable=False)
            self.line.setZValue(20)
            view.getPlotItem().addItem(self.line, ignoreBounds=True)
        if self.lane is None or self.line is None:
            return
        ev.accept()
        if self.lane not in view.lane_centres():  # hidden or renamed under the drag (an undo): dropped
            view.getPlotItem().removeItem(self.line)
            self.lane = self.line = None
            return
        y = view.getViewBox().mapSceneToView(ev.scenePos()).y()
        before = self._before(y)
        self.line.setPos(self._boundary(before))
        place = self._place(before)
        moved = place != view.timeline.lane_order().index(self.lane)
        where = f"above '{before}'" if before else "last"
        if not ev.isFinish():
            view.dragStatus.emit(f"Move lane '{self.lane}' {where}" if moved else f"Lane '{self.lane}' stays where it is")
            return
        view.getPlotItem().removeItem(self.line)
        lane, self.lane, self.line = self.lane, None, None
        if moved:
            view.editRequested.emit(lanes.move(view.timeline, lane, place))

    def _before(self, y: float) -> str | None:
        """The lane shown first below ``y`` (view units; up is more), other than the one
        dragged: the dragged lane goes above it. None: it goes last."""
        below = [(centre, name) for name, centre in self.view.lane_centres().items() if name != self.lane and centre < y]
        return max(below)[1] if below else None

    def _boundary(self, before: str | None) -> float:
        """Where the line is drawn: the top of the lane it goes above, or the bottom of the last."""
        extents = {name: ends for name, ends in self.view.lane_extents().items() if name != self.lane}
        if before is not None:
            return extents[before][0]
        return min((bottom for _, bottom in extents.values()), default=0.0)

    def _place(self, before: str | None) -> int:
        """The lane's place in the whole order (hidden lanes too) once moved there."""
        order = [name for name in self.view.timeline.lane_order() if name != self.lane]
        if before is not None:
            return order.index(before)
        shown = {name: centre for name, centre in self.view.lane_centres().items() if name != self.lane}
        return order.index(min(shown, key=shown.get)) + 1 if shown else len(order)  # after the lowest shown
