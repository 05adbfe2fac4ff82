"""An open timeline: the model, the store it is saved in, and the undo history of its edits.

Every change goes through ``Document.push``: the edit is checked against the model,
written to disk, then applied to the model, as one undoable command.

The disk can fail (full, gone read-only). An edit, undo or redo that cannot be written
is kept in memory all the same, queued, and the queue is written again, whole and in
order, on a timer until the disk takes it: the user's work is never dropped, and the
file only ever holds states the timeline really passed through. Only the disk may hold
an edit back: one the store could never write (text that is not valid Unicode) is
refused before it is queued, else it would block every edit after it.

Compaction (the store writing the whole file once edits pause) runs on a worker thread:
past a hundred thousand events the file holds hundreds of megabytes, and edits go on
being saved, to the journal, while it is written; a timer then puts the new file in
place. Closing waits for it.

The model could refuse an undo or redo only if the history no longer fitted the
timeline, which would be a bug. QUndoStack has no way for a command to refuse, so such
a step ends the walk (the steps after it do nothing) and the history is cleared once
the walk is over: the timeline and the file stay as they are, and agree.
"""
from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from .model import Edit, Timeline
from .store import Store, StoreError


class EditCommand(QUndoCommand):
    def __init__(self, document: Document, edit: Edit) -> None:
        super().__init__(edit.label)
        # Weak: the stack (owned by the document, in C++) owns the command, and a cycle
        # back to the document would leave its deletion to the garbage collector, which
        # then frees Qt objects in an order that crashes the interpreter.
        self.document = weakref.ref(document)
        self.edit = edit
        self.saved = True  # push() has written it already: the first redo only applies it

    def redo(self) -> None:
        # Labelled as the Redo menu said: a sync redone is an edit of the user's, not the merge.
        self.document()._walk(self.edit, f"'{self.edit.label}'", write=not self.saved, label=f"Redo {self.edit.label}")
        self.saved = False

    def undo(self) -> None:
        # Labelled as the Undo menu said, for a shared timeline's commit message.
        self.document()._walk(self.edit.inverse(), f"Undo of '{self.edit.label}'", label=f"Undo {self.edit.label}")


RETRY_FIRST_MS, RETRY_MAX_MS = 2_000, 30_000
# Edits are saved as journal lines; once they pause this long the store writes the whole
# file, on a worker thread, so that opening replays little and backups hold every edit.
COMPACT_AFTER_MS = 5_000
COMPACTION_POLL_MS = 50  # how often the window looks whether the worker has written the file


class Document(QObject):
    changed = Signal(object)  # the Edit just applied (an undo applies the inverse)
    saved = Signal(object)  # datetime.datetime at which the last change reached the disk
    failed = Signal(str)  # a change that could not be saved, in words for the user
    refused = Signal(str)  # an edit not made because the document is read-only

    def __init__(self, store: Store, timeline: Timeline, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.timeline = timeline
        self.undo_stack = QUndoStack(self)  # every edit of the timeline goes through here
        self.last_saved: dt.datetime | None = None
        self._walk_failed = False  # a step of the stack's current walk was refused
        self.unsaved: list[Edit] = []  # applied to the model, not yet on disk, in order
        self._labels: list[str] = []  # theirs, for a shared timeline's commit message
        self.save_error = ""  # why the disk refused them
        self._retry = QTimer(self, singleShot=True, interval=RETRY_FIRST_MS, timeout=self.retry)
        self._compact = QTimer(self, singleShot=True, interval=COMPACT_AFTER_MS, timeout=self._start_compaction)
        self._compaction_done = QTimer(self, interval=COMPACTION_POLL_MS, timeout=self._finish_compaction)
        store.compacts_in_background = True  # an edit past the journal's limit starts one too

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def push(self, edit: Edit) -> bool:
        """Apply ``edit`` as one undo step; False if it changes nothing or the document is
        read-only (``refused`` says so). An edit the disk cannot take yet is applied and
        queued. Raises ModelError, with nothing applied, for an edit the timeline refuses
        or the store could never write."""
        if not edit.changes:
            return False
        if self.read_only:
            self.refused.emit(f"Not changed: {self.store.path.name} is open read-only.")
            return False
        self.timeline.check(edit.changes)
        self.store.check_savable(edit.changes)
        self._write(edit)
        self.undo_stack.push(EditCommand(self, edit))
        return True

    def _walk(self, edit: Edit, what: str, write: bool = True, label: str | None = None) -> None:
        """One step of the stack's walk through its history: ``edit`` saved and applied,
        unless a step of this walk has been refused already."""
        if self._walk_failed:
            return
        if write:
            try:
                self.timeline.check(edit.changes)
                self.store.check_savable(edit.changes)
            except ValueError as error:
                self.failed.emit(f"{what} could not be saved: {error}. The history has been cleared; the timeline is as saved.")
                self._walk_failed = True
                QTimer.singleShot(0, self._clear_history)
                return
            self._write(edit, label)
        self.timeline.apply(edit.changes)
        self.changed.emit(edit)

    def _clear_history(self) -> None:
        self.undo_stack.clear()  # drops the commands without running them
        self._walk_failed = False

    def _write(self, edit: Edit, label: str | None = None) -> None:
        """Write a checked ``edit``, or queue it behind the edits already waiting for the disk;
        ``label``: what it is called in a commit message, if not its own label."""
        self.unsaved.append(edit)
        self._labels.append(label or edit.label)
        if not self._retry.isActive():  # else the queue is waiting for its next try
            self.retry()

    def save_copy(self, path) -> str | None:
        """The whole timeline written to a new database file at ``path``; why it could
        not be, in words, or None."""
        try:
            Store.open(path, seed=lambda: self.timeline).close()
        except StoreError as error:
            return error.problem
        return None

    @property
    def compacting(self) -> bool:
        return self.store.compaction is not None

    def _start_compaction(self) -> None:
        if self.store.start_compaction() is not None:
            self._compaction_done.start()

    def _finish_compaction(self) -> None:
        if self.store.finish_compaction():
            self._compaction_done.stop()

    def wait_for_compaction(self, report: Callable[[int, int], None]) -> None:
        """Wait for the compaction under way, calling ``report(bytes written, of about how
        many)`` as it goes (it may raise to stop waiting), then put its file in place."""
        compaction = self.store.compaction
        while compaction is not None and not compaction.wait(COMPACTION_POLL_MS / 1000):
            report(*compaction.progress())
        self._finish_compaction()

    def close(self) -> None:
        """Close the store, once a compaction under way is written; edits still waiting for
        the disk are dropped (the window has asked the user), and no timer may write them
        afterwards, without the lock."""
        self._retry.stop()
        self._compact.stop()
        self._compaction_done.stop()
        self.unsaved.clear()
        self._labels.clear()
        self.store.close()

    def retry(self) -> bool:
        """Write every queued edit, all or nothing; True when none is left waiting."""
        if not self.unsaved:
            return True
        try:
            self.store.apply((change for edit in self.unsaved for change in edit.changes), self._labels)
        except OSError as error:
            first = not self.save_error
            self.save_error = error.strerror or str(error)
            self._retry.start(RETRY_FIRST_MS if first else min(self._retry.interval() * 2, RETRY_MAX_MS))
            if first:  # said once, not at every retry
                self.failed.emit(
                    f"Not saved: {self.save_error}. Your edits are kept and will be saved as soon "
                    "as the disk allows; do not quit until then."
                )
            return False
        self.unsaved.clear()
        self._labels.clear()
        self.save_error = ""
        self._retry.stop()
        self._retry.setInterval(RETRY_FIRST_MS)
        self._compact.start()  # restarted by every save: it runs once they pause
        if self.compacting:  # started by this edit, past the journal's limit
            self._compaction_done.start()
        self.last_saved = dt.datetime.now()
        self.saved.emit(self.last_saved)
        return True

