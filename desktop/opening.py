"""Opening a large database: its events are drawn at once, with a progress bar, while a
worker thread reads and builds the records; then the window the user edits in takes its
place. They are drawn from the columns kept beside the file when it was last written
whole (store/columns.py), read in a fraction of a second, or else from a sketch of the
file (store/sketch.py), which parses its events.

The sketch's window edits nothing: its view takes no clicks, it has no menus; once it has
painted, it keeps a picture of the frame and lets the sketch go. Everything
that can go wrong opening the file is raised as before, once the worker is done (the
sketch reads without checking, and writes nothing). A small file opens as it always did.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QProgressBar

from .model import Timeline
from .store import Store
from .store.columns import Columns
from .store.columns import load as load_columns
from .store.sketch import sketch
from .ui.canvas.lane_data import LaneData
from .ui.canvas.view import TimelineView
from .ui.context import APP_NAME
from .ui.recent import view_key
from .ui.selection import Selection

# Files from this size are sketched: about 20,000 realistic events, which open in a second or two.
SKETCH_FROM = 24 * 2**20
_STEPS = 1000  # of the progress bar
# How often the progress bar follows the worker. Each time, the interface thread takes the
# interpreter's lock from the worker: every 50 ms made the reading half as slow again on a
# busy machine, every 500 ms costs nothing measurable.
FOLLOW_MS = 300
T = TypeVar("T")


class Callout(NamedTuple):
    """What the callouts read of an annotated event."""

    id: str
    annotation: str


def first_frame(path: Path) -> Columns | None:
    """The file's events as its columns keep them, else as its sketch reads them; None if neither can."""
    return load_columns(path) or sketch(path)


class SketchWindow(QMainWindow):
    """The timeline's first frame, with the opening's progress in the status bar."""

    def __init__(self, path: Path, drawn: Columns | None, settings: QSettings) -> None:
        super().__init__()
        self.setObjectName("opening_window")
        title = f" — {drawn.title}" if drawn else ""
        self.setWindowTitle(f"{path.name}{title} — opening… — {APP_NAME}")
        self.view = TimelineView(Selection(self))
        self.view.setEnabled(False)  # nothing to select or drag yet: the records are being built
        self.setCentralWidget(self.view)
        self.progress = QProgressBar(maximum=_STEPS, textVisible=False, maximumWidth=240)  # the message beside it
        self.statusBar().addPermanentWidget(self.progress)
        what = f"{drawn.events:,} events" if drawn else path.name  # a file this large has thousands
        self.statusBar().showMessage(f"Opening {what}…")
        available = self.screen().availableGeometry()  # as the main window sizes itself, which replaces this one
        self.resize(min(1500, int(available.width() * 0.95)), min(980, int(available.height() * 0.95)))
        if geometry := settings.value("window/geometry"):
            self.restoreGeometry(geometry)
        if drawn is not None:
            # No event is built: the lanes are drawn from the columns, and the callouts read the notes.
            callouts = {key: Callout(key, note) for key, note in drawn.annotations.items()}
            lanes = [(lane.name, lane.colour, LaneData.of_columns(lane.ids, lane.titles, lane.statuses, lane.ends)) for lane in drawn.lanes]
            self.view.set_timeline(Timeline(title=drawn.title, events=callouts), drawn=lanes)
            if shown := settings.value(view_key(path, "view/range")):  # where the user left off
                self.view.getPlotItem().setXRange(*map(float, shown), padding=0)

    def freeze(self) -> None:
        """Keep the timeline as a picture of its frame, and let the lanes and the sketch go:
        they would hold every event a second time while the worker builds the records."""
        picture = QLabel(pixmap=self.view.grab(), scaledContents=True)
        picture.setObjectName("opening_picture")
        # Emptied first: the view's parts hold one another (signals, pyqtgraph's items), and
        # with the collector paused while opening, deleting it alone would keep the sketch.
        self.view.set_timeline(Timeline())
        self.setCentralWidget(picture)  # the view is deleted
        self.view = None

    def closeEvent(self, event) -> None:
        event.ignore()  # closed by the opening itself, once the file is read


class Opening:
    """Reading the file on a worker thread while ``window`` shows how far it is."""

    def __init__(self, lock: Any) -> None:
        self.lock = lock  # taken before the sketch: another writer is found before anything shows
        self.window: SketchWindow | None = None
        self.shared = 0.0  # written by the worker, read by the interface's timer

    def run(self, work: Callable[..., T]) -> T:
        """``work(held=…, progress=…)`` (Store.open's) on a worker thread, the interface
        painting meanwhile; its result, or the exception it raised, raised here."""
        outcome: dict[str, Any] = {}

        def told(share: float) -> None:
            self.shared = share

        def run() -> None:
            try:
                outcome["result"] = work(held=self.lock, progress=told)
            except BaseException as error:  # raised again on the interface's thread
                outcome["error"] = error

        thread = threading.Thread(target=run, name="opening", daemon=True)
        loop = QEventLoop()
        timer = QTimer(interval=FOLLOW_MS)

        def follow() -> None:
            self.window.progress.setValue(round(self.shared * _STEPS))
            if not thread.is_alive():
                loop.quit()

        timer.timeout.connect(follow)
        self.window.freeze()
        thread.start()
        timer.start()
        # Painting and timers only: a click elsewhere must not open this file again meanwhile.
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        timer.stop()
        thread.join()
        self.lock = None  # the store's now, or released by it
        if "error" in outcome:
            raise outcome["error"]
        self.window.progress.setValue(_STEPS)
        self.window.statusBar().showMessage("Laying out the timeline…")
        self.window.repaint()
        return outcome["result"]


@contextmanager
def sketched(path: Path, read_only: bool, settings: QSettings) -> Iterator[Opening | None]:
    """An Opening showing ``path``'s sketch if the file is large, else None (open it as
    usual). Raises DatabaseLocked, unless ``read_only``, before anything is shown."""
    try:
        large = path.is_file() and path.stat().st_size >= SKETCH_FROM
    except OSError:
        large = False
    if not large:
        yield None
        return
    opening = Opening(None if read_only else Store.locked(path))
    try:
        opening.window = SketchWindow(path, first_frame(path), settings)
        opening.window.show()
        QApplication.processEvents()  # laid out and exposed
        opening.window.repaint()  # the first frame, before the worker takes the processor
        yield opening
    finally:
        if opening.window is not None:
            opening.window.hide()
            opening.window.deleteLater()
        if opening.lock is not None:  # never handed to the store
            opening.lock.release()
