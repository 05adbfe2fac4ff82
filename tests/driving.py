"""How the tests drive the window as a user does."""
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit


def select_text(view: QPlainTextEdit, words: str) -> None:
    """Select ``words`` in the document view as a reader's drag would."""
    found = view.document().find(words, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), words
    cursor = view.textCursor()
    cursor.setPosition(found.selectionStart())
    cursor.setPosition(found.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
