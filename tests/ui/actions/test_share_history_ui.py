"""History of this event, opened from the event's right-click menu, and the commit message
of edits made in the window, for a timeline shared through git."""
import dataclasses
import shutil

import pytest
from git_repos import git, shared_from_command_line
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from desktop.cli import main
from desktop.model import editing
from desktop.model.edits import Change
from desktop.share.history import shown
from desktop.store import Store
from desktop.ui.dialogs.history import HistoryDialog
from driving import choose, open_on, right_click_menu

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def shared(tmp_path, monkeypatch):
    """Ana's database, published; Ben renamed its first event and synced."""
    _, ana_repo, ana_db, ben_db = shared_from_command_line(tmp_path, monkeypatch)
    store = Store.open(ben_db)
    event = next(iter(store.load().events.values()))
    store.apply([Change("events", event.id, event, dataclasses.replace(event, title="Ben's title"))], ["Rename"])
    store.close()
    assert main(["share", "sync", "--db", str(ben_db)]) == 0
    return ana_db, ana_repo, event


def _history_dialog() -> HistoryDialog:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, HistoryDialog) and w.isVisible()]
    assert len(found) == 1
    return found[0]


def _rows(dialog: HistoryDialog) -> list[tuple[str, list[str]]]:
    tree = dialog.tree
    return [(tree.topLevelItem(i).text(1), [tree.topLevelItem(i).child(j).text(2) for j in range(tree.topLevelItem(i).childCount())])
            for i in range(tree.topLevelItemCount())]


def test_history_lists_each_commit_newest_first_with_old_and_new_values(qtbot, shared):
    db, repo, event = shared
    window = open_on(qtbot, db)
    window.findChild(QAction, "action_sync").trigger()
    view = window.timeline_view
    ctx = window.ctx
    rename = editing.put(ctx.timeline, "events", [dataclasses.replace(ctx.timeline.events[event.id], title="Ana's title")], "Rename")
    assert ctx.push(rename)

    choose(right_click_menu(qtbot, view, view.event_position(event.id)), "action_event_history")
    dialog = _history_dialog()
    assert "not here yet" in dialog.summary.text()  # Ana's rename is not synced
    assert _rows(dialog)[0] == ("Ben", [f"title: {shown(event.title)} → \"Ben's title\""])
    assert _rows(dialog)[-1][0] == "Ana" and _rows(dialog)[-1][1][-1] == f"event added: {shown(event.title)}"
    dialog.close()

    window.findChild(QAction, "action_sync").trigger()
    assert git(repo, "log", "-1", "--format=%s").strip() == rename.label  # as the Undo menu said
    window.findChild(QAction, "action_event_history").trigger()
    dialog = _history_dialog()
    assert "not here yet" not in dialog.summary.text()
    assert [who for who, _ in _rows(dialog)] == ["Ana", "Ben", "Ana"]
    assert _rows(dialog)[0][1] == ["title: \"Ben's title\" → \"Ana's title\""]
    dialog.close()


def test_history_of_an_unshared_timeline_says_why_there_is_none(qtbot, window):
    window.ctx.selection.set([next(iter(window.document.timeline.events))])
    window.findChild(QAction, "action_event_history").trigger()
    assert "not shared" in window.statusBar().currentMessage()


def test_the_exports_carry_who_last_changed_each_event_when_asked(qtbot, shared, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QCheckBox, QLineEdit, QPushButton

    from desktop.ui.actions import files
    from desktop.ui.dialogs.image_export import ImageExportDialog

    db, repo, event = shared
    window = open_on(qtbot, db)
    window.findChild(QAction, "action_sync").trigger()
    table = tmp_path / "changed.csv"
    monkeypatch.setattr(files, "ask_save_file", lambda *args: table)
    window.findChild(QAction, "action_export_csv_last_changed").trigger()
    header, *rows = table.read_text(encoding="utf-8").splitlines()
    assert header.endswith(",last_changed_by,last_changed_on")
    assert sum("Ben <ben@newsroom.example>" in row for row in rows) == 1

    window.findChild(QAction, "action_export_png").trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImageExportDialog) and w.isVisible())
    dialog.findChild(QLineEdit, "export_file").setText(str(tmp_path / "changed.svg"))
    asked = dialog.findChild(QCheckBox, "export_last_changed")
    assert asked.isVisible()
    qtbot.mouseClick(asked, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.findChild(QPushButton, "export_button"), Qt.MouseButton.LeftButton)
    picture = (tmp_path / "changed.svg").read_text(encoding="utf-8")
    assert "Last changed: " in picture and "Ben &lt;ben@newsroom.example&gt;" in picture


def test_an_undo_in_the_window_is_listed_as_the_undo_menu_named_it(qtbot, shared):
    db, repo, event = shared
    window = open_on(qtbot, db)
    ctx = window.ctx
    other = next(key for key in ctx.timeline.events if key != event.id)
    first = editing.put(ctx.timeline, "events", [dataclasses.replace(ctx.timeline.events[other], title="Kept")], "Rename")
    second = editing.put(ctx.timeline, "events", [dataclasses.replace(ctx.timeline.events[event.id], title="Undone")], "Rename")
    assert ctx.push(first) and ctx.push(second)
    window.document.undo_stack.undo()
    window.findChild(QAction, "action_sync").trigger()
    mine = git(repo, "log", "--no-merges", "--author=ana", "-1", "--format=%B").splitlines()
    assert mine[:5] == ["3 edits: 1 event changed", "", first.label, second.label, f"Undo {second.label}"]
