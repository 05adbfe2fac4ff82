"""Edit ▸ commands: undo and redo, new and deleted events, nudges by the keyboard, periods
and pinned notes, find and the history."""
from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QKeySequence

from ...model import DateError, Event, FuzzyDate, ModelError, Period, PinnedNote, Status, editing, new_id
from ..canvas.time_axis import day_at
from ..context import Context
from ..dialogs.period import PeriodValues, ask_period
from ..dialogs.text import ask_text
from . import SOME, Command

NUDGE_REFUSED = "Dated to the month or the year: a day's nudge does not move it. Drag with Alt or edit its date to give it a day."


def new_event(ctx: Context) -> None:
    """Ctrl+N: a new event in the middle of the view, in the selected event's lane."""
    x0, x1 = ctx.canvas.view_range()
    selected = ctx.selection.ids()
    lane = ctx.timeline.events[selected[0]].lane if selected else ""
    create_event(ctx, day_at((x0 + x1) / 2), lane)


def create_event(ctx: Context, day: dt.date, lane: str) -> None:
    """A new event on ``day`` in ``lane`` (or the first lane), its title ready to type."""
    lane = lane or next(iter(ctx.timeline.lane_order()), "Events")
    try:
        # Nobody is cited for it yet: unsourced, until its citations say otherwise.
        event = Event(new_id(), "New event", FuzzyDate(day.year, day.month, day.day), lane=lane, status=Status.UNSOURCED, status_auto=True)
    except DateError as error:  # far outside the calendar the model keeps
        ctx.say(f"No event created: {error}")
        return
    if ctx.push(editing.put(ctx.timeline, "events", [event], "Create")):
        edit_title(ctx, event.id)  # name it straight away


def edit_title(ctx: Context, event_id: str) -> None:
    ctx.canvas.select([event_id])
    ctx.reveal("title")


def delete_selected(ctx: Context) -> None:
    if ids := ctx.selection.ids():
        ctx.push(editing.remove(ctx.timeline, "events", ids))


def nudge(days: int):
    """Move the selection by ``days``; month- and year-precision events stay, and say so."""

    def run(ctx: Context) -> None:
        try:
            edit = editing.move_events(ctx.timeline, ctx.selection.ids(), days)
        except (ModelError, DateError) as error:
            ctx.say(str(error))
            return
        if edit.changes:
            ctx.push(edit)
        else:
            ctx.say(NUDGE_REFUSED)

    return run


def _middle_day(ctx: Context, fraction: float) -> FuzzyDate:
    x0, x1 = ctx.canvas.view_range()
    day = day_at(x0 + (x1 - x0) * fraction)
    return FuzzyDate(day.year, day.month, day.day)


def add_period(ctx: Context) -> None:
    """A period from the dialog, offered over the selected events' dates (from a single
    day, to two thirds of the view), or over the middle third of the view."""
    events = [ctx.timeline.events[i] for i in ctx.selection.ids()]
    start, end = _middle_day(ctx, 1 / 3), _middle_day(ctx, 2 / 3)
    if events:
        first = min((e.start for e in events), key=lambda d: d.earliest)
        last = max((e.end or e.start for e in events), key=lambda d: d.latest)
        start, end = first, (last if last.latest > first.earliest or end.latest <= first.latest else end)
    values = ask_period(ctx.parent_widget, "Add period", ctx.timeline.lane_order(), PeriodValues("", start, end))
    if values is not None:
        period = Period(new_id(), values.label, values.start, values.end, values.colour, values.lanes)
        ctx.push(editing.put(ctx.timeline, "periods", [period], "Add"))


def pin_note(ctx: Context) -> None:
    """A note at the selected event's start, or the middle of the view."""
    selected = ctx.selection.ids()
    date = ctx.timeline.events[selected[0]].start if selected else _middle_day(ctx, 1 / 2)
    if text := ask_text(ctx.parent_widget, "Pin note", f"Note on {date.label()}:"):
        ctx.push(editing.put(ctx.timeline, "notes", [PinnedNote(new_id(), date, text)], "Pin"))


COMMANDS = [
    Command("action_undo", "Undo", lambda ctx: ctx.document.undo_stack.undo(), "Edit", (QKeySequence.StandardKey.Undo,), toolbar=True, history="undo"),
    Command("action_redo", "Redo", lambda ctx: ctx.document.undo_stack.redo(), "Edit", ("Ctrl+Shift+Z", "Ctrl+Y"), toolbar=True, history="redo"),
    Command("action_new_event", "&New event", new_event, "Edit", ("Ctrl+N",), writes=True, toolbar=True, separator=True),
    Command("action_delete", "&Delete", delete_selected, "Edit", (QKeySequence.StandardKey.Delete,), writes=True, needs_selection=SOME, scope="timeline", toolbar=True),
    Command("action_nudge_back", "Nudge back a day", nudge(-1), shortcuts=("Left",), writes=True, needs_selection=SOME, scope="timeline"),
    Command("action_nudge_on", "Nudge on a day", nudge(1), shortcuts=("Right",), writes=True, needs_selection=SOME, scope="timeline"),
    Command("action_nudge_back_week", "Nudge back a week", nudge(-7), shortcuts=("Shift+Left",), writes=True, needs_selection=SOME, scope="timeline"),
    Command("action_nudge_on_week", "Nudge on a week", nudge(7), shortcuts=("Shift+Right",), writes=True, needs_selection=SOME, scope="timeline"),
    Command("action_find", "&Find…", lambda ctx: ctx.reveal("search"), "Edit", ("Ctrl+F",), separator=True),
    Command("action_add_period", "Add &period…", add_period, "Edit", writes=True),
    Command("action_pin_note", "&Pin note…", pin_note, "Edit", writes=True),
    Command("action_history", "&History", lambda ctx: ctx.reveal("history"), "Edit", ("Ctrl+H",)),
]
