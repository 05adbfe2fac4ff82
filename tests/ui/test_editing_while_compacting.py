"""The window goes on taking edits while the whole file is written on a worker thread:
each is saved at once, to the journal, and survives the compaction and a reopening;
closing waits for the compaction rather than dropping it."""
import datetime as dt
import threading

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from desktop.app import APP_ID
from desktop.model import FuzzyDate
from desktop.store import Store
from desktop.store import compaction as compaction_module
from desktop.store.journal import journal_path, read
from desktop.ui.canvas.time_axis import epoch_seconds
from driving import open_on
from ui.canvas.test_timeline_editing import drag, shifted, titled


@pytest.fixture
def slow(monkeypatch):
    """Compactions start as soon as edits are saved, and their worker waits until ``slow.set()``."""
    gate = threading.Event()
    monkeypatch.setattr(compaction_module, "PACE", lambda: gate.wait(30))
    monkeypatch.setattr("desktop.document.COMPACT_AFTER_MS", 0)
    QSettings(APP_ID, APP_ID).clear()
    yield gate
    gate.set()  # never leave a worker waiting


def on_disk(db_path):
    return Store.open(db_path, read_only=True).load()


def drag_days(qtbot, window, event_id, days):
    view = window.timeline_view
    start = view.event_position(event_id)
    drag(qtbot, view, start, shifted(view, start, days))


def compacting_after_a_drag(qtbot, db_path):
    """The window, with Gornal's claim dragged 10 days on and the compaction that edit
    started under way (its worker waits); and the event."""
    window = open_on(qtbot, db_path)
    gornal = titled(window, "retaken Gornal")
    window.timeline_view.show_range(epoch_seconds(dt.date(2025, 4, 1)), epoch_seconds(dt.date(2025, 5, 10)))
    drag_days(qtbot, window, gornal.id, 10.3)
    qtbot.waitUntil(lambda: window.document.compacting)
    return window, gornal


def test_an_edit_made_while_the_file_is_written_is_saved_at_once_and_survives_a_reopening(qtbot, db_path, slow):
    window, gornal = compacting_after_a_drag(qtbot, db_path)
    drag_days(qtbot, window, gornal.id, 2.3)
    # Applied and on the disk while the compaction is still under way: nothing waited for it.
    assert window.document.compacting
    assert window.document.timeline.events[gornal.id].start == FuzzyDate.parse("2025-05-08")
    assert on_disk(db_path).events[gornal.id].start == FuzzyDate.parse("2025-05-08")
    slow.set()
    qtbot.waitUntil(lambda: not window.document.compacting)
    assert b'"2025-05-06"' in db_path.read_bytes()  # the file holds the first drag,
    assert len(read(journal_path(db_path)).edits) >= 1  # the journal what came after it
    window.close()
    assert on_disk(db_path).events[gornal.id].start == FuzzyDate.parse("2025-05-08")


def test_closing_the_window_waits_for_a_compaction_under_way(qtbot, db_path, slow):
    window, gornal = compacting_after_a_drag(qtbot, db_path)
    shown = []

    def look_then_let_it_finish():  # runs only if the window goes on handling events while it waits
        shown.extend(w.labelText() for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible())
        slow.set()

    QTimer.singleShot(300, look_then_let_it_finish)
    assert window.close()
    assert shown == ["Saving timeline.json…"]
    assert not journal_path(db_path).exists()
    assert b'"2025-05-06"' in db_path.read_bytes()
