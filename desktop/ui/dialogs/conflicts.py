"""The fields both sides of a sync changed differently, side by side (mine, theirs, the common
ancestor) under the record they belong to, a choice per field: mine unless picked otherwise.
Each value is shown whole, wrapped in its cell (a long note or quote is what the user must
read to choose), with its round button beside it; clicking the value picks it too."""
from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QDialog, QDialogButtonBox, QHeaderView, QLabel, QRadioButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ...model import Timeline
from ...share.conflicts import ORDER, Conflict

SHOWN = 600  # characters of a value shown in its cell (a source's whole text is too long); the whole value is its tooltip
COLUMNS = ("Field", "", "Mine", "", "Theirs", "Common ancestor")  # each value after its button
MINE, THEIRS, BASE = 2, 4, 5  # the columns of the values


def record_label(conflict: Conflict, timeline: Timeline) -> str:
    """The record as the user knows it: an event by its title and date."""
    if conflict.kind == "timeline":
        return "The timeline's title and declared lanes"
    if conflict.field == ORDER and not conflict.record_id:
        return "The order of the lanes"
    record = timeline.table(conflict.kind).get(conflict.record_id)
    if conflict.kind == "links" and record is not None:
        ends = (timeline.events[key].title if key in timeline.events else key for key in (record.from_id, record.to_id))
        return "Link '{}' {} '{}'".format(next(ends), record.type.value, next(ends))
    name = getattr(record, "title", None) or getattr(record, "name", None) or conflict.record_id
    when = f" ({record.start.label()})" if conflict.kind == "events" and record is not None else ""
    return f"{conflict.kind.removesuffix('s').replace('_record', '').capitalize()} '{name}'{when}"


def shown(value: Any, whole: bool = False) -> str:
    if value is None:
        text = "(none)"
    elif isinstance(value, str):
        text = value
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        text = " › ".join(value)
    else:
        text = json.dumps(value, ensure_ascii=False)
    return text if whole or len(text) <= SHOWN else text[: SHOWN - 1] + "…"


class ConflictsDialog(QDialog):
    def __init__(self, conflicts: list[Conflict], timeline: Timeline, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflicts_dialog")
        self.setWindowTitle("Sync: both sides changed the same fields")
        self.setMinimumSize(760, 420)
        self.resize(1100, 640)  # room for the values side by side, within a 1366x768 screen
        self.conflicts = conflicts
        self.table = QTableWidget(0, len(COLUMNS), objectName="conflicts_table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # rows follow the columns' widths
        self.table.cellClicked.connect(self._pick_clicked)
        self.rows: list[int] = []  # each conflict's row
        self.mine: list[QRadioButton] = []
        self.theirs: list[QRadioButton] = []
        self._groups = []  # each row's pair of buttons, kept alive with the dialog
        record = None
        for conflict in conflicts:
            if conflict.path != record:
                record = conflict.path
                row = self._row()
                self.table.setSpan(row, 0, 1, len(COLUMNS))
                heading = QTableWidgetItem(record_label(conflict, timeline))
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
                self.table.setItem(row, 0, heading)
            self._field_row(conflict)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 110)
        for column in (MINE - 1, THEIRS - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        self.all_mine = buttons.addButton("All mine", QDialogButtonBox.ButtonRole.ActionRole)
        self.all_theirs = buttons.addButton("All theirs", QDialogButtonBox.ButtonRole.ActionRole)
        self.all_mine.clicked.connect(lambda: self._pick_all(self.mine))
        self.all_theirs.clicked.connect(lambda: self._pick_all(self.theirs))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        records = len({c.path for c in conflicts})
        layout.addWidget(QLabel(f"You and someone else changed the same fields of {records} record{'' if records == 1 else 's'}. "
                                "Pick the value to keep for each field; Cancel leaves your timeline as it was and syncs nothing.",
                                wordWrap=True))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def _row(self) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        return row

    def _field_row(self, conflict: Conflict) -> None:
        row = self._row()
        self.rows.append(row)
        self.table.setItem(row, 0, QTableWidgetItem(conflict.field))
        group = QButtonGroup(self)
        for column, value, buttons in ((MINE, conflict.mine, self.mine), (THEIRS, conflict.theirs, self.theirs)):
            button = QRadioButton()
            button.setToolTip(shown(value, whole=True))
            group.addButton(button)
            buttons.append(button)
            self.table.setCellWidget(row, column - 1, button)
            self.table.setItem(row, column, _value_item(value))
        self.mine[-1].setChecked(True)
        self.table.setItem(row, BASE, _value_item(conflict.base))
        self._groups.append(group)

    def _pick_clicked(self, row: int, column: int) -> None:
        if column in (MINE, THEIRS) and isinstance(button := self.table.cellWidget(row, column - 1), QRadioButton):
            button.setChecked(True)

    def _pick_all(self, buttons: list[QRadioButton]) -> None:
        for button in buttons:
            button.setChecked(True)

    def choices(self) -> dict[tuple[str, str], Any]:
        return {(c.path, c.field): c.theirs if theirs.isChecked() else c.mine for c, theirs in zip(self.conflicts, self.theirs)}


def _value_item(value: Any) -> QTableWidgetItem:
    item = QTableWidgetItem(shown(value))
    item.setToolTip(shown(value, whole=True))
    return item


def ask_choices(parent: QWidget | None, conflicts: list[Conflict], timeline: Timeline) -> dict[tuple[str, str], Any] | None:
    """The value chosen for each conflicting field, or None if the user cancelled."""
    dialog = ConflictsDialog(conflicts, timeline, parent)
    try:
        return dialog.choices() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
