"""One item picked from a list that a few typed words narrow down: the event another is
linked to (and how, when there are kinds to choose from), the source or lane another is
merged into; with notes, a note typed beside the pick (a link's: why, who says so)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget


class PickDialog(QDialog):
    def __init__(self, title: str, prompt: str, items: list[tuple[str, str]], parent: QWidget | None = None,
                 kinds: list[tuple[str, str]] = (), notes: dict[str, str] | None = None) -> None:
        """``items``: (key, text) pairs, in the order shown; ``kinds``, likewise, what the
        pick is (a link's type), in a list above it: none, no such list. ``notes``: a note
        field below the list, showing the picked item's note from it; None, no such field."""
        super().__init__(parent)
        self._notes = notes
        self.note = QLineEdit(objectName="pick_note", placeholderText="Note: why they are linked, who says so (optional)",
                              clearButtonEnabled=True)
        self.kinds = QComboBox(objectName="pick_kind")
        for key, text in kinds:
            self.kinds.addItem(text, key)
        self.setObjectName("pick_dialog")
        self.setWindowTitle(title)
        self.setMinimumSize(460, 360)
        self.filter = QLineEdit(objectName="pick_filter", placeholderText="Type to narrow the list", clearButtonEnabled=True)
        self.list = QListWidget(objectName="pick_list")
        for key, text in items:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.list.addItem(item)
        self.list.itemDoubleClicked.connect(self.accept)
        self.list.currentItemChanged.connect(self._show_note)
        self.filter.textChanged.connect(self._narrow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt, wordWrap=True))
        layout.addWidget(self.kinds)
        self.kinds.setVisible(bool(kinds))
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        self.note.setVisible(notes is not None)
        layout.addWidget(self.buttons)
        self._narrow("")

    def _narrow(self, text: str) -> None:
        """Items holding every typed word, the first of them current."""
        words = text.casefold().split()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = not all(word in item.text().casefold() for word in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        self.list.setCurrentItem(first)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(first is not None)

    def _show_note(self, item: QListWidgetItem | None) -> None:
        if self._notes and item is not None:
            self.note.setText(self._notes.get(item.data(Qt.ItemDataRole.UserRole), ""))

    def kind(self) -> str | None:
        return self.kinds.currentData()

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and not item.isHidden() else None
