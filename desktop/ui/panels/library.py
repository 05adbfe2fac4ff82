"""Every document the timeline draws on, with who published it and when; picking one
opens its text in the Sources panel, to read and to cite from. The list follows the
edits of sources and citations."""
from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QToolButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ...model import Edit, Source, Timeline
from ..context import Context

COLUMNS = ("Title", "Publisher", "Author", "Date", "URL", "Reliability", "Citations")


def library_order(timeline: Timeline) -> list[Source]:
    """The seed article (the timeline's first source) first, then by date of publication,
    undated ones last, then by title."""
    sources = list(timeline.sources.values())
    rest = sorted(sources[1:], key=lambda s: (s.published is None, s.published.earliest if s.published else None, s.title.casefold()))
    return sources[:1] + rest


class SourceLibrary(QWidget):
    def __init__(self, ctx: Context, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("source_library")
        self.ctx = ctx
        self.tree = QTreeWidget(objectName="source_list")
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAccessibleName("Source documents")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._on_current)
        self.tree.itemClicked.connect(self._on_current)  # again, after the panel showed another document
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self.buttons)
        layout.addWidget(self.tree, 1)
        self._timeline: Timeline | None = None
        self.show_timeline(ctx.timeline)
        ctx.document.changed.connect(self._on_changed)
        ctx.sourceOpened.connect(lambda source_id: self.select(source_id, quietly=True))

    def add_actions(self, actions: list[QAction]) -> None:
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            self.buttons.insertWidget(self.buttons.count() - 1, button)

    def show_timeline(self, timeline: Timeline) -> None:
        current = self.current_source()
        self._timeline = timeline
        cited = Counter(c.source_id for c in timeline.citations.values())
        self.tree.blockSignals(True)
        self.tree.clear()
        for source in library_order(timeline):
            date = source.published.label() if source.published else ""
            row = [source.title, source.publisher, source.author, date, source.url, source.reliability.value, str(cited[source.id])]
            item = QTreeWidgetItem(row)
            item.setData(0, Qt.ItemDataRole.UserRole, source.id)
            item.setToolTip(0, source.title)
            item.setToolTip(4, source.url)
            item.setToolTip(5, source.reliability.meaning)
            item.setTextAlignment(6, Qt.AlignmentFlag.AlignRight)
            self.tree.addTopLevelItem(item)
        self.tree.blockSignals(False)
        if current is not None:  # still picked, without opening it again
            self.select(current.id, quietly=True)

    def _on_changed(self, edit: Edit) -> None:
        if any(change.kind in ("sources", "citations") for change in edit.changes):
            self.show_timeline(self.ctx.timeline)

    def current_source(self) -> Source | None:
        item = self.tree.currentItem()
        return self._timeline.sources.get(item.data(0, Qt.ItemDataRole.UserRole)) if item and self._timeline else None

    def select(self, source_id: str, quietly: bool = False) -> None:
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item.data(0, Qt.ItemDataRole.UserRole) == source_id:
                self.tree.blockSignals(quietly)
                self.tree.setCurrentItem(item)
                self.tree.blockSignals(False)

    def _on_current(self, item: QTreeWidgetItem | None) -> None:
        if (source := self.current_source()) is not None:
            self.ctx.open_source(source.id)
