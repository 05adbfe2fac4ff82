"""The events an article seems to report, for the user to accept, edit or reject: each
with a tick, its date and title (editable), its lane, who says so, how sure the reading
is and the sentence. One the timeline holds already is flagged and unticked, and its
sentence can be cited for that event instead; an article without a publication date asks
for it, its relative dates unread until then."""
from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model import Event, FuzzyDate, Source, Timeline
from ...model.suggestions import NO_LANE, Suggestion, already_on_timeline
from ...model.typed_dates import DateOrder, read_date, read_range

COLUMNS = ("Date", "Title", "Lane", "Who says so", "Confidence", "Sentence")
DATE, TITLE, LANE, WHO, CONFIDENCE, SENTENCE = range(len(COLUMNS))
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
    date_given = Signal(FuzzyDate)  # the publication date the user gave an article without one

    def __init__(self, timeline: Timeline, source: Source, suggestions: list[Suggestion], parent: QWidget | None = None,
                 order: DateOrder = DateOrder.DAY_FIRST) -> None:
        """The sure suggestions ticked, but those the timeline holds already."""
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
            "The sure ones come ticked. Grey rows seem to be on the timeline already: select one to cite its sentence for that event."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(suggestions), len(COLUMNS), objectName="suggestions_table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setWordWrap(False)  # one line a row; the current row's sentence is shown whole below
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, mode in ((DATE, "fit"), (TITLE, 360), (LANE, "fit"), (WHO, "fit"), (CONFIDENCE, "fit"), (SENTENCE, "stretch")):
            if mode == "fit":
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            elif mode == "stretch":
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                self.table.setColumnWidth(column, mode)
        self.cited = [cited_already(timeline, source.id, s) for s in suggestions]  # the sentence is cited: nothing to do
        self.known = [cited or already_on_timeline(timeline, s) for cited, s in zip(self.cited, suggestions)]
        for row, suggestion in enumerate(suggestions):
            self._fill(row, suggestion, self.known[row])
        self.cite_button = QPushButton("Cite this sentence for that event", objectName="cite_for_known", enabled=False)
        self.cite_button.clicked.connect(lambda: self.cite_for_known(self.table.currentRow()))
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
        if source.published is None:
            layout.addLayout(self._date_prompt())
        layout.addWidget(self.table, 1)
        layout.addWidget(self.sentence)
        layout.addWidget(self.cite_button)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._count()
        self.table.setCurrentCell(0, TITLE)

    def _date_prompt(self) -> QHBoxLayout:
        """For an article without a publication date: say what was not read, and ask for the date."""
        said = QLabel("This article has no publication date, so relative dates (“yesterday”, “on Monday”, “last month”) were not read. "
                      "Its date:", objectName="no_publication_date")
        said.setWordWrap(True)
        said.setStyleSheet("color: #8a5a00")
        self.published = QLineEdit(objectName="publication_date", placeholderText="2025-04-26")
        read_again = QPushButton("Read with this date", objectName="read_with_date")
        read_again.clicked.connect(self._read_with_date)
        row = QHBoxLayout()
        row.addWidget(said, 1)
        row.addWidget(self.published)
        row.addWidget(read_again)
        return row

    def _read_with_date(self) -> None:
        try:
            date = read_date(self.published.text(), self.order)
        except ValueError as error:
            self.error.setText(f"Publication date: {error}")
            self.error.show()
            return
        self.date_given.emit(date)
        self.reject()

    def _show_sentence(self, row: int) -> None:
        """The whole sentence of the current row, its date's words in bold."""
        if not 0 <= row < len(self.suggestions):
            return
        suggestion = self.suggestions[row]
        before, _, after = suggestion.quote.quote.partition(suggestion.words)
        words = suggestion.words if _ else ""
        self.sentence.setText(f"“{escape(before)}<b>{escape(words)}</b>{escape(after)}”")
        self.cite_button.setEnabled(self.known[row] is not None and self.cited[row] is None and not suggestion.event_id)

    def cite_for_known(self, row: int) -> None:
        """Cite the row's sentence for the event the timeline holds, instead of making another."""
        known = self.known[row] if 0 <= row < len(self.known) else None
        if known is None:
            return
        self.suggestions[row] = replace(self.suggestions[row], event_id=known.id, lane=known.lane)
        for column, text in ((TITLE, f"Cites this sentence for “{known.title}”"), (LANE, known.lane)):
            item = self.table.item(row, column)
            item.setText(text)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.item(row, DATE).setCheckState(Qt.CheckState.Checked)
        self.cite_button.setEnabled(False)

    def _fill(self, row: int, suggestion: Suggestion, known: Event | None) -> None:
        date = QTableWidgetItem(suggestion.start.edtf + (f"/{suggestion.end.edtf}" if suggestion.end else ""))
        date.setCheckState(Qt.CheckState.Checked if suggestion.ticked and not known else Qt.CheckState.Unchecked)
        date.setToolTip(f"“{suggestion.words}” — EDTF: YYYY-MM-DD, YYYY-MM or YYYY, ~ approximate; start/end for a period")
        who = QTableWidgetItem(f"{suggestion.claimant} {suggestion.stance.value}")
        sure = QTableWidgetItem(f"already on the timeline as “{known.title}”" if known else f"{suggestion.confidence:.0%}")
        sentence = QTableWidgetItem(" ".join(suggestion.quote.quote.split()))
        sentence.setToolTip(suggestion.quote.quote)
        for item in (who, sure, sentence):
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        cells = (date, QTableWidgetItem(suggestion.title), QTableWidgetItem(suggestion.lane or NO_LANE), who, sure, sentence)
        for column, item in enumerate(cells):
            if known:
                item.setForeground(KNOWN)
                item.setToolTip(f"Already on the timeline as “{known.title}”")
            self.table.setItem(row, column, item)

    def tick_all(self, checked: bool) -> None:
        for row in range(self.table.rowCount()):
            self.table.item(row, DATE).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _ticked(self) -> list[int]:
        return [row for row in range(self.table.rowCount()) if self.table.item(row, DATE).checkState() == Qt.CheckState.Checked]

    def _count(self) -> None:
        ticked = self._ticked()
        cites = sum(1 for row in ticked if self.suggestions[row].event_id)
        events = len(ticked) - cites
        self.ok.setText(f"Add {events} event{'s' if events != 1 else ''}" + (f" and {cites} citation{'s' if cites != 1 else ''}" if cites else ""))
        self.ok.setEnabled(bool(ticked))

    def _edited(self, row: int) -> Suggestion:
        """The suggestion of ``row`` as the user left it; ValueError (a DateError) if it cannot be."""
        if self.suggestions[row].event_id:  # a citation for an event the timeline holds: nothing of it to edit
            return self.suggestions[row]
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
