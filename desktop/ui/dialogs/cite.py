"""Asked when a passage is cited: who says it, how, and how far to trust it; for a new
event, also its title, date and lane."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ...model import Confidence, DateError, FuzzyDate, ModelError, Stance
from ...model.typed_dates import DateOrder, read_range

STANCE_HELP = {
    Stance.ASSERTS: "asserts: the claimant says it happened",
    Stance.DENIES: "denies: the claimant says it did not",
    Stance.REPORTS: "reports: relays it as a third party",
}


def choice_box(name: str, values: list, current, label=lambda value: value.value) -> QComboBox:
    """A combo box of enum members, ``current`` chosen."""
    box = QComboBox(objectName=name)
    for value in values:
        box.addItem(label(value), value.value)
    box.setCurrentIndex(box.findData(current.value))
    return box


class CiteDialog(QDialog):
    def __init__(self, quote: str, claimants: list[str], event: str = "", lanes: list[str] | None = None, parent: QWidget | None = None,
                 order: DateOrder = DateOrder.DAY_FIRST) -> None:
        """``claimants`` are offered in order, the first chosen; ``event`` names the event
        cited for, or ``lanes`` (for a new event) asks for the event too."""
        super().__init__(parent)
        self.order = order  # how a numeric date typed here is read
        self.setObjectName("cite_dialog")
        self.setWindowTitle("New event from selection" if lanes is not None else "Cite for selected event")
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        shown = QLabel(f"“{quote if len(quote) <= 400 else quote[:400] + '…'}”", objectName="cite_quote")
        shown.setWordWrap(True)
        form.addRow("Quote:", shown)
        if event:
            cited_for = QLabel(event, objectName="cite_event", textFormat=Qt.TextFormat.PlainText, wordWrap=True)
            cited_for.setStyleSheet("font-weight: bold")
            form.addRow("For:", cited_for)
        self.event_title = QLineEdit(objectName="cite_event_title")
        self.event_date = QLineEdit(objectName="cite_event_date", toolTip="26 April 2025, April 2025, 2025-04-26 or 2025-04; add ~ approximate, ? uncertain; start / end, or start to end, for a period")
        self.lane = QComboBox(objectName="cite_lane", editable=True)
        if lanes is not None:
            self.lane.addItems(lanes)
            form.addRow("Event title:", self.event_title)
            form.addRow("Date:", self.event_date)
            form.addRow("Lane:", self.lane)
        self.claimant = QComboBox(objectName="cite_claimant", editable=True, toolTip="Who says so: a person, an army, a publisher")
        self.claimant.addItems(list(dict.fromkeys(c for c in claimants if c.strip())))
        if lanes is not None:  # a claimant who is a lane's actor puts the event in that lane
            self.claimant.currentTextChanged.connect(lambda name: self.lane.setCurrentText(name) if name in lanes else None)
        self.stance = choice_box("cite_stance", list(Stance), Stance.REPORTS, lambda s: STANCE_HELP[s])
        self.confidence = choice_box("cite_confidence", list(Confidence), Confidence.NORMAL)
        form.addRow("Claimant:", self.claimant)
        form.addRow("Stance:", self.stance)
        form.addRow("Confidence:", self.confidence)
        self.error = QLabel(objectName="cite_error")
        self.error.setStyleSheet("color: #c62828; font-weight: bold")
        self.error.setWordWrap(True)
        self.error.hide()
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create event" if lanes is not None else "Cite")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        """Only with values the model takes; else the reason, and the dialog stays."""
        try:
            if not self.claimant.currentText().strip():
                raise ModelError("a citation needs a claimant: who says so?")
            if self.lane.count():
                if not self.event_title.text().strip():
                    raise ModelError("an event needs a title")
                if not self.lane.currentText().strip():
                    raise ModelError("a lane needs a name: pick one or type a new one")
                self.dates()
        except (ModelError, DateError) as error:
            self.error.setText(str(error)[:1].upper() + str(error)[1:])
            self.error.show()
            return
        super().accept()

    def dates(self) -> tuple[FuzzyDate, FuzzyDate | None]:
        """The new event's start, and its end if it is a period ("2025-01~/2025-04-26")."""
        start, end = read_range(self.event_date.text(), self.order)
        return start, None if end == start else end

    def values(self) -> dict:
        """The citation's fields as chosen."""
        return {
            "claimant": self.claimant.currentText().strip(),
            "stance": Stance(self.stance.currentData()),
            "confidence": Confidence(self.confidence.currentData()),
        }
