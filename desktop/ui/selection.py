"""The selected events, shared by the timeline and the panels that follow it."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..model import Edit


class Selection(QObject):
    changed = Signal(list)  # ids of the selected events, in the order they were picked

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []

    def ids(self) -> list[str]:
        return list(self._ids)

    def single(self) -> str | None:
        """The selected event when exactly one is selected."""
        return self._ids[0] if len(self._ids) == 1 else None

    def set(self, ids: list[str]) -> None:
        ids = list(dict.fromkeys(ids))
        if ids != self._ids:
            self._ids = ids
            self.changed.emit(list(ids))

    def forget_removed(self, edit: Edit) -> None:
        """Drop the events ``edit`` deletes (an undo of their creation, say)."""
        gone = {c.id for c in edit.changes if c.kind == "events" and c.after is None}
        if gone.intersection(self._ids):
            self.set([i for i in self._ids if i not in gone])
