"""Articles into the library from the window: a file or pasted text, its metadata checked,
one undo step; a new version of a document; hostile files; the suggested events."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QPushButton

from paths import DATA
from desktop.model import Status
from desktop.store import Store
from desktop.ui.dialogs.article import ArticleDialog
from desktop.ui.dialogs.suggestions import CONFIDENCE, DATE, LANE, TITLE, SuggestionsDialog

HTML = """<!doctype html><html><head><title>Kursk: a village changes hands | The Paper</title>
<meta property="og:site_name" content="The Paper"><meta name="author" content="A. Reporter">
<meta property="article:published_time" content="2025-04-27T09:00:00Z"><link rel="canonical" href="https://paper.example/kursk">
<script>var tracking = 1;</script></head><body><nav>Home | World</nav>
<article><h1>Kursk: a village changes hands</h1><p>On Saturday Russia said its forces had taken Gornal.</p>
<p>Ukraine denied it on Sunday.</p></article><footer>© The Paper</footer></body></html>"""
TEXT = "Kursk: a village changes hands\n\nOn Saturday Russia said its forces had taken Gornal.\nUkraine denied it on Sunday.\n"
MARKDOWN = "---\ntitle: Kursk, the week\nauthor: A. Reporter\ndate: 2025-04-27\npublisher: The Paper\n---\n\n# Kursk, the week\n\nOn Saturday Russia said its forces had taken Gornal.\n"


def stored(db_path):
    store = Store.open(db_path, read_only=True)
    try:
        return store.load()
    finally:
        store.close()


def visible(window, kind):
    [dialog] = [d for d in window.findChildren(kind) if d.isVisible()]
    return dialog


def click(qtbot, dialog, button=QDialogButtonBox.StandardButton.Ok):
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(button), Qt.MouseButton.LeftButton)


def import_file(window, monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(path), ""))
    window.findChild(QAction, "action_import_article").trigger()


@pytest.mark.parametrize(
    ("name", "content", "metadata"),
    [
        ("kursk.html", HTML, {"title": "Kursk: a village changes hands", "publisher": "The Paper", "author": "A. Reporter",
                              "published": "2025-04-27", "url": "https://paper.example/kursk"}),
        ("kursk.txt", TEXT, {"title": "Kursk: a village changes hands", "publisher": "", "author": "", "published": "", "url": ""}),
        ("kursk.md", MARKDOWN, {"title": "Kursk, the week", "publisher": "The Paper", "author": "A. Reporter", "published": "2025-04-27", "url": ""}),
    ],
)
def test_an_article_file_becomes_one_source_with_its_metadata_and_undo_removes_it(qtbot, window, db_path, tmp_path, monkeypatch, name, content, metadata):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    count = len(stored(db_path).sources)
    import_file(window, monkeypatch, path)
    dialog = visible(window, ArticleDialog)
    assert {key: line.text() for key, line in dialog.fields.items()} == metadata  # what the reader guessed
    assert "var tracking" not in dialog.text.toPlainText() and "Gornal" in dialog.text.toPlainText()
    dialog.fields["publisher"].setText("The Paper (edited)")  # the user corrects a guess
    click(qtbot, dialog)

    sources = stored(db_path).sources
    assert len(sources) == count + 1
    [new] = [s for s in sources.values() if s.publisher == "The Paper (edited)"]
    assert new.title == metadata["title"] and new.text == dialog.article.text
    assert window.library.current_source().id == new.id  # opened, to read and cite
    assert window.sources.document.toPlainText() == new.text
    if window.findChildren(SuggestionsDialog):  # offered straight away; declined here
        click(qtbot, visible(window, SuggestionsDialog), QDialogButtonBox.StandardButton.Cancel)
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert new.id not in stored(db_path).sources
    assert window.library.tree.topLevelItemCount() == count


def test_a_pasted_article_fills_its_fields_from_the_text(qtbot, window, db_path):
    window.findChild(QAction, "action_paste_article").trigger()
    dialog = visible(window, ArticleDialog)
    dialog.fields["publisher"].setText("Typed by me")
    dialog.fields["publisher"].textEdited.emit("Typed by me")
    dialog.text.setPlainText(HTML)
    qtbot.waitUntil(lambda: dialog.fields["title"].text() != "")
    assert dialog.fields["author"].text() == "A. Reporter"
    assert dialog.fields["publisher"].text() == "Typed by me"  # what the user wrote is not overwritten
    click(qtbot, dialog)
    [new] = [s for s in stored(db_path).sources.values() if s.publisher == "Typed by me"]
    assert new.text.startswith("Kursk: a village changes hands") and "<p>" not in new.text


def test_an_empty_paste_is_refused_in_the_dialog(qtbot, window, db_path):
    before = db_path.read_bytes()
    window.findChild(QAction, "action_paste_article").trigger()
    dialog = visible(window, ArticleDialog)
    dialog.fields["title"].setText("Nothing")
    click(qtbot, dialog)
    assert dialog.isVisible() and "empty" in dialog.error.text()
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b" \n\n \n", "empty"),
        ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("latin1.txt", "Kursk, réalité".encode("latin-1"), "UTF-8"),
    ],
)
def test_a_file_that_is_not_an_article_gets_a_clear_message_and_changes_nothing(window, db_path, tmp_path, monkeypatch, warnings, name, content, said):
    path = tmp_path / name
    path.write_bytes(content)
    before = db_path.read_bytes()
    import_file(window, monkeypatch, path)
    assert len(warnings) == 1 and said in warnings[0] and name in warnings[0] and "Nothing was changed" in warnings[0]
    assert not window.findChildren(ArticleDialog)
    assert db_path.read_bytes() == before


def test_a_5_mb_article_is_imported_whole(qtbot, window, db_path, tmp_path, monkeypatch):
    paragraph = "On Saturday Russia said its forces had taken Gornal, a claim Ukraine denied. " * 12 + "\n\n"
    path = tmp_path / "huge.txt"
    path.write_text("A very long report\n\n" + paragraph * (5_000_000 // len(paragraph)), encoding="utf-8")
    import_file(window, monkeypatch, path)
    click(qtbot, visible(window, ArticleDialog))
    [huge] = [s for s in stored(db_path).sources.values() if s.title == "A very long report"]
    assert len(huge.text) > 4_900_000
    if window.findChildren(SuggestionsDialog):
        click(qtbot, visible(window, SuggestionsDialog), QDialogButtonBox.StandardButton.Cancel)


def test_an_article_in_cyrillic_and_korean_is_imported_and_cited(qtbot, window, db_path, tmp_path, monkeypatch):
    from driving import select_text
    from desktop.ui.dialogs.cite import CiteDialog

    path = tmp_path / "курск.txt"
    path.write_text("Курск: 북한군 참전\n\nГенштаб заявил, что Горналь освобождён. 우크라이나는 이를 부인했다.\n", encoding="utf-8")
    import_file(window, monkeypatch, path)
    click(qtbot, visible(window, ArticleDialog))
    [source] = [s for s in stored(db_path).sources.values() if s.title == "Курск: 북한군 참전"]
    gornal = next(e for e in window.document.timeline.events.values() if "Gornal" in e.title)
    window.timeline_view.select([gornal.id])
    window.ctx.open_source(source.id)
    select_text(window.sources.document, "우크라이나는 이를 부인했다")
    window.findChild(QAction, "action_cite_selection").trigger()
    click(qtbot, visible(window, CiteDialog))
    [cited] = [c for c in stored(db_path).citations.values() if c.source_id == source.id]
    assert cited.quote == "우크라이나는 이를 부인했다" and source.text[cited.offset :].startswith(cited.quote)


def test_a_new_version_of_a_document_updates_it_and_flags_the_quotes_it_lost(qtbot, window, db_path, tmp_path, monkeypatch, warnings):
    seed = next(iter(window.document.timeline.sources.values()))
    cut = "Russian President Vladimir Putin described Ukraine's efforts in Kursk as a complete failure. "
    assert cut in seed.text
    lost_quote = '"The Kyiv regime\'s adventure has completely failed," Putin told Gerasimov in response'
    path = tmp_path / "bbc.txt"
    retreat, reworded = "Ukrainian forces have been in retreat in Kursk in recent months", "Ukrainian troops have been in retreat in Kursk in recent months"
    new_text = seed.text.replace(cut, "").replace(lost_quote, "Putin said little more.").replace(retreat, reworded)
    path.write_text(new_text, encoding="utf-8")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *args: asked.append(text) or QMessageBox.StandardButton.Yes)
    import_file(window, monkeypatch, path)
    dialog = visible(window, ArticleDialog)
    dialog.fields["title"].setText(seed.title)  # the same title: the same document
    click(qtbot, dialog)

    assert len(asked) == 1 and seed.title in asked[0] and "19 citations" in asked[0]
    timeline = stored(db_path)
    assert list(timeline.sources) == [seed.id]  # updated, not added
    text = timeline.sources[seed.id].text
    assert cut not in text
    moved = [c for c in timeline.citations.values() if c.quote != lost_quote]
    assert reworded in {c.quote for c in moved}
    assert all(text[c.offset : c.offset + len(c.quote)] == c.quote for c in moved)  # anchored again
    [lost] = [c for c in timeline.citations.values() if c.quote == lost_quote]  # kept, not dropped
    assert len(warnings) == 1 and lost_quote[:60] in warnings[0]
    assert "1 quote read differently now" in warnings[0] and reworded in warnings[0]  # found again, but told
    window.timeline_view.select([lost.event_id])
    panel = window.sources
    assert panel.citation_list.item(0).text().startswith("⚠ QUOTE NOT FOUND") and panel.warning.isVisible()
    window.document.undo_stack.undo()
    assert stored(db_path).sources[seed.id].text == seed.text


def test_the_same_document_again_changes_nothing(window, db_path, tmp_path, monkeypatch, qtbot):
    seed = next(iter(window.document.timeline.sources.values()))
    path = tmp_path / "again.txt"
    path.write_text(seed.text, encoding="utf-8")
    before = db_path.read_bytes()
    import_file(window, monkeypatch, path)
    dialog = visible(window, ArticleDialog)
    for name in ("title", "publisher", "author"):
        dialog.fields[name].setText(getattr(seed, name))
    dialog.fields["published"].setText(seed.published.edtf)
    click(qtbot, dialog)
    assert db_path.read_bytes() == before and "unchanged" in window.statusBar().currentMessage()


def test_the_suggested_events_of_the_seed_article_can_be_accepted_in_one_step(qtbot, window, db_path):
    window.ctx.open_source(next(iter(window.document.timeline.sources)))
    window.findChild(QAction, "action_suggest_events").trigger()
    dialog = visible(window, SuggestionsDialog)
    table = dialog.table
    rows = {table.item(row, DATE).text(): row for row in range(table.rowCount())}
    assert {"2024-08", "2025-04-25", "2025-04-26"} <= set(rows)  # last August, 25 April, Saturday
    # The seed timeline cites these sentences already: they are offered unticked.
    assert not dialog.ok.isEnabled() and dialog.ok.text() == "Add 0 events"
    august = rows["2024-08"]
    table.item(august, DATE).setCheckState(Qt.CheckState.Checked)
    table.item(august, TITLE).setText("Ukraine's incursion begins")
    table.item(rows["2025-04-25"], DATE).setCheckState(Qt.CheckState.Checked)
    assert dialog.ok.text() == "Add 2 events"
    events_before = set(stored(db_path).events)
    click(qtbot, dialog)

    timeline = stored(db_path)
    new = [timeline.events[i] for i in set(timeline.events) - events_before]
    assert sorted((e.start.edtf, e.lane) for e in new) == [("2024-08", "Ukraine"), ("2025-04-25", "Observers")]
    assert "Ukraine's incursion begins" in {e.title for e in new}
    for event in new:
        [citation] = timeline.citations_for(event.id)
        assert citation.quote in timeline.sources[citation.source_id].text
        assert event.status_auto and event.status is Status.REPORTED
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert set(stored(db_path).events) == events_before


def test_a_wrong_date_keeps_the_suggestions_open_and_cancel_adds_nothing(qtbot, window, db_path):
    window.ctx.open_source(next(iter(window.document.timeline.sources)))
    window.findChild(QAction, "action_suggest_events").trigger()
    dialog = visible(window, SuggestionsDialog)
    dialog.tick_all(True)
    dialog.table.item(0, DATE).setText("April")  # no year
    dialog.table.item(1, LANE).setText("")
    before = db_path.read_bytes()
    click(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.text().startswith("Row 1:")
    click(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)
    assert db_path.read_bytes() == before and window.document.undo_stack.count() == 0


def test_a_suggestion_s_date_may_be_typed_plainly(qtbot, window, db_path):
    window.ctx.open_source(next(iter(window.document.timeline.sources)))
    window.findChild(QAction, "action_suggest_events").trigger()
    dialog = visible(window, SuggestionsDialog)
    dialog.tick_all(False)
    dialog.table.item(0, DATE).setText("6 August 2024 to 10/08/2024")
    dialog.table.item(0, DATE).setCheckState(Qt.CheckState.Checked)
    before = set(window.document.timeline.events)
    click(qtbot, dialog)
    (added,) = [e for i, e in window.document.timeline.events.items() if i not in before]
    assert (added.start.edtf, added.end.edtf) == ("2024-08-06", "2024-08-10")


def test_an_article_dropped_on_the_window_is_read_as_an_article(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    path = tmp_path / "dropped.txt"
    path.write_text(TEXT, encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ArticleDialog)))
    assert visible(window, ArticleDialog).fields["title"].text() == "Kursk: a village changes hands"


def test_suggestions_come_with_a_confidence_the_sure_ones_ticked(qtbot, window, monkeypatch):
    
    import_file(window, monkeypatch, DATA / "articles" / "wapo-1.html")
    click(qtbot, visible(window, ArticleDialog))
    dialog = visible(window, SuggestionsDialog)
    table = dialog.table
    assert table.horizontalHeaderItem(CONFIDENCE).text() == "Confidence"
    for row, suggestion in enumerate(dialog.suggestions):
        assert table.item(row, CONFIDENCE).text() == f"{suggestion.confidence:.0%}"
        assert (table.item(row, DATE).checkState() == Qt.CheckState.Checked) == suggestion.ticked
    assert 0 < len(dialog._ticked()) < table.rowCount()  # the doubtful are offered unticked
    click(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)


def test_a_suggestion_already_on_the_timeline_is_flagged_and_its_sentence_cited_for_that_event(qtbot, window, db_path, tmp_path, monkeypatch):
    path = tmp_path / "crossing.md"
    path.write_text("---\ntitle: The crossing\ndate: 2024-08-20\npublisher: The Paper\n---\n"
                    "Ukrainian forces launched a surprise incursion, crossing into Russia's Kursk region on 6 August 2024.\n", encoding="utf-8")
    import_file(window, monkeypatch, path)
    click(qtbot, visible(window, ArticleDialog))
    dialog = visible(window, SuggestionsDialog)
    incursion = next(e for e in window.document.timeline.events.values() if e.title == "Ukraine launches surprise incursion into Kursk region")
    assert dialog.table.item(0, CONFIDENCE).text() == "already on the timeline as “Ukraine launches surprise incursion into Kursk region”"
    assert dialog.table.item(0, DATE).checkState() == Qt.CheckState.Unchecked and not dialog.ok.isEnabled()
    dialog.table.setCurrentCell(0, TITLE)
    qtbot.mouseClick(dialog.cite_button, Qt.MouseButton.LeftButton)
    assert dialog.ok.text() == "Add 0 events and 1 citation"
    events_before = set(stored(db_path).events)
    click(qtbot, dialog)
    timeline = stored(db_path)
    assert set(timeline.events) == events_before
    assert any(c.quote.startswith("Ukrainian forces launched a surprise incursion") for c in timeline.citations_for(incursion.id))


def test_an_article_without_a_date_says_so_and_is_read_again_with_the_date_given(qtbot, window, db_path, tmp_path, monkeypatch):
    path = tmp_path / "talks.txt"
    path.write_text("Talks in Minsk\n\nThe envoys met on Monday in Minsk.\n", encoding="utf-8")
    import_file(window, monkeypatch, path)
    click(qtbot, visible(window, ArticleDialog))
    dialog = visible(window, SuggestionsDialog)
    assert dialog.table.rowCount() == 0 and "no publication date" in dialog.findChild(QLabel, "no_publication_date").text()
    assert not dialog.cite_button.isEnabled()
    dialog.published.setText("26 April")
    qtbot.mouseClick(dialog.findChild(QPushButton, "read_with_date"), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Publication date" in dialog.error.text()
    dialog.published.setText("2025-04-26")
    qtbot.mouseClick(dialog.findChild(QPushButton, "read_with_date"), Qt.MouseButton.LeftButton)
    again = visible(window, SuggestionsDialog)
    assert [again.table.item(row, DATE).text() for row in range(again.table.rowCount())] == ["2025-04-21"]
    [source] = [s for s in stored(db_path).sources.values() if s.title == "Talks in Minsk"]
    assert source.published.edtf == "2025-04-26"
    click(qtbot, again, QDialogButtonBox.StandardButton.Cancel)
