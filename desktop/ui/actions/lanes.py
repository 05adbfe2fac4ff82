"""The lane menu (a right-click on a lane's name, or the Lanes panel's buttons): rename,
colour, hide or show, move, merge and delete the lane, each one undo step; and View ▸
Show hidden lanes."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMessageBox

from ...model import Edit, ModelError, lanes
from ..context import Context
from ..dialogs.pick import PickDialog
from . import Command

DELETE_EVENTS = "\x00delete"  # the pick that deletes the lane's events with it


def rename(ctx: Context) -> None:
    """An empty name is refused; another lane's name offers to merge the two."""
    name = ctx.lane
    new, ok = QInputDialog.getText(ctx.parent_widget, "Rename lane", f"New name for the lane '{name}':", text=name)
    new = new.strip()
    if not ok or new == name:
        return
    try:
        edit = lanes.rename(ctx.timeline, name, new)
    except lanes.LaneExists:
        answer = QMessageBox.question(ctx.parent_widget, "Rename lane", f"There is a lane named '{new}' already. Merge '{name}' into it?")
        if answer == QMessageBox.StandardButton.Yes:
            ctx.push(lanes.merge(ctx.timeline, name, new))
        return
    except ModelError as error:
        ctx.say(f"Not renamed: {error}")
        QMessageBox.warning(ctx.parent_widget, "Rename lane", f"Not renamed: {error}.")
        return
    ctx.push(edit)


def colour(ctx: Context) -> None:
    current = dict((name, colour) for name, colour, _ in lanes.styles(ctx.timeline)).get(ctx.lane, lanes.PALETTE[0])
    chosen = QColorDialog.getColor(QColor(current), ctx.parent_widget, f"Colour of the lane '{ctx.lane}'")
    if chosen.isValid():
        ctx.push(lanes.restyle(ctx.timeline, ctx.lane, colour=chosen.name()))


def hide(ctx: Context) -> None:
    """Hide a lane shown, show a lane hidden (the Lanes panel lists those)."""
    hidden = any(name == ctx.lane and hidden for name, _, hidden in lanes.styles(ctx.timeline))
    ctx.push(lanes.restyle(ctx.timeline, ctx.lane, hidden=not hidden))


def show_all(ctx: Context) -> None:
    ctx.push(lanes.show_all(ctx.timeline))


def move_by(step: int):
    def run(ctx: Context) -> None:
        order = ctx.timeline.lane_order()
        ctx.push(lanes.move(ctx.timeline, ctx.lane, max(0, order.index(ctx.lane) + step)))

    return run


def _others(ctx: Context) -> list[tuple[str, str]]:
    return [(name, name) for name in ctx.timeline.lane_order() if name != ctx.lane]


def merge(ctx: Context) -> None:
    name = ctx.lane
    dialog = PickDialog("Merge lane", f"Move the events of '{name}' into the lane (and '{name}' goes):", _others(ctx), ctx.parent_widget)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: dialog.chosen() and ctx.push(lanes.merge(ctx.timeline, name, dialog.chosen())))
    dialog.open()


def delete(ctx: Context) -> None:
    """Its events moved to a lane the user picks, or deleted with it once confirmed."""
    name = ctx.lane
    count = sum(event.lane == name for event in ctx.timeline.events.values())
    if len(ctx.timeline.lane_order()) == 1:
        QMessageBox.warning(ctx.parent_widget, "Delete lane", f"'{name}' is the last lane: a timeline needs one. Nothing was deleted.")
        return
    if not count:
        ctx.push(lanes.delete(ctx.timeline, name))
        return
    items = [*_others(ctx), (DELETE_EVENTS, f"Nowhere: delete its {count} event(s) too")]
    dialog = PickDialog("Delete lane", f"'{name}' holds {count} event(s). Move them to:", items, ctx.parent_widget)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def chosen() -> None:
        target = dialog.chosen()
        if target != DELETE_EVENTS:
            edit = lanes.merge(ctx.timeline, name, target)
            ctx.push(Edit(f"Delete lane '{name}', its events moved to '{target}'", edit.changes))
        elif QMessageBox.question(ctx.parent_widget, "Delete lane", f"Delete the lane '{name}' and its {count} event(s), with their citations?") == QMessageBox.StandardButton.Yes:
            ctx.push(lanes.delete(ctx.timeline, name))

    dialog.accepted.connect(chosen)
    dialog.open()


def on_lane(run):
    """``run`` on the lane picked (its menu opened, or chosen in the Lanes panel)."""

    def checked(ctx: Context) -> None:
        if ctx.lane in ctx.timeline.lane_order():
            run(ctx)
        else:
            ctx.say("Pick a lane first: right-click its name, or choose it in the Lanes panel.")

    return checked


# Reached from the lane menu and the Lanes panel; ``ctx.lane`` says which lane.
LANE_MENU = [
    Command("action_rename_lane", "&Rename lane…", on_lane(rename), writes=True),
    Command("action_colour_lane", "&Colour…", on_lane(colour), writes=True),
    Command("action_hide_lane", "&Hide or show lane", on_lane(hide), writes=True),
    Command("action_lane_up", "Move &up", on_lane(move_by(-1)), writes=True, separator=True),
    Command("action_lane_down", "Move &down", on_lane(move_by(1)), writes=True),
    Command("action_merge_lane", "&Merge into…", on_lane(merge), writes=True, separator=True),
    Command("action_delete_lane", "&Delete lane…", on_lane(delete), writes=True),
]
COMMANDS = [*LANE_MENU, Command("action_show_lanes", "Show hidden &lanes", show_all, "View", writes=True, separator=True)]
