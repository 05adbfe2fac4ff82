"""What an import asks in the window before it changes anything: the encoding of a file
that is not UTF-8, the columns of a sheet of the user's own, the lanes of a dataset's
actors, and whether to skip bad rows. Each dialog is answered by clicking and typing
into its own widgets."""
import csv
import io

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QLabel, QListWidget, QMessageBox, QPlainTextEdit, QPushButton, QTableWidget

from desktop.exchange.formats import FORMATS
from disk import disk_bytes
from paths import DATA

REAL = DATA / "real"


def import_from_menu(window, monkeypatch, path, answers, file_filter=""):
    """Import ``path`` through File ▸ Import (its file dialog's ``file_filter`` chosen); each
    dialog it opens is handed, shown, to the next of ``answers``, which works its widgets
    and clicks a button."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(path), file_filter))
    pending = list(answers)
    seen = []

    def run(dialog):
        dialog.show()
        seen.append(dialog.windowTitle())
        pending.pop(0)(dialog)
        return dialog.result()

    monkeypatch.setattr(QDialog, "exec", run)
    window.findChild(QAction, "action_import").trigger()
    assert not pending, f"dialogs left unanswered; shown: {seen}"
    return seen


def click(qtbot, dialog, name):
    button = dialog.findChild(QPushButton, name) if name == "accept" else next(b for b in dialog.findChildren(QPushButton) if b.text() == name)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_windows_1252_file_shows_the_guess_and_its_words_and_is_read_so(qtbot, window, monkeypatch):
    def encoding(dialog):
        assert "It looks like cp1252" in dialog.findChild(QLabel).text()
        assert "The People’s National Army" in dialog.findChild(QPlainTextEdit, "encoding_sample").toPlainText()
        assert dialog.findChild(QPushButton, "accept").text() == "Read it as cp1252"
        click(qtbot, dialog, "accept")

    shown = import_from_menu(window, monkeypatch, REAL / "acled_2016_all_africa_cp1252.csv", [encoding, lambda d: click(qtbot, d, "accept")])
    assert shown == ["Import: text encoding", "Import: lanes for the actors"]
    assert window.document.timeline.events["acled:2779RTA"].notes.startswith("The People’s National Army")


def test_declining_the_encoding_changes_nothing(qtbot, window, db_path, monkeypatch):
    before = disk_bytes(db_path)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    import_from_menu(window, monkeypatch, REAL / "acled_2016_all_africa_cp1252.csv", [lambda d: click(qtbot, d, "Cancel")])
    assert "it looks like cp1252" in warnings[0] and window.document.undo_stack.count() == 0
    assert disk_bytes(db_path) == before


def test_the_lanes_are_proposed_and_changed_before_importing_in_one_undo_step(qtbot, window, monkeypatch):
    def lanes(dialog):
        table = dialog.findChild(QTableWidget, "lane_table")
        rows = {table.item(row, 0).text(): (table.item(row, 1).text(), table.cellWidget(row, 2)) for row in range(table.rowCount())}
        assert {actor: (count, box.currentText()) for actor, (count, box) in rows.items()} == {
            "Military Forces of Russia (2000-) Air Force": ("12", "Russia"),
            "Military Forces of Russia (2000-)": ("17", "Russia"),
            "Military Forces of Ukraine (2019-)": ("7", "Ukraine"),
            "Police Forces of Ukraine (2019-) Security Service of Ukraine": ("1", "Ukraine"),
            "Unidentified Military Forces": ("3", "Unidentified Military Forces"),
        }
        box = rows["Unidentified Military Forces"][1]
        assert [box.itemText(i) for i in range(4)] == ["Ukraine", "Russia", "North Korea", "Observers"]  # the timeline's lanes first
        box.lineEdit().selectAll()
        qtbot.keyClicks(box.lineEdit(), "Unattributed")
        click(qtbot, dialog, "accept")

    import_from_menu(window, monkeypatch, REAL / "acled_2024_ukraine.csv", [lanes])
    events = [e for e in window.document.timeline.events.values() if e.id.startswith("acled:")]
    assert len(events) == 40 and {e.lane for e in events} == {"Russia", "Ukraine", "Unattributed"}
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert not any(e.startswith("acled:") for e in window.document.timeline.events)


def test_cancelling_the_lanes_imports_nothing(qtbot, window, db_path, monkeypatch):
    before = disk_bytes(db_path)
    import_from_menu(window, monkeypatch, REAL / "acled_2024_ukraine.csv", [lambda d: click(qtbot, d, "Cancel")])
    assert window.document.undo_stack.count() == 0 and disk_bytes(db_path) == before
    assert window.statusBar().currentMessage() == "Import of acled_2024_ukraine.csv cancelled: nothing was changed"


def _with_bad_rows(folder):
    rows = list(csv.DictReader(io.StringIO((REAL / "acled_2024_ukraine.csv").read_text(encoding="utf-8"))))
    rows[2]["time_precision"] = "9"
    rows[5]["source"] = ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / "bad.csv").write_text(out.getvalue(), encoding="utf-8")
    return folder / "bad.csv"


def test_a_file_with_bad_rows_lists_them_and_imports_the_good_ones_if_asked(qtbot, window, tmp_path, monkeypatch):
    def skip(dialog):
        listed = dialog.findChild(QListWidget, "bad_rows")
        assert [listed.item(i).text() for i in range(listed.count())] == [
            "line 4: time_precision: '9' is not 1 (day), 2 (week) or 3 (month or more)",
            "line 7: source: empty: the sources are what the event rests on",
        ]
        assert dialog.findChild(QPushButton, "accept").text() == "Import the 38 good ones and skip 2"
        click(qtbot, dialog, "accept")

    import_from_menu(window, monkeypatch, _with_bad_rows(tmp_path), [skip, lambda d: click(qtbot, d, "accept")])
    assert sum(e.startswith("acled:") for e in window.document.timeline.events) == 38
    assert "2 rows skipped" in window.statusBar().currentMessage()


def test_a_file_whose_every_row_is_bad_is_refused_with_no_offer_to_import_none_of_them(qtbot, window, tmp_path, monkeypatch):
    rows = list(csv.DictReader(io.StringIO((REAL / "acled_2024_ukraine.csv").read_text(encoding="utf-8"))))[:2]
    for row in rows:
        row["source"] = ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "bad.csv").write_text(out.getvalue(), encoding="utf-8")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    assert import_from_menu(window, monkeypatch, tmp_path / "bad.csv", []) == []  # no dialog offers to skip both rows
    assert len(warnings) == 1 and "bad.csv:2: source: empty: the sources are what the event rests on (and 1 other bad row)" in warnings[0]
    assert window.document.undo_stack.count() == 0


def test_declining_to_skip_bad_rows_imports_nothing(qtbot, window, db_path, tmp_path, monkeypatch):
    before = disk_bytes(db_path)
    import_from_menu(window, monkeypatch, _with_bad_rows(tmp_path), [lambda d: click(qtbot, d, "Cancel")])
    assert window.document.undo_stack.count() == 0 and disk_bytes(db_path) == before


def test_the_event_panel_lists_a_datasets_facts(qtbot, window, monkeypatch):
    import_from_menu(window, monkeypatch, REAL / "acled_api_ukraine.json", [lambda d: click(qtbot, d, "accept")])
    facts = window.details.findChild(QLabel, "facts_field")
    window.timeline_view.select(["acled:UKR142667"])
    assert facts.isVisible()
    assert "civilian_targeting: <b>Civilian targeting</b>" in facts.text() and "fatalities: <b>1</b>" in facts.text()
    window.timeline_view.select([next(e for e in window.document.timeline.events if not e.startswith("acled:"))])
    assert not facts.isVisible()


def choose(qtbot, dialog, role, column):
    """Pick ``column`` for ``role`` by typing its name into the role's list, as the keyboard does."""
    box = dialog.findChild(QComboBox, f"column_{role}")
    box.setFocus()
    qtbot.keyClicks(box, column)
    assert box.currentText() == column


def test_a_sheets_columns_are_proposed_and_confirmed_before_importing(qtbot, window, monkeypatch):
    def columns(dialog):
        proposed = {role: dialog.findChild(QComboBox, f"column_{role}").currentText() for role in ("date", "title", "end", "source", "url")}
        assert proposed == {"date": "date", "title": "event", "end": "(none)", "source": "source", "url": "(none)"}
        sample = dialog.findChild(QTableWidget, "sheet_sample")
        assert sample.item(0, 0).text() == "2001-09-11" and sample.horizontalHeaderItem(2).text() == "source"
        choose(qtbot, dialog, "source", "(none)")  # no sources: the sheet's are not worth citing
        click(qtbot, dialog, "accept")

    before = len(window.document.timeline.sources)
    shown = import_from_menu(window, monkeypatch, REAL / "sheet_iraq_war_card.csv", [columns])
    assert shown == ["Import: columns of the sheet"]
    events = [e for e in window.document.timeline.events.values() if e.id.startswith("sheet:")]
    assert len(events) == 40 and len(window.document.timeline.sources) == before
    assert window.document.undo_stack.count() == 1


def test_a_sheet_read_as_such_needs_its_title_chosen_before_it_imports(qtbot, window, monkeypatch):
    def columns(dialog):
        accept = dialog.findChild(QPushButton, "accept")
        assert dialog.findChild(QComboBox, "column_title").currentText() == "(none)" and not accept.isEnabled()
        choose(qtbot, dialog, "notes", "(none)")
        choose(qtbot, dialog, "title", "description")
        assert accept.isEnabled()
        click(qtbot, dialog, "accept")

    import_from_menu(window, monkeypatch, REAL / "sheet_ukraine_phases.csv", [columns], FORMATS["sheet"].dialog_filter)
    titles = {e.title for e in window.document.timeline.events.values() if e.id.startswith("sheet:")}
    assert "Mariupol falls after a prolonged siege" in titles and len(titles) == 9


def test_cancelling_a_sheets_columns_imports_nothing(qtbot, window, db_path, monkeypatch):
    before = disk_bytes(db_path)
    import_from_menu(window, monkeypatch, REAL / "sheet_iraq_war_card.csv", [lambda d: click(qtbot, d, "Cancel")])
    assert window.document.undo_stack.count() == 0 and disk_bytes(db_path) == before
    assert window.statusBar().currentMessage() == "Import of sheet_iraq_war_card.csv cancelled: nothing was changed"
