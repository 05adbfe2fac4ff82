"""The search's matches as a list: title, date, lane and where the words were found;
clicking one selects the event and brings it into view."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from ...model import span_label
from ...model.search import EventFilter, where_matched
from ...model.wording import counted
from ..context import Context

LISTED = 500  # rows at most: past that, the search should be narrowed, not scrolled


class SearchResults(QTreeWidget):
    def __init__(self, ctx: Context, parent=None) -> None:
        super().__init__(parent, objectName="search_results")
        self.ctx = ctx
        self._listed: tuple[list[str], EventFilter] = ([], EventFilter())  # to list once shown
        self.setHeaderLabels(["Title", "Date", "Lane", "Found in"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setColumnWidth(0, 360)
        self.itemActivated.connect(self._go)
        self.itemClicked.connect(self._go)
        ctx.datesShownChanged.connect(lambda: self.isVisible() and self._fill())

    def show_matches(self, ids: list[str], criteria: EventFilter) -> None:
        """List ``ids`` (in time order), the events that pass ``criteria``: now if the list
        is in view, else once it is (a search follows every edit)."""
        self._listed = (ids, criteria)
        if self.isVisible():
            self._fill()

    def showEvent(self, event) -> None:
        self._fill()
        super().showEvent(event)

    def _fill(self) -> None:
        ids, criteria = self._listed
        timeline = self.ctx.timeline
        self.clear()
        items = []
        for event_id in ids[:LISTED]:
            event = timeline.events[event_id]
            found = ", ".join(where_matched(timeline, event_id, criteria)) if criteria.words else "the filters"
            item = QTreeWidgetItem([event.title, span_label(event.start, event.end, self.ctx.times_in_utc), event.lane, found])
            item.setData(0, Qt.ItemDataRole.UserRole, event_id)
            item.setToolTip(0, event.title)
            items.append(item)
        if len(ids) > LISTED:
            more = QTreeWidgetItem([f"… and {counted(len(ids) - LISTED, 'more match', 'more matches')}: narrow the search to list them"])
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            items.append(more)
        self.addTopLevelItems(items)

    def _go(self, item: QTreeWidgetItem) -> None:
        if event_id := item.data(0, Qt.ItemDataRole.UserRole):
            self.ctx.canvas.select([event_id])
            self.ctx.canvas.bring_into_view(event_id)
