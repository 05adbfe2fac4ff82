"""An article about to join the library: its title, publisher, author, date and URL,
prefilled with what the reader guessed and editable, and its text as it will be stored
(read from a file) or as the user pastes it."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from ...exchange.articles import article_from_text
from ...exchange.reading import FormatError
from ...model import DateError, ModelError, Source
from ...model.typed_dates import DateOrder, read_date

PASTED = "pasted text"  # what a pasted article is called in messages
FIELDS = (("title", "Title"), ("publisher", "Publisher"), ("author", "Author"), ("published", "Published"), ("url", "URL"))


class ArticleDialog(QDialog):
    def __init__(self, read: Source | None, parent: QWidget | None = None, order: DateOrder = DateOrder.DAY_FIRST) -> None:
        """``read``: the article read from a file; None: the user pastes one."""
        super().__init__(parent)
        self.order = order  # how a numeric date typed here is read
        self.setObjectName("article_dialog")
        self.setWindowTitle("Import article" if read else "Paste article")
        self.resize(720, 620)
        self._read = read
        self.article: Source | None = None  # once accepted
        self._typed: set[str] = set()  # fields the user has written in: no guess overwrites them
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for name, label in FIELDS:
            line = QLineEdit(objectName=f"article_{name}")
            line.textEdited.connect(lambda _, name=name: self._typed.add(name))
            self.fields[name] = line
            form.addRow(f"{label}:", line)
        self.fields["published"].setPlaceholderText("e.g. 2025-04-26")
        self.fields["published"].setToolTip("YYYY-MM-DD, YYYY-MM or YYYY; relative dates in the text are read against it")
        self.text = QPlainTextEdit(objectName="article_text")
        self.text.setAccessibleName("Article text")
        if read is None:
            self.text.setPlaceholderText("Paste the article here: plain text, Markdown or the HTML of the page.")
            self._guess_later = QTimer(self, singleShot=True, interval=400, timeout=self._guess)
            self.text.textChanged.connect(self._guess_later.start)
            self.text.setFocus()  # the text first: the fields fill in from it
        else:
            self.text.setReadOnly(True)  # what will be stored, and quoted: exactly as read
            self.text.setPlainText(read.text)
            self._fill(read)
        self.error = QLabel(objectName="article_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Text, as it will be stored and quoted:" if read else "Text:"))
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _fill(self, source: Source) -> None:
        guessed = {**{name: getattr(source, name) for name, _ in FIELDS}, "published": source.published.edtf if source.published else ""}
        for name, line in self.fields.items():
            if name not in self._typed:
                line.setText(guessed[name])
                line.setCursorPosition(0)

    def _guess(self) -> None:
        """Fill the fields the user has left alone with what the pasted text says of itself."""
        try:
            self._fill(article_from_text(self.text.toPlainText(), PASTED))
        except (FormatError, ModelError):
            pass  # not an article yet: said when the user imports it

    def _built(self) -> Source:
        """The article with the metadata as the fields say; FormatError, ModelError or
        DateError with the reason if it cannot be one."""
        base = self._read or article_from_text(self.text.toPlainText(), PASTED)
        metadata = {name: line.text().strip() for name, line in self.fields.items()}
        published = metadata.pop("published")
        return replace(base, **metadata, published=read_date(published, self.order) if published else None)

    def accept(self) -> None:
        try:
            self.article = self._built()  # built once: a long paste takes a moment to read
        except (FormatError, ModelError, DateError) as error:
            message = str(error)
            self.error.setText(message[:1].upper() + message[1:])
            self.error.show()
            return
        super().accept()
