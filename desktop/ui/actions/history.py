"""Event ▸ History of this event (also on the event's right-click menu): every committed
change to it, from git, for a shared timeline; and who last changed each event, for the
exports that carry it."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from ...share import blame
from ...share.git import GitError
from ...share.history import event_history, unsynced
from ...share.sync import ShareError, link_path, linked_repo
from ..context import Context
from ..dialogs.history import HistoryDialog
from . import ONE, Command


def show_history(ctx: Context) -> None:
    event_id = ctx.selection.single()
    db = ctx.document.store.path
    if event_id is None:
        return
    if not link_path(db).exists():
        ctx.say("This timeline is not shared, so git keeps no history of it: File ▸ Share… publishes it", 15000)
        return
    try:
        repo = linked_repo(db)
        revisions = event_history(repo, ctx.timeline, event_id)
    except (ShareError, GitError, OSError) as error:
        QMessageBox.warning(ctx.parent_widget, "History", str(error))
        return
    waiting = "Your edits to it since the last sync are not here yet: File ▸ Sync commits them" if unsynced(repo, ctx.timeline, event_id) else ""
    dialog = HistoryDialog(ctx.parent_widget, ctx.timeline.events[event_id].title, revisions, ctx.timeline, waiting)
    dialog.open()


def last_changed_columns(ctx: Context) -> dict[str, tuple[str, str]] | None:
    """By event id, who last changed it and when; None, having said why, if git cannot tell."""
    db = ctx.document.store.path
    if not link_path(db).exists():
        ctx.say("This timeline is not shared, so git knows nothing of who changed it: File ▸ Share… publishes it", 15000)
        return None
    try:
        return blame.columns(blame.last_changes(linked_repo(db), ctx.timeline))
    except (ShareError, GitError, OSError) as error:
        QMessageBox.warning(ctx.parent_widget, "Last changed", str(error))
        return None


COMMANDS = [
    Command("action_event_history", "&History of this event", show_history, "Event", ("Ctrl+Shift+H",), needs_selection=ONE,
            tip="Every committed change to the event and its citations: who, when, which fields, old and new values"),
]
