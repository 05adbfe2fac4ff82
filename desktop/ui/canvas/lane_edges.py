"""Sizing a lane by hand: its lower edge, where the lanes are named, shows a resize
cursor; dragged, it sets the lane's height; double-clicked, the lane is sized by its
labels again. The lane names' axis hands its mouse events here first."""
from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt

EDGE_GRAB = 4.0  # pixels either side of a lane's lower edge


class LaneSizing(Protocol):
    """What sizing lanes needs of the timeline view (y in view units, which are pixels)."""

    def lane_extents(self) -> dict[str, tuple[float, float]]: ...
    def set_lane_height(self, name: str, height: float | None) -> None: ...
    def size_lane_to(self, name: str, bottom: float) -> None: ...


class LaneEdges:
    def __init__(self, lanes: LaneSizing) -> None:
        self._lanes = lanes
        self._dragging: str | None = None  # the lane whose edge is held

    def edge_at(self, y: float) -> str | None:
        """The lane whose lower edge is at ``y``."""
        return next((name for name, (_, bottom) in self._lanes.lane_extents().items() if abs(y - bottom) <= EDGE_GRAB), None)

    def hover(self, item, y: float | None) -> None:
        """Show the resize cursor over ``item`` while ``y`` (None: gone) is on an edge."""
        if y is not None and (self._dragging or self.edge_at(y)):
            item.setCursor(Qt.CursorShape.SizeVerCursor)
        else:
            item.unsetCursor()

    def drag(self, ev, y_of) -> bool:
        """Follow a drag that started on an edge (``y_of`` maps a scene point to view y);
        False if it did not, for the axis to handle."""
        if ev.button() != Qt.MouseButton.LeftButton:
            return False
        if ev.isStart():
            self._dragging = self.edge_at(y_of(ev.buttonDownScenePos()))
        if self._dragging is None:
            return False
        ev.accept()
        self._lanes.size_lane_to(self._dragging, y_of(ev.scenePos()))
        if ev.isFinish():
            self._dragging = None
        return True

    def click(self, ev, y: float) -> bool:
        """A click on an edge does nothing but a double-click, which sizes the lane by its
        labels again; False if the click was not on an edge."""
        name = self.edge_at(y)
        if name is None or ev.button() != Qt.MouseButton.LeftButton:
            return False
        ev.accept()
        if ev.double():
            self._lanes.set_lane_height(name, None)
        return True
