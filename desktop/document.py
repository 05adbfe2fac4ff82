"""An open timeline: the model, the store it is saved in, and the undo history of its edits."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack

from .model import Timeline
from .store import Store


class Document(QObject):
    def __init__(self, store: Store, timeline: Timeline, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.timeline = timeline
        self.undo_stack = QUndoStack(self)  # every edit of the timeline goes through here
