"""Each timeline keeps its own view; the window names its file; a launch opens the file
named, or the one opened last."""
import pytest

from desktop.app import APP_ID
from driving import open_on
from desktop.cli import main
from desktop.store import Store
from PySide6.QtCore import QSettings
from desktop.ui.recent import KEEP, opened, recent


def test_each_timeline_keeps_its_own_view_and_selection(qtbot, tmp_path, kursk):
    QSettings(APP_ID, APP_ID).clear()
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    for path in (first, second):
        Store.open(path, seed=lambda: kursk).close()
    a = open_on(qtbot, first)
    assert a.windowTitle().startswith("first.json — ")
    event = next(iter(kursk.events))
    a.timeline_view.select([event])
    a.timeline_view.getPlotItem().setXRange(1.73e9, 1.74e9, padding=0)
    a.close()
    b = open_on(qtbot, second)  # not the view the other file was left in
    assert b.windowTitle().startswith("second.json — ")
    assert b.timeline_view.selected_ids() == []
    assert b.timeline_view.getPlotItem().viewRange()[0] != pytest.approx([1.73e9, 1.74e9])
    b.close()
    again = open_on(qtbot, first)
    assert again.timeline_view.selected_ids() == [event]
    assert again.timeline_view.getPlotItem().viewRange()[0] == pytest.approx([1.73e9, 1.74e9])
    assert recent(QSettings(APP_ID, APP_ID))[:2] == [first.resolve(), second.resolve()]


def test_the_recent_files_are_the_last_ten_newest_first_and_still_there(tmp_path):
    settings = QSettings(APP_ID, APP_ID)
    settings.clear()
    files = [tmp_path / f"t{n}.json" for n in range(KEEP + 2)]
    for path in files:
        path.write_text("{}")
        opened(settings, path)
    opened(settings, files[3])  # again: first, not twice
    assert recent(settings) == [files[3].resolve(), *[f.resolve() for f in reversed(files) if f != files[3]]][:KEEP]
    files[-1].unlink()
    assert files[-1].resolve() not in recent(settings)


def test_a_file_named_on_the_command_line_is_opened_and_none_reopens_the_last(tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr("desktop.app.run_gui", lambda db, empty=False: asked.append(db) or 0)
    assert main([str(tmp_path / "mine.json")]) == 0
    assert main([]) == 0
    assert asked == [tmp_path / "mine.json", None]


def test_file_rename_timeline_is_one_undo_step_saved_and_the_window_title_follows(qtbot, window, db_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog, QMenu
    from driving import choose

    original = window.document.timeline.title
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("  Kursk, as the newsroom shares it ", True))
    [file_menu] = [menu for menu in window.menuBar().findChildren(QMenu) if menu.title().replace("&", "") == "File"]
    choose(file_menu, "action_rename_timeline")
    assert window.document.undo_stack.undoText() == "Rename timeline to 'Kursk, as the newsroom shares it'"
    assert "— Kursk, as the newsroom shares it —" in window.windowTitle()
    assert Store.open(db_path, read_only=True).load().title == "Kursk, as the newsroom shares it"
    window.document.undo_stack.undo()
    assert f"— {original} —" in window.windowTitle()
    assert Store.open(db_path, read_only=True).load().title == original
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("   ", True))
    choose(file_menu, "action_rename_timeline")  # nothing typed: nothing renamed
    assert window.document.timeline.title == original and window.document.undo_stack.count() == 1
