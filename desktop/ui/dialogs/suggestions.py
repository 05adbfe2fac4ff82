"""The events an article seems to report, for the user to accept, edit or reject: each
with a tick, its date and title (editable), its lane, who says so and the sentence."""
from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model import Event, Source, Timeline
from ...model.typed_dates import DateOrder, read_range
from ...model.suggestions import Suggestion

COLUMNS = ("Date", "Title", "Lane", "Who says so", "Sentence")
DATE, TITLE, LANE, WHO, SENTENCE = range(len(COLUMNS))
NO_LANE = "Unassigned"  # for a sentence that names no actor: the user picks the lane
INVALID = QColor("#ffcdd2")
KNOWN = QColor("#888888")


def cited_already(timeline: Timeline, source_id: str, suggestion: Suggestion) -> Event | None:
    """An event of the timeline that cites words of the suggestion's sentence: most likely
    the same event, made by hand or by an earlier import."""
    start, end = suggestion.quote.offset, suggestion.quote.offset + len(suggestion.quote.quote)
    for citation in timeline.citations.values():
        if citation.source_id == source_id and citation.offset < end and start < citation.offset + len(citation.quote):
            return timeline.events[citation.event_id]
    return None


class SuggestionsDialog(QDialog):
    def __init__(self, timeline: Timeline, source: Source, suggestions: list[Suggestion], parent: QWidget | None = None,
                 order: DateOrder = DateOrder.DAY_FIRST) -> None:
        """Every suggestion ticked, but those whose sentence an event cites already."""
        super().__init__(parent)
        self.order = order  # how a numeric date typed here is read
        self.setObjectName("suggestions_dialog")
        self.setWindowTitle(f"Suggested events — {source.title}")
        self.resize(1100, 560)
        self.suggestions = suggestions
        self.accepted_suggestions: list[Suggestion] = []  # as edited, once accepted
        intro = QLabel(
            f"{len(suggestions)} dated sentences in “{source.title}”. Tick the events to add; double-click a date, "
            "title or lane to change it. Each event added cites its sentence, and its status follows that citation. "
            "Grey rows are sentences that an event of the timeline cites already."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(suggestions), len(COLUMNS), objectName="suggestions_table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setWordWrap(False)  # one line a row; the current row's sentence is shown whole below
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, mode in ((DATE, "fit"), (TITLE, 360), (LANE, "fit"), (WHO, "fit"), (SENTENCE, "stretch")):
            if mode == "fit":
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            elif mode == "stretch":
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                self.table.setColumnWidth(column, mode)
        for row, suggestion in enumerate(suggestions):
            self._fill(row, suggestion, cited_already(timeline, source.id, suggestion))
        self.sentence = QLabel(objectName="suggestion_sentence")
        self.sentence.setWordWrap(True)
        self.sentence.setTextFormat(Qt.TextFormat.RichText)
        self.table.currentCellChanged.connect(self._show_sentence)
        self.error = QLabel(objectName="suggestions_error")
        self.error.setStyleSheet("color: #c62828; font-weight: bold")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        for text, checked in (("Tick all", True), ("Tick none", False)):
            button = QPushButton(text)
            button.clicked.connect(lambda _, checked=checked: self.tick_all(checked))
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.table.itemChanged.connect(self._count)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.sentence)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._count()
        self.table.setCurrentCell(0, TITLE)

    def _show_sentence(self, row: int) -> None:
        """The whole sentence of the current row, its date's words in bold."""
        if not 0 <= row < len(self.suggestions):
            return
        suggestion = self.suggestions[row]
        before, _, after = suggestion.quote.quote.partition(suggestion.words)
        words = suggestion.words if _ else ""
        self.sentence.setText(f"“{escape(before)}<b>{escape(words)}</b>{escape(after)}”")

    def _fill(self, row: int, suggestion: Suggestion, known: Event | None) -> None:
        date = QTableWidgetItem(suggestion.start.edtf + (f"/{suggestion.end.edtf}" if suggestion.end else ""))
        date.setCheckState(Qt.CheckState.Unchecked if known else Qt.CheckState.Checked)
        date.setToolTip(f"“{suggestion.words}” — EDTF: YYYY-MM-DD, YYYY-MM or YYYY, ~ approximate; start/end for a period")
        who = QTableWidgetItem(f"{suggestion.claimant} {suggestion.stance.value}")
        sentence = QTableWidgetItem(" ".join(suggestion.quote.quote.split()))
        sentence.setToolTip(suggestion.quote.quote)
        for item in (who, sentence):
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        cells = (date, QTableWidgetItem(suggestion.title), QTableWidgetItem(suggestion.lane or NO_LANE), who, sentence)
        for column, item in enumerate(cells):
            if known:
                item.setForeground(KNOWN)
                item.setToolTip(f"On the timeline already, it seems: “{known.title}” cites this sentence")
            self.table.setItem(row, column, item)

    def tick_all(self, checked: bool) -> None:
        for row in range(self.table.rowCount()):
            self.table.item(row, DATE).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _ticked(self) -> list[int]:
        return [row for row in range(self.table.rowCount()) if self.table.item(row, DATE).checkState() == Qt.CheckState.Checked]

    def _count(self) -> None:
        ticked = len(self._ticked())
        self.ok.setText(f"Add {ticked} event{'s' if ticked != 1 else ''}")
        self.ok.setEnabled(ticked > 0)

    def _edited(self, row: int) -> Suggestion:
        """The suggestion of ``row`` as the user left it; ValueError (a DateError) if it cannot be."""
        start, end = read_range(self.table.item(row, DATE).text(), self.order)
        title, lane = (self.table.item(row, column).text().strip() for column in (TITLE, LANE))
        if not title or not lane:
            raise ValueError("an event needs a title and a lane")
        return replace(self.suggestions[row], start=start, end=None if end == start else end, title=title, lane=lane)

    def accept(self) -> None:
        """Only when every ticked row makes an event; else the first wrong one is shown."""
        chosen = []
        for row in self._ticked():
            try:
                chosen.append(self._edited(row))
            except ValueError as error:  # DateError is one
                self.table.item(row, DATE).setBackground(INVALID)
                self.table.scrollToItem(self.table.item(row, DATE))
                self.error.setText(f"Row {row + 1}: {error}")
                self.error.show()
                return
        self.accepted_suggestions = chosen
        super().accept()
