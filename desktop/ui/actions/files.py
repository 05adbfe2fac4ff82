"""File ▸ Import and the exports, as one undo step per import; a long file shows its
progress and can be cancelled. Reading and writing files is the exchange package's part."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from ...exchange.formats import FORMATS, SPREADSHEET_CSV, BadRows, Format, read_file, write_file
from ...exchange.importing import Imported, import_edit, summary
from ...exchange.lanes import lane_map
from ...exchange.reading import Cancelled, FormatError, NotUtf8
from ...share.sync import link_path
from ..context import Context
from ..dialogs.files import ask_open_file, ask_save_file, in_background, progress_dialog, refuse
from ..dialogs.image_export import ImageExportDialog, export_with_progress
from ..dialogs.import_choices import ask_columns, ask_encoding, ask_lanes, ask_skip
from . import Command
from .history import last_changed_columns

ANY_FORMAT = "Timeline files (*.csv *.json *.timeline)"


class _ColumnsWanted(Exception):
    """A sheet of the user's own was recognised: its header, the proposed mapping and its
    first rows, for the user to map its columns before it is read."""


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
    read = _read(ctx, path, format_name)
    if read is None:
        return False
    if read.actors:  # a dataset: its actors' lanes, as proposed or as the user changes them
        timeline = document.timeline
        chosen = ask_lanes(ctx.parent_widget, lane_map(timeline, read.actors.values()), timeline.lane_order(), Counter(read.actors.values()))
        if chosen is None:
            ctx.say(f"Import of {path.name} cancelled: nothing was changed")
            return False
        read.lane_map = chosen
    try:
        edit = import_edit(document.timeline, read)
    except FormatError as error:
        refuse_import(ctx, "Import", path, error)
        return False
    if not edit.changes:
        ctx.say(f"Nothing to import: the timeline holds everything {path.name} holds already")
        return False
    if not ctx.push(edit):  # it has said why
        return False
    ctx.say(f"Imported {summary(read, edit)}", 15000)
    return True


def _read(ctx: Context, path: Path, format_name: str | None, encoding: str | None = None, columns: dict[str, str] | None = None) -> Imported | None:
    """The file read whole, once the user has said how to take what it needs (an encoding,
    a sheet's columns, rows to skip); None if it is refused or cancelled."""
    parent = ctx.parent_widget

    def wanted(*asked: object) -> dict[str, str]:
        raise _ColumnsWanted(*asked)  # asked once the progress of the reading is out of the way

    try:
        with progress_dialog(parent, f"Reading {path.name}…") as progress:
            return read_file(path, format_name, progress, encoding, order=ctx.date_order, columns=columns or wanted)
    except _ColumnsWanted as asked:
        if chosen := ask_columns(parent, path.name, *asked.args):
            return _read(ctx, path, "sheet", encoding, chosen)
        ctx.say(f"Import of {path.name} cancelled: nothing was changed")
    except Cancelled:
        ctx.say(f"Import of {path.name} cancelled: nothing was changed")
    except NotUtf8 as error:
        if error.guess and ask_encoding(parent, path.name, error.guess, error.sample):
            return _read(ctx, path, format_name, error.guess)
        refuse_import(ctx, "Import", path, error)
    except BadRows as error:
        bad = [f"line {e.line}: {e.field}: {e.problem}" if e.field else f"line {e.line}: {e.problem}" for e in error.read.skipped]
        if ask_skip(parent, path.name, len(error.read.events), bad):
            return error.read
        ctx.say(f"Import of {path.name} cancelled: nothing was changed")
    except FormatError as error:
        refuse_import(ctx, "Import", path, error)
    return None


def refuse_import(ctx: Context, title: str, path: Path, error: FormatError) -> None:
    """Why ``path`` was not imported, in the status bar and a message."""
    ctx.say(f"Nothing imported: {error}", 15000)
    refuse(ctx.parent_widget, title, path, error)


def export(fmt: Format):
    def run(ctx: Context) -> None:
        path = ask_save_file(ctx.parent_widget, ctx.settings, "export", f"Export the timeline: {fmt.label}", f"timeline{fmt.suffix}", fmt.dialog_filter)
        if path is None:
            return
        if ctx.document.store.is_file(path):
            QMessageBox.warning(ctx.parent_widget, "Export", f"{path} is the timeline database itself. Choose another file name.")
            return
        timeline = ctx.timeline.snapshot()  # what the worker reads, whatever is edited meanwhile
        try:  # on a worker thread: 300,000 events take seconds, which the window would be frozen for
            in_background(ctx.parent_widget, f"Writing {path.name}…", lambda progress: write_file(timeline, path, fmt, progress))
        except Cancelled:
            ctx.say(f"Export to {path.name} cancelled: nothing was written")
            return
        except OSError as error:
            QMessageBox.critical(ctx.parent_widget, "Export", f"Could not write {path}:\n{error.strerror or error}")
            return
        ctx.settings.setValue("export/folder", str(path.parent))
        ctx.say(f"Exported {len(timeline.events)} events to {path}", 8000)

    return run


def export_image(ctx: Context) -> None:
    """Ctrl+Shift+E: a picture to publish, of the dates in view unless asked otherwise."""
    dialog = ImageExportDialog(ctx.timeline, ctx.settings, ctx.canvas.view_range(), ctx.document.store.is_file, ctx.canvas.annotations.callouts_shown,
                               ctx.parent_widget, ctx.date_order, shared=link_path(ctx.document.store.path).exists())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def export() -> None:
        request = dialog.request()
        if dialog.last_changed.isChecked():
            if (changed := last_changed_columns(ctx)) is None:
                return
            request = replace(request, last_changed=changed)
        if message := export_with_progress(ctx.parent_widget, ctx.timeline, dialog.path(), request):
            ctx.say(message, 8000)

    dialog.accepted.connect(export)
    dialog.open()


COMMANDS = [
    Command("action_import", "&Import…", choose_import, "File", ("Ctrl+I",), writes=True),
    Command("action_export_csv", "Export as &CSV…", export(FORMATS["csv"]), "File", ("Ctrl+E",)),
    Command(
        "action_export_csv_spreadsheet", "Export as CSV for &spreadsheets…", export(SPREADSHEET_CSV), "File",
        tip="Cells that start with = + - @ get an apostrophe, so that a spreadsheet shows them instead of running them as formulas",
    ),
    Command("action_export_json", "Export as &JSON (everything)…", export(FORMATS["json"]), "File"),
    Command("action_export_timelinejs", "Export for &TimelineJS…", export(FORMATS["timelinejs"]), "File"),
    Command(
        "action_export_timelinejs_sheet", "Export as TimelineJS s&heet…", export(FORMATS["timelinejs-sheet"]), "File",
        tip="A CSV in the columns of TimelineJS's Google Sheets template, to paste into a sheet made from it and import back",
    ),
    Command("action_export_thetimelineproj", "Export for Time&line (.timeline)…", export(FORMATS["timeline"]), "File"),
    Command("action_export_png", "Export as &image…", export_image, "File", ("Ctrl+Shift+E",)),
]
QUIT = Command("action_quit", "&Quit", lambda ctx: ctx.parent_widget.close(), "File", (QKeySequence.StandardKey.Quit,), separator=True)
