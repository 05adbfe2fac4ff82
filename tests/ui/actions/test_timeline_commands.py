"""File ▸ New timeline, Open, Open recent, Save a copy, Close: a window per timeline, each
with its lock; a file open in a window already is brought forward, not opened twice."""
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.store import Store
from desktop.ui.main_window import MainWindow


def windows_on(path):
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible() and w.document.store.path.resolve() == path.resolve()]


def test_open_shows_another_timeline_in_its_own_window_once(qtbot, window, tmp_path, kursk, monkeypatch):
    other = tmp_path / "other.json"
    Store.open(other, seed=lambda: kursk).close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(other), "Timelines (*.json)"))
    window.command_actions["action_open_timeline"].trigger()
    [opened] = windows_on(other)  # deleted when closed, as every window opened from the menu
    assert opened is not window and opened.windowTitle().startswith("other.json — ") and not opened.document.read_only
    window.command_actions["action_open_timeline"].trigger()  # open already: that window, not another
    assert windows_on(other) == [opened]
    opened.command_actions["action_close_timeline"].trigger()
    assert windows_on(other) == []
    Store.open(other).close()  # its lock let go: it opens for writing


def test_new_timeline_starts_empty_and_save_a_copy_writes_the_whole_timeline(qtbot, window, tmp_path, monkeypatch):
    copy, new = tmp_path / "copy.json", tmp_path / "new.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(copy), ""))
    window.command_actions["action_save_copy"].trigger()
    assert Store.open(copy, read_only=True).load().to_dict() == window.document.timeline.to_dict()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(new), ""))
    window.command_actions["action_new_timeline"].trigger()
    [fresh] = windows_on(new)
    assert not fresh.document.timeline.events

    recent = fresh.command_actions["action_open_recent"].menu()  # a submenu of the timelines opened before
    recent.popup(fresh.pos())
    qtbot.waitUntil(recent.isVisible)
    entries = [a for a in recent.actions() if a.data()]
    assert [a.data() for a in entries] == [str(window.document.store.path.resolve())]
    entries[0].trigger()
    assert windows_on(window.document.store.path) == [window]
    recent.close()
    [clear] = [a for a in recent.actions() if a.objectName() == "action_clear_recent"]
    clear.trigger()
    recent.popup(fresh.pos())
    qtbot.waitUntil(recent.isVisible)
    assert not [a for a in recent.actions() if a.data()]
    assert not next(a for a in recent.actions() if a.objectName() == "action_clear_recent").isEnabled()
    recent.close()
    assert fresh.settings.value("recent/files") == [str(new.resolve())]  # a launch with no file still reopens it
    fresh.close()
    assert windows_on(new) == []


def test_a_timeline_open_in_a_minimized_window_is_brought_back_on_screen(qtbot, window, tmp_path, kursk, monkeypatch):
    other = tmp_path / "other.json"
    Store.open(other, seed=lambda: kursk).close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(other), "Timelines (*.json)"))
    window.command_actions["action_open_timeline"].trigger()
    [opened] = windows_on(other)
    opened.showMinimized()
    assert opened.isMinimized()
    window.command_actions["action_open_timeline"].trigger()
    assert windows_on(other) == [opened] and not opened.isMinimized()
    opened.close()
