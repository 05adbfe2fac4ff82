"""A source document's text, read-only: quotes highlighted, and the reader's selection
given back as characters of the stored text, ready to be anchored as a quote.

Qt and Python count a text differently: the view holds every line break as one
character, drops leading byte-order marks, and counts UTF-16 units (two past an
emoji) where Python counts code points. ``qt_index`` and ``python_index`` convert.
"""
from __future__ import annotations

import itertools
import re

from PySide6.QtGui import QAction, QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from ...model import Source

OTHER_QUOTE = QColor("#fff3b0")  # the event's other quotes in the same document
CURRENT_QUOTE = QColor("#ffb347")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as _as_displayed folds them, \r\n first


def _as_displayed(text: str) -> str:
    """The text as QPlainTextEdit holds it: every line break is one character, no leading byte-order marks."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def qt_index(text: str, index: int) -> int:
    """Position in the displayed document of ``text[index]``."""
    return len(_as_displayed(text[:index]).encode("utf-16-le")) // 2


def python_index(text: str, position: int) -> int:
    """Index in ``text`` of the character at ``position`` of the displayed document; a
    position after a line break is after all of it (both characters of a CRLF)."""
    marks = len(text) - len(text.lstrip("\ufeff"))
    shown = _as_displayed(text).encode("utf-16-le")[: 2 * position].decode("utf-16-le", "ignore")
    breaks = shown.count("\n")
    line_start = marks
    if breaks:
        line_break = next(itertools.islice(_LINE_BREAK.finditer(text, marks), breaks - 1, None))
        line_start = line_break.end()
    return line_start + len(shown) - (shown.rfind("\n") + 1)


def _format(colour: QColor, bold: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(colour)
    if bold:
        fmt.setFontWeight(700)
    return fmt


class DocumentView(QPlainTextEdit):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("source_text")
        self.setReadOnly(True)
        self.setAccessibleName("Source document text")
        self.source: Source | None = None  # compared whole: a re-imported text differs
        self._selection_actions: list[QAction] = []

    def show_source(self, source: Source | None) -> None:
        if source != self.source:
            self.source = source
            self.setPlainText(_as_displayed(source.text) if source else "")
        self.setExtraSelections([])

    def highlight(self, others: list[tuple[int, int]], current: tuple[int, int] | None) -> None:
        """Mark ``others`` and, in a stronger colour, ``current`` (spans of the stored text),
        and scroll ``current`` into view."""
        selections = [self._marked(span, _format(OTHER_QUOTE)) for span in others]
        if current is not None:
            selections.append(self._marked(current, _format(CURRENT_QUOTE, bold=True)))
            # The caret goes to the quote and the view centres on it; an actual text
            # selection would paint over the quote's own colour.
            cursor = self.cursor_for(current)
            cursor.setPosition(cursor.selectionStart())
            self.setTextCursor(cursor)
            self.centerCursor()
        self.setExtraSelections(selections)

    def current_quote(self) -> str:
        """The text marked as the current quote ('' if none), as the user sees it."""
        selections = self.extraSelections()
        if not selections or selections[-1].format.background().color() != CURRENT_QUOTE:
            return ""
        return selections[-1].cursor.selectedText()

    def cursor_for(self, span: tuple[int, int]) -> QTextCursor:
        text = self.source.text
        cursor = QTextCursor(self.document())
        cursor.setPosition(qt_index(text, span[0]))
        cursor.setPosition(qt_index(text, span[1]), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def has_selected_text(self) -> bool:
        """Cheaply, as a selection is dragged: whether it holds more than white space."""
        return bool(self.source and self.textCursor().selectedText().strip())

    def selected_span(self) -> tuple[int, int] | None:
        """The reader's selection as (start, end) in the stored text; None if nothing is
        selected or it holds only white space."""
        cursor = self.textCursor()
        if self.source is None or not cursor.hasSelection():
            return None
        text = self.source.text
        start, end = (python_index(text, p) for p in (cursor.selectionStart(), cursor.selectionEnd()))
        # Spaces and line breaks at the edges are not part of what anyone said.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    def add_selection_actions(self, actions: list[QAction]) -> None:
        """Actions on the selected text, offered at the top of the context menu."""
        self._selection_actions = actions

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu(event.pos())
        first = menu.actions()[0] if menu.actions() else None
        menu.insertActions(first, self._selection_actions)
        menu.insertSeparator(first)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _marked(self, span: tuple[int, int], fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        selection.cursor = self.cursor_for(span)
        selection.format = fmt
        return selection
