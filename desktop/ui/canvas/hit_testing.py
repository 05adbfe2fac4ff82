"""What is drawn at a point of the view, read from the lanes' layouts (the same ones that
were painted), in viewport pixels."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF

from .lane_data import LaneData
from .layout import Aggregate, LaneLayout, Placed, Viewport
from .marks import BAR_HEIGHT, MARK_RADIUS

END_GRAB = 5.0  # pixels either side of a bar's end where a drag resizes it
MARK_GRAB = MARK_RADIUS + 2.0  # from a mark's centre: a hand is not that exact


class Laid(NamedTuple):
    """A lane as laid out now."""

    name: str
    data: LaneData
    layout: LaneLayout
    view: Viewport
    text_width: Callable[[int], float] | None = None  # of an event's title as painted; None: its whole label


def event_at(lanes: Iterable[Laid], point: QPointF) -> str | None:
    """The event drawn at ``point``: where its mark, its bar or the text of its label is
    painted, the one painted last (on top) where several are."""
    found = None
    for lane in lanes:
        for place in lane.layout.placed:
            if not place.stacked and _drawn_at(lane, place, point):
                found = lane.data.ids[place.index]
        if _column_at(lane, point) is not None:  # columns are painted over a lane's events
            found = None
    return found


def _drawn_at(lane: Laid, place: Placed, point: QPointF) -> bool:
    i = place.index
    if lane.data.is_range[i]:
        if _bar(lane, place).contains(point):
            return True
    elif _distance(place.centre, point) <= MARK_GRAB:
        return True
    return place.label is not None and text_rect(lane, place).contains(point)


def _distance(a: QPointF, b: QPointF) -> float:
    d = a - b
    return (d.x() ** 2 + d.y() ** 2) ** 0.5


def _bar(lane: Laid, place: Placed) -> QRectF:
    """A range's bar as painted: its visible part."""
    data, view, i = lane.data, lane.view, place.index
    left = max(data.start_lo[i] * view.sx + view.tx, view.left)
    right = min(data.end_hi[i] * view.sx + view.tx, view.right)
    return QRectF(left, place.centre.y() - BAR_HEIGHT / 2, max(right - left, 2.0), BAR_HEIGHT)


def text_rect(lane: Laid, place: Placed) -> QRectF:
    """Where a label's text is painted: its label, narrowed to the text's width on the
    side the text is aligned to (the side of its mark)."""
    label = place.label
    if lane.text_width is None:
        return label
    width = min(label.width(), lane.text_width(place.index))
    if label.right() < place.centre.x():  # a label left of its mark is aligned right
        return QRectF(label.right() - width, label.top(), width, label.height())
    return QRectF(label.left(), label.top(), width, label.height())


def drawn_rects(lane: Laid) -> list[QRectF]:
    """Where the lane paints something: each label's text, mark or bar, and column."""
    found = []
    for place in lane.layout.placed:
        if place.stacked:
            continue
        if lane.data.is_range[place.index]:
            found.append(_bar(lane, place))
        else:
            found.append(QRectF(place.centre.x() - MARK_RADIUS, place.centre.y() - MARK_RADIUS, 2 * MARK_RADIUS, 2 * MARK_RADIUS))
        if place.label is not None:
            found.append(text_rect(lane, place))
    return found + [a.bar for a in lane.layout.aggregates]


def aggregate_at(lanes: Iterable[Laid], point: QPointF) -> tuple[Laid, Aggregate] | None:
    """The column of counted events drawn at ``point``, with its lane."""
    for lane in lanes:
        if (found := _column_at(lane, point)) is not None:
            return lane, found
    return None


def _column_at(lane: Laid, point: QPointF) -> Aggregate | None:
    return next((a for a in lane.layout.aggregates if a.bar.adjusted(-1, 0, 1, 0).contains(point)), None)


def end_at(lanes: Iterable[Laid], point: QPointF) -> tuple[str, str] | None:
    """(event id, "start" or "end") when ``point`` is on the end of a bar in view, and
    nothing of another event is painted over it there."""
    lanes = list(lanes)
    for lane in lanes:
        data, view = lane.data, lane.view
        for place in lane.layout.placed:
            i = place.index
            if place.stacked or not data.is_range[i] or abs(point.y() - place.centre.y()) > BAR_HEIGHT / 2:
                continue
            for which, x in (("start", data.start_lo[i] * view.sx + view.tx), ("end", data.end_hi[i] * view.sx + view.tx)):
                if view.left <= x <= view.right and abs(point.x() - x) <= END_GRAB:
                    on_top = event_at(lanes, point)
                    return (data.ids[i], which) if on_top in (None, data.ids[i]) else None
    return None


def events_in(lanes: Iterable[Laid], rect: QRectF) -> list[str]:
    """Events drawn (mark, bar, label, or counted in a column) within ``rect``."""
    found = []
    for lane in lanes:
        ids, layout = lane.data.ids, lane.layout
        found += [ids[p.index] for p in layout.placed if p.hit.intersects(rect)]
        found += [ids[n] for a in layout.aggregates if a.bar.intersects(rect) for n in layout.members(a).tolist()]
    return found


def mark_positions(lane: Laid, wanted: set[str]) -> dict[str, QPointF]:
    """Where the marks of the ``wanted`` events of the lane are drawn; for one counted in a
    column, the column's middle."""
    ids, layout = lane.data.ids, lane.layout
    found = {ids[p.index]: p.centre for p in layout.placed if ids[p.index] in wanted}
    for aggregate in layout.aggregates:
        found.update((ids[n], aggregate.bar.center()) for n in layout.members(aggregate).tolist() if ids[n] in wanted)
    return found
