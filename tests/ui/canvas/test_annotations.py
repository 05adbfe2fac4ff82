"""Periods, pinned notes and callouts, driven with real mouse events on the timeline."""
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QMenu

from desktop.model import Precision, editing
from desktop.store import Store
from desktop.ui.canvas.annotations import PAD
from desktop.ui.canvas.time_axis import DAY

NONE, ALT = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.AltModifier


def answer(monkeypatch, text):
    """The next text dialogs answer ``text``, as if typed and accepted."""
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: (text, True))


def fill_period(qtbot, **typed):
    """The next period dialog gets ``typed`` (label, start, end: text typed over what
    its field holds), then a click on OK."""
    def fill():
        dialog = QApplication.activeModalWidget()
        for field, text in typed.items():
            line = getattr(dialog, field)
            line.selectAll()
            qtbot.keyClicks(line, text)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)


def trigger(window, name):
    window.findChild(QAction, name).trigger()


def stored(db_path, kind):
    """The records of ``kind`` as the database on disk holds them."""
    store = Store.open(db_path)
    try:
        return store.load().table(kind)
    finally:
        store.close()


def only(db_path, kind):
    (record,) = stored(db_path, kind).values()
    return record


def event_titled(window, words):
    return next(e for e in window.document.timeline.events.values() if words in e.title)


def pixels_for(window, days: float) -> int:
    """How many pixels ``days`` take on the time axis now."""
    view = window.timeline_view.getViewBox()
    (x0, x1), _ = view.viewRange()
    return round(days * DAY / (x1 - x0) * view.width())


def press_and_move(qtbot, window, start: QPoint, end: QPoint, modifier=NONE):
    port = window.timeline_view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, modifier, start)
    for k in range(1, 7):
        qtbot.mouseMove(port, start + (end - start) * k / 6)


def drag(qtbot, window, start: QPoint, end: QPoint, modifier=NONE):
    press_and_move(qtbot, window, start, end, modifier)
    qtbot.mouseRelease(window.timeline_view.viewport(), Qt.MouseButton.LeftButton, modifier, end)


def dark_pixels(window, rect: QRect) -> int:
    image = window.timeline_view.viewport().grab().toImage()
    return sum(1 for x in range(rect.left(), rect.right()) for y in range(rect.top(), rect.bottom()) if image.pixelColor(x, y).lightness() < 110)


def test_a_period_is_added_dragged_by_its_label_as_one_undo_step(qtbot, window, db_path, monkeypatch):
    layer, stack = window.timeline_view.annotations, window.document.undo_stack
    incursion = event_titled(window, "surprise incursion")  # dated to the month: August 2024
    window.timeline_view.select([incursion.id])
    fill_period(qtbot, label="Ukrainian salient held")
    trigger(window, "action_add_period")
    period = only(db_path, "periods")
    assert (period.label, period.start.edtf, period.end.edtf) == ("Ukrainian salient held", "2024-08", "2024-08")

    # About two months later: a month-precision period moves by whole months.
    label = layer.handle_position("periods", period.id)
    steps = stack.count()
    press_and_move(qtbot, window, label, label + QPoint(pixels_for(window, 61), 0))
    assert "hold Alt to move by days" in window.statusBar().currentMessage()  # dated to the month
    qtbot.mouseRelease(window.timeline_view.viewport(), Qt.MouseButton.LeftButton, NONE, label + QPoint(pixels_for(window, 61), 0))
    moved = only(db_path, "periods")
    assert (moved.start.edtf, moved.end.edtf) == ("2024-10", "2024-10")
    assert stack.count() == steps + 1
    assert stack.undoText() == "Move 'Ukrainian salient held'"

    stack.undo()
    assert only(db_path, "periods") == period
    # With Alt: by days, and the dates become days.
    label = layer.handle_position("periods", period.id)
    drag(qtbot, window, label, label + QPoint(pixels_for(window, 10), 0), ALT)
    free = only(db_path, "periods")
    assert free.start.precision is Precision.DAY and 8 <= (free.start.earliest - period.start.earliest).days <= 12


def test_a_period_is_resized_by_its_edges_and_its_band_lets_presses_through(qtbot, window, db_path, monkeypatch):
    view, layer = window.timeline_view, window.timeline_view.annotations
    fill_period(qtbot, label="Middle of the view")
    trigger(window, "action_add_period")  # nothing selected: the middle third of the view
    period = only(db_path, "periods")
    assert period.start.precision is Precision.DAY

    end = layer.handle_position("periods", period.id, "end")
    drag(qtbot, window, end, end + QPoint(pixels_for(window, 20), 0))
    longer = only(db_path, "periods")
    assert longer.start == period.start and 18 <= (longer.end.earliest - period.end.earliest).days <= 22
    start = layer.handle_position("periods", period.id, "start")
    drag(qtbot, window, start, start - QPoint(pixels_for(window, 5), 0))
    assert 3 <= (period.start.earliest - only(db_path, "periods").start.earliest).days <= 7
    window.document.undo_stack.undo()
    assert only(db_path, "periods") == longer

    # Inside the band, a press on an event selects it, as anywhere else.
    left, right = layer.box("periods", period.id).edges
    inside = [e for e in window.document.timeline.events.values() if left + 8 < view.event_position(e.id).x() < right - 8]
    assert inside, "the test needs an event inside the period"
    for event in inside:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, NONE, view.event_position(event.id))
        assert view.selected_ids() == [event.id]


def test_a_note_is_pinned_and_dragged_with_the_date_shown(qtbot, window, db_path, monkeypatch):
    view, layer, stack = window.timeline_view, window.timeline_view.annotations, window.document.undo_stack
    gornal = event_titled(window, "Gornal")
    view.select([gornal.id])
    answer(monkeypatch, "Check against the MoD map")
    trigger(window, "action_pin_note")
    note = only(db_path, "notes")
    assert (note.text, note.date) == ("Check against the MoD map", gornal.start)

    box = layer.handle_position("notes", note.id)
    steps = stack.count()
    press_and_move(qtbot, window, box, box - QPoint(pixels_for(window, 14), 0))
    message = window.statusBar().currentMessage()
    assert message.startswith("Check against the MoD map: ") and "Apr 2025" in message
    assert "hold Alt" not in message  # dated to the day: Alt would change nothing
    assert only(db_path, "notes") == note  # nothing is saved before the release
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, NONE, box - QPoint(pixels_for(window, 14), 0))
    moved = only(db_path, "notes")
    assert 12 <= (note.date.earliest - moved.date.earliest).days <= 16
    assert stack.count() == steps + 1

    stack.undo()
    assert only(db_path, "notes") == note


def test_a_label_is_edited_by_double_click_and_deleted_from_its_menu(qtbot, window, db_path, monkeypatch):
    fill_period(qtbot, label="First label")
    trigger(window, "action_add_period")
    period = only(db_path, "periods")
    label = window.timeline_view.annotations.handle_position("periods", period.id)
    port = window.timeline_view.viewport()
    fill_period(qtbot, label="Salient held")
    qtbot.mouseClick(port, Qt.MouseButton.LeftButton, NONE, label)
    qtbot.mouseDClick(port, Qt.MouseButton.LeftButton, NONE, label)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, NONE, label)
    assert only(db_path, "periods").label == "Salient held"
    assert window.document.timeline.events  # a double-click on a label creates no event

    qtbot.mouseClick(port, Qt.MouseButton.RightButton, NONE, label)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    next(a for a in menu.actions() if a.objectName() == "action_delete_annotation").trigger()
    menu.close()
    assert stored(db_path, "periods") == {}
    window.document.undo_stack.undo()
    assert only(db_path, "periods").label == "Salient held"


def test_a_callout_shows_an_annotation_until_toggled_off(qtbot, window, db_path):
    from desktop.app import create_window

    view, layer = window.timeline_view, window.timeline_view.annotations
    gornal = event_titled(window, "Gornal")
    assert layer.box("events", gornal.id) is None
    timeline = window.document.timeline
    window.ctx.push(editing.put(timeline, "events", [replace(gornal, annotation="Last village: check the date")], "Annotate"))
    box = layer.box("events", gornal.id)
    assert box is not None and box.text == "Last village: check the date"
    assert view.viewport().rect().contains(box.rect.toRect())
    mark = view.event_position(gornal.id)
    assert box.rect.bottom() < mark.y() and abs(box.anchor.x() - mark.x()) <= 1
    text_area = box.label.adjusted(PAD, 3, -PAD, -3).toRect()
    assert dark_pixels(window, text_area) > 20, "the annotation's text is not drawn"
    qtbot.mouseMove(view.viewport(), box.rect.center().toPoint())
    assert layer.strip.toolTip().startswith("Last village: check the date\n")  # in full, however short the box

    search = window.filter_bar.search_box  # a filter that hides the event hides its callout
    search.setText("surprise incursion")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert layer.box("events", gornal.id) is None
    search.setText("")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert layer.box("events", gornal.id) is not None
    assert box.rect.bottom() <= layer.transform().map(QPointF(0, 0)).y()  # above the top lane

    toggle = window.findChild(QAction, "action_toggle_callouts")
    assert toggle.isChecked()
    toggle.trigger()
    assert layer.box("events", gornal.id) is None
    assert view.getViewBox().viewRange()[1][1] == 0  # nothing left above the lanes
    window.close()

    again = create_window(db_path)  # the choice is remembered
    qtbot.addWidget(again)
    again.show()
    assert not again.findChild(QAction, "action_toggle_callouts").isChecked()
    assert again.timeline_view.annotations.box("events", gornal.id) is None
    again.findChild(QAction, "action_toggle_callouts").trigger()
    assert again.timeline_view.annotations.box("events", gornal.id) is not None


@pytest.mark.parametrize("kind", ["periods", "notes"])
def test_labels_sit_above_the_lanes_without_hiding_event_labels(qtbot, window, monkeypatch, kind):
    label = "A rather long label that must not cover anything on the lanes"
    if kind == "periods":
        fill_period(qtbot, label=label)
    else:
        answer(monkeypatch, label)
    trigger(window, "action_add_period" if kind == "periods" else "action_pin_note")
    (key,) = window.document.timeline.table(kind)
    box = window.timeline_view.annotations.box(kind, key)
    view = window.timeline_view
    for event in window.document.timeline.events.values():
        try:
            mark = view.event_position(event.id)
        except LookupError:
            continue
        assert box.rect.bottom() < mark.y() - 6, f"{event.title} is under the {kind[:-1]}'s label"


def test_the_period_dialog_takes_typed_dates_a_colour_and_the_lanes_it_spans(qtbot, window, db_path):
    view, layer = window.timeline_view, window.timeline_view.annotations

    def fill():
        dialog = QApplication.activeModalWidget()
        qtbot.keyClicks(dialog.label, "Salient held")
        for line, text in ((dialog.start, "2024-08-06"), (dialog.end, "2025-03~")):
            line.selectAll()
            qtbot.keyClicks(line, text)
        dialog.colour.setCurrentIndex(dialog.colour.findText("Blue"))
        observers = dialog.lanes.findItems("Observers", Qt.MatchFlag.MatchExactly)[0]
        rect = dialog.lanes.visualItemRect(observers)
        qtbot.mouseClick(dialog.lanes.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 10, rect.center().y()))  # its tick box
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    trigger(window, "action_add_period")
    period = only(db_path, "periods")
    assert (period.label, period.start.edtf, period.end.edtf, period.colour) == ("Salient held", "2024-08-06", "2025-03~", "#1f5fa8")
    assert period.lanes == ("Ukraine", "Russia", "North Korea")
    box = layer.box("periods", period.id)
    lanes = {lane.name: lane.view for lane in view.laid_out()}
    observers = lanes["Observers"]
    assert all(bottom <= observers.top + 0.5 for _, bottom in box.bands)  # the band stops above the lane it skips
    assert box.bands[0][1] >= lanes["North Korea"].top + lanes["North Korea"].height - 0.5


def test_the_period_dialog_names_what_is_wrong_and_offers_no_ok(qtbot):
    from desktop.model import FuzzyDate
    from desktop.ui.dialogs.period import PeriodDialog, PeriodValues

    dialog = PeriodDialog(None, "Add period", ["Ukraine", "Russia"], PeriodValues("", FuzzyDate.parse("2024-08"), FuzzyDate.parse("2024-09")))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "label" in dialog.problem.text()
    qtbot.keyClicks(dialog.label, "Held")
    assert ok.isEnabled() and dialog.problem.text() == ""
    dialog.end.selectAll()
    qtbot.keyClicks(dialog.end, "2024-07")
    assert not ok.isEnabled() and "before" in dialog.problem.text()
    dialog.end.selectAll()
    qtbot.keyClicks(dialog.end, "next spring")
    assert not ok.isEnabled() and dialog.problem.text().startswith("end: cannot read date 'next spring'")
    dialog.end.selectAll()
    qtbot.keyClicks(dialog.end, "2025-01")
    for n in range(dialog.lanes.count()):
        dialog.lanes.item(n).setCheckState(Qt.CheckState.Unchecked)
    assert not ok.isEnabled() and "lane" in dialog.problem.text()
    dialog.lanes.item(1).setCheckState(Qt.CheckState.Checked)
    assert ok.isEnabled() and dialog.values().lanes == ("Russia",)

    dialog.start_pick.setFocus()
    qtbot.keyClick(dialog.start_pick, Qt.Key.Key_Up)  # the calendar's day goes on by one, and is written
    assert dialog.start.text() == "2024-08-02"


def test_a_period_edge_is_grabbed_anywhere_along_its_band_where_the_cursor_says_so(qtbot, window, db_path):
    view, layer = window.timeline_view, window.timeline_view.annotations
    fill_period(qtbot, label="Middle of the view")
    trigger(window, "action_add_period")
    period = only(db_path, "periods")
    box = layer.box("periods", period.id)
    x = round(box.edges[1])
    low = next(
        QPoint(x, y) for y in range(round(box.bands[0][1]) - 4, round(box.rect.bottom()) + 10, -3)
        if view.event_at(QPoint(x, y)) is None
    )
    assert low.y() > box.rect.bottom() + 40  # well below the header, among the lanes
    port = view.viewport()
    qtbot.mouseMove(port, low + QPoint(30, 0))
    qtbot.mouseMove(port, low)
    assert port.cursor().shape() == Qt.CursorShape.SizeHorCursor
    drag(qtbot, window, low, low + QPoint(pixels_for(window, 20), 0))
    longer = only(db_path, "periods")
    assert longer.start == period.start and 18 <= (longer.end.earliest - period.end.earliest).days <= 22


def test_a_callout_with_room_to_spare_is_shown_whole(qtbot, window):
    from PySide6.QtGui import QFontMetricsF

    layer = window.timeline_view.annotations
    gornal = event_titled(window, "Gornal")
    note = "Check the ministry's map against geolocated footage before calling the village retaken"
    window.ctx.push(editing.put(window.document.timeline, "events", [replace(gornal, annotation=note)], "Annotate"))
    box = layer.box("events", gornal.id)
    assert box.rect.width() >= QFontMetricsF(layer.italic).horizontalAdvance(note) + 2 * PAD - 1  # not cut to a fixed width
    assert box.rect.width() > 300


def test_a_callouts_arrow_goes_round_the_labels_between_its_box_and_its_mark(qtbot, window_on):
    from desktop.model import Event, FuzzyDate, Timeline

    events = [
        Event("incursion", "Ukraine launches surprise incursion into Kursk region", FuzzyDate(2024, 8, 6), lane="Ukraine"),
        Event("strike", "Strike on Glushkovo bridge", FuzzyDate(2024, 8, 20), lane="Russia", annotation="Which bridge?"),
        Event("late", "Russia claims Sudzha", FuzzyDate(2025, 3, 13), lane="Russia"),
    ]
    window = window_on(Timeline("Callouts", ["Ukraine", "Russia"], {e.id: e for e in events}))
    window.resize(1400, 900)
    qtbot.waitExposed(window)
    qtbot.wait(20)
    view, layer = window.timeline_view, window.timeline_view.annotations
    incursion = next(lane for lane in view.laid_out() if lane.name == "Ukraine").layout.placed[0]
    mark = view.event_position("strike")
    text = next(r for r in view.label_rects() if r.contains(QPointF(r.left() + 1, incursion.centre.y())) and r.left() < mark.x() < r.right())
    assert text.top() > layer.box("events", "strike").rect.bottom()  # the label stands between the box and the mark

    box = layer.box("events", "strike")
    path = box.leader
    assert path[0].y() == box.rect.bottom() and abs(path[-1].y() - mark.y()) <= 12 and abs(path[-1].x() - mark.x()) <= 12
    for a, b in zip(path, path[1:]):  # each segment, sampled: never on a label's text
        for k in range(41):
            point = a + (b - a) * (k / 40)
            assert not any(r.contains(point) for r in view.label_rects()), f"the arrow crosses a label at {point}"
    drawn = view.viewport().grab().toImage().copy(text.toRect())
    trigger(window, "action_toggle_callouts")  # the label, drawn without the callout, the lanes moved up to where its rows were
    incursion = next(lane for lane in view.laid_out() if lane.name == "Ukraine").layout.placed[0]
    bare = next(r for r in view.label_rects() if r.contains(QPointF(r.left() + 1, incursion.centre.y())))
    assert bare.size() == text.size() and view.viewport().grab().toImage().copy(bare.toRect()) == drawn  # no line through it
    trigger(window, "action_toggle_callouts")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=mark)  # the mark is still the event's
    assert view.selected_ids() == ["strike"]


def test_a_callouts_arrow_goes_round_the_marks_of_other_events(qtbot, window_on):
    from desktop.model import Event, FuzzyDate, Timeline
    from desktop.ui.canvas.marks import MARK_RADIUS

    events = [
        Event("sudzha", "Sudzha", FuzzyDate(2024, 8, 20), lane="Ukraine"),
        Event("bridge", "Bridge", FuzzyDate(2024, 8, 20), lane="Ukraine"),
        Event("late", "Russia claims Sudzha", FuzzyDate(2025, 3, 13), lane="Russia"),
    ]
    window = window_on(Timeline("Callouts", ["Russia", "Ukraine"], {e.id: e for e in events}))
    window.resize(1400, 900)
    qtbot.waitExposed(window)
    view = window.timeline_view
    view.set_collapsed(["Russia"])
    upper, lower = sorted(("sudzha", "bridge"), key=lambda key: view.event_position(key).y())
    above = view.event_position(upper)
    assert abs(above.x() - view.event_position(lower).x()) <= 1  # one mark right above the other
    timeline = window.document.timeline
    window.ctx.push(editing.put(timeline, "events", [replace(timeline.events[lower], annotation="Which one?")], "Annotate"))

    path = view.annotations.box("events", lower).leader
    mark = view.event_position(lower)
    assert abs(path[-1].y() - mark.y()) <= 12 and abs(path[-1].x() - mark.x()) <= 12
    for a, b in zip(path, path[1:]):  # each segment, sampled: never on the other mark
        for k in range(41):
            point = a + (b - a) * (k / 40)
            assert (point.x() - above.x()) ** 2 + (point.y() - above.y()) ** 2 > MARK_RADIUS ** 2, f"the arrow crosses a mark at {point}"


def test_a_callout_and_its_arrow_scroll_with_the_lanes(qtbot, window_on):
    from desktop.model import Event, FuzzyDate, Timeline

    lanes = [f"Lane {n}" for n in range(6)]
    events = [Event(f"e{n}{k}", f"Event {k} of lane {n}", FuzzyDate(2024, 8, 6), lane=lane) for n, lane in enumerate(lanes) for k in range(4)]
    events.append(Event("noted", "Annotated", FuzzyDate(2024, 10, 1), lane=lanes[1], annotation="Check this"))
    events.append(Event("below", "Annotated too", FuzzyDate(2024, 12, 1), lane=lanes[5], annotation="And this"))
    window = window_on(Timeline("Scrolling", lanes, {e.id: e for e in events}))
    window.resize(1000, 560)
    qtbot.waitExposed(window)
    view, layer = window.timeline_view, window.timeline_view.annotations
    plot = view.plot_rect()
    assert view.scroll_bar.isVisible() and view.event_position("below").y() > plot.bottom()
    assert layer.box("events", "below") is None  # its mark is below the lanes in view: no arrow pointing out of them
    assert layer.box("events", "noted").leader

    view.scroll_bar.setValue(round(view.event_position("noted").y() - plot.top() - 40))
    mark = view.event_position("noted")
    assert plot.top() < mark.y() < plot.bottom()
    box = layer.box("events", "noted")
    assert box.rect.bottom() < plot.top() and not box.leader  # the box scrolled out of sight, and its arrow with it
    qtbot.wait(20)
    column = QRect(mark.x() - 1, round(plot.top()) + 1, 3, mark.y() - 14 - round(plot.top()))
    assert dark_pixels(window, column) == 0, "an arrow comes down from outside the lanes in view"
