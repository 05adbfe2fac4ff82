"""Edit ▸ Disputes…: which event the selected one denies, picked from a list that typed
words narrow; shown both ways in the Event panel; one undo step, saved."""
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.store import Store
from desktop.ui.dialogs.pick import PickDialog


def on_disk(db_path):
    return Store.open(db_path, read_only=True).load()


def titled(window, words):
    return next(e for e in window.document.timeline.events.values() if words in e.title)


def pick(qtbot, window, words):
    window.command_actions["action_disputes"].trigger()
    [dialog] = [d for d in window.findChildren(PickDialog) if d.isVisible()]
    dialog.filter.clear()
    qtbot.keyClicks(dialog.filter, words)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_disputes_picks_the_denied_event_and_disputed_by_shows_the_reverse(qtbot, window, db_path):
    putin, belgorod = titled(window, "Putin calls"), titled(window, "incursion into Belgorod region continues")
    assert not window.command_actions["action_disputes"].isEnabled()  # nothing selected
    window.timeline_view.select([belgorod.id])
    pick(qtbot, window, "putin failure")
    assert on_disk(db_path).events[belgorod.id].disputes == putin.id
    assert window.document.undo_stack.undoText() == f"Set the claim denied by '{belgorod.title}'"
    assert "Disputes: " in window.details.fields["Links"].text() and f"{putin.id}\">" in window.details.fields["Links"].text()
    window.timeline_view.select([putin.id])
    assert "Disputed by: " in window.details.fields["Links"].text() and f"{belgorod.id}\">" in window.details.fields["Links"].text()

    window.timeline_view.select([belgorod.id])
    pick(qtbot, window, "disputes no event")  # and back to none
    assert on_disk(db_path).events[belgorod.id].disputes is None
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert on_disk(db_path).events[belgorod.id] == belgorod


def test_a_thin_connector_joins_claim_and_denial_on_selection_and_on_hover(qtbot, window):
    view = window.timeline_view
    claim, denial = titled(window, "retaken Gornal"), titled(window, "still hold positions")
    assert view.links_shown() == []
    view.select([claim.id])
    assert view.links_shown() == [(denial.id, claim.id)]
    view.select([])
    assert view.links_shown() == []
    qtbot.mouseMove(view.viewport(), view.event_position(denial.id))
    qtbot.waitUntil(lambda: view.links_shown() == [(denial.id, claim.id)])
    qtbot.wait(20)  # pyqtgraph drops mouse moves closer than 10 ms apart
    qtbot.mouseMove(view.viewport(), QPoint(5, view.viewport().height() - 5))  # the corner, where nothing is drawn
    qtbot.waitUntil(lambda: view.links_shown() == [])
