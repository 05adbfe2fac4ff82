"""The timeline widget: one lane per actor on a date axis, each lane one ``LaneItem``.

The view holds the lanes, shares the budget of events laid out one by one among them,
applies the filter, and navigates (fit, zoom, show a range). What the mouse does is
``gestures``; where things go is ``layout``; what is under a point is ``hit_testing``.
It never applies an edit itself: it asks for one with ``editRequested``.

The lanes share a budget of ``DETAIL_BUDGET`` events laid out one by one; past it, the
busiest lanes are counted in columns instead, the quietest first kept whole.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal

from PySide6.QtGui import QColor

from ...model import Edit, Event, Timeline, span_label
from ...model.lanes import styles as lane_styles
from ..selection import Selection
from . import hit_testing
from .annotations import AnnotationLayer
from .gestures import GestureViewBox
from .hit_testing import Laid
from .lane_data import LaneData
from .lane_item import MAX_LABEL_WIDTH, LaneItem
from .layout import COLUMN, LANE_PADDING, ROW_HEIGHT, Aggregate
from .time_axis import DAY, day_at, epoch_seconds

MIN_LANE_WEIGHT, MAX_LANE_WEIGHT = 3, 8
# Laying out and painting one event with its label costs about 50 µs in Python: past
# this many in view, all lanes together, the busiest draw columns of counts instead,
# computed with numpy (see layout.Aggregate). A frame stays within 16 ms.
DETAIL_BUDGET = 200
MIN_SPAN = 3 * DAY  # the closest zoom: a click on a column there selects its events, with no zooming in further
AGGREGATED_ROWS = 4
TOOLTIP_TITLES = 8  # of a column's events, named in its tooltip


class TimelineView(pg.PlotWidget):
    """The timeline widget (objectName ``timeline``)."""

    editRequested = Signal(object)  # an Edit the user made with the mouse
    newEventRequested = Signal(object, str)  # a dt.date and a lane, from a double-click
    eventActivated = Signal(str)  # an event double-clicked: the user wants to edit it
    dragStatus = Signal(str)  # where a drag would put the events, or why it cannot
    refreshed = Signal(object)  # the lanes follow the timeline again, after this Edit (None: drawn anew)
    laneMenuRequested = Signal(str, QPoint)  # a right-click on a lane's name: the lane, where on the screen

    def __init__(self, selection: Selection | None = None, parent=None) -> None:
        axis = pg.DateAxisItem(orientation="bottom", utcOffset=0)
        canvas = GestureViewBox()
        super().__init__(parent, background="w", axisItems={"bottom": axis, "left": _LaneAxis(self)}, viewBox=canvas)
        self.selection = selection or Selection(self)
        self.selection.changed.connect(self._show_selection)
        canvas.owner = self
        self.setObjectName("timeline")
        self.setAccessibleName("Timeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys nudge the selection
        self.timeline = Timeline()
        self._lanes: dict[str, LaneItem] = {}
        self._separators: list[pg.InfiniteLine] = []
        self._filter: tuple[set[str] | None, bool] = (None, False)
        self._bottom, self._headroom = -1.0, 0.0  # the lanes' bottom (view units); pixels kept above them
        self.max_label_width = MAX_LABEL_WIDTH  # a picture, with no hover to read the rest, allows more
        self._lane_rows: dict[str, int] = {}  # lanes sized to fit rows of labels (a picture); see fit_lanes
        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.showGrid(x=True, y=False, alpha=0.15)
        for name in ("left", "bottom"):
            plot.getAxis(name).setTextPen("#222222")
            plot.getAxis(name).setPen("#888888")
        plot.getAxis("left").setWidth(96)
        view = plot.getViewBox()
        view.setMouseEnabled(x=True, y=False)
        # Within the calendar the model keeps, years 1 to 9999.
        view.setLimits(minXRange=MIN_SPAN, maxXRange=2000 * 365 * DAY, xMin=epoch_seconds(dt.date.min), xMax=epoch_seconds(dt.date.max))
        view.sigResized.connect(self._fit_height)
        view.sigXRangeChanged.connect(self._share_detail)
        self.scene().sigMouseMoved.connect(self._on_hover)
        self.annotations = AnnotationLayer(self)
        self._links = pg.PlotCurveItem(pen=pg.mkPen("#e8590c", width=1.2, style=Qt.PenStyle.DashLine))  # claim ↔ denial
        self._links.setZValue(5)
        self._links_shown: list[tuple[str, str]] = []
        plot.addItem(self._links, ignoreBounds=True)

    def set_timeline(self, timeline: Timeline, keep_view: bool = False) -> None:
        """Draw ``timeline``; after an edit (``keep_view``) the zoom, the selection and
        the filter stay as they were."""
        plot = self.getPlotItem()
        x_range = plot.getViewBox().viewRange()[0]
        self.timeline = timeline
        for item in [*self._lanes.values(), *self._separators]:
            plot.removeItem(item)
        self._lanes.clear()
        self._separators.clear()
        ticks = []
        top = 0.0
        shown = [(name, colour) for name, colour, hidden in lane_styles(timeline) if not hidden]
        by_lane: dict[str, list[Event]] = {name: [] for name, _ in shown}
        for event in timeline.events.values():
            if (members := by_lane.get(event.lane)) is not None:  # a hidden lane's are not drawn
                members.append(event)
        for name, colour in shown:
            members = by_lane[name]
            height = self._height_of(name, len(members))
            item = LaneItem(name, top - height / 2, height, QColor(colour), LaneData(members), self.max_label_width)
            plot.addItem(item)
            self._lanes[name] = item
            ticks.append((item.y, name))
            top -= height
            line = pg.InfiniteLine(pos=top, angle=0, pen=pg.mkPen("#d0d0d0"))
            plot.addItem(line)
            self._separators.append(line)
        plot.getAxis("left").setTicks([ticks, []])
        plot.setTitle(None if timeline.events else "This timeline has no events yet.")
        self._bottom = min(top, -1.0)
        self._fit_height()
        self.set_filter(*self._filter)
        if keep_view:
            plot.setXRange(*x_range, padding=0)
            self._show_selection(self.selection.ids())
        else:
            self.select([])
            self.fit_all()
        self.refreshed.emit(None)

    def refresh(self, timeline: Timeline, edit: Edit) -> None:
        """Redraw after ``edit``: only the events it changed, in their lanes, unless the
        lanes themselves change (a new one, one emptied, one grown, their order) or the
        timeline had no events, which redraws them all."""
        self.getViewBox().cancel_drag()
        first: dict[str, Event | None] = {}  # each event as the view has it, and as the edit leaves it
        last: dict[str, Event | None] = {}
        for change in edit.changes:
            if change.kind == "events":
                first.setdefault(change.id, change.before)
                last[change.id] = change.after
        put: dict[str, list[Event]] = defaultdict(list)
        drop: dict[str, set[str]] = defaultdict(set)
        for event_id, after in last.items():
            before = first[event_id]
            if before is not None and (after is None or after.lane != before.lane):
                drop[before.lane].add(event_id)
            if after is not None:
                put[after.lane].append(after)
        touched = put.keys() | drop.keys()
        if self._empty() or not touched <= self._lanes.keys() or any(change.kind == "lane_records" for change in edit.changes):
            return self.set_timeline(timeline, keep_view=True)
        for lane in touched:
            data = self._lanes[lane].data
            size = len(data) - len(drop[lane]) + sum(data.index_of(e.id) is None for e in put[lane])
            if size == 0 or self._height_of(lane, size) != 2 * self._lanes[lane].half:
                return self.set_timeline(timeline, keep_view=True)
        # Lanes nobody declared stand in the order of their first events, which may have moved.
        if not touched <= set(timeline.lanes) and timeline.lane_order() != list(self._lanes):
            return self.set_timeline(timeline, keep_view=True)
        self.timeline = timeline
        for lane in touched:
            item = self._lanes[lane]
            item.data.change(put[lane], drop[lane])
            item.data_changed()
        self.set_filter(*self._filter)
        self._show_links(self.selection.ids())  # an event moved, or its dispute changed
        self.refreshed.emit(edit)

    def _empty(self) -> bool:
        return not any(len(item.data) for item in self._lanes.values())

    def _share_detail(self) -> None:
        """Share DETAIL_BUDGET among the lanes, the quietest first: those it covers lay
        their events out one by one, the others count them in columns."""
        (x0, x1), _ = self.getViewBox().viewRange()
        left = DETAIL_BUDGET
        counts = [(len(item.data.in_view(x0, x1)), item) for item in self._lanes.values()]
        for count, item in sorted(counts, key=lambda pair: pair[0]):
            detailed = count <= left
            left -= count if detailed else 0
            if item.detailed != detailed:
                item.detailed = detailed
                item.invalidate()

    def _height_of(self, lane: str, events: int) -> float:
        """A lane's height in view units: by its rows of labels in pixels if they are
        set (``fit_lanes``), else by how many events it holds, within bounds."""
        rows = self._lane_rows.get(lane)
        return rows * ROW_HEIGHT + 2 * LANE_PADDING if rows else float(min(MAX_LANE_WEIGHT, max(MIN_LANE_WEIGHT, events)))

    def laid_out(self) -> list[Laid]:
        """Every lane as laid out now, in viewport pixels."""
        return [self._laid_lane(item) for item in self._lanes.values()]

    def _laid_lane(self, item: LaneItem) -> Laid:
        self.getViewBox().updateMatrix()  # a range just set reaches the transform only at the next paint otherwise
        return item.laid_out(item.deviceTransform(self.viewportTransform()))

    def label_rows(self) -> dict[str, int]:
        """Rows of labels (and of unlabelled marks) each lane fills, as laid out now; an
        aggregated lane takes enough for its columns' heights to tell counts apart."""
        return {lane.name: AGGREGATED_ROWS if lane.layout.aggregates else lane.layout.rows() for lane in self.laid_out()}

    def is_aggregated(self) -> bool:
        """Whether any lane counts events in columns, as laid out now."""
        return any(lane.layout.aggregates for lane in self.laid_out())

    def fit_lanes(self, rows: dict[str, int]) -> int:
        """For a picture: give each lane room for ``rows[lane]`` rows of labels (at least
        one) at full height, keeping the range shown; returns the widget height at which
        a view unit is a pixel, so that every lane has just that room."""
        self._lane_rows = {name: max(1, rows.get(name, 0)) for name in self._lanes}
        self.set_timeline(self.timeline, keep_view=True)
        chrome = self.height() - self.getViewBox().height()  # the time axis
        return round(-self._bottom + self._headroom + chrome)

    def set_headroom(self, pixels: float) -> None:
        """Keep ``pixels`` free above the top lane (y > 0) for what is drawn over the lanes."""
        self._headroom = pixels
        self._fit_height()

    def _fit_height(self) -> None:
        """Every lane in view, top to bottom, under the headroom (at most half the height)."""
        view = self.getPlotItem().getViewBox()
        height = view.height()
        pixels = min(self._headroom, height / 2)
        top = -self._bottom * pixels / (height - pixels) if pixels else 0.0
        view.setLimits(yMin=self._bottom, yMax=top)
        view.setYRange(self._bottom, top, padding=0)

    def set_filter(self, shown: set[str] | None, dim: bool = False) -> None:
        """Show only the events in ``shown`` (None: all of them); with ``dim`` the others
        stay, faint and still clickable, instead of disappearing."""
        self._filter = (shown, dim)
        for item in self._lanes.values():
            ids = item.data.ids
            passes = np.ones(len(ids), dtype=bool) if shown is None else np.array([i in shown for i in ids], dtype=bool)
            if item.data.set_filter(passes, dim):
                item.invalidate()
        if not dim and shown is not None:
            self.select([i for i in self.selection.ids() if i in shown])
        self._share_detail()
        self.annotations.redraw()  # a callout follows its mark, which the filter may hide

    def fit_all(self) -> None:
        """Show every event (within the zoom limit), with room for the last labels."""
        spans = [item.data.span() for item in self._lanes.values() if len(item.data)]
        if not spans:
            today = epoch_seconds(dt.date.today())
            self.getPlotItem().setXRange(today - 180 * DAY, today + 30 * DAY, padding=0)
            return
        left, right = min(s[0] for s in spans), max(s[1] for s in spans)
        span = max(right - left, 7 * DAY)
        self.getPlotItem().setXRange(left - 0.03 * span, right + 0.06 * span, padding=0)

    def view_range(self) -> tuple[float, float]:
        (x0, x1), _ = self.getViewBox().viewRange()
        return x0, x1

    # --- selection -------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        return self.selection.ids()

    def select(self, ids: list[str]) -> None:
        """Select those of ``ids`` that the lanes hold."""
        self.selection.set([i for i in ids if self._lane_of(i) is not None])

    def _show_selection(self, ids: list[str]) -> None:
        for item in self._lanes.values():
            item.selected = set(ids)
            item.update()
        self._show_links(ids)

    def _show_links(self, ids: list[str]) -> None:
        """A thin line from each of ``ids`` to the event it disputes and to those that
        dispute it, where both are drawn: claim and denial side by side."""
        events = self.timeline.events
        pairs = [(i, events[i].disputes) for i in ids if i in events and events[i].disputes]
        pairs += [(other.id, i) for i in ids for other in self.timeline.disputed_by(i)]
        ends = [(self._anchor(a), self._anchor(b)) for a, b in pairs]
        self._links_shown = [pair for pair, (a, b) in zip(pairs, ends) if a and b]
        drawn = [point for a, b in ends if a and b for point in (a, b)]
        self._links.setData([x for x, _ in drawn], [y for _, y in drawn], connect="pairs")

    def _anchor(self, event_id: str) -> tuple[float, float] | None:
        """Where a link meets an event (view units): the middle of its start, in its lane."""
        item = self._lane_of(event_id)
        if item is None:
            return None
        n = item.data.index_of(event_id)
        return (float(item.data.start_lo[n]) + float(item.data.start_hi[n])) / 2, item.y

    def links_shown(self) -> list[tuple[str, str]]:
        """The (disputing, disputed) pairs the connector draws now."""
        return list(self._links_shown)

    def _lane_of(self, event_id: str) -> LaneItem | None:
        return next((item for item in self._lanes.values() if item.data.index_of(event_id) is not None), None)

    def extent_of(self, ids: list[str]) -> tuple[float, float] | None:
        """From the first day of those events to the end of the last (view units)."""
        found = [(item.data, n) for item in self._lanes.values() for i in ids if (n := item.data.index_of(i)) is not None]
        if not found:
            return None
        return min(float(data.start_lo[n]) for data, n in found), max(float(data.end_hi[n]) for data, n in found)

    def zoom_to_selection(self) -> None:
        if extent := self.extent_of(self.selection.ids()):
            self.show_range(*extent)

    def show_range(self, left: float, right: float) -> None:
        """Show ``left`` to ``right`` (view units), with a margin for labels."""
        span = max(right - left, 7 * DAY)
        self.getPlotItem().setXRange(left - 0.05 * span, right + 0.25 * span, padding=0)

    def request_new_event(self, x: float, lane: str | None) -> None:
        self.newEventRequested.emit(day_at(x), lane or "")

    def _on_hover(self, scene_pos) -> None:
        point = self.mapFromScene(scene_pos)
        hit = self.event_at(point)
        self._show_links(self.selection.ids() + ([hit] if hit else []))
        if hit and (event := self.timeline.events.get(hit)):
            return self.setToolTip(f"{event.title}\n{span_label(event.start, event.end)} · {event.lane} · {event.status.value}")
        found = self.aggregate_at(point)
        self.setToolTip(_aggregate_tooltip(*found) if found else "")

    def aggregate_at(self, viewport_point: QPoint | QPointF) -> tuple[Laid, Aggregate] | None:
        """The column of counted events drawn at a viewport point, with its lane."""
        return hit_testing.aggregate_at(self.laid_out(), QPointF(viewport_point))

    def open_column(self, viewport_point: QPoint | QPointF) -> bool:
        """Zoom in on the events counted in the column at a viewport point, if any; at the
        closest zoom, where they still stand together, select them all."""
        found = self.aggregate_at(viewport_point)
        if found is None:
            return False
        lane, aggregate = found
        members = lane.layout.members(aggregate)
        x0, x1 = self.view_range()
        if x1 - x0 <= MIN_SPAN * 1.01:
            self.select([lane.data.ids[n] for n in members.tolist()])
            return True
        # What of the members is in view: a long period counted here may reach far beyond it.
        first, after = lane.data.extent(members)
        left, right = max(first, x0), min(after, x1)
        if right - left > (x1 - x0) / 2:  # mostly long periods: the column itself and a few either side
            middle = self.getViewBox().mapSceneToView(self.mapToScene(aggregate.bar.center().toPoint())).x()
            reach = 5 * COLUMN * (x1 - x0) / self.getViewBox().width()
            left, right = middle - reach / 2, middle + reach / 2
        self.show_range(left, right)
        return True

    # --- geometry seams ----------------------------------------------------------

    def event_at(self, viewport_point: QPoint | QPointF) -> str | None:
        """The event drawn at a viewport point: the nearest point mark, else the topmost
        bar or label (the one painted last)."""
        return hit_testing.event_at(self.laid_out(), QPointF(viewport_point))

    def end_at(self, viewport_point: QPoint | QPointF) -> tuple[str, str] | None:
        """(event id, "start" or "end") when the point is on the visible end of a bar."""
        return hit_testing.end_at(self.laid_out(), QPointF(viewport_point))

    def events_in(self, viewport_rect: QRectF) -> list[str]:
        """Events drawn (mark, bar or label) within a viewport rectangle."""
        return hit_testing.events_in(self.laid_out(), viewport_rect)

    def lane_at(self, scene_pos: QPointF) -> str | None:
        y = self.getViewBox().mapSceneToView(scene_pos).y()
        return next((name for name, item in self._lanes.items() if abs(y - item.y) <= item.half), None)

    def lane_centres(self) -> dict[str, float]:
        return {name: item.y for name, item in self._lanes.items()}

    def _placed(self, event_id: str):
        item = self._lane_of(event_id)
        if item is None:
            raise LookupError(f"event {event_id} is not on the timeline")
        lane = self._laid_lane(item)
        return lane, next((p for p in lane.layout.placed if lane.data.ids[p.index] == event_id), None)

    def end_position(self, event_id: str, which: str) -> QPoint:
        """Viewport point on the ``which`` end of a range's bar, where a drag resizes it."""
        lane, place = self._placed(event_id)
        edge = lane.data.start_lo if which == "start" else lane.data.end_hi
        x = edge[place.index] * lane.view.sx + lane.view.tx
        inside = 2 if which == "start" else -2  # just inside the bar
        return QPointF(x + inside, place.centre.y()).toPoint()

    def mark_positions(self, event_ids: list[str]) -> dict[str, QPointF]:
        """Viewport points where the marks of those of ``event_ids`` in view are drawn: one
        pass over the laid-out events of their lanes, however many ids."""
        wanted: dict[LaneItem, set[str]] = defaultdict(set)
        for event_id in event_ids:
            if (item := self._lane_of(event_id)) is not None:
                wanted[item].add(event_id)
        found = {}
        for item, ids in wanted.items():
            found.update(hit_testing.mark_positions(self._laid_lane(item), ids))
        return found

    def event_position(self, event_id: str) -> QPoint:
        """Viewport point where ``event_id`` is drawn and a click selects it: its mark; for
        a range, the spot nearest the middle of its visible bar that nothing else covers.
        An event stacked under another (in a full crowd, or a bar under an identical one)
        gives the point where it stands, which selects the one drawn on top."""
        lane, place = self._placed(event_id)
        if place is None:
            raise LookupError(f"event {event_id} is not in view, or only counted in a column: zoom in")
        if lane.data.is_range[place.index] and not place.stacked:
            middle, half = place.centre.x(), place.centre.x() - place.hit.left()  # of the visible bar
            for offset in range(int(half)):  # each pixel, outwards from the middle
                for x in (middle - offset, middle + offset):
                    spot = QPointF(x, place.centre.y()).toPoint()
                    if self.event_at(spot) == event_id:
                        return spot
        return place.centre.toPoint()


def _aggregate_tooltip(lane: Laid, aggregate: Aggregate) -> str:
    members = lane.layout.members(aggregate)
    start, after = lane.data.extent(members)
    first, last = day_at(start), day_at(after - 1)
    dates = f"{first:%d %b %Y}" if first == last else f"{first:%d %b %Y} – {last:%d %b %Y}"
    shown = "" if aggregate.passing == aggregate.count else f" ({aggregate.passing} match the filter)"
    titles = "\n".join(f"· {lane.data.titles[n]}" for n in members[:TOOLTIP_TITLES].tolist())
    more = f"\n… and {aggregate.count - TOOLTIP_TITLES} more" if aggregate.count > TOOLTIP_TITLES else ""
    return f"{aggregate.count} events{shown}, {dates}\n{titles}{more}\nClick to zoom in on them (at the closest zoom, to select them)."


class _LaneAxis(pg.AxisItem):
    """The lanes' names, left of them: a right-click on one asks for that lane's menu."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__("left")
        self._view = view

    def mouseClickEvent(self, ev) -> None:
        lane = self._view.lane_at(ev.scenePos()) if ev.button() == Qt.MouseButton.RightButton else None
        if lane is None:
            return super().mouseClickEvent(ev)
        ev.accept()
        self._view.laneMenuRequested.emit(lane, ev.screenPos().toPoint())
