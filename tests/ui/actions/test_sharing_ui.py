"""File ▸ Share… and Sync in the window: the others' edits come in as one undo step."""
import dataclasses
import shutil

import pytest
from driving import open_on
from git_repos import bare_remote, cloner, first_events, git, identify, publisher, shared_from_command_line, without_user_config
from PySide6.QtGui import QAction

from desktop.cli import main
from desktop.model.edits import Change, Edit
from desktop.share.form import record_path
from desktop.store import Store

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_sync_brings_the_others_edit_in_as_one_undo_step(qtbot, tmp_path, monkeypatch):
    remote, ana_repo, ana_db, ben_db = shared_from_command_line(tmp_path, monkeypatch)
    store = Store.open(ben_db)
    event = next(iter(store.load().events.values()))
    store.apply([Change("events", event.id, event, dataclasses.replace(event, title="Ben's title"))])
    store.close()
    assert main(["share", "sync", "--db", str(ben_db)]) == 0

    window = open_on(qtbot, ana_db)
    document = window.ctx.document
    window.findChild(QAction, "action_sync").trigger()
    assert document.timeline.events[event.id].title == "Ben's title"
    assert document.undo_stack.undoText() == "Sync with origin: 1 event changed by ben@newsroom.example"
    assert "Up to date" in window.statusBar().currentMessage()
    document.undo_stack.undo()
    assert document.timeline.events[event.id].title == event.title
    assert git(ana_repo, "log", "-1", "--format=%ae").strip() == "ben@newsroom.example"


def test_share_publishes_into_the_folder_chosen_and_then_says_where(qtbot, tmp_path, monkeypatch, db_path):
    from desktop.ui.actions import sharing

    without_user_config(tmp_path / "home", monkeypatch)
    repo = tmp_path / "shared"
    repo.mkdir()
    git(repo, "init", "--quiet")
    identify(repo, "ana")
    monkeypatch.setattr(sharing, "ask_folder", lambda *args: repo)
    window = open_on(qtbot, db_path)
    window.findChild(QAction, "action_share").trigger()
    assert "Published" in window.statusBar().currentMessage()
    assert git(repo, "log", "--format=%ae").split() == ["ana@newsroom.example"]
    window.findChild(QAction, "action_share").trigger()
    assert f"Shared through {repo.resolve()}" in window.statusBar().currentMessage()


def test_a_sync_cancelled_between_steps_changes_nothing_and_says_the_edits_wait(qtbot, tmp_path, monkeypatch):
    from contextlib import contextmanager

    from desktop.exchange.reading import Cancelled
    from desktop.ui.actions import sharing

    remote, repo, db, _ = shared_from_command_line(tmp_path, monkeypatch, ben=False)
    pushed = git(remote, "rev-parse", "main")

    @contextmanager
    def cancelled_at_fetch(*args, **kwargs):
        def report(done, total):
            if done == 1:  # the Cancel button, pressed while the edits were committed
                raise Cancelled

        yield report

    monkeypatch.setattr(sharing, "progress_dialog", cancelled_at_fetch)
    window = open_on(qtbot, db)
    document = window.ctx.document
    event = next(iter(document.timeline.events.values()))
    assert window.ctx.push(Edit("Rename", (Change("events", event.id, event, dataclasses.replace(event, title="Mine")),)))
    window.findChild(QAction, "action_sync").trigger()
    assert "Sync cancelled" in window.statusBar().currentMessage()
    assert git(remote, "rev-parse", "main") == pushed
    assert document.timeline.events[event.id].title == "Mine"


def _both_changed_title_and_notes(tmp_path, monkeypatch):
    """Ben's title and notes of an event pushed; Ana's of the same event waiting in her database."""
    without_user_config(tmp_path / "home", monkeypatch)
    remote = bare_remote(tmp_path / "remote.git")
    ana, ben = publisher(tmp_path, remote, "ana"), cloner(tmp_path, remote, "ben")
    event = first_events(ana, 1)[0]
    ben.edit("events", event.id, title="Ben's title", notes="Ben's notes")
    ben.sync()
    ana.edit("events", event.id, title="Ana's title", notes="Ana's notes")
    return remote, ana, event


def _when_the_dialog_shows(qtbot, window, act):
    """``act(dialog)`` once the conflicts dialog is up (it runs modal, inside the sync)."""
    from PySide6.QtCore import QTimer

    from desktop.ui.dialogs.conflicts import ConflictsDialog

    def look():
        shown = [dialog for dialog in window.findChildren(ConflictsDialog) if dialog.isVisible()]
        if shown:
            act(shown[0])
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def test_conflicting_fields_are_picked_in_a_dialog_and_the_merge_comes_in_as_one_undo_step(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop.ui.dialogs.conflicts import MINE, THEIRS

    remote, ana, event = _both_changed_title_and_notes(tmp_path, monkeypatch)
    window = open_on(qtbot, ana.db)
    document = window.ctx.document
    seen = {}

    def theirs_title_my_notes(dialog):
        seen["heading"] = dialog.table.item(0, 0).text()
        seen["rows"] = [(c.field, *(dialog.table.item(row, column).text() for column in (MINE, THEIRS)))
                        for c, row in zip(dialog.conflicts, dialog.rows)]
        qtbot.mouseClick(dialog.all_theirs, Qt.MouseButton.LeftButton)
        notes = next(k for k, c in enumerate(dialog.conflicts) if c.field == "notes")
        mine = dialog.mine[notes]
        qtbot.mouseClick(mine, Qt.MouseButton.LeftButton, pos=QPoint(8, mine.height() // 2))  # on its round button
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    _when_the_dialog_shows(qtbot, window, theirs_title_my_notes)
    window.findChild(QAction, "action_sync").trigger()
    assert seen["heading"] == f"Event 'Ana's title' ({event.start.label()})"
    assert seen["rows"] == [("notes", "Ana's notes", "Ben's notes"), ("title", "Ana's title", "Ben's title")]
    merged = document.timeline.events[event.id]
    assert (merged.title, merged.notes) == ("Ben's title", "Ana's notes")
    assert Store.open(ana.db, read_only=True).load().events[event.id] == merged
    assert document.undo_stack.undoText() == "Sync with origin: 1 event changed by ben@newsroom.example"
    assert "Pushed to origin/main" in window.statusBar().currentMessage()
    pushed = git(remote, "show", f"main:{record_path('events', event.id)}")
    assert '"title": "Ben\'s title"' in pushed and '"notes": "Ana\'s notes"' in pushed
    assert git(remote, "log", "-1", "--format=%ae %s", "main").strip() == "ana@newsroom.example Sync with origin: 1 event changed by ben@newsroom.example"
    document.undo_stack.undo()
    assert (document.timeline.events[event.id].title, document.timeline.events[event.id].notes) == ("Ana's title", "Ana's notes")


def test_cancelling_the_conflicts_dialog_leaves_the_timeline_as_it_was(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    remote, ana, event = _both_changed_title_and_notes(tmp_path, monkeypatch)
    pushed = git(remote, "rev-parse", "main")
    window = open_on(qtbot, ana.db)
    _when_the_dialog_shows(qtbot, window, lambda dialog: qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel),
                                                                          Qt.MouseButton.LeftButton))
    window.findChild(QAction, "action_sync").trigger()
    assert "Sync cancelled" in window.statusBar().currentMessage()
    assert window.ctx.document.timeline.events[event.id].title == "Ana's title"
    assert Store.open(ana.db, read_only=True).load().events[event.id].title == "Ana's title"
    assert git(remote, "rev-parse", "main") == pushed and not (ana.repo / ".git" / "MERGE_HEAD").exists()


def test_the_dialog_names_a_link_by_its_events():
    from desktop.dataset import load_dataset
    from desktop.model import LinkType
    from desktop.model.links import made
    from desktop.share.conflicts import Conflict
    from desktop.ui.dialogs.conflicts import record_label

    timeline = load_dataset()
    one, two = list(timeline.events.values())[:2]
    link = made(one.id, two.id, LinkType.DISPUTES)
    timeline.links[link.id] = link
    conflict = Conflict(f"{record_path('links', link.id)}", "links", link.id, "note", "a", "b")
    assert record_label(conflict, timeline) == f"Link '{one.title}' disputes '{two.title}'"


def test_a_long_value_in_the_conflicts_dialog_is_shown_whole_wrapped_and_clicking_it_picks_it(qtbot):
    from PySide6.QtCore import QRect, Qt

    from desktop.model import Timeline
    from desktop.share.conflicts import Conflict
    from desktop.ui.dialogs.conflicts import MINE, THEIRS, ConflictsDialog

    mine = "My note: " + "the article gives no date for their arrival, " * 3
    theirs = "Their note: " + "dated by the counter-offensive it is said to have joined, " * 3
    dialog = ConflictsDialog([Conflict("events/e.json", "events", "e", "notes", mine, theirs, "")], Timeline())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table, row = dialog.table, dialog.rows[0]
    for column, value in ((MINE, mine), (THEIRS, theirs)):
        assert table.item(row, column).text() == value
        cell = table.visualItemRect(table.item(row, column))
        needed = table.fontMetrics().boundingRect(QRect(0, 0, cell.width() - 8, 10_000), Qt.TextFlag.TextWordWrap, value)
        assert cell.width() < table.fontMetrics().horizontalAdvance(value)  # wrapped, not cut at the cell's edge
        assert needed.height() <= cell.height()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(table.item(row, THEIRS)).center())
    assert dialog.choices() == {("events/e.json", "notes"): theirs}


def test_a_timeline_renamed_on_both_sides_is_picked_in_the_dialog_and_the_window_title_follows(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QMenu

    from desktop.model.heading import retitled
    from driving import choose

    without_user_config(tmp_path / "home", monkeypatch)
    remote = bare_remote(tmp_path / "remote.git")
    ana, ben = publisher(tmp_path, remote, "ana"), cloner(tmp_path, remote, "ben")
    ben.apply(*retitled(ben.timeline(), "Ben's name").changes)
    ben.sync()
    window = open_on(qtbot, ana.db)
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Ana's name", True))
    [file_menu] = [menu for menu in window.menuBar().findChildren(QMenu) if menu.title().replace("&", "") == "File"]
    choose(file_menu, "action_rename_timeline")
    seen = {}

    def theirs(dialog):
        seen["heading"] = dialog.table.item(0, 0).text()
        qtbot.mouseClick(dialog.all_theirs, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    _when_the_dialog_shows(qtbot, window, theirs)
    window.findChild(QAction, "action_sync").trigger()
    assert seen["heading"] == "The timeline's title and declared lanes"
    assert window.ctx.document.timeline.title == "Ben's name" and "— Ben's name —" in window.windowTitle()
    assert window.ctx.document.undo_stack.undoText() == "Sync with origin: the title changed by ben@newsroom.example"
    assert '"title": "Ben\'s name"' in git(remote, "show", "main:timeline.json")
