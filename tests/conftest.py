import os
import tempfile

# Before Qt or platformdirs look: no screen, and no reading or writing the user's own
# settings and database from a test run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_home = tempfile.mkdtemp(prefix="kursk-timeline-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")

import pyqtgraph  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from desktop.dataset import load_dataset  # noqa: E402

# pyqtgraph drops mouse moves that come within 10 ms of the last one; a test's moves come
# faster or slower depending on the machine's load, so take every one.
pyqtgraph.setConfigOption("mouseRateLimit", -1)

# Tests assert behaviour, not time: no example fails for being slow on a loaded machine.
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")

for _format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):  # beyond Linux's XDG
    QSettings.setPath(_format, QSettings.Scope.UserScope, os.environ["XDG_CONFIG_HOME"])


@pytest.fixture(scope="session")
def kursk():
    return load_dataset()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "timeline.json"


@pytest.fixture
def window(qtbot, db_path):
    from desktop.app import APP_ID, create_window

    QSettings(APP_ID, APP_ID).clear()  # each test starts from a first launch
    win = create_window(db_path)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def window_on(qtbot, tmp_path):
    """A function that opens the main window, shown, on a new database holding ``timeline``."""
    from desktop.app import APP_ID, create_window
    from desktop.store import Store

    QSettings(APP_ID, APP_ID).clear()  # each test starts from a first launch

    def open_on(timeline, name: str = "timeline.json"):
        path = tmp_path / name
        Store.open(path, seed=lambda: timeline).close()
        window = create_window(path)
        qtbot.addWidget(window)
        window.show()
        return window

    return open_on


@pytest.fixture
def curate():
    """A function that does to an event in a database what a user does after an import:
    a remark, a status, a tag, a dispute and a citation of their own. Gives the timeline."""
    from dataclasses import replace

    from desktop.model import Citation, LinkType, Source, Status
    from desktop.model.links import made
    from desktop.model.edits import Change
    from desktop.store import Store

    def curate(db_path, event_id, disputes):
        store = Store.open(db_path)
        event = store.load().events[event_id]
        # A status the user picks is theirs: it no longer follows the citations.
        curated = replace(event, annotation="my remark", status=Status.CONFIRMED, status_auto=False, tags=(*event.tags, "mine"))
        link = made(event_id, disputes, LinkType.DISPUTES)
        source = Source("my-source", "My own source", "Ukraine crossed into Kursk on 6 August.")
        store.apply((
            Change("events", event_id, event, curated),
            Change("links", link.id, None, link),
            Change("sources", source.id, None, source),
            Change("citations", "my-citation", None, Citation("my-citation", event_id, source.id, "Ukraine crossed into Kursk", "BBC", offset=0)),
        ))
        store.close()
        return Store.open(db_path).load()

    return curate


@pytest.fixture(autouse=True)
def _windows_deleted(request):
    """After a test that used Qt: the clipboard emptied, since a QMimeData made in Python
    that it still holds when the process ends crashes it (the app keeps only the text at
    quit), and the test's windows deleted (pytest-qt only closes them), so that a run does
    not pile up hundreds of them until the interpreter's own teardown."""
    yield
    if "qtbot" not in request.fixturenames:
        return
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QMainWindow

    QApplication.clipboard().clear()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMainWindow):
            widget.close()
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
