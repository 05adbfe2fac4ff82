"""The details panel edits the selected event: typed into as a user types, checked on disk."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit

from desktop.model import FuzzyDate, Status
from desktop.store import Store
from disk import disk_bytes, fill_disk

GORNAL = "retaken Gornal"  # a single date, 2025-04-26, in the Russia lane, disputed


def on_disk(db_path, event_id):
    store = Store.open(db_path, read_only=True)  # another reader: sees the journal, writes nothing
    try:
        return store.load().events[event_id]
    finally:
        store.close()


def widget(window, kind, name):
    found = window.details.findChild(kind, name)
    assert found is not None, name
    return found


def selected(window, words):
    event = next(e for e in window.document.timeline.events.values() if words in e.title)
    window.timeline_view.select([event.id])
    assert window.details.currentIndex() == 1
    return event


def retype(qtbot, line: QLineEdit, text: str, key=Qt.Key.Key_Return):
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, key)


def retype_box(qtbot, box: QPlainTextEdit, text: str):
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def has_red_border(field) -> bool:
    image = field.grab().toImage()
    colour = image.pixelColor(1, image.height() // 2)
    return colour.red() > 150 and colour.green() < 90 and colour.blue() < 90


def line_edits(title):
    """(field, text typed, the event's fields after, undo label) for each line of the form."""
    return [
        ("edit_title", "Gornal falls, says Moscow; zero proof", {"title": "Gornal falls, says Moscow; zero proof"}, f"Rename '{title}' to 'Gornal falls, says Moscow; zero proof'"),
        ("edit_start", "2025-04~", {"start": FuzzyDate.parse("2025-04~")}, f"Change dates of '{title}'"),
        ("edit_end", "2025-04-27", {"end": FuzzyDate.parse("2025-04-27")}, f"Change dates of '{title}'"),
        ("edit_tags", " gornal,  claim of control ,, kursk", {"tags": ("gornal", "claim of control", "kursk")}, f"Edit tags of '{title}'"),
    ]


@pytest.mark.parametrize("case", range(4))
def test_each_line_commits_one_undo_step_to_disk_and_undo_restores_it(qtbot, window, db_path, case):
    event = selected(window, GORNAL)
    name, typed, after, label = line_edits(event.title)[case]
    stack = window.document.undo_stack
    field = widget(window, QLineEdit, name)
    shown = field.text()

    retype(qtbot, field, typed)

    changed = on_disk(db_path, event.id)
    assert {key: getattr(changed, key) for key in after} == after
    assert changed == window.document.timeline.events[event.id]
    assert (stack.count(), stack.undoText()) == (1, label)
    assert widget(window, QLabel, "edit_error").isHidden()
    stack.undo()
    assert on_disk(db_path, event.id) == event
    assert field.text() == shown


def test_the_dates_show_their_reading_and_precision_as_they_are_typed(qtbot, window):
    selected(window, GORNAL)
    start, hint = widget(window, QLineEdit, "edit_start"), widget(window, QLabel, "start_hint")
    assert start.text() == "2025-04-26"
    assert hint.text() == "26 Apr 2025 · day precision"
    assert widget(window, QLabel, "end_hint").text() == "no end: a single date"
    start.setFocus()
    qtbot.keyClick(start, Qt.Key.Key_End)
    for _ in "-26":
        qtbot.keyClick(start, Qt.Key.Key_Backspace)
    assert hint.text() == "Apr 2025 · month precision"
    qtbot.keyClick(start, Qt.Key.Key_Escape)
    assert start.text() == "2025-04-26"
    assert window.document.undo_stack.count() == 0


def test_a_plain_date_shows_the_edtf_it_becomes_and_is_stored_as_that(qtbot, window, db_path):
    event = selected(window, GORNAL)
    start, hint = widget(window, QLineEdit, "edit_start"), widget(window, QLabel, "start_hint")
    start.setFocus()
    qtbot.keyClick(start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(start, "Aug 6, 2024")
    assert hint.text() == "→ 2024-08-06 · 6 Aug 2024 · day precision"
    qtbot.keyClick(start, Qt.Key.Key_Return)
    assert on_disk(db_path, event.id).start == FuzzyDate(2024, 8, 6)
    assert start.text() == "2024-08-06"
    retype(qtbot, start, "summer 2024")  # a season is about its middle month, not a made-up day
    assert on_disk(db_path, event.id).start.edtf == "2024-07~"
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert on_disk(db_path, event.id) == event


def test_numeric_dates_are_read_in_the_order_the_view_menu_sets(qtbot, window, db_path):
    from PySide6.QtGui import QAction

    event = selected(window, GORNAL)
    start = widget(window, QLineEdit, "edit_start")
    day_first = window.findChild(QAction, "action_day_first")
    assert day_first.isChecked()  # the test locale, C, writes the day first
    retype(qtbot, start, "06/08/2024")
    assert on_disk(db_path, event.id).start == FuzzyDate(2024, 8, 6)
    day_first.trigger()
    assert "read as 8 June 2024" in window.statusBar().currentMessage()
    retype(qtbot, start, "06/08/2024")
    assert on_disk(db_path, event.id).start == FuzzyDate(2024, 6, 8)


def test_a_range_can_lose_its_end_and_get_it_back(qtbot, window, db_path):
    event = selected(window, "Ukrainian forces retreat")
    assert event.end is not None
    retype(qtbot, widget(window, QLineEdit, "edit_end"), "")
    assert on_disk(db_path, event.id).end is None
    window.document.undo_stack.undo()
    assert on_disk(db_path, event.id).end == event.end
    assert widget(window, QLineEdit, "edit_end").text() == event.end.edtf


def test_a_range_moves_past_its_old_end_once_both_ends_are_typed(qtbot, window, db_path):
    event = selected(window, "Ukrainian forces retreat")  # 2025-01~ to 2025-04-26
    start, end = widget(window, QLineEdit, "edit_start"), widget(window, QLineEdit, "edit_end")
    retype(qtbot, start, "2025-05-01")
    assert not widget(window, QLabel, "edit_error").isHidden()  # ends before it starts, for now
    retype(qtbot, end, "2025-05-10")
    assert widget(window, QLabel, "edit_error").isHidden()
    moved = on_disk(db_path, event.id)
    assert (moved.start.edtf, moved.end.edtf) == ("2025-05-01", "2025-05-10")
    assert window.document.undo_stack.count() == 1  # both ends in one step


def test_lane_picks_an_existing_lane_or_makes_a_new_one(qtbot, window, db_path):
    event = selected(window, GORNAL)
    lane = widget(window, QComboBox, "edit_lane")
    assert [lane.itemText(i) for i in range(lane.count())] == window.document.timeline.lane_order()
    assert lane.currentText() == "Russia"
    stack = window.document.undo_stack

    retype(qtbot, lane.lineEdit(), "Ukraine")
    assert on_disk(db_path, event.id).lane == "Ukraine"
    assert (stack.count(), stack.undoText()) == (1, f"Change lane of '{event.title}'")

    retype(qtbot, lane.lineEdit(), "Kursk governor")
    assert on_disk(db_path, event.id).lane == "Kursk governor"
    assert "Kursk governor" in window.document.timeline.lane_order()
    assert lane.findText("Kursk governor") >= 0
    stack.undo()
    stack.undo()
    assert on_disk(db_path, event.id).lane == "Russia"
    assert "Kursk governor" not in window.document.timeline.lane_order()
    assert lane.currentText() == "Russia"

    before = disk_bytes(db_path)
    retype(qtbot, lane.lineEdit(), "   ")  # a lane with no name is not a lane
    assert "A lane needs a name" in widget(window, QLabel, "edit_error").text()
    assert disk_bytes(db_path) == before


def test_status_commits_as_soon_as_it_is_chosen(qtbot, window, db_path):
    event = selected(window, GORNAL)
    status = widget(window, QComboBox, "edit_status")
    # It follows its citations (an assertion and a denial): the automatic entry says so.
    assert status.currentIndex() == 0 and status.currentText() == "Automatic (from citations): disputed"
    status.setFocus()
    qtbot.keyClick(status, Qt.Key.Key_End)  # the user's own choice overrides the citations
    qtbot.keyClick(status, Qt.Key.Key_Up)
    stored = on_disk(db_path, event.id)
    assert (stored.status, stored.status_auto) == (Status.CLAIMED, False)
    assert status.currentData() == Status.CLAIMED.value
    stack = window.document.undo_stack
    assert (stack.count(), stack.undoText()) == (2, f"Change status of '{event.title}'")
    # Back to automatic: the citations give disputed again.
    qtbot.keyClick(status, Qt.Key.Key_Home)
    stored = on_disk(db_path, event.id)
    assert (stored.status, stored.status_auto) == (Status.DISPUTED, True)
    assert status.currentIndex() == 0
    stack.undo()
    stack.undo()
    stack.undo()
    assert on_disk(db_path, event.id) == event
    assert status.currentIndex() == 0


def test_the_automatic_entry_shows_what_the_citations_would_give_a_manual_status(qtbot, window, db_path):
    event = selected(window, "surprise incursion")  # chosen by hand: confirmed
    status = widget(window, QComboBox, "edit_status")
    assert not event.status_auto and status.currentData() == Status.CONFIRMED.value
    assert status.itemText(0) == "Automatic (from citations): reported"  # BBC News reports it, alone
    status.setFocus()
    qtbot.keyClick(status, Qt.Key.Key_Home)
    stored = on_disk(db_path, event.id)
    assert (stored.status, stored.status_auto) == (Status.REPORTED, True)


@pytest.mark.parametrize(
    ("name", "field", "verb"), [("edit_notes", "notes", "Edit notes of"), ("edit_annotation", "annotation", "Annotate")]
)
def test_text_boxes_commit_on_ctrl_enter(qtbot, window, db_path, name, field, verb):
    event = selected(window, GORNAL)
    box = widget(window, QPlainTextEdit, name)
    retype_box(qtbot, box, "Only the Russian ministry says so.")
    assert getattr(on_disk(db_path, event.id), field) == "Only the Russian ministry says so."
    stack = window.document.undo_stack
    assert (stack.count(), stack.undoText()) == (1, f"{verb} '{event.title}'")
    assert box.textCursor().atEnd()  # still typing where the user was
    stack.undo()
    assert getattr(on_disk(db_path, event.id), field) == getattr(event, field)
    assert box.toPlainText() == getattr(event, field)


def test_a_text_box_commits_when_left(qtbot, window, db_path):
    window.activateWindow()
    qtbot.waitActive(window)
    event = selected(window, GORNAL)
    box = widget(window, QPlainTextEdit, "edit_annotation")
    box.setFocus()
    qtbot.keyClicks(box, "Check against ISW maps")
    assert on_disk(db_path, event.id).annotation == ""  # not yet: still typing
    widget(window, QLineEdit, "edit_tags").setFocus()
    assert on_disk(db_path, event.id).annotation == "Check against ISW maps"
    assert window.document.undo_stack.count() == 1


def test_an_unchanged_field_makes_no_undo_step(qtbot, window, db_path):
    selected(window, GORNAL)
    before = disk_bytes(db_path)
    for name in ("edit_title", "edit_start", "edit_end", "edit_tags"):
        field = widget(window, QLineEdit, name)
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_Return)
    retype_box(qtbot, widget(window, QPlainTextEdit, "edit_notes"), widget(window, QPlainTextEdit, "edit_notes").toPlainText())
    assert window.document.undo_stack.count() == 0
    assert disk_bytes(db_path) == before


@pytest.mark.parametrize(
    ("name", "typed", "message"),
    [
        ("edit_end", "2025-04-01", "ends (1 Apr 2025) before it starts (26 Apr 2025)"),
        ("edit_start", "26/04", "Cannot read '26/04' as a date"),  # no year: not taken from today
        ("edit_end", "2025-02-30", "2025-02 has no day 30"),
        ("edit_title", "   ", "An event needs a title"),
    ],
)
def test_an_impossible_value_is_refused_with_the_models_reason_and_nothing_written(qtbot, window, db_path, name, typed, message):
    event = selected(window, GORNAL)
    before = disk_bytes(db_path)
    field, error = widget(window, QLineEdit, name), widget(window, QLabel, "edit_error")
    assert not has_red_border(field)

    retype(qtbot, field, typed)

    assert error.isVisible() and message in error.text()
    assert has_red_border(field)
    assert field.text() == typed  # left for the user to fix
    assert disk_bytes(db_path) == before
    assert window.document.undo_stack.count() == 0
    assert window.document.timeline.events[event.id] == event
    assert message in window.statusBar().currentMessage()  # still said once the panel shows another event

    qtbot.keyClick(field, Qt.Key.Key_Escape)  # back to the stored value
    assert field.text() == {"edit_title": event.title, "edit_start": "2025-04-26", "edit_end": ""}[name]
    assert error.isHidden() and not has_red_border(field)


def test_the_status_bar_stops_reporting_a_refusal_once_the_value_is_fixed(qtbot, window, db_path):
    event = selected(window, GORNAL)
    end = widget(window, QLineEdit, "edit_end")
    retype(qtbot, end, "2025-04-01")
    assert window.statusBar().currentMessage().startswith("Not saved. ")
    retype(qtbot, end, "2025-04-28")
    assert on_disk(db_path, event.id).end == FuzzyDate(2025, 4, 28)
    assert not window.statusBar().currentMessage().startswith("Not saved")
    assert window.findChild(QLabel, "saved_indicator").text().startswith("All changes saved")


def test_another_event_shows_from_its_title_whatever_the_last_was_scrolled_to(qtbot, window):
    from PySide6.QtWidgets import QScrollArea

    window.resize(900, 500)  # the form scrolls
    scroll = window.details.findChild(QScrollArea)
    selected(window, GORNAL)
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    assert scroll.verticalScrollBar().value() > 0
    selected(window, "surprise incursion")
    assert scroll.verticalScrollBar().value() == 0
    assert widget(window, QLineEdit, "edit_title").visibleRegion().boundingRect().height() > 0


def test_another_event_clears_a_refusal(qtbot, window):
    selected(window, GORNAL)
    retype(qtbot, widget(window, QLineEdit, "edit_start"), "soon")
    other = selected(window, "Ukrainian forces retreat")
    assert widget(window, QLabel, "edit_error").isHidden()
    assert widget(window, QLineEdit, "edit_start").text() == other.start.edtf
    assert not has_red_border(widget(window, QLineEdit, "edit_start"))


def test_typing_the_stored_value_back_clears_a_refusal_without_an_undo_step(qtbot, window):
    event = selected(window, GORNAL)
    tags = widget(window, QLineEdit, "edit_tags")
    retype(qtbot, widget(window, QLineEdit, "edit_end"), "2024")
    retype(qtbot, widget(window, QLineEdit, "edit_end"), "")
    assert widget(window, QLabel, "edit_error").isHidden()
    retype(qtbot, tags, ",".join(event.tags) + ",")  # the same tags, untidily
    assert tags.text() == ", ".join(event.tags)
    assert window.document.undo_stack.count() == 0


def test_closing_the_window_keeps_what_was_being_typed(qtbot, window, db_path):
    event = selected(window, GORNAL)
    box = widget(window, QPlainTextEdit, "edit_notes")
    box.setFocus()
    box.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(box, " Typed, never left.")
    window.close()
    assert on_disk(db_path, event.id).notes == event.notes + " Typed, never left."


def test_ctrl_z_in_a_field_undoes_the_timeline_once_nothing_is_being_typed(qtbot, window, db_path):
    event = selected(window, "Gornal")
    title = widget(window, QLineEdit, "edit_title")
    stack = window.document.undo_stack
    retype(qtbot, title, "Gornal claim")
    assert title.hasFocus() and stack.count() == 1
    qtbot.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stack.index() == 0 and on_disk(db_path, event.id).title == event.title
    assert title.text() == event.title
    qtbot.keyClick(title, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stack.index() == 1 and title.text() == "Gornal claim"

    qtbot.keyClicks(title, " (typing)")  # not committed yet: Ctrl+Z belongs to the field
    qtbot.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stack.index() == 1 and title.text() != "Gornal claim (typing)"


def test_a_value_the_disk_refuses_is_kept_and_saved_when_the_disk_allows(qtbot, window, db_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    event = selected(window, GORNAL)
    title = widget(window, QLineEdit, "edit_title")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    fill_disk(monkeypatch)
    retype(qtbot, title, "Gornal, as claimed")
    assert warnings and "No space left on device" in warnings[0]
    assert window.findChild(QLabel, "saved_indicator").text() == "Not saved — retrying"
    assert title.text() == "Gornal, as claimed" and not has_red_border(title)
    assert on_disk(db_path, event.id).title == event.title
    monkeypatch.undo()
    assert window.document.retry()
    assert on_disk(db_path, event.id).title == "Gornal, as claimed"
    assert window.findChild(QLabel, "saved_indicator").text().startswith("All changes saved")


def test_the_panel_follows_edits_of_other_events_that_change_what_it_offers_or_links(window):
    from dataclasses import replace

    from desktop.model import editing

    timeline = window.document.timeline
    gornal = next(e for e in timeline.events.values() if "retaken Gornal" in e.title)
    [denial] = [timeline.events[other] for _, _, other in timeline.links_of(gornal.id)]
    window.timeline_view.select([gornal.id])
    other = next(e for e in timeline.events.values() if e.id not in (gornal.id, denial.id))
    window.ctx.push(editing.put(timeline, "events", [replace(other, lane="Border guards")], "Move"))
    lanes = window.details.findChild(QComboBox, "edit_lane")
    assert "Border guards" in [lanes.itemText(n) for n in range(lanes.count())]
    window.document.undo_stack.undo()
    assert "Border guards" not in [lanes.itemText(n) for n in range(lanes.count())]
    window.ctx.push(editing.put(timeline, "events", [replace(denial, title="Kyiv denies it")], "Rename"))
    assert "Kyiv denies it" in window.details.fields["Links"].text()


def test_the_lane_box_offers_a_lane_renamed_by_its_new_name_even_with_no_event_in_it(qtbot, window):
    from dataclasses import replace

    from desktop.model import editing, lanes

    timeline = window.document.timeline
    korean = [e for e in timeline.events.values() if e.lane == "North Korea"]
    window.ctx.push(editing.put(timeline, "events", [replace(e, lane="Russia") for e in korean], "Move"))
    selected(window, "Gornal")
    window.ctx.push(lanes.rename(window.document.timeline, "North Korea", "DPRK"))  # a lane left without events
    box = widget(window, QComboBox, "edit_lane")
    offered = [box.itemText(k) for k in range(box.count())]
    assert offered == window.document.timeline.lane_order() and "DPRK" in offered and "North Korea" not in offered
