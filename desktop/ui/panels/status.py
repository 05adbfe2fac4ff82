"""The status bar's word on the document: whether every change has reached the disk,
what an undo or redo did, and why an edit was not made."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox

from ..context import APP_NAME, Context


class SaveIndicator(QLabel):
    """The status bar's right corner: when the last change reached the disk, or that the
    disk refuses them and they are kept, or that the document is read-only."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(objectName="saved_indicator")
        self.ctx = ctx
        document = ctx.document
        if document.read_only:
            self.setText("Read-only: open in another window")
            self.setToolTip(f"Another window or program is editing {document.store.path}; close it and reopen this one to edit")
        else:
            self.setToolTip(f"Every edit is saved as it is made, to {document.store.path}")
            self._saved(None)
        document.saved.connect(self._saved)
        document.failed.connect(self._failed)
        document.refused.connect(lambda text: ctx.say(text))
        self._history_at = document.undo_stack.index()
        self._redo_step = None  # the step a redo would take: a new edit after an undo replaces it
        document.undo_stack.indexChanged.connect(self._history_moved)

    def _saved(self, when) -> None:
        self.setText(f"All changes saved · {when:%H:%M:%S}" if when else "No changes yet")
        self.setStyleSheet("")

    def _failed(self, message: str) -> None:
        if self.ctx.document.unsaved:
            self.setText("Not saved — retrying")
            self.setStyleSheet("color: #c62828; font-weight: bold")
        self.ctx.say(message, 15000)
        QMessageBox.warning(self.ctx.parent_widget, APP_NAME, message)

    def _history_moved(self, index: int) -> None:
        """Say what an undo or redo did: its event may be out of view or filtered out."""
        stack = self.ctx.document.undo_stack
        if index < self._history_at:
            self.ctx.say(f"Undone: {stack.text(index)}")
        elif index > self._history_at and stack.command(index - 1) is self._redo_step:  # not a new edit
            self.ctx.say(f"Redone: {stack.text(index - 1)}")
        self._history_at = index
        self._redo_step = stack.command(index) if index < stack.count() else None
