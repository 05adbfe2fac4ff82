"""Source ▸ commands on the document the Sources panel shows: edit its details, open its
web page, merge it into another copy of the same document, delete it."""
from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from ...model import source_edits
from ..context import Context
from ..dialogs.pick import PickDialog
from ..dialogs.source import SourceDialog
from . import Command


def edit_source(ctx: Context) -> None:
    source_id = ctx.shown_source
    dialog = SourceDialog(ctx.timeline.sources[source_id], lambda values: source_edits.edit_source(ctx.timeline, source_id, **values), ctx.parent_widget)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: ctx.push(dialog.result_value))
    dialog.open()


def open_url(ctx: Context) -> None:
    source = ctx.timeline.sources[ctx.shown_source]
    if url := source.url or source.archived_url:
        QDesktopServices.openUrl(QUrl(url))
    else:
        ctx.say(f"'{source.title}' has no URL: add one with Source ▸ Edit source.")


def delete_source(ctx: Context) -> None:
    """After saying what goes with it."""
    source = ctx.timeline.sources[ctx.shown_source]
    citations, events = source_edits.cited_by(ctx.timeline, source.id)
    lose = f"\n\n{citations} citation(s) of it go with it: {events} event(s) lose one." if citations else "\n\nNothing cites it."
    answer = QMessageBox.question(ctx.parent_widget, "Delete source", f"Delete '{source.title}'?{lose}")
    if answer == QMessageBox.StandardButton.Yes:
        ctx.push(source_edits.delete_source(ctx.timeline, source.id))


def merge_source(ctx: Context) -> None:
    """Pick the copy of the same document to keep; this one's citations move to it."""
    source = ctx.timeline.sources[ctx.shown_source]
    others = source_edits.sorted_for_merge(ctx.timeline, source.id)
    if not others:
        ctx.say("There is no other source to merge it with.")
        return
    items = [(s.id, " · ".join(filter(None, (s.title, s.publisher, s.published.label() if s.published else "")))) for s in others]
    dialog = PickDialog("Merge source", f"'{source.title}' is the same document as (its citations move there, and it goes):", items, ctx.parent_widget)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def merge() -> None:
        keep = dialog.chosen()
        if keep and ctx.push(source_edits.merge_sources(ctx.timeline, keep, source.id)):
            ctx.open_source(keep)

    dialog.accepted.connect(merge)
    dialog.open()


COMMANDS = [
    Command("action_edit_source", "&Edit source…", edit_source, "Source", writes=True, needs_source=True, tip="Title, publisher, author, date, URL, archived copy, reliability"),
    Command("action_open_source_url", "&Open in browser", open_url, "Source", needs_source=True),
    Command("action_merge_source", "&Merge into…", merge_source, "Source", writes=True, needs_source=True, separator=True),
    Command("action_delete_source", "&Delete source…", delete_source, "Source", writes=True, needs_source=True),
]
