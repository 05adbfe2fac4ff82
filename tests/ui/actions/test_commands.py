"""The commands as declared: the menus and toolbar are built from them, whether each is
enabled follows from its declaration, and every edit goes through the context's push."""
from dataclasses import replace

from PySide6.QtGui import QAction
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMenu, QMessageBox, QToolBar

from desktop.model import Change, Edit, FuzzyDate, LinkType, editing
from desktop.model.links import made
from desktop.store import Store
from desktop.ui import actions
from desktop.ui.dialogs.cite import CiteDialog
from desktop.ui.panels.library import COLUMNS


def test_the_menus_and_toolbar_hold_the_declared_commands_in_their_order(window):
    menus = {menu.title().replace("&", ""): menu for menu in window.menuBar().findChildren(QMenu)}
    for name in ("File", "Edit", "View"):
        declared = [c.name for c in actions.commands() if c.menu == name]
        shown = [a.objectName() for a in menus[name].actions() if a.objectName() in declared]
        assert shown == declared, name
    toolbar = window.findChild(QToolBar, "main_toolbar")
    assert [a.objectName() for a in toolbar.actions() if a.objectName()] == [c.name for c in actions.commands() if c.toolbar]
    for command in actions.commands():  # each declared once, as one action of the window
        assert len(window.findChildren(QAction, command.name)) == 1, command.name


def test_read_only_disables_every_command_that_writes_and_nothing_else(qtbot, tmp_path, kursk):
    from desktop.app import create_window

    path = tmp_path / "kursk.json"
    Store.open(path, seed=lambda: kursk).close()
    window = create_window(path, read_only=True)
    qtbot.addWidget(window)
    window.show()
    window.timeline_view.select([next(iter(kursk.events))])
    for command in actions.commands():
        action = window.findChild(QAction, command.name)
        if command.writes:
            assert not action.isEnabled(), command.name
        elif not (command.needs_passage or command.needs_source or command.history):
            assert action.isEnabled(), command.name


def test_a_command_that_needs_a_selection_follows_it(window):
    needing = [c.name for c in actions.commands() if c.needs_selection and not c.needs_passage]
    assert needing
    assert not any(window.findChild(QAction, name).isEnabled() for name in needing)
    window.timeline_view.select([next(iter(window.document.timeline.events))])
    assert all(window.findChild(QAction, name).isEnabled() for name in needing)
    window.timeline_view.select([])
    assert not any(window.findChild(QAction, name).isEnabled() for name in needing)


def test_the_selection_lets_go_of_an_event_an_undo_removes(window):
    timeline = window.document.timeline
    event = replace(next(iter(timeline.events.values())), id="fresh", title="Fresh event")
    assert window.ctx.push(editing.put(timeline, "events", [event], "Create"))
    window.timeline_view.select(["fresh"])
    assert window.details.title.text() == "Fresh event"
    window.document.undo_stack.undo()
    assert window.timeline_view.selected_ids() == []
    assert window.details.currentIndex() == 0  # nothing to show


def test_an_edit_the_timeline_refuses_is_said_once_and_changes_nothing(window, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: said.append(text))
    timeline = window.document.timeline
    event = next(iter(timeline.events.values()))
    edit = editing.put(timeline, "events", [replace(event, lane="Elsewhere")], "Move")
    dangling = made(event.id, "no-such-event", LinkType.CAUSES)
    edit = Edit(edit.label, (*edit.changes, Change("links", dangling.id, None, dangling)))
    assert not window.ctx.push(edit)
    assert said == [f"{edit.label}: not possible.\n\na link would join an event that does not exist"]
    assert "Not changed" in window.statusBar().currentMessage()
    assert window.document.timeline.events[event.id] == event and window.document.undo_stack.count() == 0


def test_the_panels_follow_an_undo_of_what_they_show_without_being_told_again(qtbot, window):
    timeline = window.document.timeline
    gornal = next(e for e in timeline.events.values() if "retaken Gornal" in e.title)
    window.timeline_view.select([gornal.id])
    citation = timeline.citations_for(gornal.id)[0]
    # Edits made elsewhere (the timeline, another panel) reach each panel by their ids.
    assert window.ctx.push(editing.put(timeline, "events", [replace(gornal, title="Gornal, renamed", start=FuzzyDate(2025, 4, 25))], "Rename"))
    assert window.details.title.text() == "Gornal, renamed" and window.details.start.text() == "2025-04-25"
    assert window.ctx.push(editing.uncite(timeline, [citation.id]))
    assert window.sources.citation_list.count() == len(timeline.citations_for(gornal.id))
    count = COLUMNS.index("Citations")
    cited = window.library.tree.topLevelItem(0).text(count)
    window.document.undo_stack.undo()  # the citation is back, in the panel and in the library's count
    assert window.sources.citation_list.count() == len(timeline.citations_for(gornal.id))
    assert int(window.library.tree.topLevelItem(0).text(count)) == int(cited) + 1
    window.document.undo_stack.undo()
    assert window.details.title.text() == gornal.title and window.details.start.text() == gornal.start.edtf


def test_citing_needs_exactly_one_event_and_acts_only_while_the_sources_panel_is_shown(qtbot, window):
    from driving import select_text

    cite = window.findChild(QAction, "action_cite_selection")
    events = list(window.document.timeline.events)
    window.timeline_view.select(events[:1])
    window.ctx.open_source(next(iter(window.document.timeline.sources)))
    select_text(window.sources.document, "complete failure")
    assert cite.isEnabled()
    window.timeline_view.select(events[:2])
    assert window.ctx.has_passage and not cite.isEnabled()  # which of the two would it cite for?
    window.timeline_view.select(events[:1])
    select_text(window.sources.document, "complete failure")
    window.findChild(QDockWidget, "sources_dock").close()
    window.timeline_view.setFocus()
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not [d for d in window.findChildren(CiteDialog) if d.isVisible()]  # no dialog for a passage nobody sees


def test_the_history_command_is_ticked_while_the_history_is_shown(window):
    history = window.findChild(QAction, "action_history")
    dock = window.findChild(QDockWidget, "history_dock")
    assert history.isCheckable() and not history.isChecked() and not dock.isVisible()
    history.trigger()
    assert dock.isVisible() and history.isChecked()
    dock.close()
    assert not history.isChecked()
