"""An open timeline: the model, the store it is saved in, and the undo history of its edits.

Every change goes through ``Document.push``: the edit is checked against the model,
written to disk, then applied to the model, as one undoable command. Nothing is ever
applied to the model that did not reach the disk.

Undo and redo write to disk too, and the disk can fail. QUndoStack has no way for a
command to refuse, so a command that cannot be saved stops the stack's walk (the
commands after it in the same walk do nothing) and the stack is put back, once the walk
is over, where the timeline really is. Commands whose edit is already in force do
nothing, which is what makes putting the stack back harmless.
"""
from __future__ import annotations

import datetime as dt
import weakref

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from .model import Edit, Timeline
from .store import Store


class EditCommand(QUndoCommand):
    def __init__(self, document: Document, edit: Edit, position: int) -> None:
        super().__init__(edit.label)
        # Weak: the stack (owned by the document, in C++) owns the command, and a cycle
        # back to the document would leave its deletion to the garbage collector, which
        # then frees Qt objects in an order that crashes the interpreter.
        self.document = weakref.ref(document)
        self.edit = edit
        self.position = position  # in the stack, which never drops commands from its start
        self.saved = True  # push() has written it already: the first redo only applies it

    def redo(self) -> None:
        self.document()._walk(self.edit, f"'{self.edit.label}'", self.position, write=not self.saved)
        self.saved = False

    def undo(self) -> None:
        self.document()._walk(self.edit.inverse(), f"Undo of '{self.edit.label}'", self.position + 1)


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
        self._stopped_at: int | None = None  # where the timeline is, once a walk has failed

    def push(self, edit: Edit) -> bool:
        """Apply ``edit`` as one undo step; False if it changes nothing or could not be
        saved (``failed`` has said why; the history is untouched). Raises ModelError,
        with nothing applied, for an edit the timeline refuses."""
        if not edit.changes:
            return False
        if self._stopped_at is not None:  # a failed walk is still to be put back
            self._put_stack_back()
        self.timeline.check(edit.changes)
        if not self._save(edit, f"'{edit.label}'", "Nothing was changed"):
            return False
        self.undo_stack.push(EditCommand(self, edit, self.undo_stack.index()))
        return True

    def _walk(self, edit: Edit, what: str, index_before: int, write: bool = True) -> None:
        """One step of the stack's walk through its history: ``edit`` saved and applied,
        unless a step of this walk has failed already or the edit is already in force.
        ``index_before`` is where the stack stands if this step does not happen."""
        if self._stopped_at is not None or self._in_force(edit):
            return
        if write and not self._save(edit, what, "The timeline stays as it was"):
            self._stopped_at = index_before
            QTimer.singleShot(0, self._put_stack_back)
            return
        self.timeline.apply(edit.changes)
        self.changed.emit(edit)

    def _put_stack_back(self) -> None:
        if self._stopped_at is None:  # already done, by a push that came first
            return
        index, self._stopped_at = self._stopped_at, None
        self.undo_stack.setIndex(index)  # every step on the way back is in force: nothing runs

    def _save(self, edit: Edit, what: str, outcome: str) -> bool:
        try:
            self.timeline.check(edit.changes)
            self.store.apply(edit.changes)
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self.failed.emit(f"{what} could not be saved: {reason}. {outcome}.")
            return False
        self.last_saved = dt.datetime.now()
        self.saved.emit(self.last_saved)
        return True

    def _in_force(self, edit: Edit) -> bool:
        final = {(c.kind, c.id): c.after for c in edit.changes}  # a record changed twice ends as its last change says
        return all(self.timeline.table(kind).get(key) == after for (kind, key), after in final.items())
