"""View ▸ commands: what the timeline shows."""
from __future__ import annotations

from ..context import Context
from . import Command


def show_callouts(ctx: Context) -> None:
    ctx.canvas.annotations.show_callouts(ctx.settings.value("view/callouts", True, type=bool))


COMMANDS = [
    Command("action_fit_all", "&Fit all events", lambda ctx: ctx.canvas.fit_all(), "View", ("F",), toolbar=True, separator=True),
    Command("action_zoom_selection", "&Zoom to selection", lambda ctx: ctx.canvas.zoom_to_selection(), "View", ("Z",), toolbar=True),
    Command("action_toggle_callouts", "Show &annotations", show_callouts, "View", setting="view/callouts"),
]
