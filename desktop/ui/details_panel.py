"""The selected event's facts: what, when (at the precision the sources allow), who."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QStackedWidget, QWidget

from ..model import Event, Timeline, span_label
from .marks import STATUS_HELP


def _event_link(event: Event) -> str:
    return f'<a href="{escape(event.id)}">{escape(event.title)}</a>'


class DetailsPanel(QStackedWidget):
    eventLinkActivated = Signal(str)  # id of a linked counter-claim

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("details_panel")
        placeholder = QLabel("Select an event on the timeline to see its details and sources.")
        placeholder.setWordWrap(True)
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.addWidget(placeholder)
        form_page = QWidget()
        self.form = QFormLayout(form_page)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.fields: dict[str, QLabel] = {}
        for name in ("Title", "When", "EDTF", "Lane", "Status", "Claims", "Counter-claims", "Tags", "Notes"):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            label.linkActivated.connect(self.eventLinkActivated)
            self.fields[name] = label
            self.form.addRow(f"{name}:", label)
        scroll = QScrollArea()  # long titles and notes scroll instead of being cut off
        scroll.setWidget(form_page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.addWidget(scroll)

    def show_event(self, timeline: Timeline, event: Event | None) -> None:
        if event is None:
            self.setCurrentIndex(0)
            return
        edtf = event.start.edtf + (f"/{event.end.edtf}" if event.end else "")
        citations = timeline.citations_for(event.id)
        claims = "<br>".join(f"{escape(c.claimant)} <i>{c.stance.value}</i>" for c in citations)
        links = []
        if event.disputes in timeline.events:
            links.append("Disputes: " + _event_link(timeline.events[event.disputes]))
        links += ["Disputed by: " + _event_link(other) for other in timeline.disputed_by(event.id)]
        values = {
            "Title": f"<b>{escape(event.title)}</b>",
            "When": escape(span_label(event.start, event.end)),
            "EDTF": f"<code>{escape(edtf)}</code>",
            "Lane": escape(event.lane),
            "Status": escape(STATUS_HELP[event.status]),
            "Claims": claims or "<i>no citation yet</i>",
            "Counter-claims": "<br>".join(links) or "none recorded",
            "Tags": escape(", ".join(event.tags)) or "none",
            "Notes": escape(event.notes).replace("\n", "<br>") or "none",
        }
        for name, html in values.items():
            self.fields[name].setText(html)
        self.setCurrentIndex(1)
