"""Citing by selecting: a passage selected in a document becomes a citation of the selected
event, or a new event with its citation, each one undo step through the window."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from ..model import Citation, Edit, Event, FuzzyDate, Source, Timeline, editing, new_id
from ..model.quotes import anchor
from ..model.text_dates import DateReader
from .cite_dialog import CiteDialog

if TYPE_CHECKING:
    from .main_window import MainWindow

TITLE_WORDS = 8  # a new event's title: the passage's first words
DATE_CHARS = 600  # where its date is looked for: a long selection would keep the date reader busy for minutes


def title_from(quote: str) -> str:
    words = quote.split()
    title = " ".join(words[:TITLE_WORDS]).strip("\"“”'‘’ ")
    return title + "…" if len(words) > TITLE_WORDS else title


def claimants(timeline: Timeline, source: Source, event: Event | None) -> list[str]:
    """Whom to offer as the claimant: the publisher, the event's actor, then everyone who
    is already cited, as they are spelled."""
    known = sorted({c.claimant for c in timeline.citations.values()}, key=str.casefold)
    return [source.publisher, event.lane if event else "", *known]


def dates_of(quote: str, source: Source) -> str:
    """The first date (or span: "2025-01~/2025-04-26") the passage gives, read against the
    day the source was published; else that day; else today, for the user to correct."""
    published = source.published.earliest if source.published else dt.date.today()
    if mentions := DateReader(published).read(quote[:DATE_CHARS]):
        return "/".join(date.edtf for date in (mentions[0].date, mentions[0].until) if date)
    return (source.published or FuzzyDate(published.year, published.month, published.day)).edtf


def with_citation(timeline: Timeline, event: Event, citation: Citation) -> Edit:
    """One step that makes ``event`` and its first citation, its status following it."""
    made = editing.put(timeline, "events", [event], "Create")
    cited = editing.cite(timeline, citation)  # of an event not there yet: only the citation's change
    return editing.following_citations(timeline, Edit(made.label, made.changes + cited.changes))


class Citing:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def _dialog(self, quote: str, source: Source, event: Event | None, lanes: list[str] | None) -> CiteDialog:
        names = claimants(self.window.document.timeline, source, event)
        dialog = CiteDialog(quote, names, event.title if event else "", lanes, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return dialog

    def cite_selection(self, source_id: str, start: int, end: int) -> None:
        """Ask who says it, then cite the passage for the selected event."""
        timeline = self.window.document.timeline
        selected = self.window.timeline_view.selected_ids()
        if len(selected) != 1:
            self.window.statusBar().showMessage("Select one event on the timeline to cite this passage for it.", 10000)
            return
        source, event = timeline.sources[source_id], timeline.events[selected[0]]
        found = anchor(source.text, start, end)
        dialog = self._dialog(found.quote, source, event, None)

        def cite() -> None:
            citation = Citation(new_id(), event.id, source.id, found.quote, prefix=found.prefix, suffix=found.suffix, offset=found.offset, **dialog.values())
            if self.window.push_edit(editing.cite(self.window.document.timeline, citation)):
                self.window.sources.show_citation(citation.id)

        dialog.accepted.connect(cite)
        dialog.open()

    def event_from_selection(self, source_id: str, start: int, end: int) -> None:
        """Ask for the event's title, date and lane and who says it, then make the event
        with the passage as its citation; it is selected, its title ready to edit."""
        timeline = self.window.document.timeline
        source = timeline.sources[source_id]
        found = anchor(source.text, start, end)
        selected = self.window.timeline_view.selected_ids()
        near = timeline.events.get(selected[0]) if selected else None
        lanes = timeline.lane_order()
        dialog = self._dialog(found.quote, source, None, lanes)
        dialog.event_title.setText(title_from(found.quote))
        dialog.event_date.setText(dates_of(found.quote, source))
        dialog.lane.setCurrentText(near.lane if near else (lanes[0] if lanes else "Events"))

        def create() -> None:
            timeline = self.window.document.timeline
            start, end = dialog.dates()
            event = Event(new_id(), dialog.event_title.text().strip(), start, end, lane=dialog.lane.currentText().strip(), status_auto=True)
            citation = Citation(new_id(), event.id, source.id, found.quote, prefix=found.prefix, suffix=found.suffix, offset=found.offset, **dialog.values())
            if self.window.push_edit(with_citation(timeline, event, citation)):
                self.window.timeline_view.select([event.id])
                self.window.sources.show_citation(citation.id)
                self.window.edit_title(event.id)

        dialog.accepted.connect(create)
        dialog.open()

    def change_citation(self, citation: Citation, changed: Citation | None) -> None:
        """The source panel's stance, confidence or Remove on the current citation."""
        timeline = self.window.document.timeline
        self.window.push_edit(editing.uncite(timeline, [citation.id]) if changed is None else editing.cite(timeline, changed))
