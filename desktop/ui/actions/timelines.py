"""File ▸ New timeline, Open, Open recent, Save a copy and Close: each timeline in a window
of its own (which holds its lock); a file another window has open is brought forward."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from ..context import Context
from ..dialogs.files import ask_open_file, ask_save_file
from ..dialogs.pick import PickDialog
from ..recent import recent
from . import Command

TIMELINE_FILTER = "Timelines (*.json)"


def open_timeline(ctx: Context) -> None:
    path, _ = ask_open_file(ctx.parent_widget, ctx.settings, "timeline", "Open timeline", [TIMELINE_FILTER, "All files (*)"])
    if path:
        ctx.open_timeline(path)


def new_timeline(ctx: Context) -> None:
    path = ask_save_file(ctx.parent_widget, ctx.settings, "timeline", "New timeline", "timeline.json", TIMELINE_FILTER)
    if path is None:
        return
    if path.exists():
        QMessageBox.warning(ctx.parent_widget, "New timeline", f"{path} exists already: open it, or choose another name.")
        return
    ctx.open_timeline(path, empty=True)


def save_copy(ctx: Context) -> None:
    """The whole timeline written to another file, which can then be opened on its own."""
    path = ask_save_file(ctx.parent_widget, ctx.settings, "timeline", "Save a copy as", "copy.json", TIMELINE_FILTER)
    if path is None:
        return
    if ctx.document.store.is_file(path) or path.exists():
        QMessageBox.warning(ctx.parent_widget, "Save a copy", f"{path} exists already. Choose another file name.")
        return
    if problem := ctx.document.save_copy(path):
        QMessageBox.critical(ctx.parent_widget, "Save a copy", f"Could not write {path}:\n{problem}")
        return
    ctx.say(f"A copy of the timeline is in {path}", 8000)


def open_recent(ctx: Context) -> None:
    """One of the last ten timelines opened, picked from a list typed words narrow."""
    files = [p for p in recent(ctx.settings) if not ctx.document.store.is_file(p)]
    if not files:
        ctx.say("No other timeline opened recently.")
        return
    dialog = PickDialog("Open recent", "Open the timeline:", [(str(p), f"{p.name} — {p.parent}") for p in files], ctx.parent_widget)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: dialog.chosen() and ctx.open_timeline(Path(dialog.chosen())))
    dialog.open()


COMMANDS = [
    Command("action_new_timeline", "New &timeline…", new_timeline, "File"),
    Command("action_open_timeline", "&Open…", open_timeline, "File", (QKeySequence.StandardKey.Open,)),
    Command("action_open_recent", "Open &recent…", open_recent, "File"),
    Command("action_save_copy", "Save a &copy as…", save_copy, "File"),
    Command("action_close_timeline", "C&lose", lambda ctx: ctx.parent_widget.close(), "File", (QKeySequence.StandardKey.Close,)),
]
