"""The user's annotations drawn over the timeline: shaded periods, notes pinned to a
date, and callouts for annotated events.

Two graphics items paint them, in viewport pixels, from one ``Geometry`` laid out by
the layer, which follows the view's ``refreshed`` signal. The backdrop, behind the lanes, holds the period bands, the notes' dashed
lines and the callouts' leaders; it never takes the mouse, so events inside a period
are clicked and dragged as anywhere else. The strip, above the lanes, holds the labels,
in rows that the view keeps free over the top lane (the view's ``set_headroom``), so
no label hides an event's. Only a period's header (its edges resize it) and a note's
box take the mouse; a drag previews the move and asks the view for one edit on release.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Protocol

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QObject, QPoint, QPointF, QRectF, Qt, SignalInstance
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QToolTip, QWidget

from ...model import DateError, Edit, Event, FuzzyDate, ModelError, Timeline, editing, span_label
from ..dialogs.period import PeriodValues, ask_period
from ..dialogs.text import ask_text
from . import leaders
from .gestures import DRAG_CANCELLED, FREE_HINT, FREE_MODIFIER, MenuTarget, ViewOverlay
from .time_axis import DAY, epoch_seconds


class AnnotatedView(Protocol):
    """What the layer needs of the timeline view it draws on."""

    timeline: Timeline
    refreshed: SignalInstance  # the lanes follow the timeline again
    arranged: SignalInstance  # the lanes have new heights
    editRequested: SignalInstance  # an Edit
    dragStatus: SignalInstance  # text for the status bar
    contextMenuRequested: SignalInstance  # a MenuTarget and a screen point
    contextMenuRequested: SignalInstance  # a MenuTarget and a point on the screen

    def getViewBox(self) -> pg.ViewBox: ...
    def viewportTransform(self) -> QTransform: ...
    def window(self) -> QWidget: ...
    def mark_positions(self, event_ids: list[str]) -> dict[str, QPointF]: ...
    def set_headroom(self, pixels: float) -> None: ...
    def lane_extents(self) -> dict[str, tuple[float, float]]: ...
    def event_at(self, point: QPointF) -> str | None: ...
    def drawn_rects(self) -> list[QRectF]: ...

ROW_PX = 22.0  # one row of labels above the lanes
MAX_BOX_ROWS = 3  # rows for notes and callouts; past that, boxes in a row are shortened
MIN_BOX_WIDTH = 30.0  # what a shortened box keeps: enough for "…" and a hover
PAD = 4.0  # text inside a box
GAP = 4.0  # between boxes in a row
EDGE_GRAB = 5.0  # pixels either side of a period's end where a drag resizes it

PERIOD_BAND = QColor(214, 150, 40, 34)
PERIOD_EDGE = QColor(190, 125, 20, 150)
PERIOD_HEADER = QColor("#f3dcae")
PERIOD_TEXT = QColor("#5b3b00")
NOTE_BOX = QColor("#fff3b0")
NOTE_LINE = QColor("#8d7b12")
CALLOUT_BOX = QColor("#ffffff")
CALLOUT_LINE = QColor("#555555")
TEXT = QColor("#1a1a1a")


@dataclass
class Box:
    """One annotation as drawn, in viewport pixels."""

    kind: str  # "periods", "notes", or "events" for a callout
    id: str
    text: str  # in full; drawn shortened to fit ``label``
    rect: QRectF  # what the mouse grabs: a period's header and label, a note's or callout's box
    label: QRectF  # where the text goes
    anchor: QPointF | None = None  # a note's foot on the lanes' top, a callout's event mark
    edges: tuple[float, float] | None = None  # a period's start and end
    bands: tuple[tuple[float, float], ...] = ()  # a period's band: top and bottom over each run of lanes it spans
    colour: QColor | None = None  # a period's own; None: the default
    leader: tuple[QPointF, ...] = ()  # a callout's, from its box to its mark, clear of labels and marks; none from a box out of sight


@dataclass
class Geometry:
    boxes: list[Box]  # periods first, then notes and callouts
    bottom: float  # of the lanes


def _middle(date: FuzzyDate) -> float:
    """Where a date is drawn: the middle of the days it stands for, as an event's mark."""
    return (epoch_seconds(date.earliest) + epoch_seconds(date.latest) + DAY) / 2


def _arrowhead(tail: QPointF, tip: QPointF, size: float = 7.0) -> QPolygonF:
    back = QLineF(tip, tail)
    back.setLength(size)
    side = back.normalVector()
    side.setLength(size / 3)
    offset = side.p2() - side.p1()
    return QPolygonF([tip, back.p2() + offset, back.p2() - offset])


def _stack(boxes: list[Box], rows: int) -> list[int]:
    """A row for each box (sorted by left): the first row free at its left; otherwise the
    row that frees up first, shortening the box there, down to MIN_BOX_WIDTH, and only
    then pushing this one right of its anchor."""
    last: list[Box | None] = [None] * rows
    found = []
    for box in boxes:
        row = next((r for r, b in enumerate(last) if b is None or b.rect.right() + GAP <= box.rect.left()), None)
        if row is None:
            row = min(range(rows), key=lambda r: last[r].rect.right())
            before = last[row]
            before.rect.setRight(max(box.rect.left() - GAP, before.rect.left() + MIN_BOX_WIDTH))
            box.rect.moveLeft(max(box.rect.left(), before.rect.right() + GAP))
        last[row] = box
        found.append(row)
    return found


class _Overlay(ViewOverlay):
    """Paints in viewport pixels what the layer lays out."""

    def __init__(self, layer: AnnotationLayer, z: float) -> None:
        super().__init__()
        self.layer = layer
        self.setZValue(z)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        geometry = self.layer.geometry(painter.transform())
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.draw(painter, geometry)
        painter.restore()

    def draw(self, painter: QPainter, geometry: Geometry) -> None:
        raise NotImplementedError


class _Backdrop(_Overlay):
    """Bands, note lines and leaders, behind the lanes; never under the mouse."""

    def __init__(self, layer: AnnotationLayer) -> None:
        super().__init__(layer, -10)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def shape(self) -> QPainterPath:
        return QPainterPath()

    def draw(self, painter: QPainter, geometry: Geometry) -> None:
        for box in geometry.boxes:
            top = box.rect.bottom()
            if box.edges is not None:
                left, right = box.edges
                band, edge = _period_colours(box.colour)[:2]
                for band_top, band_bottom in box.bands:
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(band)
                    painter.drawRect(QRectF(left, band_top, right - left, band_bottom - band_top))
                    painter.setPen(QPen(edge, 1.0, Qt.PenStyle.DotLine))
                    for x in box.edges:
                        painter.drawLine(QPointF(x, band_top), QPointF(x, band_bottom))
            elif box.kind == "notes":
                painter.setPen(QPen(NOTE_LINE, 1.2, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(box.anchor.x(), top), QPointF(box.anchor.x(), geometry.bottom))
            else:
                painter.setPen(QPen(CALLOUT_LINE, 1.0))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPolyline(QPolygonF(list(box.leader)))


class _Strip(_Overlay):
    """Labels above the lanes: period headers, note boxes, callouts. Handles the mouse on
    a period's header and a note's box, and lets every other press through."""

    def __init__(self, layer: AnnotationLayer) -> None:
        super().__init__(layer, 20)
        self._drag: tuple[Box, str, float] | None = None  # box, part, press x (view units)

    def shape(self) -> QPainterPath:
        transform = self.layer.transform()
        back = transform.inverted()[0]
        path = QPainterPath()
        for box in self.layer.geometry(transform).boxes:
            path.addRect(back.mapRect(box.rect.adjusted(-EDGE_GRAB, 0, EDGE_GRAB, 0)))
            for x in box.edges or ():  # an edge is grabbed all along its band
                for top, bottom in box.bands:
                    path.addRect(back.mapRect(QRectF(x - EDGE_GRAB, top, 2 * EDGE_GRAB, bottom - top)))
        return path

    def draw(self, painter: QPainter, geometry: Geometry) -> None:
        layer = self.layer
        for box in geometry.boxes:
            if box.edges is not None:
                left, right = box.edges
                header = QRectF(left, box.rect.top(), right - left, box.rect.height())
                _, edge, fill, text = _period_colours(box.colour)
                painter.setPen(QPen(edge, 1.0))
                painter.setBrush(fill)
                painter.drawRect(header.intersected(box.rect.adjusted(-1, 0, 1, 0)))
                painter.setFont(layer.bold)
                painter.setPen(text)
            else:
                callout = box.kind == "events"
                painter.setPen(QPen(CALLOUT_LINE if callout else NOTE_LINE, 1.0))
                painter.setBrush(CALLOUT_BOX if callout else NOTE_BOX)
                painter.drawRoundedRect(box.rect, 3, 3)
                if box.leader:  # over the lanes: the leader may pass other marks before its own
                    painter.setBrush(CALLOUT_LINE)
                    painter.drawPolygon(_arrowhead(*box.leader[-2:]))
                painter.setFont(layer.italic if callout else layer.font)
                painter.setPen(TEXT)
            area = box.label.adjusted(PAD, 0, -PAD, 0)
            text = painter.fontMetrics().elidedText(box.text.replace("\n", " "), Qt.TextElideMode.ElideRight, int(area.width()) + 1)  # the box is as wide as the text: no rounding it down
            painter.drawText(area, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)

    # --- mouse ------------------------------------------------------------------

    def hoverEvent(self, ev) -> None:
        hit = None if ev.isExit() else self.layer.hit(self.layer.transform().map(ev.pos()))
        if hit is None:
            self.unsetCursor()
            self.setToolTip("")
            return
        box, part = hit
        self.setToolTip(self.layer.describe(box.kind, box.id))
        if not part:  # a callout: its tooltip only
            self.unsetCursor()
            return
        for button in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            ev.acceptClicks(button)
        ev.acceptDrags(Qt.MouseButton.LeftButton)
        self.setCursor(Qt.CursorShape.SizeAllCursor if part == "move" else Qt.CursorShape.SizeHorCursor)

    def mouseClickEvent(self, ev) -> None:
        hit = self.layer.hit(self.layer.transform().map(ev.pos()))
        if hit is None or not hit[1]:
            return ev.ignore()
        ev.accept()
        box = hit[0]
        if ev.button() == Qt.MouseButton.RightButton:
            self.layer.context_menu(box.kind, box.id, ev.screenPos().toPoint())
        elif ev.double():
            self.layer.edit_text(box.kind, box.id)

    def mouseDragEvent(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return ev.ignore()
        if ev.isStart():
            hit = self.layer.hit(self.layer.transform().map(ev.buttonDownPos()))
            self._drag = (hit[0], hit[1], ev.buttonDownPos().x()) if hit and hit[1] else None
        if self._drag is None:
            return ev.ignore()  # the view pans or drags events
        ev.accept()
        box, part, press_x = self._drag
        days = round((ev.pos().x() - press_x) / DAY)
        text = self.layer.drag(box.kind, box.id, part, days, bool(ev.modifiers() & FREE_MODIFIER), ev.isFinish())
        if ev.isFinish():
            self._drag = None
            QToolTip.hideText()
        else:
            QToolTip.showText(ev.screenPos().toPoint(), text)


class AnnotationLayer(QObject):
    """Draws the view's timeline's periods, pinned notes and callouts on it and turns the
    user's gestures on them into edits, asked for with the view's ``editRequested``."""

    def __init__(self, view: AnnotatedView) -> None:
        super().__init__(view)
        self.view = view
        self.callouts_shown = True
        self._preview: dict[tuple[str, str], object] = {}  # what a drag in progress would store
        self._period_rows: dict[str, int] = {}
        self._rows = self._box_rows = 0
        self._room = 0.0  # pixels above the lanes for those rows
        self._callouts: list[str] = []  # annotated events, while callouts are shown
        self.font = QFont()
        self.font.setPointSizeF(9.0)
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.italic = QFont(self.font)
        self.italic.setItalic(True)
        self.backdrop = _Backdrop(self)
        self.strip = _Strip(self)
        for item in (self.backdrop, self.strip):
            view.getViewBox().addItem(item, ignoreBounds=True)  # drawn over the data, not part of it
        view.refreshed.connect(self.refresh)
        view.arranged.connect(self.redraw)  # a period's band follows the lanes it spans
        self.refresh()

    @property
    def timeline(self) -> Timeline:
        return self.view.timeline

    def refresh(self, edit: Edit | None = None) -> None:
        """Follow the timeline: rows for the periods (overlapping ones one under the other)
        and for the boxes, and that much room above the lanes."""
        self._preview = {}  # a drag's preview of a record that may have just changed
        self._period_rows.clear()
        ends: list[dt.date] = []
        for period in sorted(self.timeline.periods.values(), key=lambda p: (p.start.earliest, p.id)):
            row = next((r for r, end in enumerate(ends) if end < period.start.earliest), len(ends))
            ends[row : row + 1] = [period.end.latest]
            self._period_rows[period.id] = row
        if edit is None or any(_annotated(c.before) != _annotated(c.after) for c in edit.changes if c.kind == "events"):
            events = self.timeline.events.values() if self.callouts_shown else ()  # a pass over them all: not for every drag
            self._callouts = [e.id for e in events if _annotated(e)]
        self._box_rows = min(len(self.timeline.notes) + len(self._callouts), MAX_BOX_ROWS)
        self._rows = len(ends) + self._box_rows
        self._room = self._rows * ROW_PX + 4 if self._rows else 0.0
        self.view.set_headroom(self._room)
        self.redraw()

    def redraw(self) -> None:
        """Paint again, everywhere: a callout follows its mark, which a filter may hide."""
        self.backdrop.update()
        self.strip.update()

    def show_callouts(self, shown: bool) -> None:
        self.callouts_shown = shown
        self.refresh()

    # --- layout -------------------------------------------------------------------

    def transform(self) -> QTransform:
        """View units to viewport pixels, as the next paint will have them."""
        self.view.getViewBox().updateMatrix()
        return self.strip.deviceTransform(self.view.viewportTransform())

    def _record(self, kind: str, key: str):
        return self._preview.get((kind, key)) or self.timeline.table(kind)[key]

    @staticmethod
    def _width(text: str, font: QFont) -> float:
        return QFontMetricsF(font).horizontalAdvance(text.replace("\n", " ")) + 2 * PAD

    def geometry(self, transform: QTransform) -> Geometry:
        (x0, x1), (y0, y1) = self.view.getViewBox().viewRange()
        left, right = transform.map(QPointF(x0, 0)).x(), transform.map(QPointF(x1, 0)).x()
        # The rows kept above the lanes (view units along y are pixels), scrolled with them.
        top, lanes_top, bottom, shown_top = (transform.map(QPointF(0, y)).y() for y in (self._room, 0.0, y0, y1))
        if not self._rows or lanes_top - top < self._rows:
            return Geometry([], bottom)
        row_height = (lanes_top - top) / self._rows

        def row_rect(row: int, x: float, width: float) -> QRectF:
            return QRectF(x, top + row * row_height + 2, width, row_height - 4)

        def x_of(seconds: float) -> float:
            return transform.map(QPointF(seconds, 0)).x()

        extents = self.view.lane_extents()

        def bands(period, header_bottom: float) -> tuple[tuple[float, float], ...]:
            """From under the header down the lanes the period spans, joined where they touch."""
            if not period.lanes:
                return ((header_bottom, bottom),)
            runs: list[list[float]] = []
            for lane, (high, low) in extents.items():
                if lane in period.lanes:
                    y0, y1 = transform.map(QPointF(0, high)).y(), transform.map(QPointF(0, low)).y()
                    if runs and abs(runs[-1][1] - y0) < 0.5:
                        runs[-1][1] = y1
                    else:
                        runs.append([y0, y1])
            if runs and abs(runs[0][0] - lanes_top) < 0.5:  # from the top lane: joined to its header
                runs[0][0] = header_bottom
            return tuple((y0, y1) for y0, y1 in runs)

        boxes = []
        periods = sorted((self._record("periods", k) for k in self._period_rows), key=lambda p: p.start.earliest)
        for period in periods:
            a, b = x_of(epoch_seconds(period.start.earliest)), x_of(epoch_seconds(period.end.latest) + DAY)
            if b < left or a > right:
                continue
            row = self._period_rows[period.id]
            # The label starts in view and may run past a short header, up to the next period in its row.
            following = [x_of(epoch_seconds(p.start.earliest)) for p in periods if self._period_rows[p.id] == row and p.start.earliest > period.start.earliest]
            start = max(a, left)
            room = min(following + [right]) - GAP - start
            label = row_rect(self._box_rows + row, start, max(min(self._width(period.label, self.bold), room), min(b, right) - start))
            header = row_rect(self._box_rows + row, a, b - a)
            rect = header.united(label).intersected(QRectF(left, top, right - left, bottom - top))
            colour = QColor(period.colour) if period.colour else None
            boxes.append(Box("periods", period.id, period.label, rect, label, edges=(a, b), bands=bands(period, rect.bottom()), colour=colour))

        anchored = []
        for key in self.timeline.notes:
            note = self._record("notes", key)
            anchored.append(("notes", key, note.text, QPointF(x_of(_middle(note.date)), lanes_top), self.font))
        for key, mark in self.view.mark_positions(self._callouts).items():
            anchored.append(("events", key, self.timeline.events[key].annotation, mark, self.italic))
        flags = []
        for kind, key, text, anchor, font in anchored:
            if not left <= anchor.x() <= right or not shown_top <= anchor.y() <= bottom:  # a mark scrolled out: no callout
                continue
            width = min(self._width(text, font), right - left)  # whole while its row has room: _stack shortens it for the next
            x = anchor.x() if anchor.x() + width <= right else anchor.x() + PAD - width  # a flag, to the left at the right edge
            rect = QRectF(x, 0, width, 0)
            flags.append(Box(kind, key, text, rect, rect, anchor))
        flags.sort(key=lambda box: box.rect.left())
        drawn = None  # on the lanes, read once and only for a callout
        for box, row in zip(flags, _stack(flags, self._box_rows)):  # the first row next to the periods
            box.rect = box.label = row_rect(self._box_rows - 1 - row, box.rect.left(), box.rect.width())
            if box.kind == "events" and box.rect.bottom() > shown_top:  # no arrow from a box scrolled out of sight
                drawn = self.view.drawn_rects() if drawn is None else drawn
                box.leader = leaders.route(box.rect, box.anchor, lanes_top, drawn)
        return Geometry(boxes + flags, bottom)

    def box(self, kind: str, key: str) -> Box | None:
        """Where an annotation is drawn now (None: out of view, or a callout hidden)."""
        return next((b for b in self.geometry(self.transform()).boxes if (b.kind, b.id) == (kind, key)), None)

    def handle_position(self, kind: str, key: str, part: str = "move") -> QPoint:
        """Viewport point where a drag moves a period or note, or (``part`` "start" or
        "end") resizes a period."""
        box = self.box(kind, key)
        if box is None:
            raise LookupError(f"{kind} {key} is not in view")
        if part == "move":
            return box.label.center().toPoint()
        x = box.edges[0] + 2 if part == "start" else box.edges[1] - 2  # just inside the header
        return QPointF(x, box.rect.center().y()).toPoint()

    def hit(self, point: QPointF) -> tuple[Box, str] | None:
        """The box at a viewport point and what dragging it does: "start" or "end" (resize
        a period), "move", or "" for a callout, which only shows its text."""
        boxes = self.geometry(self.transform()).boxes
        for box in boxes:  # a period's ends first: its header covers them
            if box.edges is None or box.edges[1] - box.edges[0] <= 2 * EDGE_GRAB:
                continue
            in_header = box.rect.top() <= point.y() <= box.rect.bottom()
            # Along the band an edge yields to an event painted over it (the band is behind the lanes).
            on_band = any(top <= point.y() <= bottom for top, bottom in box.bands) and self.view.event_at(point) is None
            for part, x in zip(("start", "end"), box.edges):
                if (in_header or on_band) and abs(point.x() - x) <= EDGE_GRAB:
                    return box, part
        for box in reversed(boxes):  # the last drawn is on top
            if box.rect.contains(point):
                return box, "" if box.kind == "events" else "move"
        return None

    def describe(self, kind: str, key: str) -> str:
        if kind == "events":
            event = self.timeline.events[key]
            return f"{event.annotation}\n— your note on '{event.title}'"
        record = self._record(kind, key)
        if kind == "periods":
            return f"{record.label}\n{span_label(record.start, record.end)}\nDrag to move, drag an end to resize; double-click to edit, right-click for more"
        return f"{record.text}\n{record.date.label()}\nDrag to move; double-click to edit, right-click for more"

    # --- edits ----------------------------------------------------------------------

    def drag(self, kind: str, key: str, part: str, days: int, free: bool, finish: bool) -> str:
        """Preview ``key`` moved (or one end moved) by ``days``; on ``finish``, ask for the
        edit. Returns where it lands, or why it cannot, as the status bar says it."""
        record = self.timeline.table(kind).get(key)
        if record is None:  # undone or deleted while being dragged
            self._preview = {}
            self.redraw()
            self.view.dragStatus.emit(DRAG_CANCELLED)
            return DRAG_CANCELLED
        error = ""
        try:
            moved = editing.shift(record, days, to_days=free) if part == "move" else editing.resize(record, part, days, to_days=free)
            if kind == "periods":
                text = f"{moved.label}: {span_label(moved.start, moved.end)}"
            else:
                text = f"{moved.text}: {moved.date.label()}"
            dates = (moved.start, moved.end) if kind == "periods" else (moved.date,)
            if not free and any(date.day is None for date in dates):  # Alt changes nothing for a day
                text += FREE_HINT
        except (ModelError, DateError) as problem:
            moved, text = record, str(problem)
            error = text
        self._preview = {} if finish else {(kind, key): moved}
        self.redraw()
        self.view.dragStatus.emit(error if finish else text)  # a refusal stays said after the release
        if finish and moved != record:
            self.view.editRequested.emit(editing.put(self.timeline, kind, [moved], "Move" if part == "move" else "Resize"))
        return text

    def edit_text(self, kind: str, key: str) -> None:
        """A period's label, dates, colour and lanes in their dialog; a note's text."""
        record = self.timeline.table(kind)[key]
        if kind == "periods":
            values = ask_period(self.view.window(), "Edit period", self.timeline.lane_order(),
                                PeriodValues(record.label, record.start, record.end, record.colour, record.lanes))
            changed = values and replace(record, label=values.label, start=values.start, end=values.end, colour=values.colour, lanes=values.lanes)
        else:
            text = ask_text(self.view.window(), "Edit note", "Text:", record.text)
            changed = text and replace(record, text=text)
        if changed and changed != record:
            self.view.editRequested.emit(editing.put(self.timeline, kind, [changed], "Edit"))

    def context_menu(self, kind: str, key: str, where: QPoint) -> None:
        """Ask the view's owner for the menu of a period or a note."""
        record = self.timeline.table(kind)[key]
        date = record.start if kind == "periods" else record.date
        self.view.contextMenuRequested.emit(MenuTarget("period" if kind == "periods" else "note", key, date.earliest), where)


def _period_colours(colour: QColor | None) -> tuple[QColor, QColor, QColor, QColor]:
    """A period's band, edge, header and text colours: its own, or the default amber."""
    if colour is None:
        return PERIOD_BAND, PERIOD_EDGE, PERIOD_HEADER, PERIOD_TEXT
    band, edge, header = QColor(colour), QColor(colour), QColor(colour).lighter(170)
    band.setAlpha(34)
    edge.setAlpha(150)
    return band, edge, header, QColor(colour).darker(160)


def _annotated(event: Event | None) -> bool:
    return event is not None and bool(event.annotation.strip())
