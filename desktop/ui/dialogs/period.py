"""A period's label, start and end (typed, or picked on a calendar), colour and the lanes
it spans, asked for in one dialog that takes values and gives values back."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QWidget,
)

from ...model import DateError, FuzzyDate, ModelError, Period

COLOURS = [("Amber", ""), ("Red", "#c62828"), ("Blue", "#1f5fa8"), ("Green", "#2e7d32"), ("Purple", "#6a3d9a"), ("Grey", "#616161")]
PROBLEM_STYLE = "color: #c62828"


@dataclass(frozen=True)
class PeriodValues:
    label: str
    start: FuzzyDate
    end: FuzzyDate
    colour: str = ""
    lanes: tuple[str, ...] = ()  # none: every lane


class PeriodDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, lanes: list[str], values: PeriodValues) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("period_dialog")
        form = QFormLayout(self)
        self.label = QLineEdit(values.label, objectName="period_label")
        form.addRow("&Label:", self.label)
        self.start, self.start_pick = self._date_row(form, "&Start:", "period_start", values.start.earliest, values.start.edtf)
        self.end, self.end_pick = self._date_row(form, "&End:", "period_end", values.end.latest, values.end.edtf)
        self.colour = QComboBox(objectName="period_colour")
        for name, code in COLOURS:
            self.colour.addItem(name, code)
        if self.colour.findData(values.colour) < 0:  # a colour of its own, from a file
            self.colour.addItem(values.colour, values.colour)
        self.colour.setCurrentIndex(self.colour.findData(values.colour))
        form.addRow("&Colour:", self.colour)
        self.lanes = QListWidget(objectName="period_lanes")
        for lane in lanes:
            item = QListWidgetItem(lane, self.lanes)
            item.setCheckState(Qt.CheckState.Checked if not values.lanes or lane in values.lanes else Qt.CheckState.Unchecked)
        self.lanes.setMaximumHeight(110)
        form.addRow("Spans the &lanes:", self.lanes)
        self.problem = QLabel(objectName="period_problem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for line in (self.label, self.start, self.end):
            line.textChanged.connect(self._check)
        self.lanes.itemChanged.connect(self._check)
        self._check()

    def _date_row(self, form: QFormLayout, text: str, name: str, day: dt.date, edtf: str) -> tuple[QLineEdit, QDateEdit]:
        """A date typed (EDTF: 2024-08, 2025-01~) beside a calendar that writes the day it picks."""
        line = QLineEdit(edtf, objectName=name)
        line.setPlaceholderText("YYYY-MM-DD, YYYY-MM or YYYY, ~ if approximate")
        pick = QDateEdit(QDate(day.year, day.month, day.day), objectName=f"{name}_pick")
        pick.setCalendarPopup(True)
        pick.setDisplayFormat("d MMM yyyy")
        pick.userDateChanged.connect(lambda date: line.setText(date.toString("yyyy-MM-dd")))
        row = QHBoxLayout()
        row.addWidget(line, 1)
        row.addWidget(pick)
        form.addRow(text, row)
        return line, pick

    def values(self) -> PeriodValues:
        """What the dialog holds (DateError if a date cannot be read)."""
        lanes = [self.lanes.item(n) for n in range(self.lanes.count())]
        ticked = tuple(item.text() for item in lanes if item.checkState() == Qt.CheckState.Checked)
        start = _read(self.start.text(), "start")
        end = _read(self.end.text(), "end")
        return PeriodValues(self.label.text().strip(), start, end, self.colour.currentData(), () if len(ticked) == len(lanes) else ticked)

    def _check(self) -> None:
        """Say what is wrong, and allow OK only when nothing is."""
        try:
            values = self.values()
            if self.lanes.count() and not values.lanes and not any(
                self.lanes.item(n).checkState() == Qt.CheckState.Checked for n in range(self.lanes.count())
            ):
                raise ModelError("tick at least one lane")
            Period("checked", values.label, values.start, values.end, values.colour, values.lanes)
            problem = ""
        except (ModelError, DateError) as error:
            problem = str(error)
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)


def _read(text: str, which: str) -> FuzzyDate:
    if not text.strip():
        raise DateError(f"the period needs a {which} date")
    try:
        return FuzzyDate.parse(text)
    except DateError as error:
        raise DateError(f"{which}: {error}") from None


def ask_period(parent: QWidget | None, title: str, lanes: list[str], values: PeriodValues) -> PeriodValues | None:
    """The values the user settled on, or None if cancelled."""
    dialog = PeriodDialog(parent, title, lanes, values)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
