"""View ▸ commands: what the timeline shows."""
from __future__ import annotations

from ..context import DAY_FIRST, TIMES_IN_UTC, Context
from . import Command


def show_callouts(ctx: Context) -> None:
    ctx.canvas.annotations.show_callouts(ctx.settings.value("view/callouts", True, type=bool))


def say_date_order(ctx: Context) -> None:
    first = "6 August" if ctx.date_order.value == "DMY" else "8 June"
    ctx.say(f"Dates typed as 06/08/2024 are read as {first} 2024")
    ctx.datesShownChanged.emit()


def times_in_utc(ctx: Context) -> None:
    ctx.datesShownChanged.emit()


COMMANDS = [
    Command("action_fit_all", "&Fit all events", lambda ctx: ctx.canvas.fit_all(), "View", ("F",), toolbar=True, separator=True),
    Command("action_zoom_selection", "&Zoom to selection", lambda ctx: ctx.canvas.zoom_to_selection(), "View", ("Z",), toolbar=True),
    Command("action_toggle_callouts", "Show &annotations", show_callouts, "View", setting="view/callouts"),
    Command("action_day_first", "Read 06/08/2024 as &6 August (day first)", say_date_order, "View", setting=DAY_FIRST, separator=True,
            tip="Numeric dates typed in the Event panel, Go to and CSV files: day first, else month first as in the US"),
    Command("action_times_in_utc", "Show times of day in &UTC", times_in_utc, "View", setting=TIMES_IN_UTC,
            tip="A time of day in UTC, as the time axis shows it; else in the zone the event was dated in"),
]
