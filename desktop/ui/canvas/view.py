"""The timeline widget: one lane per actor on a date axis, each lane one ``LaneItem``.

The view holds the lanes, shares the budget of events laid out one by one among them,
applies the filter, and navigates (fit, zoom, show a range). What the mouse does is
``gestures``; where things go is ``layout``; what is under a point is ``hit_testing``.
It never applies an edit itself: it asks for one with ``editRequested``.

The lanes share a budget of ``DETAIL_BUDGET`` events laid out one by one; past it, the
busiest lanes are counted in columns instead, the quietest first kept whole.

View units along y are pixels: each lane is as tall as the rows its labels need at the
current zoom (one row when collapsed, or what the user dragged its lower edge to), and
when they need more than the window has, the view scrolls vertically instead of
squeezing them into "+N".
"""
from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QScrollBar

from ...model import Edit, Event, LinkType, Timeline, span_label
from ...model.heading import HEADING
from ...model.lanes import removals as lane_removals
from ...model.lanes import renames as lane_renames
from ...model.lanes import styles as lane_styles
from ..selection import Selection
from . import hit_testing
from .annotations import AnnotationLayer
from .date_axis import DateAxis
from .gestures import GestureViewBox, MenuTarget
from .hit_testing import Laid
from .lane_data import LaneData
from .lane_drag import LaneReorder
from .lane_edges import LaneEdges
from .lane_item import MAX_LABEL_WIDTH, LaneItem
from .lane_names import LaneNames
from .layout import COLUMN, LANE_PADDING, ROW_HEIGHT, Aggregate, Viewport, rows_wanted
from .marks import link_pen
from .rules import Rules
from .ticks import HOUR
from .time_axis import DAY, day_at, epoch_seconds

MIN_LANE_HEIGHT = ROW_HEIGHT + 2 * LANE_PADDING  # a lane sized by hand keeps a row
MAX_LANE_ROWS = 12  # a lane grows to this many rows of labels at most; past that, "+N"
# Laying out and painting one event with its label costs about 50 µs in Python: past
# this many in view, all lanes together, the busiest draw columns of counts instead,
# computed with numpy (see layout.Aggregate). A frame stays within 16 ms.
DETAIL_BUDGET = 200
MIN_SPAN = HOUR  # the closest zoom: a click on a column there selects its events, with no zooming in further
MARGIN_YEARS = 3  # how far past the first and last events the view may go
AGGREGATED_ROWS = 4
TOOLTIP_TITLES = 8  # of a column's events, named in its tooltip


class TimelineView(pg.PlotWidget):
    """The timeline widget (objectName ``timeline``)."""

    editRequested = Signal(object)  # an Edit the user made with the mouse
    newEventRequested = Signal(object, str)  # a dt.date and a lane, from a double-click
    eventActivated = Signal(str)  # an event double-clicked: the user wants to edit it
    dragStatus = Signal(str)  # where a drag would put the events, or why it cannot
    refreshed = Signal(object)  # the lanes follow the timeline again, after this Edit (None: drawn anew)
    collapsedChanged = Signal(object)  # the names of the lanes collapsed to one row, sorted
    laneHeightsChanged = Signal(object)  # {lane: pixels} of the lanes sized by hand
    arranged = Signal()  # the lanes have been given their heights again
    contextMenuRequested = Signal(object, QPoint)  # a right-click: on what (a MenuTarget), and where on the screen

    def __init__(self, selection: Selection | None = None, parent=None) -> None:
        axis = DateAxis()
        canvas = GestureViewBox()
        self.lane_names = LaneNames(self.toggle_lane_at, self.scroll_by, LaneEdges(self))
        self.lane_names.reorder = LaneReorder(self)
        super().__init__(parent, background="w", axisItems={"bottom": axis, "left": self.lane_names}, viewBox=canvas)
        self.selection = selection or Selection(self)
        self.selection.changed.connect(self._show_selection)
        canvas.owner = self
        self.setObjectName("timeline")
        self.setAccessibleName("Timeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys nudge the selection
        self.timeline = Timeline()
        self._lanes: dict[str, LaneItem] = {}
        self._lane_by_id: dict[str, LaneItem] = {}  # each event's lane, as drawn
        self._filter: tuple[set[str] | None, bool] = (None, False)
        self._bottom, self._headroom = -1.0, 0.0  # the lanes' bottom; pixels kept above them
        self._scrolled = 0.0  # pixels the lanes are scrolled up by
        self._collapsed: set[str] = set()  # lanes shown as one row
        self._heights: dict[str, float] = {}  # lanes sized by hand, in pixels
        self._lanes_gone: list[tuple[Edit, dict[str, float], set[str]]] = []  # the undo of an edit that took lanes away, and their heights and collapse
        self._arrangement: tuple | None = None  # the lanes' heights and the collapsed ones, as last stacked
        self.max_label_width = MAX_LABEL_WIDTH  # a picture, with no hover to read the rest, allows more
        self._lane_rows: dict[str, int] = {}  # lanes given rows of labels (a picture); see fit_lanes
        self.scroll_bar = QScrollBar(Qt.Orientation.Vertical, self)
        self.scroll_bar.setObjectName("lane_scroll_bar")
        self.scroll_bar.hide()
        self.scroll_bar.valueChanged.connect(self.scroll_to)
        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        for name in ("left", "bottom"):
            plot.getAxis(name).setTextPen("#222222")
            plot.getAxis(name).setPen("#888888")
        plot.getAxis("left").setWidth(96)
        view = plot.getViewBox()
        view.setMouseEnabled(x=True, y=False)
        self._rules = Rules(axis.current_ticks)  # the grid and the lanes' lower edges
        plot.addItem(self._rules, ignoreBounds=True)
        self._bound_zoom()
        view.sigResized.connect(self._arrange)
        view.sigXRangeChanged.connect(self._follow_range)
        self.scene().sigMouseMoved.connect(self._on_hover)
        self.annotations = AnnotationLayer(self)
        self._links = {kind: pg.PlotCurveItem(pen=link_pen(kind)) for kind in LinkType}  # a connector per type of link
        for curve in self._links.values():
            curve.setZValue(5)
            plot.addItem(curve, ignoreBounds=True)
        self._links_shown: list[tuple[str, str, LinkType]] = []
        self._linked_from: list[str] = []  # the events whose links are shown
        self.arranged.connect(lambda: self._links_shown and self._show_links(self._linked_from))

    def set_timeline(self, timeline: Timeline, keep_view: bool = False, drawn: list[tuple[str, str, LaneData]] | None = None) -> None:
        """Draw ``timeline``; after an edit (``keep_view``) the zoom, the selection and
        the filter stay as they were. ``drawn``: each lane's name, colour and events
        instead of the timeline's (the first frame of a large file, before its records)."""
        plot = self.getPlotItem()
        x_range = plot.getViewBox().viewRange()[0]
        self.timeline = timeline
        for item in self._lanes.values():
            plot.removeItem(item)
        self._lanes.clear()
        self._arrangement = None  # new lane items, to be placed
        self._lane_by_id.clear()
        for name, colour, data in self._lanes_of(timeline) if drawn is None else drawn:
            item = LaneItem(name, 0.0, ROW_HEIGHT, QColor(colour), data, self.max_label_width)
            plot.addItem(item)
            self._lanes[name] = item
            self._lane_by_id.update(dict.fromkeys(data.ids, item))
        plot.setTitle("This timeline has no events yet." if self._empty() and not timeline.events else None)
        self._bound_zoom()
        self.set_filter(*self._filter)
        if keep_view:
            plot.setXRange(*x_range, padding=0)
            self._show_selection(self.selection.ids())
        else:
            self.select([])
            self._lanes_gone.clear()  # another timeline: nothing of its lanes to bring back
            self.fit_all()
        self._arrange()  # a range set again as it was changes nothing, and says nothing
        self.refreshed.emit(None)

    @staticmethod
    def _lanes_of(timeline: Timeline) -> list[tuple[str, str, LaneData]]:
        """Each lane shown (not hidden): its name, colour and events."""
        shown = [(name, colour) for name, colour, hidden in lane_styles(timeline) if not hidden]
        by_lane: dict[str, list[Event]] = {name: [] for name, _ in shown}
        for event in timeline.events.values():
            if (members := by_lane.get(event.lane)) is not None:  # a hidden lane's are not drawn
                members.append(event)
        return [(name, colour, LaneData(by_lane[name])) for name, colour in shown]

    def refresh(self, timeline: Timeline, edit: Edit) -> None:
        """Redraw after ``edit``: only the events it changed, in their lanes, unless the
        lanes themselves change (a new one, one emptied, their order, those declared) or the timeline had
        no events, which redraws them all."""
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
        self._follow_lane_edits(timeline, edit)
        if self._empty() or not touched <= self._lanes.keys() or any(change.kind in ("lane_records", HEADING) for change in edit.changes):
            return self.set_timeline(timeline, keep_view=True)
        for lane in touched:
            data = self._lanes[lane].data
            if len(data) - len(drop[lane]) + sum(data.index_of(e.id) is None for e in put[lane]) == 0:
                return self.set_timeline(timeline, keep_view=True)
        # Lanes nobody declared stand in the order of their first events, which may have moved.
        if not touched <= set(timeline.lanes) and [n for n, _, hidden in lane_styles(timeline) if not hidden] != list(self._lanes):
            return self.set_timeline(timeline, keep_view=True)
        self.timeline = timeline
        for lane in touched:
            item = self._lanes[lane]
            item.data.change(put[lane], drop[lane])
            item.data_changed()
        for lane in touched:  # every lane's leavers first: an event moved between lanes is in both
            for event_id in drop[lane]:
                del self._lane_by_id[event_id]
        for lane in touched:
            self._lane_by_id.update((e.id, self._lanes[lane]) for e in put[lane])
        self._bound_zoom()  # an event moved years away is still in reach
        self.set_filter(*self._filter)
        self._show_links(self.selection.ids())  # an event moved, or a link changed
        self.refreshed.emit(edit)

    def _bound_zoom(self) -> None:
        """Zoom no closer than an hour, and no further out than the events and a few
        years either side (of today, with no events); within the years the model keeps."""
        spans = [item.data.span() for item in self._lanes.values() if len(item.data)]
        today = epoch_seconds(dt.date.today())
        first, last = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else (today, today)
        margin = MARGIN_YEARS * 365.25 * DAY
        low = max(first - margin, epoch_seconds(dt.date.min))
        high = min(last + margin, epoch_seconds(dt.date.max))
        self.getViewBox().setLimits(xMin=low, xMax=high, minXRange=MIN_SPAN, maxXRange=high - low)

    def _empty(self) -> bool:
        return not any(len(item.data) for item in self._lanes.values())

    def _follow_range(self) -> None:
        self._share_detail()
        self._arrange()
        if self._links_shown:  # the marks may be in other rows at this zoom
            self._show_links(self._linked_from)

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

    def _rows_of(self, name: str, item: LaneItem, ruler: Viewport) -> int:
        """The rows a lane is given: those set for a picture (``fit_lanes``); one if it is
        collapsed; enough for its columns' heights to tell counts apart if it counts
        them; else what its labels need at this zoom, within MAX_LANE_ROWS."""
        if self._lane_rows:
            return self._lane_rows.get(name, 1)
        if name in self._collapsed:
            return 1
        if not item.detailed:
            return AGGREGATED_ROWS
        return rows_wanted(item.data, ruler, item.label_width, MAX_LANE_ROWS)

    def _arrange(self) -> None:
        """Stack the lanes from the top, each as tall as its rows or as sized by hand; the
        height the window has to spare goes to the expanded lanes, and what does not fit
        scrolls."""
        if not self._lanes:
            self._bottom = -1.0
            self._rules.set_lane_bottoms([])
            return self.scroll_to(0.0)
        box = self.getViewBox()
        (x0, x1), _ = box.viewRange()
        sx = max(box.width(), 1.0) / (x1 - x0)
        ruler = Viewport(x0, x1, sx, -x0 * sx, 0.0, 0.0)
        heights = {name: self._rows_of(name, item, ruler) * ROW_HEIGHT + 2 * LANE_PADDING for name, item in self._lanes.items()}
        sized = {} if self._lane_rows else {name: h for name, h in self._heights.items() if name in heights and name not in self._collapsed}
        heights.update(sized)
        # The height to spare goes to the lanes below the last one sized by hand (if any
        # grow there): dragging a lane's edge leaves the lanes above it as they are.
        order = list(heights)
        below = order[max((order.index(name) + 1 for name in sized), default=0):]
        growing = [name for name in below if name not in self._collapsed] or [n for n in order if n not in self._collapsed and n not in sized]
        spare = box.height() - self._headroom - sum(heights.values())
        if spare > 0 and growing and not self._lane_rows:
            for name in growing:
                heights[name] += spare // len(growing)  # whole pixels: no lane's rows shift by a fraction
        arrangement = (tuple(heights.values()), frozenset(self._collapsed))
        if arrangement != self._arrangement:  # most pans change no lane's height: nothing to move
            self._arrangement = arrangement
            top, bottoms = 0.0, []
            for name, item in self._lanes.items():
                item.place(top - heights[name] / 2, heights[name])
                top -= heights[name]
                bottoms.append(top)
            self._bottom = top
            self._rules.set_lane_bottoms(bottoms)
            self.lane_names.show_lanes([(item.y, name) for name, item in self._lanes.items()], self._collapsed)
            self.arranged.emit()
        self.scroll_to(self._scrolled)

    def scroll_to(self, pixels: float) -> None:
        """Scroll the lanes up by ``pixels`` (within what does not fit the window)."""
        box = self.getViewBox()
        height = max(box.height(), 1.0)
        overflow = max(0.0, self._headroom - self._bottom - height)
        self._scrolled = min(max(float(pixels), 0.0), overflow)
        top = self._headroom - self._scrolled
        box.setLimits(yMin=min(self._bottom, self._headroom - height), yMax=self._headroom)
        box.setYRange(top - height, top, padding=0)
        bar = self.scroll_bar
        bar.blockSignals(True)
        bar.setRange(0, math.ceil(overflow))
        bar.setPageStep(int(height))
        bar.setSingleStep(int(ROW_HEIGHT))
        bar.setValue(round(self._scrolled))
        bar.blockSignals(False)
        if bar.isVisibleTo(self) != (overflow > 0):
            bar.setVisible(overflow > 0)
            # The plot gives way to the bar (the scene spans the whole widget, margins or not).
            self.getPlotItem().layout.setContentsMargins(1, 1, bar.sizeHint().width() + 1 if overflow > 0 else 1, 1)
            self._place_scroll_bar()

    def scroll_by(self, pixels: float) -> None:
        self.scroll_to(self._scrolled + pixels)

    def scrolled(self) -> float:
        return self._scrolled

    def resizeEvent(self, ev) -> None:
        super().resizeEvent(ev)
        if ev is not None:  # pyqtgraph calls it with None while it is built, before the bar is
            self._place_scroll_bar()

    def _place_scroll_bar(self) -> None:
        width = self.scroll_bar.sizeHint().width()
        self.scroll_bar.setGeometry(self.width() - width, 0, width, self.height())

    def _follow_lane_edits(self, timeline: Timeline, edit: Edit) -> None:
        """A lane renamed (or renamed back by an undo) keeps the height it was sized to
        and stays collapsed, as both are kept by the lane's name; a lane taken away
        leaves neither to a lane made later under its name, and gets both back when
        that is undone."""
        renamed = lane_renames(timeline, edit)
        heights = {renamed.get(name, name): h for name, h in self._heights.items()}
        collapsed = {renamed.get(name, name) for name in self._collapsed}
        for undone in [gone for gone in self._lanes_gone if gone[0] == edit]:  # an undo
            self._lanes_gone.remove(undone)
            heights.update(undone[1])
            collapsed |= undone[2]
        gone = lane_removals(timeline, edit)
        kept = {name: heights.pop(name) for name in gone if name in heights}, collapsed & gone
        if any(kept):
            self._lanes_gone.append((edit.inverse(), *kept))
            collapsed -= gone
        self.set_lane_heights(heights)
        self.set_collapsed(collapsed)

    # --- collapsing lanes ----------------------------------------------------------

    def collapsed(self) -> list[str]:
        return sorted(self._collapsed)

    def set_collapsed(self, names) -> None:
        """Show the lanes named in ``names`` as one row each, and the others expanded."""
        names = set(names)
        if names != self._collapsed:
            self._collapsed = names
            self._arrange()
            self.collapsedChanged.emit(self.collapsed())

    def lane_heights(self) -> dict[str, float]:
        return dict(self._heights)

    def set_lane_heights(self, heights: dict[str, float]) -> None:
        """Give the lanes named in ``heights`` those heights (pixels); the others are sized
        by their labels."""
        heights = {name: max(float(h), MIN_LANE_HEIGHT) for name, h in heights.items()}
        if heights != self._heights:
            self._heights = heights
            self._arrange()
            self.laneHeightsChanged.emit(self.lane_heights())

    def set_lane_height(self, name: str, height: float | None) -> None:
        """Size one lane by hand (``height`` in pixels, whole ones), expanding it if it was
        collapsed; None sizes it by its labels again."""
        heights = {n: h for n, h in self._heights.items() if n != name}
        if height is not None:
            heights[name] = round(height)
            self.set_collapsed(self._collapsed - {name})
        self.set_lane_heights(heights)

    def size_lane_to(self, name: str, bottom: float) -> None:
        """Size a lane by hand so that its lower edge is at ``bottom`` (view units): twice,
        as the first sizing may move the lanes above it."""
        for _ in range(2):
            self.set_lane_height(name, self.lane_extents()[name][0] - bottom)

    def toggle_lane(self, name: str) -> None:
        self.set_collapsed(self._collapsed ^ {name})

    def toggle_lane_at(self, y: float) -> None:
        """Collapse or expand the lane at ``y`` (view units), from a click on its name."""
        if lane := next((name for name, item in self._lanes.items() if abs(y - item.y) <= item.half), None):
            self.toggle_lane(lane)

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
        self._arrange()
        chrome = self.height() - self.getViewBox().height()  # the time axis
        return round(-self._bottom + self._headroom + chrome)

    def set_headroom(self, pixels: float) -> None:
        """Keep ``pixels`` free above the top lane (y > 0) for what is drawn over the lanes."""
        self._headroom = pixels
        self._arrange()

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
        self._show_links(self._linked_from)  # none to an event hidden, again to one dimmed
        self._follow_range()
        self.annotations.redraw()  # a callout follows its mark, which the filter may hide

    def passing_ids(self) -> list[str]:
        """The events the filter lets through (dimmed ones do not pass), all without one."""
        shown = self._filter[0]
        return [i for i in self.timeline.events if shown is None or i in shown]

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
            item.select(set(ids))
        self._show_links(ids)

    def _show_links(self, ids: list[str]) -> None:
        """A thin line from each of ``ids`` to every event it is linked to, where both are
        drawn, in the look of the link's type: claim and denial side by side."""
        self._linked_from = ids  # drawn again where the marks move: a zoom, a pan, lanes sized
        chosen = set(ids)  # one pass over the links, however many events are selected
        found = [link for link in self.timeline.links.values() if link.from_id in chosen or link.to_id in chosen]
        anchors = self._anchors({end for link in found for end in (link.from_id, link.to_id)})
        shown = [(link, anchors[link.from_id], anchors[link.to_id]) for link in found if {link.from_id, link.to_id} <= anchors.keys()]
        self._links_shown = [(link.from_id, link.to_id, link.type) for link, _, _ in shown]
        for kind, curve in self._links.items():
            drawn = [point for link, a, b in shown if link.type is kind for point in (a, b)]
            curve.setData([x for x, _ in drawn], [y for _, y in drawn], connect="pairs")

    def _anchors(self, event_ids: set[str]) -> dict[str, tuple[float, float]]:
        """Where a link meets each event the filter shows (view units): the middle of its
        start, at the height of its mark as laid out now, or of its lane's middle if it has
        none in view."""
        if not event_ids:
            return {}
        marks = self.mark_positions(list(event_ids))
        to_view = next(iter(self._lanes.values())).deviceTransform(self.viewportTransform()).inverted()[0] if marks else None
        found = {}
        for event_id in event_ids:
            if (item := self._lane_of(event_id)) is None:
                continue
            n = item.data.index_of(event_id)
            if not item.data.shown[n]:
                continue
            y = to_view.map(marks[event_id]).y() if event_id in marks else item.y
            found[event_id] = ((float(item.data.start_lo[n]) + float(item.data.start_hi[n])) / 2, y)
        return found

    def show_every_link(self) -> None:
        """Connectors for every link at once, as a picture of the timeline draws them."""
        self._show_links(list(self.timeline.events))

    def links_shown(self) -> list[tuple[str, str]]:
        """The links the connector draws now: (from, to, type)."""
        return list(self._links_shown)

    def _lane_of(self, event_id: str) -> LaneItem | None:
        return self._lane_by_id.get(event_id)

    def extent_of(self, ids: list[str]) -> tuple[float, float] | None:
        """From the first day of those events to the end of the last (view units)."""
        found = [(item.data, item.data.index_of(i)) for i in ids if (item := self._lane_by_id.get(i)) is not None]
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

    def zoom(self, factor: float) -> None:
        """Zoom in (``factor`` < 1) or out around the middle of the view."""
        self.getViewBox().scaleBy(x=factor, y=1)

    def bring_into_view(self, event_id: str) -> None:
        """Pan, keeping the zoom, so that the event's start is in view, if it is not."""
        x = epoch_seconds(self.timeline.events[event_id].start.earliest)
        x0, x1 = self.view_range()
        if not x0 + 0.05 * (x1 - x0) <= x <= x1 - 0.25 * (x1 - x0):  # room for its label
            self.getPlotItem().setXRange(x - 0.3 * (x1 - x0), x + 0.7 * (x1 - x0), padding=0)

    def request_new_event(self, x: float, lane: str | None) -> None:
        self.newEventRequested.emit(day_at(x), lane or "")

    def request_menu(self, scene_pos: QPointF, screen_pos: QPoint) -> None:
        """Ask for the menu of what is under a right-click; an event clicked outside the
        selection becomes the selection, which its menu acts on."""
        day = day_at(self.getViewBox().mapSceneToView(scene_pos).x())
        lane = self.lane_at(scene_pos) or ""
        if (hit := self.event_at(self.mapFromScene(scene_pos))) is not None:
            if hit not in self.selected_ids():
                self.select([hit])
            target = MenuTarget("event", hit, day)
        elif lane and scene_pos.x() < self.getViewBox().sceneBoundingRect().left():
            target = MenuTarget("lane", lane, day)
        else:
            target = MenuTarget("empty", lane, day)
        self.contextMenuRequested.emit(target, screen_pos)

    def _on_hover(self, scene_pos) -> None:
        point = self.mapFromScene(scene_pos)
        if self.end_at(point) is not None:  # where, and only where, a press resizes
            self.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
        elif self.lane_edge_at(point) is not None:
            self.viewport().setCursor(Qt.CursorShape.SizeVerCursor)
        else:
            self.viewport().unsetCursor()
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

    def lane_edge_at(self, viewport_point: QPoint | QPointF) -> str | None:
        """The lane whose lower edge is at a viewport point with nothing drawn there: a
        press there sizes the lane."""
        point = QPointF(viewport_point)
        if not self.plot_rect().contains(point) or self.event_at(point) is not None:
            return None
        y = self.getViewBox().mapSceneToView(self.mapToScene(point.toPoint())).y()
        return self.lane_names.edges.edge_at(y)

    def events_in(self, viewport_rect: QRectF) -> list[str]:
        """Events drawn (mark, bar or label) within a viewport rectangle."""
        return hit_testing.events_in(self.laid_out(), viewport_rect)

    def lane_at(self, scene_pos: QPointF) -> str | None:
        y = self.getViewBox().mapSceneToView(scene_pos).y()
        return next((name for name, item in self._lanes.items() if abs(y - item.y) <= item.half), None)

    def label_rects(self) -> list[QRectF]:
        """Where the lanes' labels have their text, in viewport pixels."""
        return [hit_testing.text_rect(lane, p) for lane in self.laid_out() for p in lane.layout.placed if p.label is not None]

    def drawn_rects(self) -> list[QRectF]:
        """Where the lanes paint labels, marks, bars and columns, in viewport pixels."""
        return [rect for lane in self.laid_out() for rect in hit_testing.drawn_rects(lane)]

    def lane_centres(self) -> dict[str, float]:
        return {name: item.y for name, item in self._lanes.items()}

    def lane_extents(self) -> dict[str, tuple[float, float]]:
        """Each lane's top and bottom (view units), top to bottom."""
        return {name: (item.y + item.half, item.y - item.half) for name, item in self._lanes.items()}

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

    def plot_rect(self) -> QRectF:
        """Where the lanes are drawn, in viewport pixels."""
        return self.viewportTransform().mapRect(self.getViewBox().sceneBoundingRect())

    def reveal(self, event_id: str) -> None:
        """Scroll the least that brings the row where the event is drawn into view."""
        lane, place = self._placed(event_id)
        if place is None:
            return
        shown = self.plot_rect().adjusted(0, ROW_HEIGHT, 0, -ROW_HEIGHT)
        y = place.centre.y()
        if not shown.top() <= y <= shown.bottom():
            self.scroll_by(y - (shown.top() if y < shown.top() else shown.bottom()))

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

