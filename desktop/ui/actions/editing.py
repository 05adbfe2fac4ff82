"""Edit ▸ commands: undo and redo, new and deleted events, nudges by the keyboard, periods
and pinned notes, find and the history."""
from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QKeySequence

from ...model import DateError, Event, FuzzyDate, ModelError, Period, PinnedNote, Status, editing, new_id
from ..canvas.time_axis import DAY, day_at
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


def edit_selected(ctx: Context) -> None:
    """The Event panel's title field, on the first selected event."""
    if ids := ctx.selection.ids():
        edit_title(ctx, ids[0])


def new_event_here(ctx: Context) -> None:
    """A new event on the day right-clicked, in the lane right-clicked."""
    target = ctx.menu_target
    create_event(ctx, target.day, target.key)


def period_from_here(ctx: Context) -> None:
    """A period from the day right-clicked, a sixth of the view long: drag its ends to fit."""
    x0, x1 = ctx.canvas.view_range()
    first = ctx.menu_target.day
    last = first + dt.timedelta(days=max(1, round((x1 - x0) / DAY / 6)))
    add_period_over(ctx, FuzzyDate(first.year, first.month, first.day), FuzzyDate(last.year, last.month, last.day))


ANNOTATION_TABLES = {"period": "periods", "note": "notes"}


def edit_annotation(ctx: Context) -> None:
    target = ctx.menu_target
    ctx.canvas.annotations.edit_text(ANNOTATION_TABLES[target.kind], target.key)


def delete_annotation(ctx: Context) -> None:
    target = ctx.menu_target
    ctx.push(editing.remove(ctx.timeline, ANNOTATION_TABLES[target.kind], [target.key]))


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
    add_period_over(ctx, start, end)


def add_period_over(ctx: Context, start: FuzzyDate, end: FuzzyDate) -> None:
    """The period dialog, offering ``start`` to ``end``; what it gives is added, one undo step."""
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
    Command("action_edit_event", "&Edit event", edit_selected, "Edit", ("F2",), needs_selection=SOME, tip="Type in the Event panel's title field (F2)"),
    Command("action_delete", "&Delete", delete_selected, "Edit", (QKeySequence.StandardKey.Delete,), writes=True, needs_selection=SOME, scope="timeline", toolbar=True),
    Command("action_nudge_back", "Nudge back a day", nudge(-1), shortcuts=("Left",), writes=True, needs_selection=SOME, scope="timeline"),
    Command("action_nudge_on", "Nudge on a day", nudge(1), shortcuts=("Right",), writes=True, needs_selection=SOME, scope="timeline"),
    Command("action_nudge_back_week", "Nudge back a week", nudge(-7), shortcuts=("Shift+Left",), writes=True, needs_selection=SOME, scope="timeline"),
    Command("action_nudge_on_week", "Nudge on a week", nudge(7), shortcuts=("Shift+Right",), writes=True, needs_selection=SOME, scope="timeline"),
    Command("action_find", "&Find…", lambda ctx: ctx.reveal("search"), "Edit", ("Ctrl+F",), separator=True),
    Command("action_find_next", "Find ne&xt", lambda ctx: ctx.findRequested.emit(1), "Edit", ("F3",)),
    Command("action_find_previous", "Find pre&vious", lambda ctx: ctx.findRequested.emit(-1), "Edit", ("Shift+F3",)),
    Command("action_search_results", "Search &results", lambda ctx: ctx.reveal("search_results"), "Edit", ("Ctrl+Shift+F",)),
    Command("action_add_period", "Add &period…", add_period, "Edit", writes=True),
    Command("action_pin_note", "&Pin note…", pin_note, "Edit", writes=True),
    Command("action_new_event_here", "&New event here", new_event_here, writes=True),
    Command("action_period_from_here", "Add &period from here…", period_from_here, writes=True),
    Command("action_edit_annotation", "&Edit text…", edit_annotation, writes=True),
    Command("action_delete_annotation", "&Delete", delete_annotation, writes=True),
    Command("action_history", "&History", lambda ctx: ctx.reveal("history"), "Edit", ("Ctrl+H",)),
]
