"""The selected event's facts, editable: what, when (at the precision the sources allow), who.

Each field commits on its own when its editing finishes, as one undo step. A value the
model refuses is shown in red with the model's reason, and nothing is pushed: the stored
event stays as it was. The panel follows the selection, and the edits that concern the
event it shows.
"""
from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import Any, Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...model import DateError, Edit, Event, ModelError, Status, Timeline, editing
from ...model.claims import status_from
from ...model.typed_dates import DateOrder, read_date, shown_as
from ..canvas.marks import STATUS_HELP
from ..context import Context
from .many_events import ManyEventsForm

AUTOMATIC = "automatic"
AUTO_HELP = (
    "The status follows the citations: a denial makes it disputed; a report, reported; only "
    "assertions, claimed; none, unsourced. Reported by two independent publishers: choose reported or confirmed."
)
Build = Callable[[Timeline, Event, dict[str, Any]], Edit]  # (timeline, event, fields read) → the edit
INVALID = "border: 2px solid #c62828; border-radius: 3px;"
DATE_FORMS = ("26 April 2025, Apr 26, 2025, 26/04/2025, April 2025, summer 2025, early 2025, 2025, or EDTF: "
              "YYYY-MM-DD, YYYY-MM or YYYY; add ~ approximate, ? uncertain, % both")


def _event_link(event: Event) -> str:
    return f'<a href="{escape(event.id)}">{escape(event.title)}</a>'


def _date_hint(text: str, empty: str, order: DateOrder, utc: bool) -> str:
    """'→ 2025-04-26 · 26 Apr 2025, day precision': what is typed so far will be stored as."""
    if not text.strip():
        return empty
    try:
        return shown_as(text, order, utc)
    except DateError:
        return "not a date yet"


def _set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    # Only a real change: rewriting the same text would move the cursor of a field
    # the user is still in (a text box stays focused after Ctrl+Enter).
    if isinstance(widget, QLineEdit) and widget.text() != text:
        widget.setText(text)
        widget.setCursorPosition(0)  # a long title shows its beginning
    elif isinstance(widget, QPlainTextEdit) and widget.toPlainText() != text:
        widget.setPlainText(text)


def _is_history_key(event: QKeyEvent) -> bool:
    keys = QKeySequence(event.keyCombination())
    return event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo) or keys == QKeySequence("Ctrl+Y")


class DetailsPanel(QStackedWidget):
    def __init__(self, ctx: Context, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("details_panel")
        self.ctx = ctx
        self._event_id: str | None = None
        self._refusal = ""  # what the status bar was told of the last refusal, until it is fixed
        # widget → (the event's new field values read from the widget, the edit they make)
        self._edits: dict[QWidget, tuple[Callable[[], dict[str, Any]], Build]] = {}

        placeholder = QLabel("Select an event on the timeline to see its details and sources.")
        placeholder.setWordWrap(True)
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.addWidget(placeholder)

        self.title = QLineEdit(objectName="edit_title")
        self.start = QLineEdit(objectName="edit_start", placeholderText="e.g. 2025-04-26", toolTip=DATE_FORMS)
        self.end = QLineEdit(objectName="edit_end", placeholderText="none", toolTip=DATE_FORMS + "; empty: a single date")
        self.start_hint = QLabel(objectName="start_hint")
        self.end_hint = QLabel(objectName="end_hint")
        self.lane = QComboBox(objectName="edit_lane", editable=True, insertPolicy=QComboBox.InsertPolicy.NoInsert)
        self.lane.setToolTip("Pick a lane, or type a new name to make a new lane")
        self.status = QComboBox(objectName="edit_status")
        self.status.addItem("", AUTOMATIC)  # its text says what the citations give
        for status in Status:
            if status is not Status.UNSOURCED:  # what no citation gives, not a judgement to make
                self.status.addItem(STATUS_HELP[status], status.value)
        self.tags = QLineEdit(objectName="edit_tags", placeholderText="comma, separated")
        self.notes = QPlainTextEdit(objectName="edit_notes", toolTip="Ctrl+Enter or leaving the box saves")
        self.annotation = QPlainTextEdit(objectName="edit_annotation", placeholderText="Your own remark, shown as a callout")
        self.annotation.setToolTip(self.notes.toolTip())
        for box, lines in ((self.notes, 5), (self.annotation, 3)):
            box.setTabChangesFocus(True)  # Tab leaves the box, and so saves it
            box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)

        def dates() -> dict[str, Any]:
            # Both ends together, so that a range can be moved past its old end in two steps.
            end = self.end.text().strip()
            order = ctx.date_order
            return {"start": read_date(self.start.text(), order), "end": read_date(end, order) if end else None}

        self._editable(self.title, "Rename '{title}' to", lambda: {"title": self.title.text().strip()})
        self._editable(self.start, "Change dates of", dates)
        self._editable(self.end, "Change dates of", dates)
        def lane() -> dict[str, Any]:
            if not self.lane.currentText().strip():
                raise ModelError("a lane needs a name: pick one or type a new one")
            return {"lane": self.lane.currentText().strip()}

        self._editable(self.lane, "Change lane of", lane)
        self._editable(
            self.status,
            "Change status of",
            lambda: {"status": None if self.status.currentData() == AUTOMATIC else Status(self.status.currentData())},
            lambda timeline, event, fields: editing.set_status(timeline, event.id, fields["status"]),
        )
        self._editable(self.tags, "Edit tags of", lambda: {"tags": tuple(filter(None, (t.strip() for t in self.tags.text().split(","))))})
        self._editable(self.notes, "Edit notes of", lambda: {"notes": self.notes.toPlainText()})
        self._editable(self.annotation, "Annotate", lambda: {"annotation": self.annotation.toPlainText()})
        self._hints = ((self.start, self.start_hint, ""), (self.end, self.end_hint, "no end: a single date"))
        for line, hint, empty in self._hints:
            hint.setStyleSheet("color: #555555")
            hint.setText(empty)
            line.textChanged.connect(self._show_hints)
        ctx.datesShownChanged.connect(self._show_hints)

        form_page = QWidget()
        self.form = QFormLayout(form_page)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.addRow("Title:", self.title)
        for name, line, hint in (("Start", self.start, self.start_hint), ("End", self.end, self.end_hint)):
            row = QHBoxLayout()
            line.setMaximumWidth(line.fontMetrics().horizontalAdvance("c. 26 September 2025") + 24)
            row.addWidget(line)
            row.addWidget(hint, 1)
            self.form.addRow(f"{name}:", row)
        for name, widget in (("Lane", self.lane), ("Status", self.status), ("Tags", self.tags), ("Notes", self.notes), ("Annotation", self.annotation)):
            self.form.addRow(f"{name}:", widget)
        self.fields: dict[str, QLabel] = {}  # read-only: who says so, who denies it, and a dataset's facts
        for name in ("Claims", "Links", "Facts"):
            label = QLabel(objectName=f"{name.lower()}_field")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            label.linkActivated.connect(self._go_to)
            self.fields[name] = label
            self.form.addRow(f"{name}:", label)
        self.scroll = scroll = QScrollArea()  # long notes scroll instead of being cut off
        scroll.setWidget(form_page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Outside the scroll area, so a refusal is seen whichever field it concerns.
        self.error = QLabel(objectName="edit_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold")
        self.error.setContentsMargins(6, 4, 6, 4)
        self.error.hide()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        self.addWidget(page)
        self.many = ManyEventsForm(ctx)  # several events selected
        self.addWidget(self.many)
        self.setEnabled(not ctx.read_only)  # its fields would only be refused
        ctx.selection.changed.connect(self._on_selection)
        ctx.document.changed.connect(self._on_changed)
        ctx.revealRequested.connect(self._reveal)

    def _go_to(self, event_id: str) -> None:
        """A linked event clicked: selected and shown, however far from the one before."""
        self.ctx.canvas.select([event_id])
        self.ctx.canvas.bring_into_view(event_id)

    def _on_selection(self, ids: list[str]) -> None:
        timeline = self.ctx.timeline
        self.show_event(timeline, timeline.events.get(ids[0]) if len(ids) == 1 else None)
        if len(ids) > 1:
            self.many.show_events(ids)
            self.setCurrentWidget(self.many)

    def _on_changed(self, edit: Edit) -> None:
        """Show the event again if the edit concerns what the panel says of it: the event,
        its links and the events at their other end, its citations and their sources,
        or the lanes it may be moved to; or the events selected, if it changes one of them."""
        if self.currentWidget() is self.many:
            if {c.id for c in edit.changes if c.kind == "events"} & set(self.many.ids):
                self.many.show_events([i for i in self.many.ids if i in self.ctx.timeline.events])
            return
        shown = self._event_id
        if shown is None:
            return
        timeline = self.ctx.timeline
        linked = {shown} | {other for _, _, other in timeline.links_of(shown)}
        cited = {c.source_id for c in timeline.citations_for(shown)}
        for change in edit.changes:
            before, after = change.before, change.after
            if (
                (change.kind == "events" and (
                    change.id in linked or before is None or after is None or before.lane != after.lane  # the lanes to choose from
                ))
                or (change.kind == "citations" and shown in (getattr(before, "event_id", None), getattr(after, "event_id", None)))
                or (change.kind == "sources" and change.id in cited)
                or (change.kind == "links" and shown in {end for link in (before, after) if link for end in (link.from_id, link.to_id)})
                or change.kind == "lane_records"  # the lanes to choose from, named and ordered anew
            ):
                self.show_event(timeline, timeline.events.get(shown))
                return

    def _show_hints(self) -> None:
        for line, hint, empty in self._hints:
            hint.setText(_date_hint(line.text(), empty, self.ctx.date_order, self.ctx.times_in_utc))

    def _reveal(self, part: str) -> None:
        if part == "title" and self._event_id is not None:
            self.title.setFocus()
            self.title.selectAll()

    def _editable(self, widget: QWidget, verb: str, read: Callable[[], dict[str, Any]], build: Build | None = None) -> None:
        """Commit ``widget`` when its editing finishes: Enter or leaving a line, Ctrl+Enter or
        leaving a text box, at once for a choice. ``verb`` may name the old title as {title};
        ``build`` makes the edit of what ``read`` gives, else the event takes those fields."""

        def put(timeline: Timeline, event: Event, fields: dict[str, Any]) -> Edit:
            return editing.put(timeline, "events", [replace(event, **fields)], verb.format(title=event.title))

        self._edits[widget] = (read, build or put)

        def commit(*_: Any) -> None:
            self._commit(widget)

        if isinstance(widget, QComboBox):
            widget.activated.connect(commit)
            if widget.isEditable():  # a typed lane name commits like a line
                widget.lineEdit().editingFinished.connect(commit)
                widget.lineEdit().installEventFilter(self)
        else:
            if isinstance(widget, QLineEdit):
                widget.editingFinished.connect(commit)
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and _is_history_key(event):
            # A field undoes its own typing; once nothing is being typed, Ctrl+Z is the
            # timeline's undo, as everywhere else in the window.
            field = self.lane if watched is self.lane.lineEdit() else watched
            if not self._pending(field):
                return True  # not for the field: the window's shortcut takes it
        if event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self._restore()
                return True
            if watched in (self.notes, self.annotation) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                self._commit(watched)
                return True
        elif event.type() == QEvent.Type.FocusOut and watched in (self.notes, self.annotation):
            popup = QApplication.activePopupWidget()
            if not (popup and popup.parentWidget() == watched):  # its own context menu is not leaving it
                self._commit(watched)
        return super().eventFilter(watched, event)

    def _commit(self, widget: QWidget) -> None:
        timeline = self.ctx.timeline
        event = timeline.events.get(self._event_id)
        if event is None:  # the form is being cleared, or the event is gone
            return
        read, build = self._edits[widget]
        try:
            edit = build(timeline, event, read())
        except (ModelError, DateError) as error:
            message = str(error)
            message = message[:1].upper() + message[1:]
            self.error.setText(message)
            self.error.show()
            self._refusal = f"Not saved. {message}"
            self.ctx.say(self._refusal, 15000)  # outlives the panel's own message
            widget.setStyleSheet(INVALID)
            return
        if edit.changes and not self.ctx.push(edit):  # read-only, or refused: that has been said
            widget.setStyleSheet(INVALID)  # what was typed stays, to save again
            return
        self.show_event(timeline, timeline.events[event.id])  # as stored, even if the save failed

    def _pending(self, widget: QWidget) -> bool:
        """Whether ``widget`` holds a value that is not the stored one."""
        event = self.ctx.timeline.events.get(self._event_id)
        if event is None:
            return False
        try:
            return replace(event, **self._edits[widget][0]()) != event
        except (ModelError, DateError):
            return True

    def finish_editing(self) -> None:
        """Commit the field being typed in: closing the window does not take its focus away."""
        for widget in self._edits:
            if widget.hasFocus():
                self._commit(widget)

    def _restore(self) -> None:
        timeline = self.ctx.timeline
        if self._event_id in timeline.events:
            self.show_event(timeline, timeline.events[self._event_id])

    def _show_status(self, timeline: Timeline, event: Event) -> None:
        """Automatic (what the citations give) or the user's choice; the automatic entry
        says what it gives, so that the user sees what choosing it would do."""
        given = status_from(timeline.citations_for(event.id), timeline.sources, event.corroborated_as)
        self.status.setItemText(0, f"Automatic (from citations): {given.value}")
        self.status.setItemData(0, AUTO_HELP, Qt.ItemDataRole.ToolTipRole)
        self.status.setCurrentIndex(0 if event.status_auto else self.status.findData(event.status.value))

    def show_event(self, timeline: Timeline, event: Event | None) -> None:
        # Before the page changes: hiding the form ends the editing of a field, and that
        # must not write the field into an event that is no longer the one shown.
        shown_before, self._event_id = self._event_id, event.id if event else None
        if self._refusal and self.ctx.status.currentMessage() == self._refusal:
            self.ctx.status.clearMessage()  # fixed, or left for another event: no longer true
        self._refusal = ""
        if event is None:
            self.setCurrentIndex(0)
            return
        if event.id != shown_before:
            self.scroll.verticalScrollBar().setValue(0)  # another event: from its title
        self.error.hide()
        for widget in self._edits:
            widget.setStyleSheet("")
        _set_text(self.title, event.title)
        _set_text(self.start, event.start.edtf)
        _set_text(self.end, event.end.edtf if event.end else "")
        self.lane.clear()
        self.lane.addItems(timeline.lane_order())
        self.lane.setCurrentText(event.lane)
        self._show_status(timeline, event)
        _set_text(self.tags, ", ".join(event.tags))
        _set_text(self.notes, event.notes)
        _set_text(self.annotation, event.annotation)

        citations = timeline.citations_for(event.id)
        claims = "<br>".join(f"{escape(c.claimant)} <i>{c.stance.value}</i>" for c in citations)
        links = [f"{phrase}: {_event_link(timeline.events[other])}" + (f" <i>({escape(link.note)})</i>" if link.note else "")
                 for phrase, link, other in sorted(timeline.links_of(event.id), key=lambda found: found[0])]
        self.fields["Claims"].setText(claims or "<i>no citation yet</i>")
        self.fields["Links"].setText("<br>".join(links) or "none recorded")
        self.fields["Facts"].setText("<br>".join(f"{escape(name)}: <b>{escape(value)}</b>" for name, value in event.attributes))
        self.form.setRowVisible(self.fields["Facts"], bool(event.attributes))  # only a dataset's events have any
        self.setCurrentIndex(1)
