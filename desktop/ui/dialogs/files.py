"""File dialogs that remember their folder, the progress dialog of long file work (or of
work on a worker thread, the window painting meanwhile), and the one message that says
why a file was not imported."""
from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QMimeData, QSettings, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from ...exchange.reading import Cancelled, FormatError, Progress


def ask_open_file(parent: QWidget, settings: QSettings, key: str, title: str, filters: list[str]) -> tuple[Path | None, str]:
    """An open-file dialog that starts in the folder last used for ``key``, and remembers
    the new one; the file chosen (None: cancelled) and the filter it was chosen under."""
    path, chosen = QFileDialog.getOpenFileName(parent, title, settings.value(f"{key}/folder", str(Path.home())), ";;".join(filters))
    if not path:
        return None, chosen
    settings.setValue(f"{key}/folder", str(Path(path).parent))
    return Path(path), chosen


def ask_save_file(parent: QWidget, settings: QSettings, key: str, title: str, name: str, filter_: str) -> Path | None:
    """A save-file dialog offering ``name`` in the folder last used for ``key`` (which the
    caller remembers once the file is written)."""
    start = str(Path(settings.value(f"{key}/folder", str(Path.home()))) / name)
    chosen, _ = QFileDialog.getSaveFileName(parent, title, start, filter_)
    return Path(chosen) if chosen else None


def ask_folder(parent: QWidget, settings: QSettings, key: str, title: str) -> Path | None:
    """A folder chosen, starting in the one last used for ``key``; None: cancelled."""
    chosen = QFileDialog.getExistingDirectory(parent, title, settings.value(f"{key}/folder", str(Path.home())))
    if not chosen:
        return None
    settings.setValue(f"{key}/folder", chosen)
    return Path(chosen)


def refuse(parent: QWidget, title: str, path: Path, error: FormatError) -> None:
    """Say in a message box why ``path`` was not imported."""
    QMessageBox.warning(parent, title, f"{path.name} cannot be imported.\n\n{error}\n\nNothing was changed.")


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


T = TypeVar("T")
POLL_MS = 50  # how often the dialog looks how far the worker is
SWITCH_S = 0.0005  # the longest the worker keeps the interpreter when the interface thread wants it


def in_background(parent: QWidget, label: str, work: Callable[[Progress], T], wait_ms: int = 500) -> T:
    """``work(progress)`` on a worker thread, the window painting and answering meanwhile,
    with a progress dialog (shown once the work has lasted ``wait_ms``) whose Cancel makes
    the work's next report raise Cancelled. Returns what the work returns, or raises what
    it raised, here on the interface thread. The dialog is window-modal: nothing edits the
    timeline the work reads."""
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(wait_ms)
    dialog.setAutoReset(False)
    cancelled = threading.Event()
    dialog.canceled.connect(cancelled.set)  # at the click, not at the next look
    at = [0, 0]  # (done, total) as last reported; read by the interface thread, written by the worker
    outcome: list = []

    def report(done: int, total: int) -> None:
        at[:] = done, total
        if cancelled.is_set():
            raise Cancelled

    def run() -> None:
        try:
            outcome.append((True, work(report)))
        except BaseException as error:  # handed to the interface thread, which raises it
            outcome.append((False, error))

    loop = QEventLoop()
    worker = threading.Thread(target=run, name=label, daemon=True)

    def asked_to_cancel() -> bool:
        if dialog.wasCanceled():
            cancelled.set()
        return cancelled.is_set()

    def look() -> None:
        if not worker.is_alive():
            loop.quit()
        elif not asked_to_cancel():
            dialog.setMaximum(at[1])
            dialog.setValue(at[0])

    timer = QTimer(interval=POLL_MS)
    timer.timeout.connect(look)
    # The interface thread waits for the interpreter each time Qt calls into Python (a
    # paint, an event): by default up to 5 ms each, which adds up to frozen seconds.
    switching = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_S)
    asked_to_cancel()  # a dialog cancelled already: the work stops at its first report
    worker.start()
    timer.start()
    try:
        loop.exec()
        worker.join()
    finally:
        sys.setswitchinterval(switching)
        timer.stop()
        dialog.close()
        dialog.deleteLater()
    finished, value = outcome[0]
    if not finished:
        raise value
    return value
