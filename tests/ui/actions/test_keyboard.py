"""Moving about the timeline with the keyboard, and the list of shortcuts, which the
commands' declarations make."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QTableWidget

from desktop.model.navigation import step_in_time
from desktop.ui.actions import commands

NONE, CTRL, ALT = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


def press(qtbot, window, key, modifier=NONE):
    view = window.timeline_view
    view.setFocus()
    QApplication.processEvents()
    qtbot.keyClick(view, key, modifier)
    return view.selected_ids()


def titled(window, words):
    return next(e for e in window.document.timeline.events.values() if words in e.title)


def in_time(window):
    return sorted(window.document.timeline.events.values(), key=lambda e: (e.start.earliest, e.start.latest, e.title, e.id))


def test_ctrl_arrows_step_through_every_event_in_time_and_keep_it_in_view(qtbot, window):
    ordered = in_time(window)
    assert press(qtbot, window, Qt.Key.Key_Right, CTRL) == [ordered[0].id]  # from nothing: the first
    assert press(qtbot, window, Qt.Key.Key_Right, CTRL) == [ordered[1].id]
    assert press(qtbot, window, Qt.Key.Key_Left, CTRL) == [ordered[0].id]
    view = window.timeline_view
    view.zoom(0.05)  # the last event is out of view now
    window.timeline_view.select([ordered[-2].id])
    assert press(qtbot, window, Qt.Key.Key_Right, CTRL) == [ordered[-1].id]
    x0, x1 = view.view_range()
    from desktop.ui.canvas.time_axis import epoch_seconds

    assert x0 <= epoch_seconds(ordered[-1].start.earliest) <= x1
    assert press(qtbot, window, Qt.Key.Key_Right, CTRL) == [ordered[-1].id]
    assert window.statusBar().currentMessage() == "No later event"


def test_alt_arrows_stay_in_the_lane_and_up_down_change_lanes(qtbot, window):
    timeline = window.document.timeline
    gornal = titled(window, "retaken Gornal")
    window.timeline_view.select([gornal.id])
    after = step_in_time(timeline, list(timeline.events), gornal.id, -1, same_lane=True)
    assert press(qtbot, window, Qt.Key.Key_Left, ALT) == [after]
    assert timeline.events[after].lane == "Russia"
    (above,) = press(qtbot, window, Qt.Key.Key_Up)
    assert timeline.events[above].lane == "Ukraine"
    (below,) = press(qtbot, window, Qt.Key.Key_Down)
    assert timeline.events[below].lane == "Russia"


def test_plus_and_minus_zoom_and_f2_opens_the_title(qtbot, window):
    view = window.timeline_view
    x0, x1 = view.view_range()
    press(qtbot, window, Qt.Key.Key_Plus)
    y0, y1 = view.view_range()
    assert abs((y1 - y0) - (x1 - x0) / 2) < 0.01 * (x1 - x0)
    press(qtbot, window, Qt.Key.Key_Minus)
    z0, z1 = view.view_range()
    assert abs((z1 - z0) - (x1 - x0)) < 0.01 * (x1 - x0)
    gornal = titled(window, "retaken Gornal")
    view.select([gornal.id])
    press(qtbot, window, Qt.Key.Key_F2)
    assert window.details.title.hasFocus() and window.details.title.selectedText() == gornal.title


def test_help_lists_every_shortcut_the_commands_declare(qtbot, window):
    window.findChild(QAction, "action_shortcuts").trigger()
    table = window.findChild(QTableWidget, "shortcuts_table")
    assert table is not None and table.isVisible()
    rows = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    declared = [c for c in commands() if c.shortcuts]
    assert len(rows) == len(declared)
    for row, command in zip(rows, declared):
        assert row[1] == command.text.replace("&", "").rstrip("…")
        assert QKeySequence(command.shortcuts[0]).toString(QKeySequence.SequenceFormat.NativeText) in row[0]
    assert ["Ctrl+C", "Copy", "on the timeline"] in rows
    assert any(r[1] == "Keyboard shortcuts" and r[0] == "F1" for r in rows)
