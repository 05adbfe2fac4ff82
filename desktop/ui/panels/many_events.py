"""The Event panel's form for several selected events: their lane, their status and
their tags, each change made to all of them as one undo step, with how many it changed."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from ...model import Edit, Status, editing
from ...model.wording import counted
from ..canvas.marks import STATUS_HELP
from ..context import Context

AUTOMATIC = "automatic"
SEVERAL = "several"


def _tags(text: str) -> tuple[str, ...]:
    return tuple(filter(None, (t.strip() for t in text.split(","))))


class ManyEventsForm(QWidget):
    def __init__(self, ctx: Context, parent=None) -> None:
        super().__init__(parent, objectName="many_events")
        self.ctx = ctx
        self.ids: list[str] = []
        self._shared_lane = ""  # the lane they are all in, if they are
        self.header = QLabel(objectName="many_header", wordWrap=True)
        self.lane = QComboBox(objectName="many_lane", editable=True, insertPolicy=QComboBox.InsertPolicy.NoInsert)
        self.lane.lineEdit().setPlaceholderText("several lanes")
        self.lane.setToolTip("Move them all to a lane: pick one, or type a new name and press Enter")
        self.status = QComboBox(objectName="many_status")
        self.status.addItem("several statuses", SEVERAL)
        self.status.addItem("Automatic (from citations)", AUTOMATIC)
        for status in Status:
            self.status.addItem(STATUS_HELP[status], status.value)
        self.common_tags = QLabel(objectName="many_common_tags", wordWrap=True)
        self.add_tags = QLineEdit(objectName="many_add_tags", placeholderText="comma, separated; Enter adds them to each")
        self.remove_tags = QLineEdit(objectName="many_remove_tags", placeholderText="comma, separated; Enter removes them from each")
        form = QFormLayout(self)
        form.addRow(self.header)
        for name, widget in (("Lane", self.lane), ("Status", self.status), ("All tagged", self.common_tags),
                             ("Add tags", self.add_tags), ("Remove tags", self.remove_tags)):
            form.addRow(f"{name}:", widget)

        self.lane.activated.connect(lambda: self._move_to(self.lane.currentText()))
        self.lane.lineEdit().returnPressed.connect(lambda: self._move_to(self.lane.currentText()))  # a new name
        self.status.activated.connect(self._set_status)
        self.add_tags.returnPressed.connect(lambda: self._retag(_tags(self.add_tags.text()), ()))
        self.remove_tags.returnPressed.connect(lambda: self._retag((), _tags(self.remove_tags.text())))

    def show_events(self, ids: list[str]) -> None:
        """Show what the events ``ids`` share: a lane, a status, tags."""
        self.ids = ids
        events = [self.ctx.timeline.events[i] for i in ids]
        self.header.setText(f"<b>{counted(len(ids), 'event')} selected.</b> A change here is made to each of them, as one undo step.")
        lanes = {e.lane for e in events}
        self.lane.clear()
        self.lane.addItems(self.ctx.timeline.lane_order())
        self._shared_lane = lanes.pop() if len(lanes) == 1 else ""
        self.lane.setCurrentText(self._shared_lane)
        statuses = {AUTOMATIC if e.status_auto else e.status.value for e in events}
        self.status.setCurrentIndex(self.status.findData(statuses.pop()) if len(statuses) == 1 else 0)
        common = set.intersection(*(set(e.tags) for e in events)) if events else set()
        self.common_tags.setText(", ".join(sorted(common, key=str.casefold)) or "no tag they all have")
        self.add_tags.clear()
        self.remove_tags.clear()

    def _move_to(self, lane: str) -> None:
        if lane.strip() == self._shared_lane:  # as shown: Enter also activates the name it typed
            return
        if not lane.strip():
            self.ctx.say("Not changed: a lane needs a name, pick one or type a new one")
            return
        self._push(editing.change_events(self.ctx.timeline, self.ids, "Change lane of", lambda e: replace(e, lane=lane.strip())), "lane")

    def _set_status(self) -> None:
        data = self.status.currentData()
        if data != SEVERAL:
            self._push(editing.set_statuses(self.ctx.timeline, self.ids, None if data == AUTOMATIC else Status(data)), "status")

    def _retag(self, added: tuple[str, ...], removed: tuple[str, ...]) -> None:
        def retagged(event):
            kept = tuple(t for t in event.tags if t not in removed)
            return replace(event, tags=kept + tuple(t for t in added if t not in kept))

        self._push(editing.change_events(self.ctx.timeline, self.ids, "Edit tags of", retagged), "tags")

    def _push(self, edit: Edit, what: str) -> None:
        changed = len({c.id for c in edit.changes if c.kind == "events"} & set(self.ids))
        if not changed:
            self.ctx.say(f"Nothing to change: the {what} of the {counted(len(self.ids), 'event')} is as asked already")
            self.show_events(self.ids)
            return
        if self.ctx.push(edit):  # else it has said why
            self.ctx.say(f"Changed the {what} of {changed} of the {counted(len(self.ids), 'selected event')}")
        self.show_events([i for i in self.ids if i in self.ctx.timeline.events])
