"""Wiring: store → document → window."""
from __future__ import annotations

import sys
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from .database import APP_ID, open_database
from .document import Document
from .store import StoreError
from .ui.main_window import APP_NAME, MainWindow


def open_document(db_path: Path | None = None, *, empty: bool = False) -> Document:
    store = open_database(db_path, empty=empty)
    return Document(store, store.load())


def create_window(db_path: Path | None = None, *, empty: bool = False) -> MainWindow:
    """The main window on ``db_path``, not yet shown; the caller owns the event loop."""
    pg.setConfigOptions(antialias=True)
    return MainWindow(open_document(db_path, empty=empty), QSettings(APP_ID, APP_ID))


def run_gui(db_path: Path | None, *, empty: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    try:
        window = create_window(db_path, empty=empty)
    except StoreError as error:
        QMessageBox.critical(
            None,
            APP_NAME,
            f"The timeline database cannot be opened.\n\n{error.path}\n\n{error.problem}\n\n"
            "The file has not been changed.",
        )
        return 2
    window.show()
    return app.exec()
