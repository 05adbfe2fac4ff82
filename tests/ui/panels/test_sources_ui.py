"""Sources in the window: the library, citing by selecting text, the per-event source panel."""
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from driving import select_text

from desktop.model import Citation, Confidence, Event, FuzzyDate, Source, Stance, Status, Timeline, new_id
from desktop.model.quotes import anchor_quote
from desktop.store import Store
from desktop.ui.dialogs.cite import CiteDialog
from desktop.ui.panels.document_view import CURRENT_QUOTE, OTHER_QUOTE, _as_displayed, python_index, qt_index
from desktop.ui.panels.library import COLUMNS

GORNAL = "retaken Gornal"


def titled(window, words):
    return next(e for e in window.document.timeline.events.values() if words in e.title)


def stored(db_path) -> Timeline:
    store = Store.open(db_path, read_only=True)
    try:
        return store.load()
    finally:
        store.close()


def answer(qtbot, window, kind, button=QDialogButtonBox.StandardButton.Ok):
    """The dialog of ``kind`` the window has opened, closed with ``button``; gives it."""
    [dialog] = [d for d in window.findChildren(kind) if d.isVisible()]
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(button), Qt.MouseButton.LeftButton)
    return dialog


def test_selecting_an_event_highlights_each_of_its_quotes(window):
    gornal = titled(window, GORNAL)
    window.timeline_view.select([gornal.id])
    view = window.sources.document
    citations = window.document.timeline.citations_for(gornal.id)
    marked = [(s.cursor.selectedText(), s.format.background().color()) for s in view.extraSelections()]
    assert sorted(text for text, _ in marked) == sorted(c.quote for c in citations)
    assert marked[-1] == (citations[0].quote, CURRENT_QUOTE)  # the first, strongest, scrolled to
    assert all(colour == OTHER_QUOTE for _, colour in marked[:-1])
    assert window.sources.citation_list.count() == len(citations)


def test_each_citation_shows_publisher_date_claimant_stance_and_confidence(window):
    gornal = titled(window, GORNAL)
    window.timeline_view.select([gornal.id])
    items = [window.sources.citation_list.item(row).text() for row in range(window.sources.citation_list.count())]
    assert "Ukraine denies — BBC News, 26 Apr 2025 · source F · normal confidence\n“a claim denied by Ukraine”" in items


def test_citing_selected_text_stores_an_exact_quote_that_survives_reopening(qtbot, window, db_path):
    from desktop.app import create_window

    putin = titled(window, "Putin calls")
    window.timeline_view.select([putin.id])
    panel = window.sources
    cite = window.findChild(QAction, "action_cite_selection")
    assert not cite.isEnabled()  # nothing selected yet
    words = "Ukraine says its troops are still conducting operations"
    select_text(panel.document, words)
    assert cite.isEnabled()
    cite.trigger()
    [dialog] = [d for d in window.findChildren(CiteDialog) if d.isVisible()]
    assert dialog.findChild(QLabel, "cite_event").text() == putin.title
    dialog.claimant.setCurrentText("Ukraine")
    dialog.stance.setCurrentIndex(dialog.stance.findData(Stance.DENIES.value))
    dialog.confidence.setCurrentIndex(dialog.confidence.findData(Confidence.HIGH.value))
    answer(qtbot, window, CiteDialog)

    [new] = [c for c in stored(db_path).citations_for(putin.id) if c.quote == words]
    text = window.document.timeline.sources[new.source_id].text
    assert text[new.offset : new.offset + len(new.quote)] == new.quote
    assert text[: new.offset].endswith(new.prefix) and text[new.offset + len(words) :].startswith(new.suffix) and new.prefix
    assert (new.claimant, new.stance, new.confidence) == ("Ukraine", Stance.DENIES, Confidence.HIGH)
    assert stored(db_path).events[putin.id].status is Status.DISPUTED  # its status follows: asserted and denied
    assert window.document.undo_stack.undoText().startswith("Cite")
    assert panel.current_quote() == words  # the new citation is the current one
    window.close()

    again = create_window(db_path)
    qtbot.addWidget(again)
    assert new in again.document.timeline.citations.values()
    again.document.undo_stack.clear()


def test_undo_takes_a_citation_back(qtbot, window, db_path):
    putin = titled(window, "Putin calls")
    window.timeline_view.select([putin.id])
    select_text(window.sources.document, "complete failure")
    window.findChild(QAction, "action_cite_selection").trigger()
    answer(qtbot, window, CiteDialog)
    assert len(stored(db_path).citations_for(putin.id)) == 2
    window.document.undo_stack.undo()
    assert len(stored(db_path).citations_for(putin.id)) == 1


def test_cancelling_the_cite_dialog_changes_nothing(qtbot, window, db_path):
    window.timeline_view.select([titled(window, "Putin calls").id])
    select_text(window.sources.document, "complete failure")
    before = db_path.read_bytes()
    window.findChild(QAction, "action_cite_selection").trigger()
    answer(qtbot, window, CiteDialog, QDialogButtonBox.StandardButton.Cancel)
    assert db_path.read_bytes() == before and window.document.undo_stack.count() == 0


def test_without_a_selected_event_only_a_new_event_can_be_made(window):
    window.findChild(QAction, "action_source_library").trigger()
    window.library.tree.setCurrentItem(window.library.tree.topLevelItem(0))
    select_text(window.sources.document, "complete failure")
    assert not window.findChild(QAction, "action_cite_selection").isEnabled()
    assert window.findChild(QAction, "action_event_from_selection").isEnabled()
    assert "Select an event" in window.sources.hint.text()


def test_new_event_from_selection_is_one_step_with_its_citation_and_ready_to_edit(qtbot, window, db_path):
    window.timeline_view.select([])
    window.ctx.open_source(next(iter(window.document.timeline.sources)))
    words = "Ukrainian forces have been in retreat in Kursk in recent months"
    select_text(window.sources.document, words)
    window.findChild(QAction, "action_event_from_selection").trigger()
    [dialog] = [d for d in window.findChildren(CiteDialog) if d.isVisible()]
    assert dialog.event_title.text() == "Ukrainian forces have been in retreat in Kursk…"
    assert dialog.event_date.text() == "2025-01~/2025-04-26"  # "in recent months", read against the publication date
    assert dialog.lane.currentText() == "Ukraine"  # the first lane, with no event selected
    dialog.claimant.setCurrentText("Russia")  # a lane's actor as claimant: that lane
    assert dialog.lane.currentText() == "Russia"
    dialog.claimant.setCurrentText("BBC News")
    dialog.lane.setCurrentText("Ukraine")
    answer(qtbot, window, CiteDialog)

    [event_id] = window.timeline_view.selected_ids()
    event = stored(db_path).events[event_id]
    assert (event.start.edtf, event.end.edtf, event.lane, event.status_auto) == ("2025-01~", "2025-04-26", "Ukraine", True)
    assert event.status is Status.REPORTED  # BBC News reports it
    [citation] = stored(db_path).citations_for(event_id)
    assert citation.quote == words and citation.claimant == "BBC News"
    title = window.details.title
    assert title.hasFocus() and title.selectedText() == event.title
    window.document.undo_stack.undo()  # one step: the event and its citation go together
    assert event_id not in stored(db_path).events and citation.id not in stored(db_path).citations


def test_the_source_library_lists_the_seed_article_first_with_its_metadata(window_on, kursk):
    older = Source("older", "An older piece", "Text.", publisher="Kyiv Independent", published=FuzzyDate.parse("2024-08-07"))
    undated = Source("undated", "A note without a date", "Text.")
    timeline = Timeline(kursk.title, kursk.lanes, kursk.events, {**kursk.sources, "undated": undated, "older": older}, kursk.citations)
    window = window_on(timeline)
    tree = window.library.tree
    rows = [[tree.topLevelItem(row).text(column) for column in range(len(COLUMNS))] for row in range(tree.topLevelItemCount())]
    assert rows[0] == ["Russia claims it has regained full control of Kursk from Ukraine", "BBC News", "Ewan Somerville", "26 Apr 2025", "", "F", "19"]
    assert [row[0] for row in rows[1:]] == ["An older piece", "A note without a date"]
    tree.setCurrentItem(tree.topLevelItem(1))  # picking one opens its text
    assert window.sources.document.toPlainText() == "Text." and "Kyiv Independent" in window.sources.header.text()


def test_a_citation_s_stance_and_confidence_can_be_changed_and_it_can_be_removed(qtbot, window, db_path):
    gornal = titled(window, GORNAL)
    window.timeline_view.select([gornal.id])
    panel = window.sources
    denials = [row for row, c in enumerate(window.document.timeline.citations_for(gornal.id)) if c.stance is Stance.DENIES]
    for row in denials:  # Ukraine's denials become assertions: nobody denies it any more
        panel.citation_list.setCurrentRow(row)
        panel.stance.setFocus()
        panel.stance.setCurrentIndex(panel.stance.findData(Stance.ASSERTS.value))
        panel.stance.activated.emit(panel.stance.currentIndex())
    assert stored(db_path).events[gornal.id].status is Status.CLAIMED
    assert panel.current_citation().stance is Stance.ASSERTS  # the same citation stays current

    panel.confidence.setCurrentIndex(panel.confidence.findData(Confidence.VERY_LOW.value))
    panel.confidence.activated.emit(panel.confidence.currentIndex())
    changed = panel.current_citation()
    assert stored(db_path).citations[changed.id].confidence is Confidence.VERY_LOW

    count = panel.citation_list.count()
    qtbot.mouseClick(panel.remove, Qt.MouseButton.LeftButton)
    assert changed.id not in stored(db_path).citations and panel.citation_list.count() == count - 1
    for _ in range(len(denials) + 2):
        window.document.undo_stack.undo()
    assert stored(db_path).events[gornal.id].status is Status.DISPUTED
    assert len(stored(db_path).citations_for(gornal.id)) == count


def test_a_quote_that_can_no_longer_be_found_is_flagged_not_dropped(window_on):
    source = Source(new_id(), "Edited", "The text was rewritten entirely since.")
    event = Event(new_id(), "Lost", FuzzyDate.parse("2025-04-26"), lane="Russia")
    kept = Citation(new_id(), event.id, source.id, "rewritten entirely", "BBC", offset=9)
    lost = Citation(new_id(), event.id, source.id, "a sentence that was cut", "BBC", prefix="xyz ", offset=3)
    timeline = Timeline("t", ["Russia"], {event.id: event}, {source.id: source}, {c.id: c for c in (kept, lost)})
    window = window_on(timeline)
    window.timeline_view.select([event.id])
    panel = window.sources
    texts = [panel.citation_list.item(row).text() for row in range(panel.citation_list.count())]
    assert texts[0].startswith("⚠ QUOTE NOT FOUND") and "a sentence that was cut" in texts[0]
    panel.citation_list.setCurrentRow(0)
    assert panel.warning.isVisible() and panel.current_quote() == ""
    panel.citation_list.setCurrentRow(1)
    assert not panel.warning.isVisible() and panel.current_quote() == "rewritten entirely"



def test_each_quote_is_looked_for_once_not_at_every_selection(monkeypatch, window):
    import desktop.ui.panels.sources as source_panel

    looked_for = []
    locate = source_panel.locate
    monkeypatch.setattr(source_panel, "locate", lambda text, quote, *anchor: looked_for.append(quote) or locate(text, quote, *anchor))
    gornal = titled(window, GORNAL)
    other = next(e for e in window.document.timeline.events.values() if e.id != gornal.id and window.document.timeline.citations_for(e.id))
    for event in (gornal, other, gornal, other):
        window.timeline_view.select([event.id])
    citations = window.document.timeline.citations_for(gornal.id) + window.document.timeline.citations_for(other.id)
    assert sorted(looked_for) == sorted(c.quote for c in citations)
    assert window.sources.current_quote() == window.document.timeline.citations_for(other.id)[0].quote

def test_the_status_legend_shows_each_status_mark(window):
    legend = window.findChild(QWidget, "status_legend")
    assert legend.isVisible()
    words = [label.text() for label in legend.findChildren(QLabel)]
    assert all(status.value in words for status in Status)


def test_counter_claims_link_both_ways(qtbot, window):
    gornal, denial = titled(window, GORNAL), titled(window, "still hold positions")
    window.timeline_view.select([gornal.id])
    window.details.fields["Links"].linkActivated.emit(denial.id)
    assert window.timeline_view.selected_ids() == [denial.id]
    assert f'href="{gornal.id}"' in window.details.fields["Links"].text()
    window.details.fields["Links"].linkActivated.emit(gornal.id)
    assert window.timeline_view.selected_ids() == [gornal.id]


def test_new_actions_have_shortcuts_and_the_library_dock_is_remembered(qtbot, window, db_path):
    from desktop.app import create_window

    shortcuts = {
        "action_cite_selection": "Ctrl+Shift+C",
        "action_event_from_selection": "Ctrl+Shift+N",
        "action_import_article": "Ctrl+Shift+I",
        "action_paste_article": "Ctrl+Shift+V",
        "action_suggest_events": "Ctrl+Shift+G",
        "action_source_library": "Ctrl+L",
    }
    for name, keys in shortcuts.items():
        assert window.findChild(QAction, name).shortcut().toString() == keys, name
    window.library_dock.hide()
    window.close()
    again = create_window(db_path)
    qtbot.addWidget(again)
    assert again.library_dock.isHidden()
    again.findChild(QAction, "action_source_library").trigger()
    assert not again.library_dock.isHidden()


MIXED = "\ufeffЗаголовок 🚀\r\n북한군 in Kursk.\r\n\r\nGerasimov: \"Gornal has been liberated\" 😀 — Генштаб denies it.\r\n"


def test_citing_in_crlf_text_with_emoji_and_other_scripts_stores_the_exact_characters(qtbot, tmp_path):
    from desktop.app import create_window

    source = Source(new_id(), "Mixed", MIXED)
    event = Event(new_id(), "Gornal", FuzzyDate.parse("2025-04-26"), lane="Russia")
    path = tmp_path / "mixed.json"
    Store.open(path, seed=lambda: Timeline("mixed", ["Russia"], {event.id: event}, {source.id: source})).close()
    window = create_window(path)
    qtbot.addWidget(window)
    window.show()
    window.timeline_view.select([event.id])
    window.ctx.open_source(source.id)
    for words in ("Генштаб denies it", "북한군 in Kursk.\u2029\u2029Gerasimov"):
        view = window.sources.document
        select_text(view, words.split("\u2029")[0])
        if "\u2029" in words:  # across the blank line: extend the selection past it
            cursor = view.textCursor()
            cursor.setPosition(cursor.selectionEnd() + len("\u2029\u2029Gerasimov"), QTextCursor.MoveMode.KeepAnchor)
            view.setTextCursor(cursor)
        assert view.textCursor().selectedText() == words
        window.findChild(QAction, "action_cite_selection").trigger()
        answer(qtbot, window, CiteDialog)
    quotes = sorted(c.quote for c in window.document.timeline.citations.values())
    assert quotes == sorted(["Генштаб denies it", "북한군 in Kursk.\r\n\r\nGerasimov"])
    for citation in window.document.timeline.citations.values():
        assert MIXED[citation.offset : citation.offset + len(citation.quote)] == citation.quote


@given(st.lists(st.sampled_from(["a", "é", "😀", "\r\n", "\r", "\n", "북", " "]), max_size=30).map("".join), st.booleans())
def test_qt_positions_and_python_indexes_convert_both_ways(text, bom):
    text = ("\ufeff" if bom else "") + text
    shown = QTextDocument(_as_displayed(text))
    for index in range(len(text) + 1):
        position = qt_index(text, index)
        assert 0 <= position <= shown.characterCount() - 1
        back = python_index(text, position)
        # Between the two characters of a CRLF, or before a byte order mark, the index
        # moves to the next place the view can stand at.
        assert back == index or (text[index - 1 : index + 1] == "\r\n" and back == index + 1) or (text[:index].strip("\ufeff") == "" and back == len(text) - len(text.lstrip("\ufeff")))


def test_anchor_quote_agrees_with_the_selection_mapping():
    quote = "Gornal has been liberated"
    found = anchor_quote(MIXED, quote)
    assert python_index(MIXED, qt_index(MIXED, found.offset)) == found.offset



def test_a_read_only_window_offers_nothing_to_cite_or_import(qtbot, tmp_path, kursk):
    from desktop.app import create_window

    path = tmp_path / "kursk.json"
    Store.open(path, seed=lambda: kursk).close()
    window = create_window(path, read_only=True)
    qtbot.addWidget(window)
    window.show()
    window.timeline_view.select([titled(window, GORNAL).id])
    select_text(window.sources.document, "complete failure")
    for name in ("action_cite_selection", "action_event_from_selection", "action_import_article", "action_paste_article", "action_suggest_events"):
        assert not window.findChild(QAction, name).isEnabled(), name
    assert not window.sources.stance.isEnabled() and not window.sources.remove.isEnabled()
    assert "Read-only" in window.sources.hint.text()


def test_the_list_says_whose_citations_it_holds_and_a_document_they_do_not_cite_says_so(qtbot, window_on, kursk):
    other = Source("other", "Another article", "Nothing about Gornal here.", publisher="Elsewhere")
    timeline = Timeline(title=kursk.title, lanes=kursk.lanes, events=dict(kursk.events), sources={**kursk.sources, "other": other},
                        citations=dict(kursk.citations), periods=dict(kursk.periods), notes=dict(kursk.notes))
    window = window_on(timeline)
    gornal = titled(window, GORNAL)
    window.timeline_view.select([gornal.id])
    caption = window.sources.findChild(QLabel, "citations_caption")
    header = window.sources.findChild(QLabel, "source_header")
    assert caption.text() == f"Citations of ‘{gornal.title}’"
    assert "cites nothing in this document" not in header.text()
    window.ctx.open_source("other")  # from the library
    assert "Another article" in header.text() and "The selected event cites nothing in this document" in header.text()
    window.timeline_view.select(list(timeline.events)[:2])
    assert caption.text().startswith("Several events selected")


def test_a_caption_too_long_for_the_panel_ends_in_an_ellipsis_and_its_tooltip_says_it_all(qtbot, window):
    gornal = titled(window, GORNAL)
    window.timeline_view.select([gornal.id])
    window.resize(1300, 740)  # a laptop's screen
    caption = window.sources.findChild(QLabel, "citations_caption")
    qtbot.waitUntil(lambda: QLabel.text(caption) != caption.text())  # what is drawn, not the whole text
    shown = QLabel.text(caption)
    assert shown.endswith("…") and caption.text().startswith(shown[:-1]) and len(shown) > 10
    assert caption.fontMetrics().horizontalAdvance(shown) <= caption.width()
    assert caption.toolTip() == caption.text() == f"Citations of ‘{gornal.title}’"
