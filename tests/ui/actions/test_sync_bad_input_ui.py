"""Sync in the window when things are not as they should be: what it sends is always what
the database holds."""
import dataclasses
import shutil

import pytest
from driving import open_on
from git_repos import git, shared_from_command_line
from PySide6.QtGui import QAction

from desktop.model import editing
from desktop.share.form import record_path

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
              pytest.mark.usefixtures("warnings")]  # no warning waits for a click


def test_edits_the_disk_has_not_taken_yet_are_not_sent_until_they_are_saved(qtbot, tmp_path, monkeypatch, warnings):
    remote, repo, db, _ = shared_from_command_line(tmp_path, monkeypatch, ben=False)
    pushed = git(remote, "rev-parse", "main")
    window = open_on(qtbot, db)
    document = window.ctx.document
    saving = document.store.apply

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(document.store, "apply", disk_full)
    event = next(iter(document.timeline.events.values()))
    try:
        assert window.ctx.push(editing.put(document.timeline, "events", [dataclasses.replace(event, title="Waiting for the disk")], "Rename"))
        assert document.unsaved
        window.findChild(QAction, "action_sync").trigger()
        assert git(remote, "rev-parse", "main") == pushed and git(repo, "rev-parse", "HEAD") == pushed  # neither sent nor committed
        assert "Not synced: 1 edit not saved yet (No space left on device)" in warnings[-1]
    finally:
        monkeypatch.setattr(document.store, "apply", saving)  # the disk has room again
        document.retry()
    window.findChild(QAction, "action_sync").trigger()
    assert "Pushed to origin/main" in window.statusBar().currentMessage()
    assert '"title": "Waiting for the disk"' in git(remote, "show", f"main:{record_path('events', event.id)}")
