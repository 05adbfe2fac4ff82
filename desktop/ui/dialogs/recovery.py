"""The dialog shown when the database is corrupt and has been moved aside."""
from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from ...recovery import Backup, Recovery


class Choice(Enum):
    SALVAGE = "salvage"
    BACKUP = "backup"
    EMPTY = "empty"
    QUIT = "quit"


def ask(recovery: Recovery, backup: Backup | None, title: str, parent: QWidget | None = None) -> Choice:
    """Say what is wrong and where the file went; offer to recover the journal's whole edits
    (when only the journal is damaged), ``backup`` (if any), an empty database, or quitting."""
    assert recovery.moved_to is not None  # otherwise there is nothing to choose
    box = QMessageBox(QMessageBox.Icon.Critical, title, "The timeline database is damaged and cannot be opened.", parent=parent)
    box.setInformativeText(
        f"{recovery.path}\n\n{recovery.problem}\n\n"
        f"It has been moved aside, unchanged, to {recovery.moved_to.name}."
        + ("" if backup else "\n\nThere is no backup of it to go back to.")
    )
    buttons = {}
    if recovery.edits:
        good, total = recovery.edits
        buttons[box.addButton(f"Recover {good} of {total} edits", QMessageBox.ButtonRole.AcceptRole)] = Choice.SALVAGE
    if backup:
        buttons[box.addButton(f"Open the most recent backup ({backup.when()})", QMessageBox.ButtonRole.AcceptRole)] = Choice.BACKUP
    buttons[box.addButton("Start empty", QMessageBox.ButtonRole.DestructiveRole)] = Choice.EMPTY
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    buttons[quit_button] = Choice.QUIT
    box.setEscapeButton(quit_button)
    box.exec()
    return buttons.get(box.clickedButton(), Choice.QUIT)
