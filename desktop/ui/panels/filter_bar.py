"""The search box and the lane, status, tag and fact filters above the timeline: it works
out which events pass and hands the answer to the timeline."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QPushButton, QToolButton, QWidget

from ...model import Edit, Status
from ...model.edits import Change
from ...model.lanes import renames as lane_renames
from ...model.navigation import in_time_order
from ...model.search import EventFilter, facets, matching_events
from ...model.wording import counted
from ..context import Context
from ..recent import view_key
from .search_results import SearchResults

TYPING_PAUSE_MS = 150  # search once the typing pauses, not on every key: 100k events take a while
WITH_DEATHS = "with deaths"  # the fact filter's choice of events with a death count above nought
FACT_NAMES = {"admin1": "Region (admin1)"}  # the others: "event_type" → "Event type"


def _literal(text: str) -> str:
    """``text`` as a menu or button shows it: Qt reads "&" as a shortcut mark, "&&" as "&"."""
    return text.replace("&", "&&")


class _ChoiceMenu(QMenu):
    """Stays open while the user ticks several values, which a plain QMenu does not."""

    def mouseReleaseEvent(self, event) -> None:
        action = self.actionAt(event.position().toPoint())
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
        else:
            super().mouseReleaseEvent(event)


class _ChoiceButton(QToolButton):
    """A drop-down of checkable values; with none checked it restricts nothing."""

    changed = Signal()

    def __init__(self, name: str, singular: str, plural: str) -> None:
        super().__init__(objectName=name)
        self._singular, self._plural = singular, plural
        self._choices: list[tuple[Any, QAction]] = []
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(_ChoiceMenu(self))

    def set_choices(self, values: Iterable[Any], label: Callable[[Any], str] = str, group: Callable[[Any], str | None] = lambda value: None) -> None:
        """Offer ``values``, each in the submenu its ``group`` names (None: the menu itself).
        A checked value stays, checked, even if no longer among them: an edit never changes
        the filter behind the user's back."""
        kept = self.checked()
        values = list(values)
        values += sorted(kept.difference(values), key=str)
        menu = self.menu()
        menu.clear()
        for submenu in menu.findChildren(QMenu):
            submenu.deleteLater()
        submenus: dict[str, QMenu] = {}
        self._choices = []
        for value in values:
            if (title := group(value)) is not None and title not in submenus:
                submenus[title] = _ChoiceMenu(_literal(title), menu)
                menu.addMenu(submenus[title])
            action = (menu if title is None else submenus[title]).addAction(_literal(label(value)))
            action.setCheckable(True)
            action.setChecked(value in kept)
            action.toggled.connect(self._on_toggled)
            self._choices.append((value, action))
        self.setEnabled(bool(self._choices))
        self._relabel()

    def checked(self) -> frozenset:
        return frozenset(value for value, action in self._choices if action.isChecked())

    def clear(self) -> None:
        self.check(frozenset())

    def check(self, values: frozenset) -> None:
        """Check exactly ``values`` among the choices offered."""
        with QSignalBlocker(self):  # one change for the caller, not one per value
            for value, action in self._choices:
                action.setChecked(value in values)

    def _on_toggled(self) -> None:
        self._relabel()
        self.changed.emit()

    def _relabel(self) -> None:
        ticked = [action.text() for _, action in self._choices if action.isChecked()]  # "&" doubled
        if not ticked:
            self.setText(f"Any {self._singular.lower()}")
        elif len(ticked) == 1:
            self.setText(f"{self._singular}: {ticked[0]}")
        else:
            self.setText(f"{len(ticked)} {self._plural.lower()}")
        self.setToolTip(f"Show only events of the checked {self._plural.lower()}" + (f": {', '.join(ticked)}".replace("&&", "&") if ticked else ""))


class FilterBar(QWidget):
    filterChanged = Signal(object, bool)  # ids of the events that pass (None: no filter), dim the others

    def __init__(self, ctx: Context, parent=None) -> None:
        super().__init__(parent, objectName="filter_bar")
        self.ctx = ctx
        self.document = ctx.document
        self._shown: set[str] | None = None  # what the filter let through last time
        self._matches: list[str] = []  # what passes the filter, in time order, to step through
        self._at = -1  # which of them the search is at
        self._kept: set[str] = set()  # in view despite the filter, until the user changes it
        self.search_box = QLineEdit(objectName="search_box", placeholderText="Search titles, notes, quotes…", clearButtonEnabled=True)
        self.search_box.setAccessibleName("Search")
        self.filter_lanes = _ChoiceButton("filter_lanes", "Lane", "Lanes")
        self.filter_statuses = _ChoiceButton("filter_statuses", "Status", "Statuses")
        # No marker icons here: beside an icon the style shows "checked" too faintly.
        self.filter_statuses.set_choices(Status, label=lambda status: status.value)
        self.filter_tags = _ChoiceButton("filter_tags", "Tag", "Tags")
        self.filter_facts = _ChoiceButton("filter_facts", "Fact", "Facts")  # a dataset's: event type, region, deaths
        self.filter_dim = QCheckBox("Dim instead of hide", objectName="filter_dim")
        self.filter_dim.setToolTip("Draw the events that do not pass faintly, and keep them clickable")
        self.clear_button = QPushButton("Clear", objectName="filter_clear")
        self.shown_count = QLabel(objectName="shown_count")
        self.previous_match = QToolButton(objectName="search_previous", text="‹", toolTip="Previous match (Shift+F3)", autoRaise=True)
        self.next_match = QToolButton(objectName="search_next", text="›", toolTip="Next match (F3)", autoRaise=True)
        self.match_position = QLabel(objectName="search_position")
        self.match_position.setMinimumWidth(self.match_position.fontMetrics().horizontalAdvance("100000 of 100000"))
        self.results_button = QToolButton(objectName="search_results_button", text="List", autoRaise=True)
        self.results_button.setToolTip("The matches as a list: title, date, lane, where found (Ctrl+Shift+F)")
        self.results = SearchResults(ctx)  # the window docks it

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        # The search box keeps its width and place whatever the buttons and the count say:
        # a click aimed at a control must not land on another that moved under it.
        self.search_box.setFixedWidth(self.search_box.fontMetrics().horizontalAdvance("Search titles, notes, quotes…") + 80)
        layout.addWidget(self.search_box)
        for widget in (self.previous_match, self.next_match, self.match_position, self.results_button):
            layout.addWidget(widget)
        for widget in (self.filter_lanes, self.filter_statuses, self.filter_tags, self.filter_facts, self.filter_dim, self.clear_button):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.shown_count)

        self._typing = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.apply)
        self.search_box.textChanged.connect(self._typing.start)
        self.search_box.returnPressed.connect(self.apply)
        for button in (self.filter_lanes, self.filter_statuses, self.filter_tags, self.filter_facts):
            button.changed.connect(self.apply)
        self.filter_dim.toggled.connect(self.apply)
        self.clear_button.clicked.connect(self.clear)
        self.next_match.clicked.connect(lambda: self.step(1))
        self.previous_match.clicked.connect(lambda: self.step(-1))
        self.results_button.clicked.connect(lambda: ctx.reveal("search_results"))
        ctx.findRequested.connect(self.step)
        ctx.selection.changed.connect(self._follow_selection)
        self.filterChanged.connect(ctx.canvas.set_filter)
        ctx.document.changed.connect(self.refresh)
        ctx.revealRequested.connect(lambda part: part == "search" and self.focus_search())
        self._saved_as = view_key(ctx.document.store.path, "view/filter")  # each timeline keeps its own filter
        self.refresh()
        self._restore()

    def criteria(self) -> EventFilter:
        facts = self.filter_facts.checked()
        return EventFilter(
            self.search_box.text(), self.filter_lanes.checked(), self.filter_statuses.checked(), self.filter_tags.checked(),
            facts - {WITH_DEATHS}, WITH_DEATHS in facts,
        )

    def refresh(self, edit: Edit | None = None) -> None:
        """Follow an edit of the timeline: its lanes, tags and events may have changed.
        An event the edit creates, or changes while in view, stays in view until the user
        changes the filter: it should not vanish while it is being worked on."""
        if edit is not None:
            self._kept.update(
                change.id
                for change in edit.changes
                if change.kind == "events" and change.after is not None
                and (change.before is None or self._shown is None or change.id in self._shown)
            )
        if edit is None or any(c.kind == "lane_records" or (c.kind == "events" and _may_change_choices(c)) for c in edit.changes):
            events = self.document.timeline.events.values()  # a pass over them all: 15 ms at 100k, not for every drag
            lanes = self.document.timeline.lane_order()
            if edit is not None and (renamed := lane_renames(self.document.timeline, edit)):  # the same lane, ticked still
                ticked = frozenset(renamed.get(lane, lane) for lane in self.filter_lanes.checked())
                self.filter_lanes.check(frozenset())
                self.filter_lanes.set_choices(lanes + sorted(ticked.difference(lanes)))
                self.filter_lanes.check(ticked)
                self._save()
            else:
                self.filter_lanes.set_choices(lanes)
            self.filter_tags.set_choices(sorted({tag for event in events for tag in event.tags}, key=str.casefold))
        if edit is None or any(_changes_facts(c) for c in edit.changes if c.kind == "events"):
            pairs, deaths = facets(self.document.timeline.events.values())
            self.filter_facts.set_choices(([WITH_DEATHS] if deaths else []) + pairs, _fact_label, _fact_group)
            self.filter_facts.setVisible(self.filter_facts.isEnabled())  # a timeline without a dataset's facts has no use for it
        self._show()

    def apply(self) -> None:
        """The user changed the filter: show what passes it, and keep its choices (not the
        search, which is a moment's) for the next time this timeline is opened."""
        self._kept.clear()
        self._show()
        self._save()

    def _save(self) -> None:
        criteria = self.criteria()
        self.ctx.settings.setValue(self._saved_as, json.dumps({
            "lanes": sorted(criteria.lanes), "statuses": sorted(s.value for s in criteria.statuses),
            "tags": sorted(criteria.tags), "facts": sorted(self.filter_facts.checked(), key=str), "dim": self.filter_dim.isChecked(),
        }))

    def _restore(self) -> None:
        """The filter this timeline was left with; a saved one that cannot be read is no filter."""
        try:
            saved = json.loads(self.ctx.settings.value(self._saved_as, "{}"))
            lanes, tags = frozenset(saved.get("lanes", [])), frozenset(saved.get("tags", []))
            statuses = frozenset(Status(value) for value in saved.get("statuses", []))
            facts = frozenset(fact if isinstance(fact, str) else tuple(fact) for fact in saved.get("facts", []))
            dim = bool(saved.get("dim", False))
        except (TypeError, ValueError, AttributeError):
            return
        for button, values in ((self.filter_lanes, lanes), (self.filter_statuses, statuses), (self.filter_tags, tags), (self.filter_facts, facts)):
            button.check(values)
        with QSignalBlocker(self.filter_dim):
            self.filter_dim.setChecked(dim)
        self._show()

    def _show(self) -> None:
        self._typing.stop()  # Return, a menu or an edit got here before the pause ended
        criteria = self.criteria()
        timeline = self.document.timeline
        matched = set() if criteria.is_empty else matching_events(timeline, criteria)
        shown = None if criteria.is_empty else matched | (self._kept & timeline.events.keys())
        self._shown = shown
        self._matches = in_time_order(timeline, matched)
        self._at = -1
        self._follow_selection(self.ctx.selection.ids())
        self.results.show_matches(self._matches, criteria)
        dim = self.filter_dim.isChecked()
        total = len(timeline.events)
        noun = "event" if total == 1 else "events"
        if shown is None:
            self.shown_count.setText(f"{total:,} of {total:,} {noun}")
        else:  # dimming leaves every event on screen, so what is counted is what passes
            self.shown_count.setText(f"{len(shown):,} of {total:,} {noun} {'match' if dim else 'shown'}")
        self.clear_button.setEnabled(shown is not None)
        self.filterChanged.emit(shown, dim)

    def step(self, direction: int) -> None:
        """Select the next (+1) or previous (-1) match, in time order, and show it."""
        if not self._matches:
            self.ctx.say("No match to go to: type words to search, or choose a filter" if self.criteria().is_empty else "Nothing matches the search")
            return
        self._at = (self._at + direction) % len(self._matches) if self._at >= 0 else (0 if direction > 0 else len(self._matches) - 1)
        event_id = self._matches[self._at]
        self.ctx.canvas.select([event_id])
        self.ctx.canvas.bring_into_view(event_id)
        self._say_position()

    def _follow_selection(self, ids: list[str]) -> None:
        """A match selected by a click counts as where the search is."""
        if len(ids) == 1 and ids[0] in self._matches:
            self._at = self._matches.index(ids[0])
        self._say_position()

    def _say_position(self) -> None:
        count = len(self._matches)
        if not count:
            self.match_position.setText("" if self.criteria().is_empty else "no match")
        else:
            self.match_position.setText(f"{self._at + 1} of {count}" if self._at >= 0 else counted(count, "match", "matches"))
        for button in (self.previous_match, self.next_match):
            button.setEnabled(bool(count))

    def clear(self) -> None:
        self.search_box.clear()
        for button in (self.filter_lanes, self.filter_statuses, self.filter_tags, self.filter_facts):
            button.clear()
        self.apply()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()


def _may_change_choices(change: Change) -> bool:
    """Whether an event's change may add or remove a lane or a tag to choose from."""
    before, after = change.before, change.after
    return before is None or after is None or before.lane != after.lane or before.tags != after.tags


def _changes_facts(change: Change) -> bool:
    """Whether an event's change may add or remove a fact to choose from."""
    before, after = change.before, change.after
    return (before.attributes if before else ()) != (after.attributes if after else ())


def _fact_label(choice: Any) -> str:
    return "With fatalities" if choice == WITH_DEATHS else choice[1]


def _fact_group(choice: Any) -> str | None:
    """The submenu of a fact's value: the fact's name, as people say it."""
    return None if choice == WITH_DEATHS else FACT_NAMES.get(choice[0], choice[0].replace("_", " ").capitalize())
