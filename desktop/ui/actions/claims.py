"""Edit ▸ Disputes…: the selected event recorded as denying another, picked from a list
that typed words narrow (or as denying none)."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from ...model import editing
from ..context import Context
from ..dialogs.pick import PickDialog
from . import ONE, Command

NONE = ""  # the pick that records no dispute


def disputes(ctx: Context) -> None:
    event_id = ctx.selection.single()
    if event_id is None:
        ctx.say("Select one event: the one that denies another.")
        return
    timeline = ctx.timeline
    event = timeline.events[event_id]
    others = sorted((e for e in timeline.events.values() if e.id != event_id), key=lambda e: (e.start.earliest, e.title))
    items = [(NONE, "Nothing: it disputes no event")] + [(e.id, f"{e.title} · {e.start.label()} · {e.lane}") for e in others]
    dialog = PickDialog("Disputes", f"'{event.title}' denies the claim of:", items, ctx.parent_widget)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    current = next((row for row, (key, _) in enumerate(items) if key == (event.disputes or NONE)), 0)
    dialog.list.setCurrentRow(current)

    def chosen() -> None:
        target = dialog.chosen()
        if target is not None and ctx.timeline.events.get(event_id) is not None:
            now = ctx.timeline.events[event_id]
            ctx.push(editing.put(ctx.timeline, "events", [replace(now, disputes=target or None)], "Set the claim denied by"))

    dialog.accepted.connect(chosen)
    dialog.open()


COMMANDS = [Command("action_disputes", "D&isputes…", disputes, "Edit", writes=True, needs_selection=ONE, separator=True,
                    tip="The event whose claim the selected event denies")]
