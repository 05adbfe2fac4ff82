"""Citing by selecting: the passage selected in the document shown becomes a citation of
the selected event, or a new event with its citation, each one undo step."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from ...model import Event, Source, editing, new_id
from ...model.citing import citation_of, claimants, dates_of, title_from, with_citation
from ..context import Context
from ..dialogs.cite import CiteDialog
from . import ONE, Command
from .editing import edit_title


def _dialog(ctx: Context, source: Source, start: int, end: int, event: Event | None, lanes: list[str] | None) -> CiteDialog:
    names = claimants(ctx.timeline, source, event)
    dialog = CiteDialog(source.text[start:end], names, event.title if event else "", lanes, ctx.parent_widget, ctx.date_order)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog


def cite_passage(ctx: Context) -> None:
    """Ask who says it, then cite the passage for the selected event."""
    selected = ctx.selection.single()
    if selected is None:
        ctx.say("Select one event on the timeline to cite this passage for it.")
        return
    source, (start, end) = ctx.timeline.sources[ctx.shown_source], ctx.passage()
    dialog = _dialog(ctx, source, start, end, ctx.timeline.events[selected], None)
    dialog.accepted.connect(lambda: ctx.push(editing.cite(ctx.timeline, citation_of(source, start, end, selected, **dialog.values()))))
    dialog.open()


def event_from_passage(ctx: Context) -> None:
    """Ask for the event's title, date and lane and who says it, then make the event with
    the passage as its citation; it is selected, its title ready to edit."""
    timeline = ctx.timeline
    source, (start, end) = timeline.sources[ctx.shown_source], ctx.passage()
    quote = source.text[start:end]
    selected = ctx.selection.ids()
    near = timeline.events.get(selected[0]) if selected else None
    lanes = timeline.lane_order()
    dialog = _dialog(ctx, source, start, end, None, lanes)
    dialog.event_title.setText(title_from(quote))
    dialog.event_date.setText(dates_of(quote, source, dt.date.today()))
    dialog.lane.setCurrentText(near.lane if near else (lanes[0] if lanes else "Events"))

    def create() -> None:
        first, last = dialog.dates()
        event = Event(new_id(), dialog.event_title.text().strip(), first, last, lane=dialog.lane.currentText().strip(), status_auto=True)
        if ctx.push(with_citation(ctx.timeline, event, citation_of(source, start, end, event.id, **dialog.values()))):
            edit_title(ctx, event.id)

    dialog.accepted.connect(create)
    dialog.open()


COMMANDS = [
    Command(
        "action_cite_selection", "&Cite for selected event", cite_passage, shortcuts=("Ctrl+Shift+C",), writes=True,
        needs_selection=ONE, needs_passage=True, scope="sources", tip="Cite for selected event (Ctrl+Shift+C)",
    ),
    Command(
        "action_event_from_selection", "New &event from selection", event_from_passage, shortcuts=("Ctrl+Shift+N",), writes=True,
        needs_passage=True, scope="sources", tip="New event from selection (Ctrl+Shift+N)",
    ),
]
