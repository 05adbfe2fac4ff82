"""File ▸ Import and the exports, as one undo step per import; a long file shows its
progress and can be cancelled. Reading and writing files is the exchange package's part."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from ...exchange.formats import FORMATS, read_file, write_file
from ...exchange.importing import import_edit, summary
from ...exchange.reading import Cancelled, FormatError
from ..context import Context
from ..dialogs.files import ask_open_file, ask_save_file, progress_dialog, refuse
from ..dialogs.image_export import ImageExportDialog, export_with_progress
from . import Command

ANY_FORMAT = "Timeline files (*.csv *.json)"


def choose_import(ctx: Context) -> None:
    filters = [ANY_FORMAT, *(f.dialog_filter for f in FORMATS.values()), "All files (*)"]
    path, chosen = ask_open_file(ctx.parent_widget, ctx.settings, "import", "Import into the timeline", filters)
    if path:
        # A format's own filter reads the file as that format; the others recognise it.
        import_file(ctx, path, next((f.name for f in FORMATS.values() if f.dialog_filter == chosen), None))


def import_file(ctx: Context, path: Path, format_name: str | None = None) -> bool:
    """Read the whole file, then apply it as one undo step; a file with an error changes nothing."""
    document = ctx.document
    if document.store.is_file(path):
        QMessageBox.warning(ctx.parent_widget, "Import", f"{path} is the timeline database itself: there is nothing to import from it.")
        return False
    try:
        with progress_dialog(ctx.parent_widget, f"Reading {path.name}…") as progress:
            read = read_file(path, format_name, progress, ctx.date_order)
            edit = import_edit(document.timeline, read)
    except Cancelled:
        ctx.say(f"Import of {path.name} cancelled: nothing was changed")
        return False
    except FormatError as error:
        ctx.say(f"Nothing imported: {error}", 15000)
        refuse(ctx.parent_widget, "Import", path, error)
        return False
    if not edit.changes:
        ctx.say(f"Nothing to import: the timeline holds everything {path.name} holds already")
        return False
    if not ctx.push(edit):  # it has said why
        return False
    ctx.say(f"Imported {summary(read, edit)}", 15000)
    return True


def export(format_name: str):
    def run(ctx: Context) -> None:
        fmt = FORMATS[format_name]
        path = ask_save_file(ctx.parent_widget, ctx.settings, "export", f"Export the timeline: {fmt.label}", f"timeline{fmt.suffix}", fmt.dialog_filter)
        if path is None:
            return
        if ctx.document.store.is_file(path):
            QMessageBox.warning(ctx.parent_widget, "Export", f"{path} is the timeline database itself. Choose another file name.")
            return
        try:
            with progress_dialog(ctx.parent_widget, f"Writing {path.name}…") as progress:
                write_file(ctx.timeline, path, fmt, progress)
        except Cancelled:
            ctx.say(f"Export to {path.name} cancelled: nothing was written")
            return
        except OSError as error:
            QMessageBox.critical(ctx.parent_widget, "Export", f"Could not write {path}:\n{error.strerror or error}")
            return
        ctx.settings.setValue("export/folder", str(path.parent))
        ctx.say(f"Exported {len(ctx.timeline.events)} events to {path}", 8000)

    return run


def export_image(ctx: Context) -> None:
    """Ctrl+Shift+E: a picture to publish, of the dates in view unless asked otherwise."""
    dialog = ImageExportDialog(ctx.timeline, ctx.settings, ctx.canvas.view_range(), ctx.document.store.is_file, ctx.canvas.annotations.callouts_shown, ctx.parent_widget, ctx.date_order)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def export() -> None:
        if message := export_with_progress(ctx.parent_widget, ctx.timeline, dialog.path(), dialog.request()):
            ctx.say(message, 8000)

    dialog.accepted.connect(export)
    dialog.open()


COMMANDS = [
    Command("action_import", "&Import…", choose_import, "File", ("Ctrl+I",), writes=True),
    Command("action_export_csv", "Export as &CSV…", export("csv"), "File", ("Ctrl+E",)),
    Command("action_export_json", "Export as &JSON (everything)…", export("json"), "File"),
    Command("action_export_timelinejs", "Export for &TimelineJS…", export("timelinejs"), "File"),
    Command("action_export_png", "Export as &image…", export_image, "File", ("Ctrl+Shift+E",)),
]
QUIT = Command("action_quit", "&Quit", lambda ctx: ctx.parent_widget.close(), "File", (QKeySequence.StandardKey.Quit,), separator=True)
