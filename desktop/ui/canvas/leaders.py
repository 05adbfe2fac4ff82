"""A callout's leader, from its box above the lanes to its event's mark, routed so that
it crosses no label nor other event's mark, bar or column: straight down where nothing is in the way; else down the nearest
free column beside the mark, and across to the mark at its height. Viewport pixels."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF

from .marks import MARK_RADIUS

CLEARANCE = 2.0  # pixels kept between a leader and what the lanes draw
TIP_GAP = MARK_RADIUS + 4  # the arrow stops short of the mark: clear of a disputed ring
CANDIDATES = 8  # free columns tried, nearest first


def route(box: QRectF, mark: QPointF, lanes_top: float, drawn: list[QRectF]) -> tuple[QPointF, ...]:
    """The leader's points from ``box`` (its bottom edge) to just short of ``mark``,
    clear of what is ``drawn`` (but the mark's own shape, which holds ``mark``) where a
    way is found; else straight, as if nothing were there."""
    def start(x: float) -> QPointF:
        return QPointF(min(max(x, box.left() + 4), box.right() - 4), box.bottom())

    straight = (start(mark.x()), QPointF(mark.x(), mark.y() - TIP_GAP))
    in_way = [r.adjusted(-CLEARANCE, -CLEARANCE, CLEARANCE, CLEARANCE) for r in drawn
              if r.bottom() > lanes_top and r.top() < mark.y() + MARK_RADIUS and not r.contains(mark)]
    if _clear(straight, in_way):
        return straight
    for x in _free_columns(mark.x(), in_way)[:CANDIDATES]:
        side = 1.0 if x < mark.x() else -1.0
        path = (start(x), QPointF(x, lanes_top), QPointF(x, mark.y()), QPointF(mark.x() - side * TIP_GAP, mark.y()))
        if _clear(path, in_way):
            return tuple(p for n, p in enumerate(path) if n == 0 or p != path[n - 1])
    return straight


def _free_columns(x: float, rects: list[QRectF]) -> list[float]:
    """Columns between the rectangles' spans, the nearest to ``x`` first: each gap's
    point nearest to it."""
    spans = sorted((r.left(), r.right()) for r in rects)
    gaps, reach = [], float("-inf")
    for left, right in spans:
        if left > reach:
            gaps.append((reach, left))
        reach = max(reach, right)
    gaps.append((reach, float("inf")))
    nearest = [min(max(x, low + 1), high - 1) for low, high in gaps if high - low > 2]
    return sorted(nearest, key=lambda c: abs(c - x))


def _clear(path: tuple[QPointF, ...], rects: list[QRectF]) -> bool:
    return not any(_meets(a, b, r) for a, b in zip(path, path[1:]) for r in rects)


def _meets(a: QPointF, b: QPointF, rect: QRectF) -> bool:
    """Whether the segment from ``a`` to ``b`` passes through ``rect`` (Liang-Barsky)."""
    t0, t1 = 0.0, 1.0
    dx, dy = b.x() - a.x(), b.y() - a.y()
    for p, q in ((-dx, a.x() - rect.left()), (dx, rect.right() - a.x()), (-dy, a.y() - rect.top()), (dy, rect.bottom() - a.y())):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            t0 = max(t0, q / p)
        else:
            t1 = min(t1, q / p)
        if t0 > t1:
            return False
    return True
