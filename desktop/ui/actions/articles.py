"""Bringing an article into the library: from a file or pasted, its metadata checked by
the user, added as one undo step (or, for a new version of a document the library holds,
its text replaced and its quotes found again), then the events it seems to report offered."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from ...exchange.articles import ARTICLE_SUFFIXES, matching_source, read_article
from ...exchange.reading import FormatError
from ...model import Citation, FuzzyDate, Source, editing
from ...model.quotes import locate
from ...model.suggestions import accept, suggest
from ...model.wording import counted
from ..context import Context
from ..dialogs.article import ArticleDialog
from ..dialogs.files import ask_open_file
from ..dialogs.suggestions import SuggestionsDialog
from . import Command
from .files import refuse_import

ARTICLE_FILTER = f"Articles ({' '.join('*' + s for s in ARTICLE_SUFFIXES)})"


@contextmanager
def busy(ctx: Context, message: str) -> Iterator[None]:
    """A wait cursor and a word in the status bar while a long document is read: the
    window does not seem frozen."""
    ctx.say(message, 0)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    QApplication.processEvents()
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()
        ctx.status.clearMessage()


def _changed_quotes(title: str, lost: list[Citation], reworded: list[Citation]) -> str:
    parts = []
    if lost:
        parts.append(
            f"{counted(len(lost), 'quote')} can no longer be found in the new text of “{title}”. They are kept, and flagged in "
            "the Sources panel:\n" + "\n".join(f"• {c.quote[:120]}" for c in lost[:10])
        )
    if reworded:
        parts.append(f"{counted(len(reworded), 'quote')} read differently now, and quote the new words:\n" + "\n".join(f"• {c.quote[:120]}" for c in reworded[:10]))
    return "\n\n".join(parts)


def choose_file(ctx: Context) -> None:
    path, _ = ask_open_file(ctx.parent_widget, ctx.settings, "articles", "Import an article", [ARTICLE_FILTER, "All files (*)"])
    if path:
        import_file(ctx, path)


def import_file(ctx: Context, path: Path) -> None:
    """Read the article, then let the user check its metadata; a file that is not one
    is refused with the reason, and nothing changes."""
    try:
        with busy(ctx, f"Reading {path.name}…"):
            read = read_article(path)
    except FormatError as error:
        refuse_import(ctx, "Import article", path, error)
        return
    _ask(ctx, ArticleDialog(read, ctx.parent_widget, ctx.date_order))


def paste(ctx: Context) -> None:
    _ask(ctx, ArticleDialog(None, ctx.parent_widget, ctx.date_order))


def _ask(ctx: Context, dialog: ArticleDialog) -> None:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: add(ctx, dialog.article))
    dialog.open()


def add(ctx: Context, article: Source) -> None:
    """Add ``article`` to the library, or update the document it is a version of."""
    same = matching_source(ctx.timeline, article)
    if same is not None:
        _update(ctx, same, article)
    elif ctx.push(editing.put(ctx.timeline, "sources", [article], "Import")):
        ctx.say(f"Imported '{article.title}' ({len(article.text):,} characters)")
        ctx.open_source(article.id)
        suggest_from(ctx, article.id)


def _update(ctx: Context, old: Source, new: Source) -> None:
    timeline = ctx.timeline
    fields = ("text", "title", "publisher", "author", "url", "published")
    if all(getattr(old, name) == getattr(new, name) for name in fields):
        ctx.say(f"'{old.title}' is in the library already, unchanged")
        ctx.open_source(old.id)
        return
    cited = [c for c in timeline.citations.values() if c.source_id == old.id]
    answer = QMessageBox.question(
        ctx.parent_widget,
        "Import article",
        f"The library holds “{old.title}” already ({old.publisher or 'no publisher'}, {old.url or 'no URL'}).\n\n"
        f"Update it with this version? Its {counted(len(cited), 'citation')} will be looked for in the new text; "
        "a quote that cannot be found is kept and flagged.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    metadata = {name: getattr(new, name) for name in fields[1:]}
    if not ctx.push(editing.replace_text(timeline, old.id, new.text, **metadata)):
        return
    timeline = ctx.timeline
    text = timeline.sources[old.id].text
    lost = [c for c in cited if locate(text, c.quote, c.prefix, c.suffix, c.offset) is None]
    # Found with a few words changed: the citation now quotes the new words; the user should know.
    reworded = [c for c in cited if timeline.citations[c.id].quote != c.quote]
    found = f"{len(cited) - len(lost)} of {len(cited)} quotes found again"
    ctx.say(f"Updated '{new.title}': {found}" + (f"; {len(lost)} flagged as lost" if lost else ""), 15000)
    if lost or reworded:
        QMessageBox.warning(ctx.parent_widget, "Import article", _changed_quotes(new.title, lost, [timeline.citations[c.id] for c in reworded]))
    ctx.open_source(old.id)


def suggest_shown(ctx: Context) -> None:
    """Ctrl+Shift+G: suggest events from the document the Sources panel shows."""
    shown = ctx.shown_source
    if shown is None or shown not in ctx.timeline.sources:
        ctx.say("Open a document (Source library, Ctrl+L) to suggest events from it.")
        return
    suggest_from(ctx, shown)


def suggest_from(ctx: Context, source_id: str) -> None:
    """Offer the events the document seems to report; those accepted are added in one step."""
    source = ctx.timeline.sources[source_id]
    with busy(ctx, f"Looking for dated events in '{source.title}'…"):
        found = suggest(source)
    if not found and source.published is not None:  # without a date, the dialog asks for it
        ctx.say(f"No dated sentence found in '{source.title}' to suggest an event from")
        return
    dialog = SuggestionsDialog(ctx.timeline, source, found, ctx.parent_widget, ctx.date_order)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.date_given.connect(lambda date: _dated(ctx, source_id, date))

    def add() -> None:
        chosen = dialog.accepted_suggestions
        if ctx.push(accept(ctx.timeline, source_id, chosen)):
            ctx.say(f"Added {counted(len(chosen), 'event')} from '{source.title}'")

    dialog.accepted.connect(add)
    dialog.open()


def _dated(ctx: Context, source_id: str, published: FuzzyDate) -> None:
    """The source given the date the user says it was published (one undo step), then its suggestions again."""
    dated = replace(ctx.timeline.sources[source_id], published=published)
    if ctx.push(editing.put(ctx.timeline, "sources", [dated], "Date")):
        suggest_from(ctx, source_id)


COMMANDS = [
    Command("action_source_library", "Source &library", lambda ctx: ctx.reveal("library"), "File", ("Ctrl+L",), separator=True),
    Command("action_import_article", "Import &article…", choose_file, "File", ("Ctrl+Shift+I",), writes=True),
    Command("action_paste_article", "&Paste article…", paste, "File", ("Ctrl+Shift+V",), writes=True),
    Command(
        "action_suggest_events", "&Suggest events…", suggest_shown, "File", ("Ctrl+Shift+G",), writes=True,
        tip="Suggest events from the document shown in the Sources panel (Ctrl+Shift+G)",
    ),
]
