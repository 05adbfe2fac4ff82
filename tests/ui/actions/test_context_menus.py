"""Right-click menus on the timeline, opened with real right-clicks: each offers the
commands declared for what was clicked, which act on it, on disk and undoably."""
import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtWidgets import QInputDialog, QMenu

from desktop.model import FuzzyDate, Period, editing
from desktop.store import Store
from desktop.ui.actions import commands
from desktop.ui.actions import editing as editing_actions
from desktop.ui.canvas import annotations
from desktop.ui.actions.menus import MENUS, MOVE_TO_LANE
from desktop.ui.canvas.time_axis import day_at
from driving import choose, empty_spot, right_click_menu


def on_disk(db_path):
    return Store.open(db_path, read_only=True).load()


def titled(window, words):
    return next(e for e in window.document.timeline.events.values() if words in e.title)


def day_under(view, point: QPoint) -> dt.date:
    return day_at(view.getViewBox().mapSceneToView(view.mapToScene(point)).x())


def offered(menu: QMenu) -> list[str]:
    return [a.objectName() or (a.menu().objectName() if a.menu() else "") for a in menu.actions() if not a.isSeparator()]


def test_every_entry_of_every_menu_is_a_declared_command():
    declared = {c.name for c in commands()}
    for kind, names in MENUS.items():
        assert {n for n in names if n and n != MOVE_TO_LANE} <= declared, kind


def test_an_event_s_menu_selects_it_and_moves_it_to_another_lane(qtbot, window, db_path):
    view = window.timeline_view
    gornal = titled(window, "retaken Gornal")
    menu = right_click_menu(qtbot, view, view.event_position(gornal.id))
    assert menu.objectName() == "event_menu"
    assert view.selected_ids() == [gornal.id]
    assert offered(menu) == [n for n in MENUS["event"] if n and n != MOVE_TO_LANE] + ["move_to_lane_menu"]
    lanes = menu.findChild(QMenu, "move_to_lane_menu")
    assert [a.text() for a in lanes.actions()] == [lane for lane in window.document.timeline.lane_order() if lane != "Russia"]
    menu.close()
    next(a for a in lanes.actions() if a.text() == "Observers").trigger()
    assert on_disk(db_path).events[gornal.id].lane == "Observers"
    assert window.document.undo_stack.undoText() == f"Change lane of '{gornal.title}'"
    window.document.undo_stack.undo()
    assert on_disk(db_path).events[gornal.id] == gornal


def test_an_event_s_menu_opens_its_title_for_editing(qtbot, window):
    view = window.timeline_view
    gornal = titled(window, "retaken Gornal")
    choose(right_click_menu(qtbot, view, view.event_position(gornal.id)), "action_edit_event")
    assert window.details.title.hasFocus() and window.details.title.text() == gornal.title


def test_empty_space_makes_a_new_event_on_that_day_in_that_lane(qtbot, window, db_path):
    view = window.timeline_view
    spot = empty_spot(view, "North Korea")
    menu = right_click_menu(qtbot, view, spot)
    assert menu.objectName() == "empty_menu" and offered(menu) == MENUS["empty"]
    before = set(window.document.timeline.events)
    choose(menu, "action_new_event_here")
    (created,) = [e for i, e in on_disk(db_path).events.items() if i not in before]
    day = day_under(view, spot)
    assert (created.lane, created.start) == ("North Korea", FuzzyDate(day.year, day.month, day.day))
    window.document.undo_stack.undo()
    assert set(on_disk(db_path).events) == before


def test_a_lane_s_name_offers_a_new_event_in_that_lane(qtbot, window, db_path):
    view = window.timeline_view
    box = view.getViewBox()
    y = view.mapFromScene(box.mapViewToScene(QPointF(0, view.lane_centres()["Observers"]))).y()
    menu = right_click_menu(qtbot, view, QPoint(40, y))  # on the lane's name, left of the lanes
    assert menu.objectName() == "lane_menu" and offered(menu) == [name for name in MENUS["lane"] if name]
    before = set(window.document.timeline.events)
    choose(menu, "action_new_event_here")
    (created,) = [e for i, e in on_disk(db_path).events.items() if i not in before]
    assert created.lane == "Observers"


def test_a_period_is_added_from_the_day_right_clicked(qtbot, window, db_path, monkeypatch):
    view = window.timeline_view
    spot = empty_spot(view, "Ukraine")
    offered = []

    def answer(parent, title, lanes, values):  # the period dialog, given a label
        offered.append(values)
        return replace(values, label="Offensive")

    monkeypatch.setattr(editing_actions, "ask_period", answer)
    choose(right_click_menu(qtbot, view, spot), "action_period_from_here")
    assert len(offered) == 1
    (period,) = on_disk(db_path).periods.values()
    day = day_under(view, spot)
    assert (period.label, period.start) == ("Offensive", FuzzyDate(day.year, day.month, day.day))
    assert period.end.earliest > period.start.earliest


@pytest.mark.parametrize("kind", ["periods", "notes"])
def test_a_period_s_or_a_note_s_menu_edits_and_deletes_it(qtbot, window, db_path, monkeypatch, kind):
    from desktop.model import PinnedNote

    record = (Period("p", "Salient held", FuzzyDate(2024, 8), FuzzyDate(2025, 3)) if kind == "periods"
              else PinnedNote("n", FuzzyDate(2024, 11, 1), "Check this"))
    assert window.ctx.push(editing.put(window.document.timeline, kind, [record], "Add"))
    qtbot.wait(10)
    label = window.timeline_view.annotations.handle_position(kind, record.id)
    menu = right_click_menu(qtbot, window.timeline_view, label)
    assert menu.objectName() == ("period_menu" if kind == "periods" else "note_menu")
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Renamed", True))  # a note's text
    monkeypatch.setattr(annotations, "ask_period", lambda parent, title, lanes, values: replace(values, label="Renamed"))  # a period's dialog
    choose(menu, "action_edit_annotation")
    changed = on_disk(db_path).table(kind)[record.id]
    assert (changed.label if kind == "periods" else changed.text) == "Renamed"
    choose(right_click_menu(qtbot, window.timeline_view, label), "action_delete_annotation")
    assert on_disk(db_path).table(kind) == {}
    window.document.undo_stack.undo()
    assert record.id in on_disk(db_path).table(kind)
