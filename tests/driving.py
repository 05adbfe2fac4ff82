"""How the tests drive the window as a user does."""
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit


def open_on(qtbot, path):
    """The main window on the database at ``path``, shown, closed after the test."""
    from desktop.app import create_window

    window = create_window(path)
    qtbot.addWidget(window)
    window.show()
    return window


def select_text(view: QPlainTextEdit, words: str) -> None:
    """Select ``words`` in the document view as a reader's drag would."""
    found = view.document().find(words, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), words
    cursor = view.textCursor()
    cursor.setPosition(found.selectionStart())
    cursor.setPosition(found.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def empty_spot(view, lane: str):
    """A point of the timeline's viewport in ``lane`` where nothing is drawn."""
    from PySide6.QtCore import QPoint, QPointF

    box = view.getViewBox()
    y = view.mapFromScene(box.mapViewToScene(QPointF(0, view.lane_centres()[lane]))).y()
    for x in range(view.viewport().width() - 20, 120, -7):
        if view.event_at(QPoint(x, y)) is None and view.end_at(QPoint(x, y)) is None:
            return QPoint(x, y)
    raise AssertionError(f"no empty spot in lane {lane}")


def right_click_menu(qtbot, view, point):
    """Right-click ``point`` of the timeline's viewport; the menu that pops up."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMenu

    qtbot.mouseClick(view.viewport(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, point)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu), menu
    return menu


def choose(menu, name: str) -> None:
    """Pick the entry named ``name`` (a command's objectName) in ``menu``, as a click does."""
    action = next(a for a in menu.actions() if a.objectName() == name)
    assert action.isEnabled(), name
    menu.close()
    action.trigger()


def on_a_laptop(qtbot, window):
    """The window as a first launch on a 1366 x 768 screen lays it out."""
    window.resize(1366, 768)
    window.share_height()
    qtbot.wait(20)


def panels_taller(qtbot, window):
    """The panels below dragged up, until the lanes need more height than the timeline has."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget

    window.resizeDocks([window.findChild(QDockWidget, "details_dock")], [380], Qt.Orientation.Vertical)
    qtbot.wait(20)
    assert window.timeline_view.scroll_bar.isVisible()
