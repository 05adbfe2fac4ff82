"""Edit ▸ cut, copy, paste, duplicate and select all for events, and copying them as CSV
rows or as lines of text. Copy puts the events with their citations and sources on the
clipboard for this app (pasted whole, here or into another timeline) and as text for
any other program."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication, QKeySequence

from ...exchange.csv_format import csv_text
from ...model import ModelError, editing
from ...model.clipboard import MIME_TYPE, Clip, as_text, clip_of, paste
from ...model.wording import counted
from ..context import Context
from . import SOME, Command


def _put(mime: QMimeData) -> None:
    QGuiApplication.clipboard().setMimeData(mime)


def keep_as_text() -> None:
    """At quit: events this app copied stay on the clipboard as their text only. A
    QMimeData made in Python that the clipboard still holds when the application goes
    crashes the process on its way out (PySide6), and only this app reads the events'
    own format."""
    clipboard = QGuiApplication.clipboard()
    if (mime := clipboard.mimeData()) is not None and mime.hasFormat(MIME_TYPE):
        clipboard.setText(mime.text())


def copy(ctx: Context) -> None:
    ids = ctx.selection.ids()
    clip = clip_of(ctx.timeline, ids)
    mime = QMimeData()
    mime.setData(MIME_TYPE, clip.to_json().encode("utf-8"))
    mime.setText(as_text(ctx.timeline, ids))
    _put(mime)
    ctx.say(f"Copied {counted(len(ids), 'event')} with {counted(len(clip.citations), 'citation')}")


def cut(ctx: Context) -> None:
    copy(ctx)
    edit = editing.remove(ctx.timeline, "events", ctx.selection.ids())
    ctx.push(replace(edit, label=edit.label.replace("Delete", "Cut", 1)))


def paste_events(ctx: Context) -> None:
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None or not mime.hasFormat(MIME_TYPE):
        ctx.say("Nothing to paste: the clipboard holds no events. Copy some first.")
        return
    try:
        clip = Clip.from_json(bytes(mime.data(MIME_TYPE)).decode("utf-8"))
    except (ModelError, UnicodeDecodeError) as error:
        ctx.say(f"Nothing pasted: {error}")
        return
    _add(ctx, clip, "Paste", "Pasted")


def duplicate(ctx: Context) -> None:
    _add(ctx, clip_of(ctx.timeline, ctx.selection.ids()), "Duplicate", "Duplicated")


def _add(ctx: Context, clip: Clip, verb: str, done: str) -> None:
    """Copies of the clip's events, selected once added."""
    edit, ids = paste(ctx.timeline, clip, verb)
    if ctx.push(edit):
        ctx.canvas.select(ids)
        ctx.say(f"{done} {counted(len(ids), 'event')}")


def copy_as_csv(ctx: Context) -> None:
    ids = ctx.selection.ids()
    mime = QMimeData()
    mime.setText(csv_text(clip_of(ctx.timeline, ids).timeline()))
    _put(mime)
    ctx.say(f"Copied {counted(len(ids), 'event')} as CSV rows, with the header")


def copy_as_text(ctx: Context) -> None:
    ids = ctx.selection.ids()
    mime = QMimeData()
    mime.setText(as_text(ctx.timeline, ids))
    _put(mime)
    ctx.say(f"Copied {counted(len(ids), 'event')} as text, a line each")


COMMANDS = [
    Command("action_cut", "Cu&t", cut, "Edit", (QKeySequence.StandardKey.Cut,), writes=True, needs_selection=SOME, scope="timeline", separator=True),
    Command("action_copy", "&Copy", copy, "Edit", (QKeySequence.StandardKey.Copy,), needs_selection=SOME, scope="timeline"),
    Command("action_paste", "&Paste", paste_events, "Edit", (QKeySequence.StandardKey.Paste,), writes=True, scope="timeline"),
    Command("action_duplicate", "D&uplicate", duplicate, "Edit", ("Ctrl+D",), writes=True, needs_selection=SOME, scope="timeline"),
    Command("action_copy_csv", "Copy as CSV &rows", copy_as_csv, "Edit", needs_selection=SOME),
    Command("action_copy_text", "Copy as te&xt", copy_as_text, "Edit", needs_selection=SOME,
            tip="A line per event for an article draft: date: title (who, stance; publisher)"),
    Command("action_select_all", "Select &all", lambda ctx: ctx.canvas.select(ctx.canvas.passing_ids()), "Edit",
            (QKeySequence.StandardKey.SelectAll,), scope="timeline"),
]
