"""Source ▸ commands on the document shown: edit every field, open its page, merge two
copies of one document, delete it; each one undo step, saved, refused in words."""
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QMessageBox

from desktop.model import Reliability, Source, Status, Timeline
from desktop.model.source_edits import edit_source
from desktop.store import Store
from desktop.ui.dialogs.pick import PickDialog
from desktop.ui.dialogs.source import SourceDialog
from desktop.ui.panels.library import COLUMNS
from disk import disk_bytes


def on_disk(db_path):
    return Store.open(db_path, read_only=True).load()


def the_dialog(window, kind):
    [dialog] = [d for d in window.findChildren(kind) if d.isVisible()]
    return dialog


def press(qtbot, dialog, button=QDialogButtonBox.StandardButton.Ok):
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(button), Qt.MouseButton.LeftButton)


def type_into(qtbot, dialog, name, text):
    box = dialog.findChild(QLineEdit, name)
    box.selectAll()
    qtbot.keyClicks(box, text) if text else box.clear()


def open_in_library(qtbot, window, title):
    window.library_dock.raise_()
    tree = window.library.tree
    row = next(r for r in range(tree.topLevelItemCount()) if tree.topLevelItem(r).text(0) == title)
    item = tree.topLevelItem(row)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())
    return item


def test_every_field_of_a_source_is_edited_in_one_undo_step(qtbot, window, db_path):
    seed = next(iter(window.document.timeline.sources.values()))
    edit = window.findChild(QAction, "action_edit_source")
    assert not edit.isEnabled()  # no document shown yet
    open_in_library(qtbot, window, seed.title)
    assert edit.isEnabled()
    edit.trigger()
    dialog = the_dialog(window, SourceDialog)
    assert dialog.findChild(QLineEdit, "source_author").text() == "Ewan Somerville"
    type_into(qtbot, dialog, "source_title", "Russia claims full control of Kursk")
    type_into(qtbot, dialog, "source_publisher", "BBC")
    type_into(qtbot, dialog, "source_author", "Ewan Somerville and Vitaliy Shevchenko")
    type_into(qtbot, dialog, "source_published", "2025-04-26")
    type_into(qtbot, dialog, "source_url", "https://www.bbc.com/news/articles/kursk")
    type_into(qtbot, dialog, "source_archived_url", "https://web.archive.org/web/2025/https://www.bbc.com/news/articles/kursk")
    dialog.reliability.setCurrentIndex(dialog.reliability.findData(Reliability.B.value))
    press(qtbot, dialog)

    stored = on_disk(db_path).sources[seed.id]
    assert (stored.title, stored.publisher, stored.author, stored.url, stored.reliability) == (
        "Russia claims full control of Kursk", "BBC", "Ewan Somerville and Vitaliy Shevchenko", "https://www.bbc.com/news/articles/kursk", Reliability.B,
    )
    assert stored.archived_url.startswith("https://web.archive.org/") and stored.text == seed.text
    assert window.document.undo_stack.undoText() == "Edit source 'Russia claims full control of Kursk'"
    row = window.library.tree.topLevelItem(0)
    assert (row.text(0), row.text(COLUMNS.index("Reliability"))) == ("Russia claims full control of Kursk", "B")
    assert "Reliability B: usually reliable" in window.sources.header.text()
    window.timeline_view.select([next(iter(window.document.timeline.events))])
    assert "· source B ·" in window.sources.citation_list.item(0).text()
    window.document.undo_stack.undo()
    assert on_disk(db_path).sources[seed.id] == seed


@pytest.mark.parametrize(
    ("field", "text", "said"),
    [
        ("source_url", "file:///etc/passwd", "The URL 'file:///etc/passwd' is not a web address"),
        ("source_archived_url", "archive.org/x", "The archived copy's URL 'archive.org/x' is not a web address"),
        ("source_title", "", "A source needs a title"),
        ("source_published", "last spring", "last spring"),
    ],
)
def test_a_bad_value_is_refused_in_words_and_nothing_changes(qtbot, window, db_path, field, text, said):
    seed = next(iter(window.document.timeline.sources.values()))
    open_in_library(qtbot, window, seed.title)
    before = disk_bytes(db_path)
    window.findChild(QAction, "action_edit_source").trigger()
    dialog = the_dialog(window, SourceDialog)
    type_into(qtbot, dialog, field, text)
    press(qtbot, dialog)
    assert dialog.isVisible() and said in dialog.findChild(QLabel, "source_error").text()
    assert disk_bytes(db_path) == before and window.document.undo_stack.count() == 0
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)


def test_open_in_browser_opens_the_sources_url(qtbot, window, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    seed = next(iter(window.document.timeline.sources.values()))
    open_in_library(qtbot, window, seed.title)
    window.findChild(QAction, "action_open_source_url").trigger()
    assert opened == [] and "has no URL" in window.statusBar().currentMessage()  # the seed has none
    window.ctx.push(edit_source(window.document.timeline, seed.id, url="https://www.bbc.com/x"))
    window.findChild(QAction, "action_open_source_url").trigger()
    assert opened == ["https://www.bbc.com/x"]


def test_deleting_a_source_says_how_many_events_lose_a_citation_and_undo_brings_all_back(qtbot, window, db_path, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *args: asked.append(text) or QMessageBox.StandardButton.Yes)
    timeline = window.document.timeline
    seed = next(iter(timeline.sources.values()))
    cited = [c for c in timeline.citations.values() if c.source_id == seed.id]
    events = {c.event_id for c in cited}
    open_in_library(qtbot, window, seed.title)
    window.findChild(QAction, "action_delete_source").trigger()
    assert asked == [f"Delete '{seed.title}'?\n\n{len(cited)} citation(s) of it go with it: {len(events)} event(s) lose one."]
    stored = on_disk(db_path)
    assert not stored.sources and not stored.citations
    assert all(stored.events[e].status is Status.UNSOURCED for e in events if stored.events[e].status_auto)
    assert window.library.tree.topLevelItemCount() == 0 and not window.findChild(QAction, "action_edit_source").isEnabled()
    window.document.undo_stack.undo()
    restored = on_disk(db_path)
    assert restored.sources == {seed.id: seed} and set(restored.citations) == {c.id for c in cited}
    assert [e.status for e in restored.events.values()] == [e.status for e in timeline.events.values()]

    # Answered No: nothing goes.
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    open_in_library(qtbot, window, seed.title)
    after_undo = disk_bytes(db_path)
    window.findChild(QAction, "action_delete_source").trigger()
    assert disk_bytes(db_path) == after_undo and seed.id in window.document.timeline.sources


def test_two_copies_of_one_document_merge_into_the_one_picked(qtbot, window_on, kursk):
    seed = next(iter(kursk.sources.values()))
    copy = Source("copy", "Russia claims Kursk | Example Wire", seed.text, publisher="Example Wire", url="https://wire.example/kursk")
    gornal = next(e for e in kursk.events.values() if "Gornal" in e.title)
    moved = [replace(c, id=f"copy-{c.id}", source_id="copy") for c in kursk.citations_for(gornal.id)]
    citations = {**{c.id: c for c in kursk.citations.values() if c.event_id != gornal.id}, **{c.id: c for c in moved}}
    window = window_on(Timeline(kursk.title, kursk.lanes, kursk.events, {**kursk.sources, "copy": copy}, citations))
    db_path = window.document.store.path
    qtbot.waitExposed(window)
    open_in_library(qtbot, window, copy.title)
    assert window.ctx.shown_source == "copy"
    window.findChild(QAction, "action_merge_source").trigger()
    picker = the_dialog(window, PickDialog)
    qtbot.keyClicks(picker.filter, "regained")
    assert picker.chosen() == seed.id
    press(qtbot, picker)
    stored = on_disk(db_path)
    assert set(stored.sources) == {seed.id} and stored.sources[seed.id].url == "https://wire.example/kursk"
    assert all(stored.citations[c.id].source_id == seed.id for c in moved)
    assert window.document.undo_stack.undoText() == f"Merge '{copy.title}' into '{seed.title}'"
    window.document.undo_stack.undo()
    assert set(on_disk(db_path).sources) == {seed.id, "copy"}
