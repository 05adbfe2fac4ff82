"""One writer at a time: another process holding the database is named, read-only
opening still works, and a killed holder's lock is recovered by itself."""
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtGui import QAction

from paths import ROOT
from desktop.cli import main
from desktop.dataset import load_dataset
from desktop.model import editing
from desktop.store import DatabaseLocked, Store, StoreError
from disk import disk_bytes

HOLDER = textwrap.dedent("""
    import sys
    from desktop.store import Store
    store = Store.open(sys.argv[1])
    print("open", flush=True)
    sys.stdin.read()  # until told to go
""")


@pytest.fixture
def other_instance(db_path):
    """Another process with the database open for writing, as a second app would."""
    Store.open(db_path, seed=load_dataset).close()  # seeded by this process first
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout.readline() == "open\n"
    yield child
    child.kill()
    child.wait()


def test_a_second_writer_is_refused_and_told_who_holds_it(db_path, other_instance):
    with pytest.raises(DatabaseLocked, match=f"pid {other_instance.pid}"):
        Store.open(db_path)


def test_read_only_opening_reads_and_never_writes(db_path, other_instance):
    before = disk_bytes(db_path)
    store = Store.open(db_path, read_only=True)
    timeline = store.load()
    event = next(iter(timeline.events.values()))
    with pytest.raises(StoreError, match="read-only"):
        store.apply(editing.move_events(timeline, [event.id], 3).changes)
    store.close()
    assert disk_bytes(db_path) == before


def test_the_command_line_exports_while_the_app_is_open_but_does_not_import(tmp_path, db_path, other_instance, capsys):
    out = tmp_path / "out.csv"
    assert main(["export", str(out), "--db", str(db_path)]) == 0
    assert main(["import", str(out), "--db", str(db_path)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and f"pid {other_instance.pid}" in error


def test_a_killed_instance_leaves_no_lock_behind(db_path, other_instance):
    other_instance.send_signal(signal.SIGKILL)
    other_instance.wait()
    Store.open(db_path).close()


def test_a_read_only_window_says_so_and_refuses_edits(qtbot, db_path, other_instance):
    from desktop.app import create_window

    window = create_window(db_path, read_only=True)
    qtbot.addWidget(window)
    before = disk_bytes(db_path)
    assert "(read-only)" in window.windowTitle()
    assert not window.findChild(QAction, "action_new_event").isEnabled()
    assert not window.findChild(QAction, "action_import").isEnabled()
    timeline = window.document.timeline
    event = next(e for e in timeline.events.values() if e.start.day)
    assert not window.ctx.push(editing.move_events(timeline, [event.id], 3))
    assert "read-only" in window.statusBar().currentMessage()
    assert window.document.undo_stack.count() == 0 and disk_bytes(db_path) == before


def test_the_app_offers_read_only_when_another_window_holds_the_database(qapp, db_path, other_instance, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop import app

    shown = {}

    def answer(box):
        shown["text"] = box.text()
        shown["button"] = box.button(QMessageBox.StandardButton.Open).text()
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "exec", answer)
    with pytest.raises(DatabaseLocked) as locked:
        Store.open(db_path)
    assert app._read_only_instead(locked.value)
    assert f"pid {other_instance.pid}" in shown["text"] and shown["button"] == "Open read-only"


def test_a_corrupt_file_another_window_holds_is_neither_moved_nor_replaced(db_path, other_instance):
    from datetime import datetime, timezone

    from desktop.recovery import recover, restore
    from desktop.store import CorruptDatabase
    from desktop.store.backups import Backup

    db_path.write_bytes(b"{not json")
    found = recover(CorruptDatabase(db_path, "not valid JSON"))
    assert found.moved_to is None and "open in another window" in found.why_not_moved
    assert db_path.read_bytes() == b"{not json"
    spare = db_path.with_name("spare.json")
    spare.write_bytes(b"{}")
    with pytest.raises(OSError, match="open in another window"):
        restore(Backup(spare, datetime.now(timezone.utc)), db_path)
    assert db_path.read_bytes() == b"{not json"


def test_a_large_file_another_window_holds_is_refused_before_it_is_read_and_opens_read_only_sketched(qtbot, db_path, other_instance, monkeypatch):
    from desktop.app import create_window
    from desktop.store import sketch as sketching

    monkeypatch.setattr("desktop.opening.SKETCH_FROM", 0)  # sketched, whatever its size
    read = []
    monkeypatch.setattr("desktop.opening.sketch", lambda path: read.append(path) or sketching.sketch(path))

    with pytest.raises(DatabaseLocked):
        create_window(db_path)
    assert read == []  # refused before anything was read or shown

    window = create_window(db_path, read_only=True)
    qtbot.addWidget(window)
    assert read == [db_path] and "(read-only)" in window.windowTitle()
    assert window.document.timeline.events.keys() == load_dataset().events.keys()
