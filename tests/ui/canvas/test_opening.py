"""A large timeline opens drawn at once: its events are drawn from the columns kept beside
the file (or, without them, sketched from the file), with a progress bar, while a worker
thread builds the records; then it edits as always. A file found damaged late in the
reading is reported as before, and nothing is written."""
import threading

import pytest
from PySide6.QtCore import QPoint, QPointF, QTimer
from PySide6.QtWidgets import QApplication, QProgressBar

from benchmarks.synthetic import acled_imported
from desktop import app
from desktop.app import create_window
from desktop.model import Event, FuzzyDate
from desktop.store import CorruptDatabase, Store
from desktop.store.columns import columns_path
from desktop.ui.canvas.time_axis import epoch_seconds
from test_timeline_editing import drag


@pytest.fixture(params=["sketched", "kept columns", "damaged columns"])
def big(request, tmp_path, monkeypatch):
    """A database the window opens drawn (whatever its size), with a lone event to drag:
    from its sketch, from the columns its closing kept (the file is never sketched), or
    from its sketch as its columns are damaged."""
    monkeypatch.setattr("desktop.opening.SKETCH_FROM", 0)
    if request.param != "sketched":
        monkeypatch.setattr("desktop.store.columns.KEPT_FROM", 0)
    timeline = acled_imported(3000)
    lone = Event("lone", "A lone report", FuzzyDate.parse("2025-06-20"), lane="Russia")
    timeline.events[lone.id] = lone
    path = tmp_path / "big.json"
    Store.open(path, seed=lambda: timeline).close()
    assert columns_path(path).exists() == (request.param != "sketched")
    if request.param == "kept columns":
        monkeypatch.setattr("desktop.opening.sketch", lambda path: None)
    elif request.param == "damaged columns":
        columns_path(path).write_bytes(columns_path(path).read_bytes()[:-100])
    return path


def held_back(monkeypatch):
    """Opening's reading of the file waits for the event returned to be set."""
    go, reading = threading.Event(), app.open_database

    def waiting(*args, **kwargs):
        go.wait(60)
        return reading(*args, **kwargs)

    monkeypatch.setattr(app, "open_database", waiting)
    return go


def x_of(view, day: str) -> float:
    """Where ``day`` begins in the view's viewport."""
    at = QPointF(epoch_seconds(FuzzyDate.parse(day).earliest), 0)
    return view.mapFromScene(view.getViewBox().mapViewToScene(at)).x()


def opening_window():
    return next((w for w in QApplication.topLevelWidgets() if w.objectName() == "opening_window" and w.isVisible()), None)


def test_the_events_show_with_a_progress_bar_before_the_records_are_read_and_edit_once_they_are(qtbot, big, monkeypatch):
    go = held_back(monkeypatch)
    seen = {}

    def look():  # the opening window shown, the worker not started yet
        sketch = opening_window()
        try:
            view = sketch.view
            seen["events"] = sorted(i for lane in view._lanes.values() for i in lane.data.ids)
            seen["takes clicks"] = view.isEnabled()
            view.show_range(epoch_seconds(FuzzyDate.parse("2025-06-10").earliest), epoch_seconds(FuzzyDate.parse("2025-06-30").earliest))
            seen["lone at"] = view.mapTo(sketch, view.event_position("lone"))
            QTimer.singleShot(100, while_reading)
        except Exception as error:  # raised from a timer inside the opening, it would stop the process
            seen["error"] = repr(error)
            go.set()

    def while_reading():  # the worker waiting: what the window shows meanwhile
        sketch = opening_window()
        try:
            seen["message"] = sketch.statusBar().currentMessage()
            seen["progress"] = sketch.findChild(QProgressBar).isVisible()
            seen["main windows"] = [w for w in QApplication.topLevelWidgets() if w.objectName() == "main_window"]
            image = sketch.grab().toImage()  # the offscreen screen has one pixel a point
            seen["lone drawn"] = image.pixelColor(seen["lone at"]).lightness() < 200
            seen["beside it"] = image.pixelColor(seen["lone at"] + QPoint(0, 40)).lightness()
        except Exception as error:
            seen["error"] = repr(error)
        finally:
            go.set()

    QTimer.singleShot(0, look)
    window = create_window(big)
    qtbot.addWidget(window)

    assert "error" not in seen, seen["error"]
    assert seen["events"] == sorted(Store.open(big, read_only=True).load().events)
    assert seen["message"] == "Opening 3,001 events…" and seen["progress"]
    assert seen["main windows"] == [] and not seen["takes clicks"]  # nothing to edit in yet
    assert seen["lone drawn"] and seen["beside it"] > 200
    assert opening_window() is None

    window.resize(1400, 800)
    window.show()
    qtbot.waitExposed(window)
    view = window.timeline_view
    view.show_range(epoch_seconds(FuzzyDate.parse("2025-06-10").earliest), epoch_seconds(FuzzyDate.parse("2025-06-30").earliest))
    qtbot.wait(5)
    start = view.event_position("lone")
    drag(qtbot, view, start, start + QPoint(round(x_of(view, "2025-06-23") - x_of(view, "2025-06-20")), 0))
    assert window.document.timeline.events["lone"].start == FuzzyDate.parse("2025-06-23")
    window.close()
    assert Store.open(big, read_only=True).load().events["lone"].start == FuzzyDate.parse("2025-06-23")


def test_a_file_found_damaged_at_its_end_is_reported_as_before_and_nothing_is_written(qtbot, big):
    data = big.read_bytes()
    last = data.rindex(b'"title":')  # the last source's, the last table read
    damaged = data[:last] + b'"title":5,' + data[data.index(b",", last) + 1:]
    big.write_bytes(damaged)
    before = sorted(big.parent.iterdir())
    seen = []
    QTimer.singleShot(0, lambda: seen.append(opening_window() is not None))

    with pytest.raises(CorruptDatabase, match="sources document [0-9]+ is invalid"):
        create_window(big)

    assert seen == [True]  # it was being shown
    assert opening_window() is None
    assert big.read_bytes() == damaged and sorted(big.parent.iterdir()) == before
    store = Store.open(big)  # the lock was let go
    with pytest.raises(CorruptDatabase, match="sources document"):
        store.load()
    store.lock.release()
