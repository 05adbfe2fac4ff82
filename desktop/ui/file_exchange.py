"""File ▸ Import and the exports: the file dialogs, a progress dialog that can cancel a long
file, and one undo step per import. Reading and writing files is the exchange package's
part; the timeline changes only by the window pushing the import's edit."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from ..exchange.formats import FORMATS, BadRows, read_file, write_file
from ..exchange.importing import Imported, import_edit, summary
from ..exchange.lanes import lane_map
from ..exchange.reading import Cancelled, FormatError, NotUtf8, Progress
from .dialogs.import_choices import ask_encoding, ask_lanes, ask_skip

if TYPE_CHECKING:
    from .main_window import MainWindow

ANY_FORMAT = "Timeline files (*.csv *.json)"


def ask_for_file(window: MainWindow, key: str, title: str, filters: list[str]) -> tuple[Path | None, str]:
    """An open-file dialog that starts in the folder last used for ``key``, and remembers
    the new one; the file chosen (None: cancelled) and the filter it was chosen under."""
    settings = window.settings
    path, chosen = QFileDialog.getOpenFileName(window, title, settings.value(f"{key}/folder", str(Path.home())), ";;".join(filters))
    if not path:
        return None, chosen
    settings.setValue(f"{key}/folder", str(Path(path).parent))
    return Path(path), chosen


def refuse(window: MainWindow, title: str, path: Path, error: FormatError) -> None:
    """Say in the status bar and a message box why ``path`` was not imported."""
    window.statusBar().showMessage(f"Nothing imported: {error}", 15000)
    QMessageBox.warning(window, title, f"{path.name} cannot be imported.\n\n{error}\n\nNothing was changed.")


class FileExchange:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def choose_import(self) -> None:
        filters = [ANY_FORMAT, *(f.dialog_filter for f in FORMATS.values()), "All files (*)"]
        path, chosen = ask_for_file(self.window, "import", "Import into the timeline", filters)
        if path:
            # A format's own filter reads the file as that format; the others recognise it.
            self.import_file(path, next((f.name for f in FORMATS.values() if f.dialog_filter == chosen), None))

    def import_file(self, path: Path, format_name: str | None = None) -> bool:
        """Read the whole file, then apply it as one undo step; a file with an error changes nothing."""
        window, document = self.window, self.window.document
        if document.store.is_file(path):
            QMessageBox.warning(window, "Import", f"{path} is the timeline database itself: there is nothing to import from it.")
            return False
        read = self._read(path, format_name)
        if read is None:
            return False
        if read.actors:  # a dataset: its actors' lanes, as proposed or as the user changes them
            timeline = document.timeline
            chosen = ask_lanes(window, lane_map(timeline, read.actors.values()), timeline.lane_order(), Counter(read.actors.values()))
            if chosen is None:
                window.statusBar().showMessage(f"Import of {path.name} cancelled: nothing was changed", 10000)
                return False
            read.lane_map = chosen
        try:
            edit = import_edit(document.timeline, read)
        except FormatError as error:
            refuse(window, "Import", path, error)
            return False
        if not edit.changes:
            window.statusBar().showMessage(f"Nothing to import: the timeline holds everything {path.name} holds already", 10000)
            return False
        if not window.push_edit(edit):  # it has said why
            return False
        window.statusBar().showMessage(f"Imported {summary(read, edit)}", 15000)
        return True

    def _read(self, path: Path, format_name: str | None, encoding: str | None = None) -> Imported | None:
        """The file read whole, once the user has said how to take what it needs (an
        encoding, rows to skip); None if it is refused or cancelled."""
        window = self.window
        try:
            with progress_dialog(window, f"Reading {path.name}…") as progress:
                return read_file(path, format_name, progress, encoding)
        except Cancelled:
            window.statusBar().showMessage(f"Import of {path.name} cancelled: nothing was changed", 10000)
        except NotUtf8 as error:
            if error.guess and ask_encoding(window, path.name, error.guess, error.sample):
                return self._read(path, format_name, error.guess)
            refuse(window, "Import", path, error)
        except BadRows as error:
            bad = [f"line {e.line}: {e.field}: {e.problem}" if e.field else f"line {e.line}: {e.problem}" for e in error.read.skipped]
            if ask_skip(window, path.name, len(error.read.events), bad):
                return error.read
            window.statusBar().showMessage(f"Import of {path.name} cancelled: nothing was changed", 10000)
        except FormatError as error:
            refuse(window, "Import", path, error)
        return None

    def export(self, format_name: str) -> None:
        window, settings = self.window, self.window.settings
        fmt = FORMATS[format_name]
        folder = settings.value("export/folder", str(Path.home()))
        start = str(Path(folder) / f"timeline{fmt.suffix}")
        name, _ = QFileDialog.getSaveFileName(window, f"Export the timeline: {fmt.label}", start, fmt.dialog_filter)
        if not name:
            return
        path = Path(name)
        if window.document.store.is_file(path):
            QMessageBox.warning(window, "Export", f"{path} is the timeline database itself. Choose another file name.")
            return
        try:
            with progress_dialog(window, f"Writing {path.name}…") as progress:
                write_file(window.document.timeline, path, fmt, progress)
        except Cancelled:
            window.statusBar().showMessage(f"Export to {path.name} cancelled: nothing was written", 10000)
            return
        except OSError as error:
            QMessageBox.critical(window, "Export", f"Could not write {path}:\n{error.strerror or error}")
            return
        settings.setValue("export/folder", str(path.parent))
        window.statusBar().showMessage(f"Exported {len(window.document.timeline.events)} events to {path}", 8000)


def dropped_file(mime: QMimeData) -> Path | None:
    """The one local file a drag carries, if that is what it carries."""
    urls = mime.urls() if mime.hasUrls() else []
    return Path(urls[0].toLocalFile()) if len(urls) == 1 and urls[0].isLocalFile() else None


@contextmanager
def progress_dialog(parent: QWidget, label: str, wait_ms: int = 500) -> Iterator[Progress]:
    """A progress report for long reading, writing or drawing; the dialog shows once the
    work has lasted ``wait_ms``, and its Cancel button stops the work at the next report."""
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)  # its setValue then lets Qt handle the Cancel click
    dialog.setMinimumDuration(wait_ms)
    dialog.setAutoReset(False)

    def report(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        if dialog.wasCanceled():
            raise Cancelled

    try:
        yield report
    finally:
        dialog.close()
        dialog.deleteLater()
