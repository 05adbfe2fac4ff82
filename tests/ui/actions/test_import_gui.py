"""Import and the other exports in the window: the menu, a dropped file, progress and cancel."""
import csv
import io
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QProgressDialog

from paths import DATA
from desktop.exchange.csv_format import COLUMNS, csv_text
from desktop.exchange.formats import read_file
from desktop.ui.actions.files import ANY_FORMAT
from disk import disk_bytes



def edited_export(window, folder: Path) -> Path:
    """The window's timeline as CSV, with the first event renamed and one event added."""
    rows = list(csv.reader(io.StringIO(csv_text(window.document.timeline), newline="")))
    rows[1][COLUMNS.index("title")] = "Renamed by import"
    added = {"id": "added-1", "title": "Added by import", "start": "2025-05", "lane": "Observers", "claimant": '["ISW"]', "tags": "[]",
             "sources": '["ISW report"]', "quotes": '["a quote"]', "stances": '["reports"]'}
    rows.append([added.get(name, "") for name in COLUMNS])  # whatever columns the format has grown
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path = folder / "edited.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def choose(monkeypatch, path: Path, chosen_filter: str = ANY_FORMAT) -> list:
    asked = []

    def dialog(parent, caption, folder, filters):
        asked.append((folder, filters))
        return str(path), chosen_filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog)
    return asked


def test_import_from_the_menu_is_one_undo_step_and_remembers_the_folder(qtbot, window, tmp_path, monkeypatch):
    timeline = window.document.timeline
    first_id = next(iter(sorted(timeline.events.values(), key=lambda e: (e.start.earliest, e.start.latest, e.title, e.id)))).id
    original_title, count = timeline.events[first_id].title, len(timeline.events)
    path = edited_export(window, tmp_path)
    asked = choose(monkeypatch, path)
    window.findChild(QAction, "action_import").trigger()
    assert timeline.events[first_id].title == "Renamed by import"
    assert timeline.events["added-1"].title == "Added by import" and len(timeline.events) == count + 1
    stack = window.document.undo_stack
    assert stack.count() == 1 and stack.undoText() == f"Import {count + 1} events from edited.csv"
    assert window.statusBar().currentMessage().startswith(f"Imported {count + 1} events from edited.csv: 1 new, 1 updated")
    stack.undo()
    assert timeline.events[first_id].title == original_title and "added-1" not in timeline.events
    window.findChild(QAction, "action_import").trigger()
    assert asked[1][0] == str(tmp_path)  # the folder of the last import
    assert "ACLED events (*.csv)" in asked[0][1]


def test_a_filter_for_one_format_reads_the_file_as_that_format(qtbot, window, monkeypatch):
    choose(monkeypatch, DATA / "acled_2019.csv", "ACLED events (*.csv)")
    monkeypatch.setattr(QDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted)  # the lanes as proposed
    window.findChild(QAction, "action_import").trigger()
    assert "acled:RUS90001" in window.document.timeline.events


def test_a_broken_file_is_reported_with_line_and_field_and_changes_nothing(qtbot, window, db_path, tmp_path, monkeypatch):
    bad = tmp_path / "bad.csv"
    bad.write_text("title,start\r\nfine,2025\r\nnot fine,last August\r\n", encoding="utf-8")
    before, events = disk_bytes(db_path), dict(window.document.timeline.events)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    choose(monkeypatch, bad)
    window.findChild(QAction, "action_import").trigger()
    assert len(warnings) == 1 and f"{bad}:3: start: cannot read 'last August' as a date" in warnings[0]
    assert window.document.timeline.events == events and window.document.undo_stack.count() == 0
    assert disk_bytes(db_path) == before


def drop_data(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def test_a_file_dropped_on_the_window_is_imported(qtbot, window, tmp_path):
    assert window.acceptDrops()
    path = edited_export(window, tmp_path)
    mime = drop_data(path)
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    qtbot.waitUntil(lambda: "added-1" in window.document.timeline.events)
    assert window.document.undo_stack.count() == 1


def test_a_drag_of_several_files_or_of_text_is_refused(qtbot, window, tmp_path):
    for mime in (drop_data(tmp_path / "a.csv", tmp_path / "b.csv"), QMimeData()):
        mime.setText("just text")
        enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        enter.ignore()
        QApplication.sendEvent(window, enter)
        assert not enter.isAccepted()


def test_cancelling_the_progress_dialog_imports_nothing_and_writes_no_export(qtbot, window, db_path, tmp_path, monkeypatch):
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    before = disk_bytes(db_path)
    choose(monkeypatch, edited_export(window, tmp_path))
    window.findChild(QAction, "action_import").trigger()
    assert "added-1" not in window.document.timeline.events and disk_bytes(db_path) == before
    assert "cancelled" in window.statusBar().currentMessage()
    target = tmp_path / "cancelled.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), args[-1]))
    window.findChild(QAction, "action_export_json").trigger()
    assert not target.exists() and list(tmp_path.glob(".cancelled.json*")) == []


@pytest.mark.parametrize("action, check", [
    ("action_export_json", lambda data, timeline: data["format"] == "kursk-timeline" and len(data["citations"]) == len(timeline.citations)),
    ("action_export_timelinejs", lambda data, timeline: {s["unique_id"] for s in data["events"]} == set(timeline.events)),
])
def test_json_and_timelinejs_exports_from_the_file_menu(qtbot, window, tmp_path, monkeypatch, action, check):
    target = tmp_path / "out.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), args[-1]))
    window.findChild(QAction, action).trigger()
    assert check(json.loads(target.read_text(encoding="utf-8")), window.document.timeline)
    assert window.settings.value("export/folder") == str(tmp_path)


def test_a_timeline_export_from_the_file_menu_is_read_back_with_every_event(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "out.timeline"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), args[-1]))
    window.findChild(QAction, "action_export_thetimelineproj").trigger()
    assert target.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="utf-8"?>\n<timeline>\n  <version>2.5.0</version>')
    read = read_file(target)
    assert sorted(e.title for e in read.events) == sorted(e.title for e in window.document.timeline.events.values())
