"""The status bar of a shared timeline (edits waiting, commits to send, last sync), and a
sync cancelled from its progress dialog at each step, git included, without damage."""
import dataclasses
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from driving import open_on
from git_repos import git, shared_from_command_line
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QPushButton

from desktop.cli import main
from desktop.model import editing
from desktop.model.edits import Change
from desktop.share import git as share_git
from desktop.share.form import record_path
from desktop.share.status import standing
from desktop.store import Store

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
              pytest.mark.usefixtures("warnings")]  # no warning waits for a click


@dataclasses.dataclass
class Shared:
    db: Path
    repo: Path
    remote: Path
    ben_db: Path
    event_id: str


@pytest.fixture
def shared(tmp_path, monkeypatch):
    """Ana's database, published, and Ben's clone."""
    remote, repo, db, ben_db = shared_from_command_line(tmp_path, monkeypatch)
    event_id = next(iter(Store.open(db, read_only=True).load().events))
    return Shared(db, repo, remote, ben_db, event_id)


def _ben_renames(shared: Shared, title: str) -> None:
    store = Store.open(shared.ben_db)
    event = store.load().events[shared.event_id]
    store.apply([Change("events", event.id, event, dataclasses.replace(event, title=title))], ["Rename"])
    store.close()
    assert main(["share", "sync", "--db", str(shared.ben_db)]) == 0


def _rename(window, event_id: str, title: str) -> None:
    ctx = window.ctx
    assert ctx.push(editing.put(ctx.timeline, "events", [dataclasses.replace(ctx.timeline.events[event_id], title=title)], "Rename"))


def _indicator(window) -> str:
    return window.findChild(QLabel, "share_indicator").text()


def test_the_status_bar_counts_edits_waiting_and_commits_to_send_and_says_when_the_last_sync_was(qtbot, shared, monkeypatch):
    window = open_on(qtbot, shared.db)
    assert _indicator(window).startswith("Shared · no edits waiting · last sync ")
    calls, popen = [], subprocess.Popen
    with monkeypatch.context() as patched:
        patched.setattr(share_git.subprocess, "Popen", lambda *a, **k: calls.append(a) or popen(*a, **k))
        _rename(window, shared.event_id, "One")
        _rename(window, shared.event_id, "Two")
    assert _indicator(window).startswith("Shared · 2 edits not synced ·")
    assert calls == []  # an edit asks git nothing
    offline = shared.remote.rename(shared.remote.with_name("away.git"))
    window.findChild(QAction, "action_sync").trigger()
    assert "Not synced" in window.statusBar().currentMessage()
    assert "no edits waiting · 1 commit to send" in _indicator(window)
    offline.rename(shared.remote)
    window.findChild(QAction, "action_sync").trigger()
    assert "Pushed to origin/main" in window.statusBar().currentMessage()
    assert _indicator(window).startswith("Shared · no edits waiting · last sync ")


def test_commits_to_receive_are_counted_as_the_last_fetch_saw_them(shared):
    _ben_renames(shared, "Ben's")
    assert standing(shared.repo).behind == 0  # not fetched yet
    git(shared.repo, "fetch", "--quiet", "origin")
    assert (standing(shared.repo).ahead, standing(shared.repo).behind) == (0, 1)


def test_a_sync_that_could_not_reach_the_remote_is_not_the_last_sync(shared):
    reached = standing(shared.repo).last_sync
    assert reached is not None
    offline = shared.remote.rename(shared.remote.with_name("away.git"))
    assert main(["share", "sync", "--db", str(shared.db)]) == 0  # "Not synced: cannot reach origin"
    assert standing(shared.repo).last_sync == reached
    offline.rename(shared.remote)


def test_a_window_on_a_timeline_nobody_shares_shows_no_sharing_status(qtbot, window):
    assert not window.findChild(QLabel, "share_indicator").isVisible()


# git -C REPO <subcommand> ...: at the first run of $TARGET, optionally let it do its work
# ("after"; "half": a merge that has written the others' files but not yet MERGE_HEAD),
# then say so in $MARKER (its process id) and hang until stopped.
WRAPPER = """#!/bin/sh
if [ "$3" = "$TARGET" ] && [ ! -e "$MARKER" ]; then
  if [ "$MOMENT" != before ]; then "$REAL" "$@" || exit $?; fi
  if [ "$MOMENT" = half ]; then rm "$2/.git/MERGE_HEAD"; fi
  echo $$ > "$MARKER.tmp" && mv "$MARKER.tmp" "$MARKER"
  sleep 30
  exit 1
fi
exec "$REAL" "$@"
"""


@pytest.mark.parametrize(("target", "moment"), [*((target, moment) for target in ("update-index", "commit-tree", "fetch", "merge", "push")
                                                    for moment in ("before", "after")), ("merge", "half")])
def test_cancel_while_git_runs_at_each_step_stops_it_and_the_next_sync_completes(qtbot, shared, monkeypatch, tmp_path, target, moment, warnings):
    _ben_renames(shared, "Ben's")
    other = next(key for key in Store.open(shared.db, read_only=True).load().events if key != shared.event_id)
    window = open_on(qtbot, shared.db)
    _rename(window, other, "Ana's")
    wrapper_dir, marker = tmp_path / "bin", tmp_path / "running"
    wrapper_dir.mkdir()
    (wrapper_dir / "git").write_text(WRAPPER)
    (wrapper_dir / "git").chmod(0o755)
    monkeypatch.setenv("REAL", shutil.which("git"))
    monkeypatch.setenv("TARGET", target)
    monkeypatch.setenv("MOMENT", moment)
    monkeypatch.setenv("MARKER", str(marker))
    monkeypatch.setenv("PATH", f"{wrapper_dir}{os.pathsep}{os.environ['PATH']}")

    def press_cancel_once_git_hangs():
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        if marker.exists() and dialogs:
            watch.stop()
            qtbot.mouseClick(dialogs[0].findChild(QPushButton), Qt.MouseButton.LeftButton)

    watch = QTimer(interval=20, timeout=press_cancel_once_git_hangs)
    watch.start()
    window.findChild(QAction, "action_sync").trigger()
    watch.stop()
    assert marker.exists(), "git never ran " + target
    assert (warnings, "Sync cancelled" in window.statusBar().currentMessage()) == ([], True)
    with pytest.raises(ProcessLookupError):  # stopped, not left hanging
        os.kill(int(marker.read_text()), 0)
    assert window.document.timeline.events[other].title == "Ana's"
    assert not (Path(git(shared.repo, "rev-parse", "--absolute-git-dir").strip()) / "index.lock").exists()

    monkeypatch.setenv("TARGET", "none")
    window.findChild(QAction, "action_sync").trigger()
    assert "Pushed to origin/main" in window.statusBar().currentMessage() or "Up to date" in window.statusBar().currentMessage()
    assert warnings == []
    assert window.document.timeline.events[shared.event_id].title == "Ben's"
    assert git(shared.repo, "status", "--porcelain") == ""
    assert "no edits waiting · last sync" in _indicator(window)
    window.close()
    timeline = Store.open(shared.db, read_only=True).load()
    assert (timeline.events[other].title, timeline.events[shared.event_id].title) == ("Ana's", "Ben's")
    pushed = git(shared.remote, "show", f"main:{record_path('events', other)}")
    assert '"title": "Ana\'s"' in pushed
