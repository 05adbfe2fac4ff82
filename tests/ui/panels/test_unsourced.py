"""An event nobody is cited for is unsourced: its own mark, legend entry and filter."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from desktop.model import Status
from desktop.store import Store
from desktop.ui.canvas.marks import marker_icon


def on_disk(db_path):
    return Store.open(db_path, read_only=True).load()


def tick(button, text):
    next(a for a in button.menu().actions() if a.text() == text).trigger()


def test_a_new_event_is_unsourced_until_cited_and_the_filter_finds_it(qtbot, window, db_path):
    before = set(window.document.timeline.events)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    [new] = [e for e in on_disk(db_path).events.values() if e.id not in before]
    assert (new.status, new.status_auto) == (Status.UNSOURCED, True)
    assert window.findChild(QComboBox, "edit_status").currentText() == "Automatic (from citations): unsourced"

    tick(window.filter_bar.filter_statuses, "unsourced")
    shown = set()
    for event_id in window.document.timeline.events:
        try:
            window.timeline_view.event_position(event_id)
            shown.add(event_id)
        except LookupError:
            pass
    assert shown == {new.id}  # the seed timeline cites every one of its events


def test_the_legend_explains_the_unsourced_mark_which_differs_from_every_other(window):
    legend = window.findChild(QWidget, "status_legend")
    texts = [label.text() for label in legend.findChildren(QLabel)]
    assert "unsourced" in texts
    icon = legend.findChildren(QLabel)[texts.index("unsourced") - 1]
    assert icon.toolTip() == "unsourced: no citation yet"
    unsourced = marker_icon(Status.UNSOURCED).toImage()
    assert all(marker_icon(status).toImage() != unsourced for status in Status if status is not Status.UNSOURCED)
