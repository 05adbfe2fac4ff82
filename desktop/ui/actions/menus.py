"""The timeline's right-click menus: for each kind of thing clicked (an event, a lane's
name, empty space, a period or a note), the names of the declared commands it offers, in
order, "" for a separator. A command offered here acts on what was clicked through
``ctx.menu_target``, or on the selection, which a right-click on an event sets. To offer
another command, add its name to the lists."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from ...model import editing
from ..canvas.gestures import MenuTarget
from ..context import Context

MOVE_TO_LANE = "move_to_lane"  # a submenu of the other lanes

MENUS = {
    "event": ["action_edit_event", "action_cite_selection", "action_link_to", "action_event_history", "", "action_duplicate", "action_copy", "action_cut", "action_delete", "", MOVE_TO_LANE],
    "lane": [
        "action_new_event_here", "", "action_rename_lane", "action_colour_lane", "action_hide_lane", "",
        "action_lane_up", "action_lane_down", "", "action_merge_lane", "action_delete_lane",
    ],
    "empty": ["action_new_event_here", "action_paste", "action_period_from_here"],
    "period": ["action_edit_annotation", "action_delete_annotation"],
    "note": ["action_edit_annotation", "action_delete_annotation"],
}


def show(ctx: Context, actions: dict[str, QAction], target: MenuTarget, where: QPoint) -> QMenu:
    """Pop up the menu of ``target`` at ``where``; it deletes itself once closed."""
    ctx.menu_target = target
    menu = QMenu(ctx.parent_widget, objectName=f"{target.kind}_menu")
    if target.kind == "lane":
        ctx.lane = target.key  # what the lane commands act on
        menu.setTitle(target.key)
    for name in MENUS[target.kind]:
        if not name:
            menu.addSeparator()
        elif name == MOVE_TO_LANE:
            _lanes_menu(ctx, menu)
        else:
            menu.addAction(actions[name])
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.popup(where)
    return menu


def _lanes_menu(ctx: Context, menu: QMenu) -> None:
    ids = ctx.selection.ids()
    here = {ctx.timeline.events[i].lane for i in ids}
    lanes = menu.addMenu("Move to &lane")
    lanes.setObjectName("move_to_lane_menu")
    for lane in ctx.timeline.lane_order():
        if {lane} != here:
            action = lanes.addAction(lane.replace("&", "&&"))
            action.triggered.connect(lambda _=False, lane=lane: ctx.push(editing.move_events(ctx.timeline, ids, 0, lane)))
    lanes.setEnabled(not ctx.read_only and not lanes.isEmpty())
