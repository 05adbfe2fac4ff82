"""A source's details to edit: title, publisher, author, date, URL, archived copy and how
reliable the source has proved. Accepted only with values the model takes."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ...model import DateError, FuzzyDate, ModelError, Reliability, Source
from .cite import choice_box

RELIABILITY_HELP = "The admiralty scale: how far this source has proved reliable, whatever the quote"


def reliability_label(reliability: Reliability) -> str:
    return f"{reliability.value}: {reliability.meaning}"


class SourceDialog(QDialog):
    """``check`` turns the fields into the edit to make, raising ModelError or DateError
    for values it refuses; the dialog then says why and stays open."""

    def __init__(self, source: Source, check: Callable[[dict[str, Any]], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("source_dialog")
        self.setWindowTitle("Edit source")
        self.setMinimumWidth(520)
        self._check = check
        self.result_value: Any = None
        form = QFormLayout(self)
        self.fields = {
            "title": QLineEdit(source.title, objectName="source_title"),
            "publisher": QLineEdit(source.publisher, objectName="source_publisher"),
            "author": QLineEdit(source.author, objectName="source_author"),
            "published": QLineEdit(source.published.edtf if source.published else "", objectName="source_published"),
            "url": QLineEdit(source.url, objectName="source_url"),
            "archived_url": QLineEdit(source.archived_url, objectName="source_archived_url"),
        }
        self.fields["published"].setToolTip("YYYY-MM-DD, YYYY-MM or YYYY; add ~ approximate, ? uncertain")
        self.fields["archived_url"].setToolTip("A copy kept by an archive (web.archive.org, archive.today)")
        for label, name in (("Title:", "title"), ("Publisher:", "publisher"), ("Author:", "author"), ("Date:", "published"),
                            ("URL:", "url"), ("Archived copy:", "archived_url")):
            form.addRow(label, self.fields[name])
        self.reliability = choice_box("source_reliability", list(Reliability), source.reliability, reliability_label)
        self.reliability.setToolTip(RELIABILITY_HELP)
        form.addRow("Reliability:", self.reliability)
        self.error = QLabel(objectName="source_error", wordWrap=True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold")
        self.error.hide()
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        """The fields as typed; the date parsed (DateError if it cannot be)."""
        values: dict[str, Any] = {name: box.text() for name, box in self.fields.items()}
        date = values["published"].strip()
        values["published"] = FuzzyDate.parse(date) if date else None
        values["reliability"] = Reliability(self.reliability.currentData())
        return values

    def accept(self) -> None:
        try:
            self.result_value = self._check(self.values())
        except (ModelError, DateError) as error:
            self.error.setText(str(error)[:1].upper() + str(error)[1:])
            self.error.show()
            return
        super().accept()
