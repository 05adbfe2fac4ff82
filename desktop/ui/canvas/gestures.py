"""What the mouse does on the timeline: select, rubber-band, move, resize, create.

``GestureViewBox`` takes pyqtgraph's mouse events before the stock pan: Shift, or Ctrl
on empty space, draws a rubber band; a press on an event starts moving (or, on a bar's
end, resizing) the selection; on a lane's lower edge, sizing the lane (a double-click
there sizes it by its labels again); anything else pans. A drag shows a dashed preview of
where the events will land and is turned into one ``Edit`` only on release, so a whole
drag is one undo step; held near an edge of the view, it scrolls the view that way. The view never applies an edit itself: it asks for it with
``editRequested``. The view box works on any ``GestureTarget``: what it needs of the view.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, SignalInstance
from PySide6.QtGui import QColor, QPainter, QPen

from ...model import DateError, Edit, Event, ModelError, Timeline, editing, span_label
from ...model.spans import window
from .marks import BAR_HEIGHT, MARK_RADIUS
from .time_axis import DAY, MINUTE

DRAG_COLOUR = QColor("#111111")
ERROR_COLOUR = QColor("#c62828")
FREE_MODIFIER = Qt.KeyboardModifier.AltModifier  # no snapping to the date's own precision
FREE_HINT = " · hold Alt to move by days, at day precision"
DRAG_CANCELLED = "Drag cancelled: the timeline changed under it"
EDGE_ZONE = 30.0  # pixels inside the view's edges where a drag scrolls it
SCROLL_EVERY_MS = 30
SCROLL_SHARE = 0.02  # of the span in view, per step, at the very edge
SCROLL_PIXELS = 12.0  # of the lanes, per step, at the very edge
TIME_ZOOM = 7 * DAY  # shown at most: the axis reads hours, and events with a time of day move by minutes


class GestureTarget(Protocol):
    """What the gestures need of the timeline view."""

    timeline: Timeline
    editRequested: SignalInstance  # an Edit
    eventActivated: SignalInstance  # an event id
    dragStatus: SignalInstance  # text for the status bar

    def mapFromScene(self, point: QPointF) -> QPoint: ...
    def setFocus(self, reason: Qt.FocusReason) -> None: ...
    def event_at(self, point: QPointF) -> str | None: ...
    def end_at(self, point: QPointF) -> tuple[str, str] | None: ...
    def lane_edge_at(self, point: QPointF) -> str | None: ...
    def size_lane_to(self, name: str, bottom: float) -> None: ...
    def set_lane_height(self, name: str, height: float | None) -> None: ...
    def events_in(self, rect: QRectF) -> list[str]: ...
    def lane_at(self, scene_pos: QPointF) -> str | None: ...
    def lane_centres(self) -> dict[str, float]: ...
    def plot_rect(self) -> QRectF: ...
    def scroll_by(self, pixels: float) -> None: ...
    def open_column(self, point: QPointF) -> bool: ...
    def selected_ids(self) -> list[str]: ...
    def select(self, ids: list[str]) -> None: ...
    def request_new_event(self, x: float, lane: str | None) -> None: ...
    def request_menu(self, scene_pos: QPointF, screen_pos: QPoint) -> None: ...


@dataclass(frozen=True)
class MenuTarget:
    """What a right-click is on, for its menu: an "event" (``key`` its id), a "lane" (its
    name, clicked where the lanes are named), "empty" space (``key`` the lane it is in, or
    ""), a "period" or a "note" (its id); and the day under the pointer."""

    kind: str
    key: str
    day: dt.date


@dataclass
class Drag:
    ids: list[str]
    which: str | None  # None: move; "start" or "end": resize that end of ids[0]
    lane: str  # the lane the drag started in
    press_x: float  # view units (seconds)


class ViewOverlay(pg.GraphicsObject):
    """An item that covers the visible view, to paint in viewport pixels over it."""

    def boundingRect(self) -> QRectF:
        view = self.getViewBox()
        if view is None:
            return QRectF()
        (x0, x1), (y0, y1) = view.viewRange()
        return QRectF(x0, y0, x1 - x0, y1 - y0)

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()
        super().viewRangeChanged()


class DragPreview(ViewOverlay):
    """Dashed outlines of where the dragged events would land."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(50)
        self.shapes: list[tuple[float, float, float, bool]] = []  # left, right (s), lane y, is range
        self.valid = True

    def show_events(self, events: list[Event], lane_y: dict[str, float], valid: bool) -> None:
        self.prepareGeometryChange()
        self.shapes = [
            (window(e.start)[0], window(e.end or e.start)[1], lane_y[e.lane], e.is_range)
            for e in events
            if e.lane in lane_y
        ]
        self.valid = valid
        self.update()

    def clear(self) -> None:
        self.show_events([], {}, True)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(DRAG_COLOUR if self.valid else ERROR_COLOUR, 2.0, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for left, right, y, is_range in self.shapes:
            top_left = transform.map(QPointF(left, y))
            x1 = transform.map(QPointF(right, y)).x()
            if is_range:
                painter.drawRoundedRect(QRectF(top_left.x(), top_left.y() - BAR_HEIGHT / 2, max(x1 - top_left.x(), 2.0), BAR_HEIGHT), 3, 3)
            else:
                painter.drawEllipse(QPointF((top_left.x() + x1) / 2, top_left.y()), MARK_RADIUS + 2, MARK_RADIUS + 2)
        painter.restore()


class GestureViewBox(pg.ViewBox):
    """The timeline's ViewBox; ``owner`` is the view it belongs to."""

    def __init__(self) -> None:
        super().__init__()
        self.owner: GestureTarget | None = None
        self.preview = DragPreview()
        self.addItem(self.preview, ignoreBounds=True)
        self._drag: Drag | None = None
        self._band = False
        self._sizing: str | None = None  # the lane whose lower edge a drag holds
        self._press_modifiers = Qt.KeyboardModifier.NoModifier
        self._last = None  # the drag's latest mouse event, to follow again as the view scrolls
        self._scroller = QTimer(self)
        self._scroller.setInterval(SCROLL_EVERY_MS)
        self._scroller.timeout.connect(self._auto_scroll)

    def mousePressEvent(self, ev) -> None:
        # Which modifiers were held at the press decides what a drag does.
        self._press_modifiers = ev.modifiers()
        ev.ignore()  # the scene turns the press into pyqtgraph's click and drag events

    # --- clicks -----------------------------------------------------------------

    def mouseClickEvent(self, ev) -> None:
        if ev.button() == Qt.MouseButton.RightButton:  # here too from the lane names' axis
            ev.accept()
            self.owner.setFocus(Qt.FocusReason.MouseFocusReason)
            self.owner.request_menu(ev.scenePos(), ev.screenPos().toPoint())
            return
        if ev.button() != Qt.MouseButton.LeftButton:
            return super().mouseClickEvent(ev)
        ev.accept()
        view = self.owner
        view.setFocus(Qt.FocusReason.MouseFocusReason)
        point = view.mapFromScene(ev.scenePos())
        hit = view.event_at(point)
        if ev.double():
            if hit is None and (lane := view.lane_edge_at(point)) is not None:
                view.set_lane_height(lane, None)  # sized by its labels again
            elif hit is None:
                view.request_new_event(self.mapSceneToView(ev.scenePos()).x(), view.lane_at(ev.scenePos()))
            else:
                view.eventActivated.emit(hit)
            return
        modifiers = ev.modifiers()
        selected = view.selected_ids()
        if hit is None:
            if not modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier) and not view.open_column(point):
                view.select([])
        elif modifiers & Qt.KeyboardModifier.ControlModifier:
            view.select([i for i in selected if i != hit] if hit in selected else selected + [hit])
        elif modifiers & Qt.KeyboardModifier.ShiftModifier:
            view.select(selected if hit in selected else selected + [hit])
        else:
            view.select([hit])

    # --- drags ------------------------------------------------------------------

    def mouseDragEvent(self, ev, axis=None) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return super().mouseDragEvent(ev, axis)
        if ev.isStart():
            self._start(ev)
        if self._drag is not None:
            ev.accept()
            self._follow(ev)
            self._last = None if ev.isFinish() else ev
            if self._last is not None and not self._scroller.isActive():
                self._scroller.start()
        elif self._band:
            ev.accept()
            self._rubber_band(ev)
        elif self._sizing is not None:
            ev.accept()
            self.owner.size_lane_to(self._sizing, self.mapSceneToView(ev.scenePos()).y())
            if ev.isFinish():
                self._sizing = None
        else:
            super().mouseDragEvent(ev, axis)  # pan

    def _start(self, ev) -> None:
        view = self.owner
        press = ev.buttonDownScenePos()
        point = view.mapFromScene(press)
        modifiers = ev.modifiers() | self._press_modifiers
        self._drag, self._band, self._sizing = None, False, None
        if modifiers & Qt.KeyboardModifier.ShiftModifier:  # whatever is under the press
            self._band = True
            return
        end = view.end_at(point)
        hit = end[0] if end else view.event_at(point)
        if hit is None:
            self._band = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
            self._sizing = None if self._band else view.lane_edge_at(point)
            return
        if end is not None:
            ids = [hit]
        elif hit in view.selected_ids():
            ids = view.selected_ids()
        elif modifiers & Qt.KeyboardModifier.ControlModifier:
            ids = view.selected_ids() + [hit]
        else:
            ids = [hit]
        view.select(ids)
        timeline = view.timeline
        self._drag = Drag(ids, end[1] if end else None, timeline.events[hit].lane, self.mapSceneToView(press).x())

    def _edit(self, ev) -> Edit:
        """The edit the drag stands for at this point (ModelError/DateError if impossible)."""
        drag, view = self._drag, self.owner
        seconds = self.mapSceneToView(ev.scenePos()).x() - drag.press_x
        days = round(seconds / DAY)
        free = bool(ev.modifiers() & FREE_MODIFIER)
        timeline = view.timeline
        if drag.which is not None:
            event = timeline.events[drag.ids[0]]
            return editing.put(timeline, "events", [editing.resize(event, drag.which, days, to_days=free)], "Resize")
        lane = view.lane_at(ev.scenePos())
        # Only a selection from one lane changes lane; several lanes keep theirs.
        if lane in (None, drag.lane) or any(timeline.events[i].lane != drag.lane for i in drag.ids):
            lane = None
        (x0, x1), _ = self.viewRange()
        if x1 - x0 <= TIME_ZOOM and all(timeline.events[i].start.time is not None for i in drag.ids):  # hours on the axis
            return editing.move_events(timeline, drag.ids, 0, lane, minutes=round(seconds / MINUTE))
        return editing.move_events(timeline, drag.ids, days, lane, to_days=free)

    def cancel_drag(self) -> None:
        """The timeline changed under a drag (an undo, say): drop it rather than move
        what may no longer be there."""
        if self._drag is not None:
            self._drag = self._last = None
            self.preview.clear()
            self.owner.dragStatus.emit(DRAG_CANCELLED)

    def _follow(self, ev) -> None:
        view = self.owner
        try:
            edit = self._edit(ev)
            error = None
        except (ModelError, DateError) as problem:
            edit, error = None, str(problem)
        landed = {change.id: change.after for change in edit.changes} if edit else {}
        moved = [landed.get(i, view.timeline.events[i]) for i in self._drag.ids]
        if ev.isFinish():
            self.preview.clear()
            self._drag = None
            view.dragStatus.emit(error or "")
            if edit is not None and edit.changes:
                view.editRequested.emit(edit)
            return
        self.preview.show_events(moved, view.lane_centres(), error is None)
        view.dragStatus.emit(error or _describe(moved, bool(ev.modifiers() & FREE_MODIFIER)))

    def _auto_scroll(self) -> None:
        """While a drag is held near an edge of the view (or past it), scroll the view that
        way, faster nearer the edge, and follow the drag to where the pointer now is."""
        if self._drag is None or self._last is None:
            return self._scroller.stop()
        view = self.owner
        point = QPointF(view.mapFromScene(self._last.scenePos()))
        rect = view.plot_rect()
        dx, dy = _push(point.x(), rect.left(), rect.right()), _push(point.y(), rect.top(), rect.bottom())
        if dx:
            (x0, x1), _ = self.viewRange()
            self.translateBy(x=dx * SCROLL_SHARE * (x1 - x0))
        if dy:
            view.scroll_by(dy * SCROLL_PIXELS)
        if dx or dy:
            self._follow(self._last)

    def _rubber_band(self, ev) -> None:
        rect = QRectF(ev.buttonDownPos(), ev.pos()).normalized()
        if not ev.isFinish():
            self.updateScaleBox(ev.buttonDownPos(), ev.pos())
            return
        self.rbScaleBox.hide()
        self._band = False
        view = self.owner
        corners = [view.mapFromScene(self.mapToScene(p)) for p in (rect.topLeft(), rect.bottomRight())]
        found = view.events_in(QRectF(QPointF(corners[0]), QPointF(corners[1])))
        keep = view.selected_ids() if ev.modifiers() & Qt.KeyboardModifier.ControlModifier else []
        view.select(keep + [i for i in found if i not in keep])


def _push(at: float, low: float, high: float) -> float:
    """How far into the edge zones of ``low``–``high`` a position is: -1 to 0 at the low
    end, 0 to 1 at the high end, 0 between."""
    if at < low + EDGE_ZONE:
        return -min(1.0, (low + EDGE_ZONE - at) / EDGE_ZONE)
    if at > high - EDGE_ZONE:
        return min(1.0, (at - high + EDGE_ZONE) / EDGE_ZONE)
    return 0.0


def _describe(events: list[Event], free: bool) -> str:
    """Status-bar text while dragging: where the first event lands, and, if any is dated to
    the month or the year, how to move it by days."""
    first = events[0]
    text = f"{first.title}: {span_label(first.start, first.end)} · {first.lane}"
    if len(events) > 1:
        text += f" (and {len(events) - 1} more)"
    coarse = any(date.day is None for e in events for date in (e.start, e.end) if date)
    return text + (FREE_HINT if coarse and not free else "")  # Alt changes nothing for a day
