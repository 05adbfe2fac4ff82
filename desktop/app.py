"""Wiring: store → document → window."""
from __future__ import annotations

import sys
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from .bulk import collector_paused
from .database import APP_ID, default_db_path, open_database
from .document import Document
from .model import Timeline
from .opening import Opening, sketched
from .recovery import recover, restore, salvage
from .store import CorruptDatabase, DatabaseLocked, Store, StoreError
from .ui.actions.clipboard import keep_as_text as keep_copied_events_as_text
from .ui.dialogs import recovery as recovery_dialog
from .ui.main_window import APP_NAME, MainWindow
from .ui.recent import recent


def open_document(db_path: Path | None = None, *, empty: bool = False, read_only: bool = False, behind: Opening | None = None) -> Document:
    """The document on ``db_path``; read on ``behind``'s worker thread, if given."""

    def read(**opening) -> tuple[Store, Timeline]:
        store = open_database(db_path, empty=empty, read_only=read_only, keep_backups=not read_only, **opening)
        return store, store.load()

    with collector_paused():  # a third of a second at 100k records
        return Document(*(behind.run(read) if behind else read()))


_windows: dict[Path, MainWindow] = {}  # the open windows by their file: one window per timeline


def create_window(db_path: Path | None = None, *, empty: bool = False, read_only: bool = False) -> MainWindow:
    """The main window on ``db_path``, not yet shown; the caller owns the event loop."""
    pg.setConfigOptions(antialias=True)
    # The window's lane arrays and panels make as many objects again as the records: the
    # collector, walking every record each time they pass its thresholds, would double
    # the time to the first frame.
    settings = QSettings(APP_ID, APP_ID)
    # A large file's events are drawn first, while the rest is read (opening.py).
    with collector_paused(), sketched(Path(db_path) if db_path else default_db_path(), read_only, settings) as behind:
        window = MainWindow(open_document(db_path, empty=empty, read_only=read_only, behind=behind), settings)
    key = window.document.store.path.resolve()
    _windows[key] = window
    token = id(window)  # not the window itself: its own signal must not keep it alive
    window.destroyed.connect(lambda: _windows.pop(key) if id(_windows.get(key)) == token else None)
    window.ctx.timelineRequested.connect(open_window)
    return window


def open_window(path: Path, empty: bool = False) -> MainWindow | None:
    """``path`` in a window of its own, shown; the window that has it open already, brought
    forward. A file that cannot be opened is said so, and nothing else changes."""
    if (window := _windows.get(Path(path).resolve())) is not None and window.isVisible():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)  # raised, yet unseen otherwise
        window.raise_()
        window.activateWindow()
        return window
    try:
        window = create_window(Path(path), empty=empty)
    except DatabaseLocked as locked:
        QMessageBox.warning(None, APP_NAME, f"{locked.path}\n\nis open in another program ({locked.holder}); it was not opened.")
        return None
    except StoreError as error:
        QMessageBox.warning(None, APP_NAME, f"{error.path}\n\ncannot be opened: {error.problem}. It has not been changed.")
        return None
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    return window


def _read_only_instead(locked: DatabaseLocked) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        APP_NAME,
        f"This timeline is open in another window ({locked.holder}).\n\n{locked.path}\n\n"
        "Only one window at a time can edit it. Open it read-only, to look and export?",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
    )
    box.button(QMessageBox.StandardButton.Open).setText("Open read-only")
    box.setDefaultButton(QMessageBox.StandardButton.Open)
    return box.exec() == QMessageBox.StandardButton.Open


def run_gui(db_path: Path | None, *, empty: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.aboutToQuit.connect(keep_copied_events_as_text)
    # No file named: the one opened last, if it is still there.
    path = Path(db_path) if db_path else next(iter(recent(QSettings(APP_ID, APP_ID))), default_db_path())
    tried = set()  # backups that turned out corrupt too are not offered again
    read_only = False
    while True:
        try:
            window = create_window(path, empty=empty, read_only=read_only)
            break
        except DatabaseLocked as locked:
            if not _read_only_instead(locked):
                return 2
            read_only = True
        except CorruptDatabase as error:
            recovery = recover(error)
            if recovery.moved_to is None:
                return _cannot_open(error, f"It could not be moved aside ({recovery.why_not_moved}) and has not been changed.")
            backup = next((b for b in recovery.backups if b.path not in tried), None)
            choice = recovery_dialog.ask(recovery, backup, APP_NAME)
            if choice is recovery_dialog.Choice.QUIT:
                return 2
            if choice is recovery_dialog.Choice.SALVAGE:
                try:
                    salvage(recovery)
                except OSError as failure:
                    return _cannot_open(error, f"Its edits could not be recovered ({failure.strerror or failure}).")
            elif choice is recovery_dialog.Choice.BACKUP:
                tried.add(backup.path)
                try:
                    restore(backup, path)
                except OSError as failure:
                    return _cannot_open(error, f"The backup could not be copied into place ({failure.strerror or failure}).")
            else:
                empty = True
        except StoreError as error:
            return _cannot_open(error, "The file has not been changed.")
    window.show()
    for notice in window.document.store.notices:  # a journal set aside, a damaged line's copy kept
        QMessageBox.warning(window, APP_NAME, f"{path}\n\n{notice}")
    return app.exec()


def _cannot_open(error: StoreError, outcome: str) -> int:
    QMessageBox.critical(None, APP_NAME, f"The timeline database cannot be opened.\n\n{error.path}\n\n{error.problem}\n\n{outcome}")
    return 2
