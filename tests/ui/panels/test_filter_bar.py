"""The search and filter bar, driven through its real widgets."""
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit

from desktop.app import create_window
from desktop.model import Event, FuzzyDate, Status, editing, new_id


def event_titled(window, words):
    return next(e for e in window.document.timeline.events.values() if words in e.title)


def click(qtbot, window, point: QPoint):
    qtbot.mouseClick(window.timeline_view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def search(qtbot, window, text):
    box = window.findChild(QLineEdit, "search_box")
    box.clear()
    qtbot.keyClicks(box, text)
    assert box.text() == text  # no window shortcut (F, Z…) took a key


def count(window) -> str:
    return window.filter_bar.shown_count.text()


def laid_out(window) -> set[str]:
    """Events the timeline draws where a click can reach them."""
    found = set()
    for event_id in window.document.timeline.events:
        try:
            window.timeline_view.event_position(event_id)
        except LookupError:
            continue
        found.add(event_id)
    return found


def tick(button, text):
    """Tick or untick ``text`` in a filter button's menu, as a click on it would."""
    next(a for a in button.menu().actions() if a.text() == text).trigger()


def test_search_finds_a_word_that_only_a_quote_contains(qtbot, window):
    gornal = event_titled(window, "Gornal")
    total = len(window.document.timeline.events)
    assert count(window) == f"{total} of {total} events"
    assert laid_out(window) == set(window.document.timeline.events)

    search(qtbot, window, "Propaganda")  # Ukraine's word for the Gornal claim, in a quote only
    qtbot.waitUntil(lambda: count(window) == f"1 of {total} events shown")
    assert laid_out(window) == {gornal.id}
    click(qtbot, window, window.timeline_view.event_position(gornal.id))
    assert window.timeline_view.selected_ids() == [gornal.id]

    search(qtbot, window, "kursk failed")  # every word must match: the quote of Putin's verdict
    qtbot.waitUntil(lambda: laid_out(window) == {event_titled(window, "Putin").id})
    assert window.timeline_view.selected_ids() == []  # a hidden event cannot stay selected


def test_hidden_events_cannot_be_clicked(qtbot, window):
    putin = event_titled(window, "Putin")
    where = window.timeline_view.event_position(putin.id)
    search(qtbot, window, "Gornal")
    qtbot.waitUntil(lambda: putin.id not in laid_out(window))
    click(qtbot, window, where)
    assert window.timeline_view.selected_ids() == []


def test_lane_status_and_tag_filters_combine_and_clear(qtbot, window):
    bar, events = window.filter_bar, window.document.timeline.events.values()
    total = len(events)

    def where(test):
        return {e.id for e in events if test(e)}

    tick(bar.filter_lanes, "Russia")
    russia = where(lambda e: e.lane == "Russia")
    assert laid_out(window) == russia
    assert count(window) == f"{len(russia)} of {total} events shown"
    assert bar.filter_lanes.text() == "Lane: Russia"

    tick(bar.filter_statuses, "claimed")
    assert laid_out(window) == where(lambda e: e.lane == "Russia" and e.status is Status.CLAIMED)
    tick(bar.filter_lanes, "Ukraine")  # a second lane widens the choice
    assert bar.filter_lanes.text() == "2 lanes"
    assert laid_out(window) == where(lambda e: e.lane in ("Russia", "Ukraine") and e.status is Status.CLAIMED)

    tick(bar.filter_tags, "putin")
    assert laid_out(window) == {event_titled(window, "Putin").id}

    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    assert laid_out(window) == where(lambda e: True)
    assert count(window) == f"{total} of {total} events"
    assert bar.filter_lanes.text() == "Any lane" and not bar.clear_button.isEnabled()


def test_dim_keeps_filtered_out_events_clickable_and_is_remembered(qtbot, window, db_path):
    putin = event_titled(window, "Putin")
    qtbot.mouseClick(window.filter_bar.filter_dim, Qt.MouseButton.LeftButton)
    search(qtbot, window, "Gornal")
    total = len(window.document.timeline.events)
    qtbot.waitUntil(lambda: count(window) == f"1 of {total} events match")
    assert laid_out(window) == set(window.document.timeline.events)
    click(qtbot, window, window.timeline_view.event_position(putin.id))
    assert window.timeline_view.selected_ids() == [putin.id]

    window.close()
    again = create_window(db_path)
    qtbot.addWidget(again)
    assert again.filter_bar.filter_dim.isChecked()
    assert again.filter_bar.search_box.text() == ""  # the choices are kept, not the search


def test_each_timeline_keeps_its_own_filter(qtbot, window, db_path, tmp_path):
    tick(window.filter_bar.filter_lanes, "Russia")
    tick(window.filter_bar.filter_statuses, "claimed")
    russian_claims = {e.id for e in window.document.timeline.events.values() if e.lane == "Russia" and e.status == Status.CLAIMED}
    qtbot.waitUntil(lambda: laid_out(window) == russian_claims)
    window.close()

    other = create_window(tmp_path / "other.json")
    qtbot.addWidget(other)
    assert other.filter_bar.criteria().is_empty and not other.filter_bar.filter_dim.isChecked()
    other.close()

    again = create_window(db_path)
    qtbot.addWidget(again)
    again.show()
    assert again.filter_bar.filter_lanes.text() == "Lane: Russia" and again.filter_bar.filter_statuses.text() == "Status: claimed"
    qtbot.waitUntil(lambda: laid_out(again) == russian_claims)


def test_ctrl_f_focuses_the_search_box_and_selects_its_text(qtbot, window):
    box = window.filter_bar.search_box
    box.setText("Gornal")
    window.timeline_view.setFocus()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(box.hasFocus)
    assert box.selectedText() == "Gornal"
    find = window.findChild(QAction, "action_find")
    assert find.shortcut().toString() == "Ctrl+F" and "Find" in find.text()


@pytest.mark.parametrize("dim", [False, True])
def test_the_filter_follows_edits(qtbot, window, dim):
    bar, timeline = window.filter_bar, window.document.timeline
    bar.filter_dim.setChecked(dim)
    tick(bar.filter_tags, "putin")
    putin, gornal = event_titled(window, "Putin"), event_titled(window, "Gornal")
    total = len(timeline.events)

    # A new tag is offered at once; an event edited while in view stays there until the
    # filter changes, while one edited out of view stays out.
    window.ctx.push(editing.put(timeline, "events", [replace(gornal, tags=("recapture",))], "Tag"))
    assert "recapture" in [a.text() for a in bar.filter_tags.menu().actions()]
    assert dim or gornal.id not in laid_out(window)
    window.ctx.push(editing.put(timeline, "events", [replace(putin, tags=())], "Untag"))
    assert putin.id in laid_out(window)
    assert bar.filter_tags.text() == "Tag: putin"  # no event has the tag now, but the filter holds
    tick(bar.filter_tags, "putin")
    tick(bar.filter_tags, "recapture")
    assert bar.filter_tags.text() == "Tag: recapture"
    assert count(window) == f"1 of {total} events {'match' if dim else 'shown'}"

    window.ctx.push(editing.remove(timeline, "events", [gornal.id]))  # also edits its denial, out of view
    assert count(window) == f"0 of {total - 1} events {'match' if dim else 'shown'}"
    assert bar.filter_tags.text() == "Tag: recapture"


def test_a_new_event_appears_despite_the_search(qtbot, window):
    timeline = window.document.timeline
    search(qtbot, window, "Gornal")
    qtbot.waitUntil(lambda: count(window) == f"1 of {len(timeline.events)} events shown")
    event = Event(new_id(), "New event", FuzzyDate(2025, 3, 1), lane="Russia")
    window.ctx.push(editing.put(timeline, "events", [event], "Create"))
    assert laid_out(window) == {event_titled(window, "Gornal").id, event.id}
    assert count(window) == f"2 of {len(timeline.events)} events shown"


def test_a_filter_menu_stays_open_to_tick_several_values(qtbot, window):
    button = window.filter_bar.filter_lanes
    menu = button.menu()
    menu.popup(button.mapToGlobal(QPoint(0, button.height())))
    qtbot.waitExposed(menu)
    for lane in ("Russia", "Ukraine"):
        action = next(a for a in menu.actions() if a.text() == lane)
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    assert menu.isVisible()
    assert button.text() == "2 lanes"
    menu.close()


def test_a_lane_named_with_an_ampersand_reads_as_typed(qtbot, window):
    gornal = event_titled(window, "Gornal")
    window.ctx.push(editing.put(window.document.timeline, "events", [replace(gornal, lane="Police & border guards")], "Move"))
    bar = window.filter_bar
    tick(bar.filter_lanes, "Police && border guards")  # Qt shows "&&" as one "&", not a shortcut mark
    assert laid_out(window) == {gornal.id}
    assert bar.filter_lanes.text() == "Lane: Police && border guards"
    assert bar.filter_lanes.toolTip().endswith(": Police & border guards")


def test_the_search_box_keeps_its_size_and_place_when_a_filter_is_set(qtbot, window):
    box = window.findChild(QLineEdit, "search_box")
    before = box.geometry()
    search(qtbot, window, "Gornal")
    window.filter_bar.apply()
    window.filter_bar.filter_lanes.menu().actions()[0].setChecked(True)
    assert window.filter_bar.filter_lanes.text().startswith("Lane: ")
    qtbot.wait(10)
    assert box.geometry() == before


def test_next_and_previous_step_through_the_matches_in_time_saying_where_they_are(qtbot, window):
    from desktop.model.search import EventFilter, matching_events

    search(qtbot, window, "Kursk")
    window.filter_bar.apply()
    timeline = window.document.timeline
    matches = sorted(matching_events(timeline, EventFilter("Kursk")), key=lambda i: (timeline.events[i].start.earliest, timeline.events[i].start.latest, timeline.events[i].title, i))
    position = window.filter_bar.match_position
    assert position.text() == f"{len(matches)} matches"
    qtbot.mouseClick(window.filter_bar.next_match, Qt.MouseButton.LeftButton)
    assert window.timeline_view.selected_ids() == [matches[0]] and position.text() == f"1 of {len(matches)}"
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.timeline_view.selected_ids() == [matches[1]] and position.text() == f"2 of {len(matches)}"
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.timeline_view.selected_ids() == [matches[-1]] and position.text() == f"{len(matches)} of {len(matches)}"  # round
    window.timeline_view.select([matches[3]])  # a click on a match: the search goes on from it
    assert position.text() == f"4 of {len(matches)}"


def test_the_results_list_names_where_each_matched_and_a_click_selects_it(qtbot, window):
    from PySide6.QtWidgets import QTreeWidget

    search(qtbot, window, "propaganda")
    window.filter_bar.apply()
    qtbot.mouseClick(window.filter_bar.results_button, Qt.MouseButton.LeftButton)
    results = window.findChild(QTreeWidget, "search_results")
    assert results.isVisible()
    rows = [[results.topLevelItem(r).text(c) for c in range(4)] for r in range(results.topLevelItemCount())]
    gornal = event_titled(window, "retaken Gornal")
    assert rows == [[gornal.title, "26 Apr 2025", "Russia", "quote"]]
    item = results.topLevelItem(0)
    qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=results.visualItemRect(item).center())
    assert window.timeline_view.selected_ids() == [gornal.id]
    search(qtbot, window, "Gornal")
    window.filter_bar.apply()
    found_in = {results.topLevelItem(r).text(0): results.topLevelItem(r).text(3) for r in range(results.topLevelItemCount())}
    assert found_in[gornal.title].startswith("title")


def test_stepping_with_nothing_to_search_says_so(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.statusBar().currentMessage().startswith("No match to go to")
    assert window.timeline_view.selected_ids() == []


def acled_window(window_on):
    """A window on the 40 events of a real ACLED export, with their facts."""
    from desktop.exchange.formats import read_file
    from desktop.exchange.importing import import_edit
    from desktop.model import Timeline
    from paths import DATA

    timeline = Timeline("ACLED")
    timeline.apply(import_edit(timeline, read_file(DATA / "real" / "acled_2024_ukraine.csv")).changes)
    return window_on(timeline)


def tick_in(button, submenu, text):
    """Tick ``text`` in the submenu titled ``submenu`` of a filter button's menu."""
    menu = next(a.menu() for a in button.menu().actions() if a.menu() is not None and a.text() == submenu)
    next(a for a in menu.actions() if a.text() == text).trigger()


def test_a_datasets_facts_filter_by_event_type_region_and_deaths(qtbot, window_on):
    window = acled_window(window_on)
    facts = window.filter_bar.filter_facts
    events = window.document.timeline.events.values()
    fact = lambda e, name: dict(e.attributes).get(name, "")  # noqa: E731
    assert facts.isVisible() and facts.text() == "Any fact"
    submenus = [a.text() for a in facts.menu().actions() if a.menu() is not None]
    assert submenus == ["Disorder type", "Event type", "Sub event type", "Civilian targeting", "Country", "Region (admin1)"]

    tick_in(facts, "Event type", "Explosions/Remote violence")
    explosions = {e.id for e in events if fact(e, "event_type") == "Explosions/Remote violence"}
    qtbot.waitUntil(lambda: count(window) == f"{len(explosions)} of 40 events shown")
    assert facts.text() == "Fact: Explosions/Remote violence" and laid_out(window) <= explosions
    tick_in(facts, "Event type", "Battles")  # within a fact, either value
    either = {e.id for e in events if fact(e, "event_type") in ("Explosions/Remote violence", "Battles")}
    qtbot.waitUntil(lambda: count(window) == f"{len(either)} of 40 events shown")
    tick_in(facts, "Region (admin1)", "Kharkiv")  # across facts, both
    in_kharkiv = {i for i in either if fact(window.document.timeline.events[i], "admin1") == "Kharkiv"}
    assert 0 < len(in_kharkiv) < len(either)
    qtbot.waitUntil(lambda: count(window) == f"{len(in_kharkiv)} of 40 events shown")
    assert laid_out(window) <= in_kharkiv

    tick(facts, "With fatalities")
    deadly = {i for i in in_kharkiv if int(fact(window.document.timeline.events[i], "fatalities")) > 0}
    qtbot.waitUntil(lambda: count(window) == f"{len(deadly)} of 40 events shown")
    assert facts.text() == "4 facts"
    qtbot.mouseClick(window.filter_bar.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: count(window) == "40 of 40 events")
    tick(facts, "With fatalities")
    qtbot.waitUntil(lambda: count(window) == f"{sum(int(fact(e, 'fatalities')) > 0 for e in events)} of 40 events shown")


def test_a_timeline_without_a_datasets_facts_shows_no_fact_filter(window):
    assert not window.filter_bar.filter_facts.isVisible()


def test_the_lane_filter_offers_the_lanes_in_their_order_after_one_is_moved(qtbot, window):
    from desktop.model import lanes

    timeline = window.document.timeline
    first, second, *rest = timeline.lane_order()
    window.ctx.push(lanes.move(timeline, first, 1))
    offered = [action.text() for action in window.filter_bar.filter_lanes.menu().actions()]
    assert offered == [second, first, *rest]
    window.document.undo_stack.undo()
    assert [action.text() for action in window.filter_bar.filter_lanes.menu().actions()] == [first, second, *rest]


def test_a_ticked_lane_renamed_stays_ticked_by_its_new_name_and_its_undo_by_the_old(qtbot, window):
    from desktop.model import lanes

    tick(window.filter_bar.filter_lanes, "Russia")
    russian = {e.id for e in window.document.timeline.events.values() if e.lane == "Russia"}
    qtbot.waitUntil(lambda: laid_out(window) == russian)
    window.ctx.push(lanes.rename(window.document.timeline, "Russia", "Russian Federation"))
    assert window.filter_bar.filter_lanes.text() == "Lane: Russian Federation"
    assert "Russia" not in [a.text() for a in window.filter_bar.filter_lanes.menu().actions()]
    qtbot.waitUntil(lambda: laid_out(window) == russian)
    window.document.undo_stack.undo()
    assert window.filter_bar.filter_lanes.text() == "Lane: Russia"
    qtbot.waitUntil(lambda: laid_out(window) == russian)
