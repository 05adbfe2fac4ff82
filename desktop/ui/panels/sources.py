"""Who says so: the selected event's citations, and the document each quote comes from,
with the quote highlighted and scrolled into view. Text selected in the document can be
cited for the event, or become a new event. The panel follows the selection, the
documents opened from the library, and the edits of the citations it lists."""
from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...model import Citation, Confidence, Edit, Source, Stance, Timeline, editing
from ...model.quotes import locate
from ..context import Context
from ..dialogs.cite import STANCE_HELP, choice_box
from .document_view import DocumentView

STANCE_COLOURS = {"asserts": "#1b5e20", "denies": "#b71c1c", "reports": "#37474f"}
LOST_COLOUR = "#b71c1c"
LOST_QUOTE = "This quote can no longer be found in the document text."


def source_line(source: Source) -> str:
    details = " · ".join(
        escape(part)
        for part in (source.publisher, source.author, source.published.label() if source.published else "")
        if part
    )
    link = f' · <a href="{escape(source.url)}">{escape(source.url)}</a>' if source.url else ""
    archived = f' · <a href="{escape(source.archived_url)}">archived copy</a>' if source.archived_url else ""
    rating = f"Reliability {source.reliability.value}: {source.reliability.meaning}"
    return f"<b>{escape(source.title)}</b><br>{details}{link}{archived}<br>{rating}"


def _citation_text(citation: Citation, source: Source, found: bool) -> str:
    where = ", ".join(filter(None, (source.publisher or source.title, source.published.label() if source.published else "")))
    lost = "" if found else "⚠ QUOTE NOT FOUND · "
    rated = f"source {source.reliability.value} · {citation.confidence.value} confidence"
    return f"{lost}{citation.claimant} {citation.stance.value} — {where} · {rated}\n“{citation.quote}”"


class SourcePanel(QWidget):
    def __init__(self, ctx: Context, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("source_panel")
        self.ctx = ctx
        self._timeline: Timeline | None = None
        self._event_id: str | None = None
        self._citations: list[Citation] = []
        self._spans: dict[str, tuple[int, int] | None] = {}  # citation id → where its quote is now
        # Looking for a quote that has moved or gone can take a while: each is looked for once
        # per text (the sha256 changes with it) and anchor, not at every selection.
        self._located: dict[tuple[str, str, str, int, str], tuple[int, int] | None] = {}

        self.citation_list = QListWidget(objectName="citation_list")
        self.citation_list.setWordWrap(True)
        self.citation_list.setAccessibleName("Citations of the selected event")
        self.citation_list.currentRowChanged.connect(self._show_citation)
        self.stance = choice_box("citation_stance", list(Stance), Stance.REPORTS, lambda s: STANCE_HELP[s])
        self.stance.activated.connect(lambda: self._change(stance=Stance(self.stance.currentData())))
        self.confidence = choice_box("citation_confidence", list(Confidence), Confidence.NORMAL)
        self.confidence.setToolTip("How far you trust this citation")
        self.confidence.activated.connect(lambda: self._change(confidence=Confidence(self.confidence.currentData())))
        self.remove = QPushButton("Remove citation", objectName="remove_citation")
        self.remove.clicked.connect(self._remove)
        # Whose citations the list holds, the text beside them may be another document's;
        # beside the controls, not above the list: the timeline keeps its height.
        self.caption = ElidedLabel(objectName="citations_caption")
        self.caption.setStyleSheet("color: #555555")
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(self.caption, 1)
        controls.addWidget(QLabel("Stance:"))
        controls.addWidget(self.stance)
        controls.addWidget(QLabel("Confidence:"))
        controls.addWidget(self.confidence)
        controls.addWidget(self.remove)
        list_side = QWidget()
        list_layout = QVBoxLayout(list_side)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.citation_list, 1)
        list_layout.addLayout(controls)

        self.header = QLabel(objectName="source_header")
        self.header.setWordWrap(True)
        self.header.setOpenExternalLinks(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.warning = QLabel(objectName="quote_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {LOST_COLOUR}; font-weight: bold")
        self.warning.hide()
        self.document = DocumentView()
        self.document.selectionChanged.connect(self._update_actions)
        self.actions_row = QHBoxLayout()
        self.actions_row.setContentsMargins(0, 0, 0, 0)
        self.hint = QLabel(objectName="cite_hint")
        self.hint.setStyleSheet("color: #555555")
        self.actions_row.addWidget(self.hint, 1)

        text_side = QWidget()
        text_layout = QVBoxLayout(text_side)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.header)
        text_layout.addWidget(self.warning)
        text_layout.addLayout(self.actions_row)
        text_layout.addWidget(self.document, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(list_side)
        splitter.addWidget(text_side)
        splitter.setSizes([200, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.show_event(None, None)
        ctx.selection.changed.connect(lambda ids: self.show_event(ctx.timeline, ctx.selection.single()))
        ctx.document.changed.connect(self._on_changed)
        ctx.sourceOpened.connect(lambda source_id: self.show_source(ctx.timeline.sources.get(source_id)))

    def add_passage_actions(self, actions: list[QAction]) -> None:
        """Buttons above the text, and entries of its context menu, for what can be done
        with the passage selected in it; their shortcuts act while the panel is shown."""
        self.addActions(actions)
        self.document.add_selection_actions(actions)
        for action in reversed(actions):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.actions_row.insertWidget(0, button)

    def _on_changed(self, edit: Edit) -> None:
        """List the citations again if the edit concerns them or their documents; a
        citation the edit adds to the event becomes the current one."""
        if self._event_id is None and self.document.source is None:
            return
        listed = {c.id for c in self._citations}
        added = None
        concerned = False
        for change in edit.changes:
            if change.kind == "citations":
                mine = self._event_id is not None and any(getattr(r, "event_id", None) == self._event_id for r in (change.before, change.after))
                concerned |= mine or change.id in listed
                if mine and change.before is None and change.after is not None:
                    added = change.id
            elif change.kind == "sources":
                concerned |= change.id in {c.source_id for c in self._citations} or (self.document.source is not None and change.id == self.document.source.id)
            elif change.kind == "events" and change.id == self._event_id:
                concerned = True
        if concerned:
            self.show_event(self.ctx.timeline, self._event_id if self._event_id in self.ctx.timeline.events else None)
            if added is not None:
                self.show_citation(added)

    def _update_actions(self) -> None:
        has_text = self.document.has_selected_text() and not self.ctx.read_only
        source = self.document.source
        self.ctx.set_reading(source.id if source else None, self.document.selected_span if has_text else None)
        if self.ctx.read_only:
            self.hint.setText("Read-only: nothing can be cited here.")
        elif self.document.source is None:
            self.hint.setText("Open a document from the Source library to cite it.")
        elif not has_text:
            self.hint.setText("Select a passage to cite it.")
        else:
            self.hint.setText("" if self._event_id else "Select an event on the timeline to cite this for it.")

    def show_event(self, timeline: Timeline | None, event_id: str | None) -> None:
        """List the citations of ``event_id``; the current one stays current if it is
        still there (the event has just been edited). With no citation, the document
        shown stays, to be cited from."""
        current = self.current_citation()
        self._timeline, self._event_id = timeline, event_id
        self._citations = timeline.citations_for(event_id) if timeline and event_id else []
        self._spans = {c.id: self._locate(c, timeline.sources[c.source_id]) for c in self._citations}
        self.citation_list.blockSignals(True)
        self.citation_list.clear()
        for citation in self._citations:
            found = self._spans[citation.id] is not None
            item = QListWidgetItem(_citation_text(citation, timeline.sources[citation.source_id], found))
            item.setForeground(QColor(STANCE_COLOURS[citation.stance.value] if found else LOST_COLOUR))
            item.setToolTip(f"{timeline.sources[citation.source_id].title}\n{citation.quote}" + ("" if found else f"\n{LOST_QUOTE}"))
            self.citation_list.addItem(item)
        self.citation_list.blockSignals(False)
        event = timeline.events[event_id] if timeline and event_id else None
        if event is None:
            self.caption.setText("No event selected" if not self.ctx.selection.ids() else "Several events selected: select one for its citations")
        else:
            self.caption.setText(f"Citations of ‘{event.title}’" if self._citations else f"‘{event.title}’ cites no document yet")
        ids = [c.id for c in self._citations]
        if current is not None and current.id in ids:
            self.citation_list.setCurrentRow(ids.index(current.id))
        elif self._citations:
            self.citation_list.setCurrentRow(0)
        else:
            shown = self.document.source
            self.show_source(timeline.sources.get(shown.id) if timeline and shown else None)
        self._update_controls()

    def show_citation(self, citation_id: str) -> None:
        """Make the event's citation ``citation_id`` the current one."""
        rows = [c.id for c in self._citations]
        if citation_id in rows:
            self.citation_list.setCurrentRow(rows.index(citation_id))

    def show_source(self, source: Source | None) -> None:
        """Show ``source`` (from the library) with the selected event's quotes in it marked;
        no citation is current."""
        self.citation_list.setCurrentRow(-1)
        self.document.show_source(source)
        self.warning.hide()
        if source is None:
            self.header.setText("No document open." if self._event_id is None else "No citation: nothing backs this event yet.")
        else:
            cited = any(c.source_id == source.id for c in self._citations)
            elsewhere = "" if cited or self._event_id is None else "<br><i>The selected event cites nothing in this document.</i>"
            self.header.setText(source_line(source) + elsewhere)
            self.document.highlight(self._spans_in(source), None)
        self._update_actions()

    def current_citation(self) -> Citation | None:
        row = self.citation_list.currentRow()
        return self._citations[row] if 0 <= row < len(self._citations) else None

    def current_quote(self) -> str:
        return self.document.current_quote()

    def _show_citation(self, row: int) -> None:
        self._update_controls()
        if not 0 <= row < len(self._citations):
            return
        current = self._citations[row]
        source = self._timeline.sources[current.source_id]
        self.document.show_source(source)
        self.header.setText(source_line(source))
        span = self._spans[current.id]
        self.warning.setText(LOST_QUOTE)
        self.warning.setVisible(span is None)
        self.document.highlight([s for s in self._spans_in(source) if s != span], span)
        self._update_actions()

    def _locate(self, citation: Citation, source: Source) -> tuple[int, int] | None:
        key = (citation.quote, citation.prefix, citation.suffix, citation.offset, source.sha256)
        if key not in self._located:
            self._located[key] = locate(source.text, citation.quote, citation.prefix, citation.suffix, citation.offset)
        return self._located[key]

    def _spans_in(self, source: Source) -> list[tuple[int, int]]:
        return [self._spans[c.id] for c in self._citations if c.source_id == source.id and self._spans[c.id]]

    def _update_controls(self) -> None:
        citation = self.current_citation()
        for widget in (self.stance, self.confidence, self.remove):
            widget.setEnabled(citation is not None and not self.ctx.read_only)
        if citation is not None:
            self.stance.setCurrentIndex(self.stance.findData(citation.stance.value))
            self.confidence.setCurrentIndex(self.confidence.findData(citation.confidence.value))

    def _change(self, **fields) -> None:
        if (citation := self.current_citation()) is not None:
            changed = replace(citation, **fields)
            if changed != citation:
                self.ctx.push(editing.cite(self.ctx.timeline, changed))

    def _remove(self) -> None:
        if (citation := self.current_citation()) is not None:
            self.ctx.push(editing.uncite(self.ctx.timeline, [citation.id]))


class ElidedLabel(QLabel):
    """A line of text that ends in "…" where the panel is too narrow for it, rather than
    widening the panel or stopping mid-word; the whole text is its tooltip."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 0)))
