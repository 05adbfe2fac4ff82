"""What is drawn at a point of the view, read from the lanes' layouts (the same ones that
were painted), in viewport pixels."""
from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF

from .lane_data import LaneData
from .layout import Aggregate, LaneLayout, Viewport
from .marks import BAR_HEIGHT, MARK_RADIUS

END_GRAB = 5.0  # pixels either side of a bar's end where a drag resizes it


class Laid(NamedTuple):
    """A lane as laid out now."""

    name: str
    data: LaneData
    layout: LaneLayout
    view: Viewport


def event_at(lanes: Iterable[Laid], point: QPointF) -> str | None:
    """The event drawn at ``point``: the nearest point mark, else the topmost bar or label
    (the one painted last)."""
    nearest, nearest_distance, covering = None, 2 * MARK_RADIUS, None
    for lane in lanes:
        for place in lane.layout.placed:
            if place.stacked:
                continue
            distance = (place.centre - point).manhattanLength()
            if not lane.data.is_range[place.index] and distance <= nearest_distance:
                nearest, nearest_distance = lane.data.ids[place.index], distance
            elif place.hit.contains(point):
                covering = lane.data.ids[place.index]
    return nearest or covering


def aggregate_at(lanes: Iterable[Laid], point: QPointF) -> tuple[Laid, Aggregate] | None:
    """The column of counted events drawn at ``point``, with its lane."""
    for lane in lanes:
        found = next((a for a in lane.layout.aggregates if a.bar.adjusted(-1, 0, 1, 0).contains(point)), None)
        if found is not None:
            return lane, found
    return None


def end_at(lanes: Iterable[Laid], point: QPointF) -> tuple[str, str] | None:
    """(event id, "start" or "end") when ``point`` is on the visible end of a bar."""
    for lane in lanes:
        data, sx, tx = lane.data, lane.view.sx, lane.view.tx
        for place in lane.layout.placed:
            i = place.index
            if not data.is_range[i] or abs(point.y() - place.centre.y()) > BAR_HEIGHT / 2:
                continue
            for which, x in (("start", data.start_lo[i] * sx + tx), ("end", data.end_hi[i] * sx + tx)):
                if abs(point.x() - x) <= END_GRAB:
                    return data.ids[i], which
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
