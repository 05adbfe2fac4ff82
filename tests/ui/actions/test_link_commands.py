"""Edit ▸ Link to…: the selected event linked to another, the type and the event picked in
one dialog whose list typed words narrow; Edit ▸ Remove link…; each link shown both ways
in the Event panel and as a connector in its type's look; one undo step each, saved."""
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from desktop.model import LinkType
from desktop.store import Store
from desktop.ui.dialogs.pick import PickDialog


def on_disk(db_path):
    return Store.open(db_path, read_only=True).load()


def titled(window, words):
    return next(e for e in window.document.timeline.events.values() if words in e.title)


def the_picker(window):
    [dialog] = [d for d in window.findChildren(PickDialog) if d.isVisible()]
    return dialog


def link_to(qtbot, window, kind, words):
    window.command_actions["action_link_to"].trigger()
    dialog = the_picker(window)
    dialog.kinds.setCurrentIndex(dialog.kinds.findData(kind.value))
    dialog.filter.clear()
    qtbot.keyClicks(dialog.filter, words)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def links_of(db_path, event_id):
    return sorted((k.from_id, k.to_id, k.type) for k in on_disk(db_path).links.values() if event_id in (k.from_id, k.to_id))


def test_link_to_picks_type_and_event_and_the_panel_shows_it_both_ways(qtbot, window, db_path):
    putin, belgorod = titled(window, "Putin calls"), titled(window, "incursion into Belgorod region continues")
    links = window.details.fields["Links"]
    assert not window.command_actions["action_link_to"].isEnabled()  # nothing selected
    window.timeline_view.select([belgorod.id])
    link_to(qtbot, window, LinkType.DISPUTES, "putin failure")
    assert links_of(db_path, belgorod.id) == [(belgorod.id, putin.id, LinkType.DISPUTES)]
    assert window.document.undo_stack.undoText() == f"Link '{belgorod.title}' disputes '{putin.title}'"
    assert "Disputes: " in links.text() and f'href="{putin.id}"' in links.text()
    link_to(qtbot, window, LinkType.CAUSES, "putin failure")  # a second link, of another type, between the same two
    assert "Causes: " in links.text() and "Disputes: " in links.text()
    window.timeline_view.select([putin.id])
    assert "Disputed by: " in links.text() and "Caused by: " in links.text() and f'href="{belgorod.id}"' in links.text()
    links.linkActivated.emit(belgorod.id)  # what the label emits on a click: go there
    assert window.timeline_view.selection.ids() == [belgorod.id]

    link_to(qtbot, window, LinkType.CAUSES, "putin failure")  # the same link again: refused in words, nothing added
    assert "already" in window.statusBar().currentMessage()
    assert len(links_of(db_path, belgorod.id)) == 2

    window.command_actions["action_remove_link"].trigger()
    dialog = the_picker(window)
    qtbot.keyClicks(dialog.filter, "causes")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert links_of(db_path, belgorod.id) == [(belgorod.id, putin.id, LinkType.DISPUTES)]
    assert window.document.undo_stack.undoText() == f"Unlink '{belgorod.title}' causes '{putin.title}'"
    assert "Causes: " not in links.text()
    for _ in range(3):
        window.document.undo_stack.undo()
    assert links_of(db_path, belgorod.id) == [] and "none recorded" in links.text()
    window.document.undo_stack.redo()
    assert links_of(db_path, belgorod.id) == [(belgorod.id, putin.id, LinkType.DISPUTES)]


def test_a_thin_connector_joins_linked_events_on_selection_and_on_hover(qtbot, window):
    view = window.timeline_view
    claim, denial = titled(window, "retaken Gornal"), titled(window, "still hold positions")
    assert view.links_shown() == []
    view.select([claim.id])
    assert view.links_shown() == [(denial.id, claim.id, LinkType.DISPUTES)]
    view.select([])
    assert view.links_shown() == []
    qtbot.mouseMove(view.viewport(), view.event_position(denial.id))
    qtbot.waitUntil(lambda: view.links_shown() == [(denial.id, claim.id, LinkType.DISPUTES)])
    qtbot.wait(20)  # pyqtgraph drops mouse moves closer than 10 ms apart
    qtbot.mouseMove(view.viewport(), QPoint(5, view.viewport().height() - 5))  # the corner, where nothing is drawn
    qtbot.waitUntil(lambda: view.links_shown() == [])


def test_each_type_of_link_is_drawn_in_its_own_look_and_named_in_the_legend(qtbot, window):
    view = window.timeline_view
    claim, denial = titled(window, "retaken Gornal"), titled(window, "still hold positions")
    view.select([claim.id])
    link_to(qtbot, window, LinkType.PART_OF, "still hold positions")
    assert sorted(view.links_shown()) == sorted([(denial.id, claim.id, LinkType.DISPUTES), (claim.id, denial.id, LinkType.PART_OF)])
    drawn = {kind: len(curve.getData()[0] if curve.getData()[0] is not None else []) for kind, curve in view._links.items()}
    assert drawn == {LinkType.DISPUTES: 2, LinkType.PART_OF: 2, LinkType.CAUSES: 0, LinkType.SAME_AS: 0}
    styles = {kind: curve.opts["pen"].style() for kind, curve in view._links.items()}
    assert styles[LinkType.DISPUTES] == Qt.PenStyle.DashLine and len(set(styles.values())) == len(LinkType)
    legend = window.findChild(QLabel, "link_legend_part_of").parentWidget()
    assert {kind.value for kind in LinkType} <= {label.text() for label in legend.findChildren(QLabel)}


def test_the_connector_ends_on_the_marks_of_the_linked_events_whatever_their_rows_and_the_zoom(qtbot, window):
    from PySide6.QtCore import QPointF

    view = window.timeline_view
    claim, denial = titled(window, "retaken Gornal"), titled(window, "still hold positions")

    def ends():
        xs, ys = view._links[LinkType.DISPUTES].getData()
        view.laid_out()  # the transform as the next paint has it
        to_port = next(iter(view._lanes.values())).deviceTransform(view.viewportTransform())  # view units to pixels
        return sorted((round(p.x()), round(p.y())) for p in (to_port.map(QPointF(x, y)) for x, y in zip(xs, ys)))

    def marks():
        return sorted((p.x(), p.y()) for p in (view.event_position(i) for i in (claim.id, denial.id)))

    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.event_position(claim.id))
    assert view.selected_ids() == [claim.id]
    assert marks()[0][1] != marks()[1][1]  # in rows of their own, not in their lanes' middles
    assert all(abs(a - b) <= 1 for end, mark in zip(ends(), marks()) for a, b in zip(end, mark))
    window.command_actions["action_zoom_selection"].trigger()  # other rows at another zoom
    qtbot.wait(20)
    assert all(abs(a - b) <= 1 for end, mark in zip(ends(), marks()) for a, b in zip(end, mark))


def test_no_connector_runs_to_an_event_the_filter_hides_but_one_it_dims_keeps_it(qtbot, window):
    view = window.timeline_view
    claim, denial = titled(window, "retaken Gornal"), titled(window, "still hold positions")
    qtbot.keyClicks(window.filter_bar.search_box, "Gornal")
    window.filter_bar.apply()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.event_position(claim.id))
    assert view.selected_ids() == [claim.id] and view.links_shown() == []  # the denial is not drawn
    qtbot.mouseClick(window.filter_bar.filter_dim, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.links_shown() == [(denial.id, claim.id, LinkType.DISPUTES)])


def test_a_link_clicked_in_the_event_panel_brings_the_other_event_into_view(qtbot, window):
    from desktop.model import links as linking

    view = window.timeline_view
    window.resize(1366, 768)
    qtbot.wait(20)
    start, end = titled(window, "surprise incursion"), titled(window, "Putin calls")
    window.ctx.push(linking.link(window.document.timeline, start.id, end.id, LinkType.CAUSES))
    right = view.view_range()[1]
    view.getPlotItem().setXRange(right - 30 * 86400, right, padding=0)  # late April 2025 only
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.event_position(end.id))
    assert view.selected_ids() == [end.id]
    window.details.fields["Links"].linkActivated.emit(start.id)  # what the label emits on a click: go there
    assert view.selected_ids() == [start.id]
    mark = view.event_position(start.id)  # raises if it is not laid out in view
    assert view.plot_rect().contains(QPoint(mark))


def test_a_link_carries_a_note_typed_when_linking_and_changed_later_each_one_undo_step(qtbot, window, db_path):
    putin, belgorod = titled(window, "Putin calls"), titled(window, "incursion into Belgorod region continues")
    links = window.details.fields["Links"]
    window.timeline_view.select([belgorod.id])
    window.command_actions["action_link_to"].trigger()
    dialog = the_picker(window)
    assert dialog.note.isVisible() and dialog.note.text() == ""
    qtbot.keyClicks(dialog.filter, "putin failure")
    qtbot.keyClicks(dialog.note, "General Staff denies it")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    [held] = [k for k in on_disk(db_path).links.values() if belgorod.id in (k.from_id, k.to_id)]
    assert (held.from_id, held.to_id, held.note) == (belgorod.id, putin.id, "General Staff denies it")
    assert "(General Staff denies it)" in links.text()

    window.command_actions["action_note_link"].trigger()
    dialog = the_picker(window)
    assert dialog.note.text() == "General Staff denies it"  # the picked link's note, to change
    dialog.note.clear()
    qtbot.keyClicks(dialog.note, "General Staff, 26 April <evening>")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert on_disk(db_path).links[held.id].note == "General Staff, 26 April <evening>"
    assert window.document.undo_stack.undoText() == f"Note on link '{belgorod.title}' disputes '{putin.title}'"
    assert "(General Staff, 26 April &lt;evening&gt;)" in links.text()  # shown as typed, not read as markup
    window.timeline_view.select([putin.id])  # the other end shows it too
    assert "General Staff, 26 April &lt;evening&gt;" in links.text()
    window.document.undo_stack.undo()
    assert on_disk(db_path).links[held.id].note == "General Staff denies it"


def test_link_note_on_an_event_without_links_says_so_and_opens_nothing(qtbot, window):
    lonely = next(e for e in window.document.timeline.events.values() if not window.document.timeline.links_of(e.id))
    window.timeline_view.select([lonely.id])
    window.command_actions["action_note_link"].trigger()
    assert "has no link" in window.statusBar().currentMessage()
    assert not [d for d in window.findChildren(PickDialog) if d.isVisible()]
