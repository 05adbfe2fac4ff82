"""What an import asks before it changes anything: to read a file that is not UTF-8 in
the encoding it looks like, which column of a sheet of the user's own is the date, the
title and the rest, which lane each of a dataset's actors goes in, and whether to import
the good rows of a file that has bad ones."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHeaderView, QLabel, QListWidget, QPlainTextEdit, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)


def _dialog(parent: QWidget | None, title: str, text: str, accept: str) -> tuple[QDialog, QVBoxLayout]:
    dialog = QDialog(parent, windowTitle=title)
    layout = QVBoxLayout(dialog)
    label = QLabel(text, wordWrap=True)
    layout.addWidget(label)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    buttons.addButton(accept, QDialogButtonBox.ButtonRole.AcceptRole).setObjectName("accept")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return dialog, layout


class EncodingDialog:
    """A file that is not UTF-8: the encoding it looks like, and its words as that reads them."""

    def __init__(self, file_name: str, guess: str, sample: str, parent: QWidget | None = None) -> None:
        self.dialog, layout = _dialog(parent, "Import: text encoding",
                                      f"{file_name} is not UTF-8 text. It looks like {guess}, which reads its first unusual bytes so:",
                                      f"Read it as {guess}")
        shown = QPlainTextEdit(sample, readOnly=True, objectName="encoding_sample")
        shown.setFixedHeight(shown.fontMetrics().lineSpacing() * 3 + 12)
        layout.insertWidget(1, shown)
        layout.insertWidget(2, QLabel("If the words look wrong, cancel, and save the file as UTF-8 where it was made."))


class LaneDialog:
    """Which lane each actor goes in: the proposal, each changeable to a lane the timeline
    has or a new name typed in."""

    def __init__(self, proposal: Mapping[str, str], lanes: Sequence[str], events: Mapping[str, int], parent: QWidget | None = None) -> None:
        self.dialog, layout = _dialog(parent, "Import: lanes for the actors",
                                      "Each event goes in the lane of its actor. Pick a lane for each actor, or type a new one:",
                                      "Import")
        self.table = QTableWidget(len(proposal), 3, objectName="lane_table")
        self.table.setHorizontalHeaderLabels(["Actor", "Events", "Lane"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.proposal = dict(proposal)
        choices = list(dict.fromkeys([*lanes, *proposal.values()]))  # the timeline's lanes first
        self.boxes: dict[str, QComboBox] = {}
        for row, (actor, lane) in enumerate(proposal.items()):
            self.table.setItem(row, 0, QTableWidgetItem(actor))
            self.table.setItem(row, 1, QTableWidgetItem(str(events.get(actor, 0))))
            box = QComboBox(editable=True, insertPolicy=QComboBox.InsertPolicy.NoInsert)
            box.addItems(choices)
            box.setCurrentText(lane)
            self.table.setCellWidget(row, 2, box)
            self.boxes[actor] = box
        layout.insertWidget(1, self.table)
        self.dialog.resize(720, 420)

    def mapping(self) -> dict[str, str]:
        """Actor → lane as chosen; an emptied lane keeps the proposal."""
        return {actor: box.currentText().strip() or self.proposal[actor] for actor, box in self.boxes.items()}


class SkipDialog:
    """A file with bad rows: which and why, and whether to import the good ones alone."""

    def __init__(self, file_name: str, good: int, bad: Sequence[str], parent: QWidget | None = None) -> None:
        self.dialog, layout = _dialog(parent, "Import: rows that cannot be read",
                                      f"{len(bad)} row{'' if len(bad) == 1 else 's'} of {file_name} cannot be imported:",
                                      f"Import the {good} good one{'' if good == 1 else 's'} and skip {len(bad)}")
        listed = QListWidget(objectName="bad_rows")
        listed.addItems(bad)
        layout.insertWidget(1, listed)
        self.dialog.resize(720, 360)


class ColumnsDialog:
    """A sheet of the user's own: which of its columns is the date, the title and the rest,
    as proposed, each changeable, above its first rows; the date and the title are needed."""

    NONE = "(none)"
    LABELS = {"date": "Date", "title": "Title", "end": "End date", "lane": "Lane", "source": "Source", "url": "Link (URL)", "notes": "Notes"}

    def __init__(self, file_name: str, header: Sequence[str], proposal: Mapping[str, str], sample: Sequence[Sequence[str]],
                 parent: QWidget | None = None) -> None:
        self.dialog, layout = _dialog(parent, "Import: columns of the sheet",
                                      f"Which column of {file_name} holds what? The proposal goes by the columns' names; change it where it is wrong:",
                                      "Import")
        form = QFormLayout()
        self.boxes: dict[str, QComboBox] = {}
        for role, label in self.LABELS.items():
            box = QComboBox(objectName=f"column_{role}")
            box.addItems([self.NONE, *header])
            box.setCurrentText(proposal.get(role, self.NONE))
            box.currentTextChanged.connect(self._allow)
            form.addRow(label + ("*" if role in ("date", "title") else ""), box)
            self.boxes[role] = box
        layout.insertLayout(1, form)
        rows = QTableWidget(min(len(sample), 5), len(header), objectName="sheet_sample")
        rows.setHorizontalHeaderLabels(list(header))
        rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        rows.horizontalHeader().setStretchLastSection(True)
        for r, cells in enumerate(sample[:5]):
            for c, cell in enumerate(cells[: len(header)]):
                rows.setItem(r, c, QTableWidgetItem(cell))
        layout.insertWidget(2, rows)
        self.accept = self.dialog.findChild(QPushButton, "accept")
        self._allow()
        self.dialog.resize(760, 480)

    def _allow(self) -> None:
        self.accept.setEnabled(all(self.boxes[role].currentText() != self.NONE for role in ("date", "title")))

    def mapping(self) -> dict[str, str]:
        return {role: box.currentText() for role, box in self.boxes.items() if box.currentText() != self.NONE}


def ask_columns(parent: QWidget | None, file_name: str, header: Sequence[str], proposal: Mapping[str, str],
                sample: Sequence[Sequence[str]]) -> dict[str, str] | None:
    chooser = ColumnsDialog(file_name, header, proposal, sample, parent)
    return chooser.mapping() if chooser.dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_encoding(parent: QWidget | None, file_name: str, guess: str, sample: str) -> bool:
    return EncodingDialog(file_name, guess, sample, parent).dialog.exec() == QDialog.DialogCode.Accepted


def ask_lanes(parent: QWidget | None, proposal: Mapping[str, str], lanes: Sequence[str], events: Mapping[str, int]) -> dict[str, str] | None:
    chooser = LaneDialog(proposal, lanes, events, parent)
    return chooser.mapping() if chooser.dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_skip(parent: QWidget | None, file_name: str, good: int, bad: Sequence[str]) -> bool:
    return SkipDialog(file_name, good, bad, parent).dialog.exec() == QDialog.DialogCode.Accepted
