"""The lanes' names, left of them: a click on one collapses its lane to a row or expands
it again, a right-click asks for its menu, a drag moves the lane (lane_drag.py); the
wheel over them scrolls the lanes; a lane's lower edge sizes it (``lane_edges``)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt

from .lane_edges import LaneEdges
from .layout import ROW_HEIGHT

EXPANDED, COLLAPSED = "▾", "▸"


class LaneNames(pg.AxisItem):
    def __init__(self, toggle_at: Callable[[float], None], scroll_by: Callable[[float], None], edges: LaneEdges) -> None:
        super().__init__("left")
        self._toggle_at, self._scroll_by = toggle_at, scroll_by
        self.edges = edges
        self.toggles = True  # a picture shows the names alone
        self.reorder: Any = None  # a LaneReorder, which a drag of a name goes to

    def show_lanes(self, centres: list[tuple[float, str]], collapsed: set[str]) -> None:
        """Name the lanes centred at those heights (view units), each with its toggle."""
        def name(lane: str) -> str:
            return f"{COLLAPSED if lane in collapsed else EXPANDED} {lane}" if self.toggles else lane

        self.setTicks([[(y, name(lane)) for y, lane in centres], []])

    def _y(self, scene_pos) -> float:
        return self.linkedView().mapSceneToView(scene_pos).y()

    def hoverEvent(self, ev) -> None:
        if self.linkedView() is not None and self.toggles:
            self.edges.hover(self, None if ev.isExit() else self._y(ev.scenePos()))

    def mouseClickEvent(self, ev) -> None:
        view = self.linkedView()
        if view is None or not self.toggles or self.edges.click(ev, self._y(ev.scenePos())):
            return
        if ev.button() != Qt.MouseButton.LeftButton:
            view.mouseClickEvent(ev)  # a right-click: the lane's menu, as the view gives it
            return
        ev.accept()
        self._toggle_at(view.mapSceneToView(ev.scenePos()).y())

    def mouseDragEvent(self, ev) -> None:
        """A drag from a lane's lower edge sizes the lane; from anywhere else on its name, moves it."""
        if self.linkedView() is None or not self.toggles:
            super().mouseDragEvent(ev)
        elif not self.edges.drag(ev, self._y):
            if self.reorder is not None and ev.button() == Qt.MouseButton.LeftButton:
                self.reorder.drag(ev)
            else:
                super().mouseDragEvent(ev)

    def wheelEvent(self, ev) -> None:
        ev.accept()
        self._scroll_by(-ev.delta() / 120 * 3 * ROW_HEIGHT)  # three rows a notch
