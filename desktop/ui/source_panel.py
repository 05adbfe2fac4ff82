"""Who says so: the selected event's citations, and the document each quote comes from,
with the quote highlighted and scrolled into view."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..model import Citation, Source, Timeline
from ..model.quotes import locate

OTHER_QUOTE = QColor("#fff3b0")  # the event's other quotes in the same document
CURRENT_QUOTE = QColor("#ffb347")
STANCE_COLOURS = {"asserts": "#1b5e20", "denies": "#b71c1c", "reports": "#37474f"}


def _format(colour: QColor, bold: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(colour)
    if bold:
        fmt.setFontWeight(700)
    return fmt


def _source_line(source: Source) -> str:
    details = " · ".join(
        escape(part)
        for part in (source.publisher, source.author, source.published.label() if source.published else "")
        if part
    )
    link = f' · <a href="{escape(source.url)}">{escape(source.url)}</a>' if source.url else ""
    return f"<b>{escape(source.title)}</b><br>{details}{link}"


def _as_displayed(text: str) -> str:
    """The text as QPlainTextEdit holds it: every line break is one character, no leading byte-order marks."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _qt_index(text: str, index: int) -> int:
    """Position in the displayed document of ``text[index]``. Besides line breaks, Qt
    counts UTF-16 units where Python counts code points (they differ past an emoji)."""
    return len(_as_displayed(text[:index]).encode("utf-16-le")) // 2


class SourcePanel(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("source_panel")
        self._timeline: Timeline | None = None
        self._citations: list[Citation] = []
        self._shown_source: Source | None = None  # compared whole: a re-imported text differs

        self.citation_list = QListWidget(objectName="citation_list")
        self.citation_list.setWordWrap(True)
        self.citation_list.setAccessibleName("Citations of the selected event")
        self.citation_list.currentRowChanged.connect(self._show_citation)
        self.header = QLabel(objectName="source_header")
        self.header.setWordWrap(True)
        self.header.setOpenExternalLinks(True)
        self.warning = QLabel(objectName="quote_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b71c1c; font-weight: bold")
        self.warning.hide()
        self.document = QPlainTextEdit(objectName="source_text")
        self.document.setReadOnly(True)
        self.document.setAccessibleName("Source document text")

        text_side = QWidget()
        text_layout = QVBoxLayout(text_side)
        text_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.header, self.warning, self.document):
            text_layout.addWidget(widget)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.citation_list)
        splitter.addWidget(text_side)
        splitter.setSizes([140, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.show_event(None, None)

    def show_event(self, timeline: Timeline | None, event_id: str | None) -> None:
        self._timeline = timeline
        self._citations = timeline.citations_for(event_id) if timeline and event_id else []
        self.citation_list.blockSignals(True)
        self.citation_list.clear()
        for citation in self._citations:
            source = timeline.sources[citation.source_id]
            colour = STANCE_COLOURS[citation.stance.value]
            item = QListWidgetItem(
                f"{citation.claimant} {citation.stance.value} — {source.publisher or source.title}\n“{citation.quote}”"
            )
            item.setForeground(QColor(colour))
            item.setToolTip(f"{source.title}\n{citation.quote}")
            self.citation_list.addItem(item)
        self.citation_list.blockSignals(False)
        if self._citations:
            self.citation_list.setCurrentRow(0)
        else:
            self._shown_source = None
            self.header.setText("No citation: nothing backs this event yet." if event_id else "No event selected.")
            self.warning.hide()
            self.document.clear()

    def _show_citation(self, row: int) -> None:
        if not 0 <= row < len(self._citations):
            return
        current = self._citations[row]
        source = self._timeline.sources[current.source_id]
        if self._shown_source != source:
            self.document.setPlainText(_as_displayed(source.text))
            self._shown_source = source
        self.header.setText(_source_line(source))
        selections = []
        current_span = None
        for citation in self._citations:
            if citation.source_id != source.id:
                continue
            span = locate(source.text, citation.quote, citation.prefix, citation.suffix, citation.offset)
            if span is None:
                continue
            if citation is current:
                current_span = span
            else:
                selections.append(self._selection(span, _format(OTHER_QUOTE)))
        if current_span is None:
            self.warning.setText("This quote can no longer be found in the document text.")
            self.warning.show()
        else:
            self.warning.hide()
            selections.append(self._selection(current_span, _format(CURRENT_QUOTE, bold=True)))
            # The caret goes to the quote and the view centres on it; an actual text
            # selection would paint over the quote's own colour.
            cursor = self._cursor(current_span)
            cursor.setPosition(cursor.selectionStart())
            self.document.setTextCursor(cursor)
            self.document.centerCursor()
        self.document.setExtraSelections(selections)

    def _cursor(self, span: tuple[int, int]) -> QTextCursor:
        text = self._shown_source.text
        cursor = QTextCursor(self.document.document())
        cursor.setPosition(_qt_index(text, span[0]))
        cursor.setPosition(_qt_index(text, span[1]), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _selection(self, span: tuple[int, int], fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        selection.cursor = self._cursor(span)
        selection.format = fmt
        return selection

    def current_quote(self) -> str:
        """The text highlighted as the current quote ('' if none), as the user sees it."""
        selections = self.document.extraSelections()
        if not selections or self.warning.isVisible():
            return ""
        return selections[-1].cursor.selectedText()
