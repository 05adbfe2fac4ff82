"""Moving about the timeline by keyboard: from event to event in time (in all lanes or in
the selected event's), to the lane above or below, zooming; and Help ▸ Keyboard
shortcuts, the list of every shortcut as the commands declare them."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from ...model.navigation import across_lanes, step_in_time
from ..context import Context
from ..dialogs.shortcuts import ShortcutsDialog
from . import Command, commands

ZOOM_STEP = 0.5  # of the span shown


def _select(ctx: Context, event_id: str | None, none_left: str) -> None:
    if event_id is None:
        ctx.say(none_left)
        return
    ctx.canvas.select([event_id])
    ctx.canvas.bring_into_view(event_id)


def in_time(step: int, same_lane: bool = False):
    def run(ctx: Context) -> None:
        ids = ctx.selection.ids()
        found = step_in_time(ctx.timeline, ctx.canvas.passing_ids(), ids[-1] if ids else None, step, same_lane)
        _select(ctx, found, f"No {'later' if step > 0 else 'earlier'} event{' in this lane' if same_lane else ''}")

    return run


def to_lane(step: int):
    def run(ctx: Context) -> None:
        ids = ctx.selection.ids()
        if not ids:
            in_time(1)(ctx)
            return
        _select(ctx, across_lanes(ctx.timeline, ctx.canvas.passing_ids(), ids[-1], step), f"No event in a lane {'below' if step > 0 else 'above'}")

    return run


def _keys(shortcut) -> str:
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(keys, command, where) for every declared command that has a shortcut."""
    return [
        (", ".join(_keys(s) for s in c.shortcuts), c.text.replace("&", "").rstrip("…"), "on the timeline" if c.scope == "timeline" else "in the Sources panel" if c.scope == "sources" else "anywhere in the window")
        for c in commands()
        if c.shortcuts
    ]


def show_shortcuts(ctx: Context) -> None:
    dialog = ShortcutsDialog(shortcut_rows(), ctx.parent_widget)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


COMMANDS = [
    Command("action_next_event", "&Next event", in_time(1), "View", ("Ctrl+Right",), scope="timeline", separator=True),
    Command("action_previous_event", "P&revious event", in_time(-1), "View", ("Ctrl+Left",), scope="timeline"),
    Command("action_next_in_lane", "Next event in the &lane", in_time(1, True), "View", ("Alt+Right",), scope="timeline"),
    Command("action_previous_in_lane", "Previous event in the l&ane", in_time(-1, True), "View", ("Alt+Left",), scope="timeline"),
    Command("action_lane_above", "Event in the lane a&bove", to_lane(-1), "View", ("Up",), scope="timeline"),
    Command("action_lane_below", "Event in the lane bel&ow", to_lane(1), "View", ("Down",), scope="timeline"),
    Command("action_zoom_in", "Zoom &in", lambda ctx: ctx.canvas.zoom(ZOOM_STEP), "View", (QKeySequence.StandardKey.ZoomIn, "+", "="), separator=True),
    Command("action_zoom_out", "Zoom o&ut", lambda ctx: ctx.canvas.zoom(1 / ZOOM_STEP), "View", (QKeySequence.StandardKey.ZoomOut, "-")),
]

HELP = [Command("action_shortcuts", "&Keyboard shortcuts", show_shortcuts, "Help", ("F1",))]
