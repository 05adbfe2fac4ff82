"""The window, driven as a user drives it: real mouse clicks on the timeline."""
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDockWidget, QMessageBox

from desktop.model import Event, FuzzyDate, LinkType, Stance, editing, new_id
from desktop.ui.main_window import MainWindow
from desktop.ui.canvas.lane_item import LaneItem
from desktop.ui.canvas.marks import MARK_RADIUS
from desktop.ui.canvas.view import TimelineView
from disk import disk_bytes


def event_titled(window, words):
    return next(e for e in window.document.timeline.events.values() if words in e.title)


def click(qtbot, timeline: TimelineView, point: QPoint):
    qtbot.mouseClick(timeline.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_clicking_an_event_shows_its_details_and_highlights_its_quote(qtbot, window):
    timeline = window.findChild(TimelineView, "timeline")
    gornal = event_titled(window, "Gornal")
    click(qtbot, timeline, timeline.event_position(gornal.id))

    assert timeline.selected_ids() == [gornal.id]
    assert window.details.title.text() == gornal.title
    assert "26 Apr 2025" in window.details.start_hint.text()
    citations = window.document.timeline.citations_for(gornal.id)
    panel = window.sources
    assert panel.citation_list.count() == len(citations)
    assert panel.current_quote() == citations[0].quote
    assert not panel.warning.isVisible()
    # The highlighted quote is scrolled into the visible part of the document.
    assert panel.document.viewport().rect().contains(panel.document.cursorRect())

    # Another citation: its quote becomes the current one; the others stay marked.
    denial = next(i for i, c in enumerate(citations) if c.stance is Stance.DENIES)
    item = panel.citation_list.item(denial)
    qtbot.mouseClick(panel.citation_list.viewport(), Qt.MouseButton.LeftButton, pos=panel.citation_list.visualItemRect(item).center())
    assert panel.current_quote() == citations[denial].quote
    assert len(panel.document.extraSelections()) == len(citations)


def inked(image, centre: QPoint, radius: int) -> int:
    """How many pixels around ``centre`` carry a mark's colour (not paper, grid or grey)."""
    return sum(
        1
        for x in range(centre.x() - radius, centre.x() + radius + 1)
        for y in range(centre.y() - radius, centre.y() + radius + 1)
        if image.pixelColor(x, y).saturation() > 80
    )


def test_every_event_can_be_found_and_clicked_where_it_is_drawn(qtbot, window):
    timeline = window.timeline_view
    image = timeline.viewport().grab().toImage()
    for event in window.document.timeline.events.values():
        assert inked(image, timeline.event_position(event.id), int(MARK_RADIUS)) >= 8, f"nothing drawn for {event.title}"
    for event in window.document.timeline.events.values():
        click(qtbot, timeline, timeline.event_position(event.id))
        assert timeline.selected_ids() == [event.id], event.title
        assert window.sources.current_quote() == window.document.timeline.citations_for(event.id)[0].quote


def test_clicking_empty_space_clears_the_selection(qtbot, window):
    timeline = window.timeline_view
    click(qtbot, timeline, timeline.event_position(event_titled(window, "Putin").id))
    assert timeline.selected_ids()
    click(qtbot, timeline, QPoint(timeline.viewport().width() // 2, timeline.viewport().height() - 5))
    assert timeline.selected_ids() == []
    assert window.details.currentIndex() == 0
    assert window.sources.citation_list.count() == 0


def test_counter_claim_link_jumps_between_claim_and_denial(qtbot, window):
    timeline = window.timeline_view
    gornal, denial = event_titled(window, "Gornal"), event_titled(window, "still hold positions")
    click(qtbot, timeline, timeline.event_position(gornal.id))
    assert denial.title in window.details.fields["Links"].text()
    window.details.fields["Links"].linkActivated.emit(denial.id)  # what the label emits on a click
    assert timeline.selected_ids() == [denial.id]
    assert gornal.title in window.details.fields["Links"].text()


def test_each_lane_is_one_batched_item_and_no_labels_overlap(window):
    timeline = window.timeline_view
    items = [i for i in timeline.getPlotItem().items if isinstance(i, LaneItem)]
    lanes = len(window.document.timeline.lane_order())
    assert len(items) == lanes
    # Nothing else per event, nor per lane: one item per lane, plus one that rules the
    # grid and the lines between lanes, and the connector that joins linked events,
    # one per type of link.
    assert len(timeline.getPlotItem().items) == lanes + 1 + len(LinkType)
    assert sum(len(i.data) for i in items) == len(window.document.timeline.events)
    for lane in timeline.laid_out():
        item, placed = lane.data, lane.layout.placed
        assert len(placed) == len(item.ids)  # fit-all shows every event
        labels = [p.label for p in placed]
        assert all(labels), "every label fits at the default size"
        width = timeline.viewport().width()
        for a in range(len(labels)):
            assert 0 <= labels[a].left() and labels[a].right() <= width, item.titles[placed[a].index]
            for b in range(a + 1, len(labels)):
                assert not labels[a].intersects(labels[b]), (item.titles[placed[a].index], item.titles[placed[b].index])


def test_actions_exist_with_their_names_and_shortcuts(window):
    names = {
        "action_undo": "Ctrl+Z",
        "action_redo": "Ctrl+Shift+Z",
        "action_new_event": "Ctrl+N",
        "action_delete": "Del",
        "action_export_png": "Ctrl+Shift+E",
        "action_export_csv": "Ctrl+E",
        "action_import": "Ctrl+I",
        "action_fit_all": "F",
        "action_zoom_selection": "Z",
        "action_history": "Ctrl+H",
    }
    for name, shortcut in names.items():
        assert window.findChild(QAction, name).shortcut().toString() == shortcut, name
    assert [k.toString() for k in window.findChild(QAction, "action_redo").shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    # Nothing to undo yet, nothing selected to delete.
    for name in ("action_undo", "action_redo", "action_delete"):
        assert not window.findChild(QAction, name).isEnabled(), name
    for name in ("action_export_csv", "action_export_json", "action_export_timelinejs", "action_export_thetimelineproj", "action_export_png", "action_import",
                 "action_new_event"):
        assert window.findChild(QAction, name).isEnabled(), name


def test_selection_and_view_are_remembered_across_launches(qtbot, window, db_path):
    from desktop.app import create_window

    putin = event_titled(window, "Putin")
    click(qtbot, window.timeline_view, window.timeline_view.event_position(putin.id))
    window.timeline_view.getPlotItem().setXRange(1.73e9, 1.74e9, padding=0)
    window.close()
    again = create_window(db_path)
    qtbot.addWidget(again)
    assert again.timeline_view.selected_ids() == [putin.id]
    assert again.timeline_view.getPlotItem().viewRange()[0] == pytest.approx([1.73e9, 1.74e9])
    assert again.sources.current_quote() == again.document.timeline.citations_for(putin.id)[0].quote


def _answer_recovery(monkeypatch, label):
    """Click the recovery dialog's button that starts with ``label``; gives what it said."""
    shown = []

    def click(box):
        shown.append(box.informativeText() + " | " + " | ".join(b.text() for b in box.buttons()))
        next(b for b in box.buttons() if b.text().startswith(label)).click()

    monkeypatch.setattr(QMessageBox, "exec", click)
    return shown


def test_a_corrupt_database_gets_a_dialog_and_is_moved_aside_untouched(qtbot, db_path, monkeypatch):
    from desktop.app import run_gui

    db_path.write_bytes(b'{"_meta": ')
    shown = _answer_recovery(monkeypatch, "Quit")
    assert run_gui(db_path) == 2
    [moved] = db_path.parent.glob("timeline.json.corrupt-*")
    assert len(shown) == 1 and "not valid JSON" in shown[0] and str(db_path) in shown[0] and moved.name in shown[0]
    assert "no backup" in shown[0] and "Start empty" in shown[0]
    assert moved.read_bytes() == b'{"_meta": ' and not db_path.exists()


def test_the_most_recent_backup_can_be_opened_from_the_dialog(qtbot, db_path, monkeypatch):
    from desktop.app import create_window, run_gui

    create_window(db_path).document.store.close()  # a good database, backed up
    good = db_path.read_bytes()
    db_path.write_bytes(b"")
    shown = _answer_recovery(monkeypatch, "Open the most recent backup")
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    assert run_gui(db_path) == 0
    assert "Open the most recent backup (" in shown[0] and "the file is empty" in shown[0]
    assert db_path.read_bytes() == good
    for window in QApplication.topLevelWidgets():
        if isinstance(window, MainWindow):
            window.close()


def test_a_damaged_journals_whole_edits_can_be_recovered_from_the_dialog(qtbot, db_path, kursk, monkeypatch):
    from desktop.app import run_gui
    from disk import damaged_in_the_middle

    events = damaged_in_the_middle(db_path, kursk)
    shown = _answer_recovery(monkeypatch, "Recover 4 of 5 edits")
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    assert run_gui(db_path) == 0
    assert "its journal timeline.json.journal is damaged: line 4" in shown[0] and "Open the most recent backup" not in shown[0]
    [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert [window.document.timeline.events[e.id].title for e in events] == ["Edit 1", "Edit 2", events[2].title, "Edit 4", "Edit 5"]
    window.close()


def test_a_journal_set_aside_on_opening_is_reported(qtbot, db_path, tmp_path, monkeypatch):
    from desktop.app import run_gui
    from desktop.store import Store
    from desktop.store.journal import journal_path

    other = tmp_path / "other.json"
    store = Store.open(other)
    store.apply(editing.put(store.load(), "events", [Event(new_id(), "Elsewhere", FuzzyDate.parse("2025"))], "Add").changes)
    store.lock.release()
    Store.open(db_path).close()
    journal_path(other).rename(journal_path(db_path))
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    assert run_gui(db_path) == 0
    [aside] = db_path.parent.glob("timeline.json.foreign-*.journal")
    assert warned == [
        f"{db_path}\n\nIts journal timeline.json.journal belongs to another version of the file (a backup copied back, "
        f"or another database's?) and was not replayed; it is kept as {aside.name}."
    ]
    for window in QApplication.topLevelWidgets():
        if isinstance(window, MainWindow):
            window.close()


def test_export_csv_from_the_menu_writes_the_file_and_remembers_the_folder(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "out" / "kursk.csv"
    target.parent.mkdir()
    asked = []

    def save_dialog(parent, caption, start, filter):
        asked.append(start)
        return str(target), filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    window.findChild(QAction, "action_export_csv").trigger()
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + len(window.document.timeline.events)
    window.findChild(QAction, "action_export_csv").trigger()
    assert asked[1].startswith(str(target.parent))


def test_a_quote_deep_in_the_article_is_scrolled_into_view_and_coloured(qtbot, window):
    from desktop.ui.panels.document_view import CURRENT_QUOTE

    timeline = window.timeline_view
    holds = event_titled(window, "still hold positions")
    click(qtbot, timeline, timeline.event_position(holds.id))
    panel = window.sources
    citations = window.document.timeline.citations_for(holds.id)
    last = max(range(len(citations)), key=lambda row: citations[row].offset)
    panel.citation_list.setCurrentRow(last)
    assert panel.current_quote() == citations[last].quote
    assert panel.document.verticalScrollBar().value() > 0  # the quote is in the last paragraph
    assert panel.document.viewport().rect().contains(panel.document.cursorRect())
    current = panel.document.extraSelections()[-1]
    assert current.format.background().color() == CURRENT_QUOTE


@pytest.mark.parametrize("bom", ["", "\ufeff", "\ufeff\ufeff"], ids=["plain", "byte-order-mark", "two-marks"])
def test_quotes_are_highlighted_exactly_in_crlf_text_with_emoji_and_other_scripts(window_on, bom):
    from desktop.model import Citation, Event, FuzzyDate, Source, Stance, Timeline, new_id
    from desktop.model.quotes import anchor_quote

    text = bom + "Заголовок 🚀\r\n북한군 in Kursk.\r\n\r\nGerasimov: \"Gornal has been liberated\" 😀 — Генштаб denies it.\r\n"
    source = Source(new_id(), "Mixed", text)
    event = Event(new_id(), "Gornal", FuzzyDate.parse("2025-04-26"), lane="Russia")
    citations = {}
    for quote in ("Gornal has been liberated", "Генштаб denies it", "북한군"):
        found = anchor_quote(text, quote)
        citation = Citation(new_id(), event.id, source.id, quote, "someone", Stance.ASSERTS, found.prefix, found.suffix, found.offset)
        citations[citation.id] = citation
    timeline = Timeline("mixed", ["Russia"], {event.id: event}, {source.id: source}, citations)
    window = window_on(timeline)
    window.timeline_view.select([event.id])
    panel = window.sources
    for row, citation in enumerate(window.document.timeline.citations_for(event.id)):
        panel.citation_list.setCurrentRow(row)
        assert panel.current_quote() == citation.quote


def test_export_csv_over_the_database_warns_and_leaves_it_unchanged(qtbot, window, db_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    alias = db_path.with_name("alias.csv")
    alias.symlink_to(db_path)  # the same file under a name a user might pick
    before = disk_bytes(db_path)
    warnings = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(alias), "CSV (*.csv)"))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    window.findChild(QAction, "action_export_csv").trigger()
    assert len(warnings) == 1 and "database itself" in warnings[0]
    assert disk_bytes(db_path) == before


def test_export_for_spreadsheets_from_the_menu_neutralises_formulas(qtbot, window, tmp_path, monkeypatch):
    from dataclasses import replace

    from PySide6.QtWidgets import QFileDialog

    from desktop.model import editing

    timeline = window.document.timeline
    event = next(iter(timeline.events.values()))
    window.ctx.push(editing.put(timeline, "events", [replace(event, notes="=HYPERLINK(\"http://x\")")], "Notes"))
    target = tmp_path / "sheet.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda parent, caption, start, filter: (str(target), filter))
    window.findChild(QAction, "action_export_csv_spreadsheet").trigger()
    assert "'=HYPERLINK" in target.read_text(encoding="utf-8")
    window.findChild(QAction, "action_export_csv").trigger()
    assert "'=HYPERLINK" not in target.read_text(encoding="utf-8")  # the plain export stays exact


def test_the_opening_message_counts_in_words(qtbot, window_on):
    from desktop.model import Event, FuzzyDate, Source, Timeline

    source = Source("s", "One article", "Text.")
    window = window_on(Timeline(events={"e": Event("e", "One event", FuzzyDate(2024))}, sources={"s": source}))
    assert window.statusBar().currentMessage().startswith("1 event · 1 source · ")


def test_on_first_launch_the_timeline_takes_most_of_the_height_and_the_panels_below_the_rest(qtbot, db_path):
    from desktop.app import APP_ID, create_window

    QSettings(APP_ID, APP_ID).clear()
    window = create_window(db_path)  # sized for the screen, as a first launch is
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    below = window.findChild(QDockWidget, "details_dock").height()
    assert window.timeline_view.height() > 1.4 * below > 0
