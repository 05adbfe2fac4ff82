"""How an event looks: one mark style per status (lane colours are the lanes' own, model/lanes.py), shared by the
timeline and its legend so the two can never disagree."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap

from ...model import LinkType, Status

MARK_RADIUS = 6.0
BAR_HEIGHT = 14.0
DISPUTED_OUTLINE = QColor("#e8590c")
SELECTED_OUTLINE = QColor("#111111")

STATUS_HELP = {
    Status.CONFIRMED: "confirmed: established beyond the claims",
    Status.REPORTED: "reported: relayed by a third party",
    Status.CLAIMED: "claimed: asserted by one party",
    Status.DISPUTED: "disputed: asserted and denied",
    Status.UNSOURCED: "unsourced: no citation yet",
}


# The connector drawn between linked events, one look per type of link.
LINK_STYLES = {
    LinkType.DISPUTES: ("#e8590c", Qt.PenStyle.DashLine),
    LinkType.CAUSES: ("#333333", Qt.PenStyle.SolidLine),
    LinkType.PART_OF: ("#0072B2", Qt.PenStyle.DotLine),
    LinkType.SAME_AS: ("#009E73", Qt.PenStyle.DashDotLine),
}


def link_pen(kind: LinkType) -> QPen:
    colour, style = LINK_STYLES[kind]
    pen = QPen(QColor(colour), 1.4)
    pen.setStyle(style)
    pen.setCosmetic(True)
    return pen


BARS_HINT = "Bars are periods; a pale band is the span that a month or an approximate date may fall in."
COLUMNS_HINT = "A column counts the events too close together to draw one by one: the more events, the taller."


@lru_cache(maxsize=256)  # a frame paints thousands of marks in a few lanes' colours
def _pen_and_brush(status: Status, rgba: int) -> tuple[QPen, QBrush]:
    """Filled for what is established, hollow for what is only claimed, dotted for what
    nobody is cited for."""
    colour = QColor.fromRgba(rgba)
    if status is Status.CONFIRMED:
        return QPen(colour.darker(140), 1.5), QBrush(colour)
    if status is Status.REPORTED:
        light = QColor(colour)
        light.setAlpha(110)
        return QPen(colour, 1.5), QBrush(light)
    if status is Status.UNSOURCED:
        pen = QPen(colour, 1.5)
        pen.setStyle(Qt.PenStyle.DotLine)
        return pen, QBrush(QColor("white"))
    return QPen(colour, 2.0), QBrush(QColor("white"))


@lru_cache(maxsize=1)
def _disputed_pen() -> QPen:
    pen = QPen(DISPUTED_OUTLINE, 2.0)
    pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def paint_marker(painter: QPainter, centre: QPointF, radius: float, status: Status, colour: QColor) -> None:
    pen, brush = _pen_and_brush(status, colour.rgba())
    painter.setPen(pen)
    painter.setBrush(brush)
    painter.drawEllipse(centre, radius, radius)
    if status is Status.DISPUTED:
        painter.setPen(_disputed_pen())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, radius + 2.5, radius + 2.5)


def paint_bar(painter: QPainter, rect: QRectF, status: Status, colour: QColor) -> None:
    pen, brush = _pen_and_brush(status, colour.rgba())
    if status is Status.CONFIRMED:  # a solid bar would hide its label
        light = QColor(colour)
        light.setAlpha(170)
        brush = QBrush(light)
    painter.setPen(pen)
    painter.setBrush(brush)
    painter.drawRoundedRect(rect, 3, 3)
    if status is Status.DISPUTED:
        painter.setPen(_disputed_pen())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(-2.5, -2.5, 2.5, 2.5), 4, 4)


def marker_icon(status: Status, size: int = 18) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_marker(painter, QPointF(size / 2, size / 2), size / 2 - 4, status, QColor("#555555"))
    painter.end()
    return pixmap


def link_icon(kind: LinkType, width: int = 26, height: int = 18) -> QPixmap:
    pixmap = QPixmap(width, height)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    pen = link_pen(kind)
    pen.setWidthF(2.0)
    painter.setPen(pen)
    painter.drawLine(QPointF(1, height / 2), QPointF(width - 1, height / 2))
    painter.end()
    return pixmap
