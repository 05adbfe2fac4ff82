"""File ▸ New timeline, Open, Open recent (a submenu of the last ten), Rename, Save a copy
and Close: each timeline in a window of its own (which holds its lock); a file another
window has open is brought forward."""
from __future__ import annotations

from PySide6.QtGui import QAction, QCursor, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from ...model.heading import retitled
from ..context import Context
from ..dialogs.files import ask_open_file, ask_save_file
from ..dialogs.text import ask_text
from ..recent import forget_recent, recent
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


def rename_timeline(ctx: Context) -> None:
    """The timeline's title, one undo step (shared with the others at the next sync)."""
    title = ask_text(ctx.parent_widget, "Rename timeline", "Title of the timeline:", ctx.timeline.title)
    if title and title != ctx.timeline.title:  # empty: cancelled, or nothing typed
        ctx.push(retitled(ctx.timeline, title))


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
    """The Open recent submenu, where the pointer is: the command reached without the File menu."""
    ctx.parent_widget.findChild(QAction, "action_open_recent").menu().popup(QCursor.pos())


def fill_recent_menu(ctx: Context, menu: QMenu) -> None:
    """The last ten timelines opened, newest first, then Clear list; filled as it opens, so
    a file opened in another window since is there."""
    menu.clear()
    files = [p for p in recent(ctx.settings) if not ctx.document.store.is_file(p)]
    for number, path in enumerate(files, start=1):
        action = menu.addAction(f"&{number % 10} {path.name} — {path.parent}")
        action.setData(str(path))
        action.triggered.connect(lambda _=False, path=path: ctx.open_timeline(path))
    if not files:
        menu.addAction("No other timeline opened recently").setEnabled(False)
    menu.addSeparator()
    clear = menu.addAction("&Clear list")
    clear.setObjectName("action_clear_recent")
    clear.setEnabled(bool(files))
    clear.triggered.connect(lambda: forget_recent(ctx.settings, ctx.document.store.path))


def recent_menu(ctx: Context, action: QAction) -> None:
    """Give the Open recent command its submenu."""
    menu = QMenu(ctx.parent_widget)
    menu.setObjectName("recent_menu")
    menu.aboutToShow.connect(lambda: fill_recent_menu(ctx, menu))
    action.setMenu(menu)


COMMANDS = [
    Command("action_new_timeline", "New &timeline…", new_timeline, "File"),
    Command("action_open_timeline", "&Open…", open_timeline, "File", (QKeySequence.StandardKey.Open,)),
    Command("action_open_recent", "Open &recent", open_recent, "File"),
    Command("action_rename_timeline", "Re&name timeline…", rename_timeline, "File", writes=True),
    Command("action_save_copy", "Save a &copy as…", save_copy, "File"),
    Command("action_close_timeline", "C&lose", lambda ctx: ctx.parent_widget.close(), "File", (QKeySequence.StandardKey.Close,)),
]
