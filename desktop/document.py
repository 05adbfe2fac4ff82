"""An open timeline: the model, the store it is saved in, and the undo history of its edits.

Every change goes through ``Document.push``: the edit is checked against the model,
written to disk, then applied to the model, as one undoable command. Nothing is ever
applied to the model that did not reach the disk.
"""
from __future__ import annotations

import datetime as dt
import weakref

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from .model import Edit, Timeline
from .store import Store


class EditCommand(QUndoCommand):
    def __init__(self, document: Document, edit: Edit) -> None:
        super().__init__(edit.label)
        # Weak: the stack (owned by the document, in C++) owns the command, and a cycle
        # back to the document would leave its deletion to the garbage collector, which
        # then frees Qt objects in an order that crashes the interpreter.
        self.document = weakref.ref(document)
        self.edit = edit

    def redo(self) -> None:
        self.setObsolete(not self.document()._commit(self.edit))

    def undo(self) -> None:
        # If the inverse cannot be saved the edit stays in force, and on disk; the stack
        # drops the command rather than pretend it was undone.
        self.setObsolete(not self.document()._commit(self.edit.inverse()))


class Document(QObject):
    changed = Signal(object)  # the Edit just applied (an undo applies the inverse)
    saved = Signal(object)  # datetime.datetime at which the last change reached the disk
    failed = Signal(str)  # a change that could not be saved, in words for the user

    def __init__(self, store: Store, timeline: Timeline, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.timeline = timeline
        self.undo_stack = QUndoStack(self)  # every edit of the timeline goes through here
        self.last_saved: dt.datetime | None = None
        self._committed = False

    def push(self, edit: Edit) -> bool:
        """Apply ``edit`` as one undo step; False if it changes nothing or could not be
        saved (``failed`` has said why). Raises ModelError, with nothing applied, for an
        edit the timeline refuses."""
        if not edit.changes:
            return False
        self.timeline.check(edit.changes)
        self._committed = False
        self.undo_stack.push(EditCommand(self, edit))  # runs redo(); drops it if obsolete
        return self._committed

    def _commit(self, edit: Edit) -> bool:
        try:
            self.timeline.check(edit.changes)
            self.store.apply(edit.changes)
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self.failed.emit(f"'{edit.label}' could not be saved: {reason}. Nothing was changed.")
            self._committed = False
            return False
        self.timeline.apply(edit.changes)
        self.last_saved = dt.datetime.now()
        self._committed = True
        self.changed.emit(edit)
        self.saved.emit(self.last_saved)
        return True
