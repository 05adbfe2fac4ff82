"""Every lane, hidden ones too, in order, with its colour: pick one for the lane commands,
drag one to another place. The list follows the edits of lanes and events."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QListWidget, QListWidgetItem, QToolButton, QVBoxLayout, QWidget

from ...model import Edit, lanes
from ..context import Context


class LanePanel(QWidget):
    def __init__(self, ctx: Context, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("lane_panel")
        self.ctx = ctx
        self.list = QListWidget(objectName="lane_list")
        self.list.setAccessibleName("Lanes")
        if not ctx.read_only:
            self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.currentItemChanged.connect(self._picked)
        self.list.model().rowsMoved.connect(self._dropped)
        self.buttons = QVBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(self.buttons)
        self.show_lanes()
        ctx.document.changed.connect(self._on_changed)

    def add_actions(self, actions: list[QAction]) -> None:
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.buttons.insertWidget(self.buttons.count() - 1, button)

    def show_lanes(self) -> None:
        current = self.ctx.lane
        self.list.blockSignals(True)
        self.list.clear()
        for name, colour, hidden in lanes.styles(self.ctx.timeline):
            swatch = QPixmap(14, 14)
            swatch.fill(QColor(colour))
            item = QListWidgetItem(swatch, f"{name} (hidden)" if hidden else name)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.list.addItem(item)
            if name == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def _on_changed(self, edit: Edit) -> None:
        # Only edits that may add or drop a lane: finding an event's lanes walks every
        # event, which at 300,000 of them would slow each drag of one.
        if any(change.kind == "lane_records" or (change.kind == "events" and _lane_of(change.before) != _lane_of(change.after))
               for change in edit.changes):
            self.show_lanes()

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.ctx.lane = item.data(Qt.ItemDataRole.UserRole)

    def _dropped(self, _parent, start: int, _end: int, _destination, _row: int) -> None:
        """A lane dragged to another place in the list: moved there, one undo step."""
        order = [self.list.item(k).data(Qt.ItemDataRole.UserRole) for k in range(self.list.count())]
        moved = self.ctx.timeline.lane_order()[start]
        self.ctx.push(lanes.move(self.ctx.timeline, moved, order.index(moved)))
        self.show_lanes()


def _lane_of(event) -> str | None:
    return None if event is None else event.lane
