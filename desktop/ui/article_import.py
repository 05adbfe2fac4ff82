"""Bringing an article into the library: from a file or pasted, its metadata checked by
the user, added as one undo step (or, for a new version of a document the library holds,
its text replaced and its quotes found again), then the events it seems to report offered."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from ..exchange.articles import ARTICLE_SUFFIXES, matching_source, read_article
from ..exchange.reading import FormatError
from ..model import Citation, FuzzyDate, Source, editing
from ..model.quotes import locate
from ..model.suggestions import accept, suggest
from .article_dialog import ArticleDialog
from .file_exchange import ask_for_file, refuse
from .suggestions_dialog import SuggestionsDialog

if TYPE_CHECKING:
    from .main_window import MainWindow

ARTICLE_FILTER = f"Articles ({' '.join('*' + s for s in ARTICLE_SUFFIXES)})"


@contextmanager
def busy(window: MainWindow, message: str) -> Iterator[None]:
    """A wait cursor and a word in the status bar while a long document is read: the
    window does not seem frozen."""
    window.statusBar().showMessage(message)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    QApplication.processEvents()
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()
        window.statusBar().clearMessage()


def _changed_quotes(title: str, lost: list[Citation], reworded: list[Citation]) -> str:
    parts = []
    if lost:
        parts.append(
            f"{len(lost)} quote(s) can no longer be found in the new text of “{title}”. They are kept, and flagged in "
            "the Sources panel:\n" + "\n".join(f"• {c.quote[:120]}" for c in lost[:10])
        )
    if reworded:
        parts.append(f"{len(reworded)} quote(s) read differently now, and quote the new words:\n" + "\n".join(f"• {c.quote[:120]}" for c in reworded[:10]))
    return "\n\n".join(parts)


class ArticleImport:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def choose_file(self) -> None:
        path, _ = ask_for_file(self.window, "articles", "Import an article", [ARTICLE_FILTER, "All files (*)"])
        if path:
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        """Read the article, then let the user check its metadata; a file that is not one
        is refused with the reason, and nothing changes."""
        try:
            with busy(self.window, f"Reading {path.name}…"):
                read = read_article(path)
        except FormatError as error:
            refuse(self.window, "Import article", path, error)
            return
        self._ask(ArticleDialog(read, self.window))

    def paste(self) -> None:
        self._ask(ArticleDialog(None, self.window))

    def _ask(self, dialog: ArticleDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.add(dialog.article))
        dialog.open()

    def add(self, article: Source) -> None:
        """Add ``article`` to the library, or update the document it is a version of."""
        timeline = self.window.document.timeline
        same = matching_source(timeline, article)
        if same is not None:
            self._update(same, article)
        elif self.window.push_edit(editing.put(timeline, "sources", [article], "Import")):
            self.window.statusBar().showMessage(f"Imported '{article.title}' ({len(article.text):,} characters)", 10000)
            self.window.open_source(article.id)
            self.suggest(article.id)

    def _update(self, old: Source, new: Source) -> None:
        timeline = self.window.document.timeline
        fields = ("text", "title", "publisher", "author", "url", "published")
        if all(getattr(old, name) == getattr(new, name) for name in fields):
            self.window.statusBar().showMessage(f"'{old.title}' is in the library already, unchanged", 10000)
            self.window.open_source(old.id)
            return
        cited = [c for c in timeline.citations.values() if c.source_id == old.id]
        answer = QMessageBox.question(
            self.window,
            "Import article",
            f"The library holds “{old.title}” already ({old.publisher or 'no publisher'}, {old.url or 'no URL'}).\n\n"
            f"Update it with this version? Its {len(cited)} citation(s) will be looked for in the new text; "
            "a quote that cannot be found is kept and flagged.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        metadata = {name: getattr(new, name) for name in fields[1:]}
        if not self.window.push_edit(editing.replace_text(timeline, old.id, new.text, **metadata)):
            return
        timeline = self.window.document.timeline
        text = timeline.sources[old.id].text
        lost = [c for c in cited if locate(text, c.quote, c.prefix, c.suffix, c.offset) is None]
        # Found with a few words changed: the citation now quotes the new words; the user should know.
        reworded = [c for c in cited if timeline.citations[c.id].quote != c.quote]
        found = f"{len(cited) - len(lost)} of {len(cited)} quotes found again"
        self.window.statusBar().showMessage(f"Updated '{new.title}': {found}" + (f"; {len(lost)} flagged as lost" if lost else ""), 15000)
        if lost or reworded:
            QMessageBox.warning(self.window, "Import article", _changed_quotes(new.title, lost, [timeline.citations[c.id] for c in reworded]))
        self.window.open_source(old.id)

    def suggest(self, source_id: str) -> None:
        """Offer the events the document seems to report; those accepted are added in one step."""
        source = self.window.document.timeline.sources[source_id]
        with busy(self.window, f"Looking for dated events in '{source.title}'…"):
            found = suggest(source)
        if not found and source.published is not None:  # without a date, the dialog asks for it
            self.window.statusBar().showMessage(f"No dated sentence found in '{source.title}' to suggest an event from", 10000)
            return
        dialog = SuggestionsDialog(self.window.document.timeline, source, found, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.date_given.connect(lambda date: self._dated(source_id, date))

        def add() -> None:
            chosen = dialog.accepted_suggestions
            if self.window.push_edit(accept(self.window.document.timeline, source_id, chosen)):
                self.window.statusBar().showMessage(f"Added {len(chosen)} event(s) from '{source.title}'", 10000)

        dialog.accepted.connect(add)
        dialog.open()

    def _dated(self, source_id: str, published: FuzzyDate) -> None:
        """The source given the date the user says it was published (one undo step), then its suggestions again."""
        timeline = self.window.document.timeline
        dated = replace(timeline.sources[source_id], published=published)
        if self.window.push_edit(editing.put(timeline, "sources", [dated], "Date")):
            self.suggest(source_id)
