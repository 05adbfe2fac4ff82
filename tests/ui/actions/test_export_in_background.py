"""File ▸ Export writes on a worker thread, the window answering meanwhile; Cancel leaves
the file the user named as it was, and a failure is a message."""
import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog, QPushButton

from desktop.exchange.csv_format import csv_chunks
from desktop.ui.actions import files

WAIT_S = 20  # for what must happen long before: a test that fails does not hang


@pytest.fixture
def saving_to(monkeypatch):
    """The name the save dialog answers with."""

    def answer(path):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda parent, caption, start, filter: (str(path), filter))

    return answer


def writing_gated(monkeypatch, gate):
    """The export's writing, which at its first progress report calls ``gate`` on the
    worker thread before going on; returns the threads it ran on."""
    real, threads = files.write_file, []

    def write_file(timeline, path, fmt, progress):
        threads.append(threading.current_thread())
        first = [True]

        def report(done, total):
            if first[0]:
                first[0] = False
                gate()
            progress(done, total)

        real(timeline, path, fmt, report)

    monkeypatch.setattr(files, "write_file", write_file)
    return threads


def test_the_export_runs_on_a_worker_while_the_window_answers(qtbot, window, tmp_path, saving_to, monkeypatch):
    target = tmp_path / "kursk.csv"
    saving_to(target)
    answered = threading.Event()
    # The interface thread's timer can only fire while the writing waits if the writing is elsewhere.
    QTimer.singleShot(0, answered.set)
    threads = writing_gated(monkeypatch, lambda: answered.wait(WAIT_S))
    window.findChild(QAction, "action_export_csv").trigger()
    assert answered.is_set()
    assert threads and threads[0] is not threading.main_thread()
    assert target.read_bytes() == b"".join(csv_chunks(window.document.timeline))
    assert f"Exported {len(window.document.timeline.events)} events" in window.statusBar().currentMessage()


def test_cancel_leaves_the_old_file_and_no_half_written_one(qtbot, window, tmp_path, saving_to, monkeypatch):
    target = tmp_path / "kursk.csv"
    target.write_bytes(b"the user's own file")
    saving_to(target)
    started, go = threading.Event(), threading.Event()
    writing_gated(monkeypatch, lambda: (started.set(), go.wait(WAIT_S)))
    clicked = []

    def cancel_once_shown():  # on the interface thread, while the worker waits at its first report
        dialog = next((d for d in window.findChildren(QProgressDialog) if d.isVisible()), None)
        if started.is_set() and dialog is not None and not clicked:
            button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            clicked.append(True)
            go.set()

    poll = QTimer(interval=20)
    poll.timeout.connect(cancel_once_shown)
    poll.start()
    window.findChild(QAction, "action_export_csv").trigger()
    poll.stop()
    assert clicked
    assert target.read_bytes() == b"the user's own file"
    assert [p.name for p in tmp_path.iterdir() if p.name != "timeline.json" and not p.name.startswith("timeline.json")] == ["kursk.csv"]
    assert "cancelled: nothing was written" in window.statusBar().currentMessage()
    assert not any(d.isVisible() for d in QApplication.topLevelWidgets() if isinstance(d, QProgressDialog))


def test_a_file_that_cannot_be_written_is_a_message(qtbot, window, tmp_path, saving_to, monkeypatch):
    (tmp_path / "not a folder").write_text("")
    target = tmp_path / "not a folder" / "kursk.csv"
    saving_to(target)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    window.findChild(QAction, "action_export_csv").trigger()
    assert len(shown) == 1 and f"Could not write {target}" in shown[0] and "Not a directory" in shown[0]
    assert not target.exists()
