"""TimelineJS's Google Sheets template as CSV: Knight Lab's own example sheet read, a sheet
taken from the app and back, and refusals that name the line and the column."""
import csv
import io
import pytest

from paths import DATA
from desktop.cli import main
from desktop.dataset import load_dataset
from desktop.exchange.timelinejs import plain_text
from desktop.exchange.timelinejs_sheet import COLUMNS
from desktop.model import FuzzyDate, Period
from desktop.store import Store

TEMPLATE = DATA / "real" / "timelinejs_sheet_template.csv"


def rows_of(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def sheet(tmp_path, *rows, name="sheet.csv"):
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS[:-1], restval="")
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / name).write_text(out.getvalue(), encoding="utf-8")
    return tmp_path / name


def test_knight_labs_example_sheet_is_read_with_its_html_as_text_and_its_media_in_the_notes(db_path, capsys):
    assert main(["import", str(TEMPLATE), "--db", str(db_path), "--empty"]) == 0
    assert "10 events from timelinejs_sheet_template.csv" in capsys.readouterr().out
    timeline = Store.open(db_path).load()
    assert timeline.title == "MY OWN CSV"  # the row of Type 'title'
    events = {e.title: e for e in timeline.events.values()}
    ada = events["Ada Lovelace"]
    assert (ada.start.edtf, ada.end.edtf) == ("1815-12-10", "1852-11-27")
    assert ada.notes.startswith("Women have been programming since before it was a thing. Take Ada Lovelace: Daughter of Lord Byron")
    assert "<a" not in ada.notes and "href" not in ada.notes
    assert ada.notes.endswith("\n\nMedia: https://upload.wikimedia.org/wikipedia/commons/thumb/a/a4/Ada_Lovelace_portrait.jpg/713px-Ada_Lovelace_portrait.jpg"
                              "\nMedia caption: Portrait by Alfred Edward Chalon\nMedia credit: Wikimedia Commons")
    eniac = events["...And the women who made it work"]
    assert (eniac.start.edtf, eniac.end.edtf) == ("1943-07", "1946")
    assert events["Rózsa Péter writes recursion"].start.edtf == "1951"
    assert events['"The Mother of the Internet"'].start.edtf == "1985"


def test_what_the_sheet_holds_and_the_app_does_not_is_said(db_path, capsys):
    assert main(["import", str(TEMPLATE), "--db", str(db_path), "--empty"]) == 0
    out = capsys.readouterr().out
    assert "columns not kept: Background" in out  # the title slide's picture
    assert "the title slide's text not kept" in out  # its introduction: a timeline here holds a title only


def test_a_sheet_taken_into_the_app_and_out_again_keeps_every_field_both_hold(tmp_path, db_path, capsys):
    assert main(["import", str(TEMPLATE), "--db", str(db_path), "--empty"]) == 0
    out = tmp_path / "back.timelinejs.csv"
    assert main(["export", str(out), "--db", str(db_path)]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)
    back = {row["Headline"]: row for row in rows_of(out)}
    for row in rows_of(TEMPLATE):
        if row["Type"] == "title":
            assert back[row["Headline"]]["Type"] == "title"
            continue
        again = back[plain_text(row["Headline"]).replace("&", "&amp;").replace("<", "&lt;")]
        for column in ("Year", "Month", "Day", "Time", "End Year", "Group", "Type"):
            assert again[column] == row[column], (row["Headline"], column)
        assert plain_text(row["Text"]) in plain_text(again["Text"])
        if row["Media"].startswith("http"):
            assert again["Media"] == row["Media"]
            for column in ("Media Credit", "Media Caption"):  # their HTML read as text
                assert again[column] == plain_text(row[column])
        else:  # a quote as the media: its words are kept, in the text
            assert again["Media"] == "" and plain_text(row["Media"]) in plain_text(again["Text"])
        # An end without a day is its last day, so that TimelineJS does not end it on the 1st; the Display Date keeps "1946".
        if row["End Year"] and not row["End Day"]:
            assert (again["End Month"], again["End Day"]) == ("12", "31") and again["Display Date"].endswith(f"– {row['End Year']}")
        else:
            assert (again["End Month"], again["End Day"]) == (row["End Month"], row["End Day"])
    # And back into the app: the same events, nothing doubled.
    before = Store.open(db_path).load()
    capsys.readouterr()
    assert main(["import", str(out), "--db", str(db_path)]) == 0
    assert "0 new, 0 updated, 10 unchanged" in capsys.readouterr().out
    assert Store.open(db_path).load().events == before.events


def test_a_sheet_without_ids_imported_again_after_editing_a_slides_text_updates_it(tmp_path, db_path, capsys):
    assert main(["import", str(TEMPLATE), "--db", str(db_path), "--empty"]) == 0
    edited = tmp_path / "edited.csv"
    edited.write_text(TEMPLATE.read_text(encoding="utf-8").replace("Women have been programming", "Women have always been programming"), encoding="utf-8")
    assert main(["import", str(edited), "--db", str(db_path)]) == 0
    assert "10 events from edited.csv: 0 new, 1 updated, 9 unchanged" in capsys.readouterr().out
    [ada] = [e for e in Store.open(db_path).load().events.values() if e.title == "Ada Lovelace"]
    assert ada.notes.startswith("Women have always been programming")


def test_a_timeline_taken_to_a_sheet_and_back_keeps_its_events_and_periods(tmp_path, db_path, kursk, capsys):
    def seed():
        timeline = load_dataset()
        timeline.periods["p1"] = Period("p1", "Salient held", FuzzyDate.parse("2024-08-06"), FuzzyDate.parse("2025-03~"))
        return timeline

    Store.open(db_path, seed=seed).close()
    out = tmp_path / "kursk.timelinejs.csv"
    assert main(["export", str(out), "--db", str(db_path)]) == 0
    copy = tmp_path / "copy.json"
    assert main(["import", str(out), "--db", str(copy), "--empty"]) == 0
    quoted = sum(bool(kursk.citations_for(e.id)) for e in kursk.events.values())
    assert f"its quotes and who said them left out (this app's citations: its JSON or CSV export carries them) on {quoted} slides" in capsys.readouterr().out
    timeline = Store.open(copy).load()
    kept = lambda e: (e.title, e.start, e.end, e.lane, e.status, e.notes)  # noqa: E731
    assert {e.id: kept(e) for e in timeline.events.values()} == {e.id: kept(e) for e in kursk.events.values()}
    assert {link.key for link in timeline.links.values()} == {link.key for link in kursk.links.values()} != set()
    assert timeline.title == kursk.title
    assert timeline.periods["p1"].end == FuzzyDate.parse("2025-03~") and timeline.periods["p1"].label == "Salient held"
    before = db_path.read_bytes()
    assert main(["import", str(out), "--db", str(db_path)]) == 0
    assert db_path.read_bytes() == before  # into the database it came from: nothing changes


def test_the_file_menu_exports_a_sheet(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "out.timelinejs.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), args[-1]))
    window.findChild(QAction, "action_export_timelinejs_sheet").trigger()
    rows = rows_of(target)
    assert rows[0]["Type"] == "title" and {row["Unique ID"] for row in rows[1:]} == set(window.document.timeline.events)


@pytest.mark.parametrize("name, fmt", [("zones.timelinejs.csv", []), ("zones.csv", ["--format", "timelinejs-sheet"]), ("zones.timeline.json", [])])
def test_times_of_day_and_their_utc_offsets_come_back_from_timelinejs(tmp_path, db_path, name, fmt):
    from dataclasses import replace

    def seed():
        timeline = load_dataset()
        first, second = list(timeline.events)[:2]
        timeline.events[first] = replace(timeline.events[first], start=FuzzyDate.parse("2024-08-06T05:30:00+03:00"), end=None)
        timeline.events[second] = replace(timeline.events[second], start=FuzzyDate.parse("2024-08-07T14:30:15Z"), end=None)
        return timeline

    Store.open(db_path, seed=seed).close()
    out = tmp_path / name
    assert main(["export", str(out), "--db", str(db_path), *fmt]) == 0
    copy = tmp_path / "copy.json"
    assert main(["import", str(out), "--db", str(copy), "--empty"]) == 0
    dates = lambda db: {e.id: (e.start, e.end) for e in Store.open(db).load().events.values()}  # noqa: E731
    assert dates(copy) == dates(db_path)


def test_times_of_day_are_kept_to_the_second_and_what_is_cut_is_said(tmp_path, db_path, capsys):
    path = sheet(tmp_path,
                 {"Year": "2024", "Month": "8", "Day": "6", "Time": "2:30 PM", "Headline": "Afternoon"},
                 {"Year": "2024", "Month": "8", "Day": "7", "Time": "14:30:05.250", "Headline": "To the millisecond"},
                 {"Year": "2024", "Month": "8", "Time": "09:00", "Headline": "A time without a day"},
                 {"Year": "-13800000000", "Headline": "The Big Bang"})
    assert main(["import", str(path), "--db", str(db_path), "--empty"]) == 0
    out = capsys.readouterr().out
    assert "1 slide left out, dated outside the years 1 to 9999 that this app holds: line 5 (start_date: year -13800000000)" in out
    assert "time of day cut to the second (this app holds no milliseconds) on 1 slide" in out
    assert "time of day dropped, given without a day on 1 slide" in out
    events = {e.title: e.start.edtf for e in Store.open(db_path).load().events.values()}
    assert events == {"Afternoon": "2024-08-06T14:30:00", "To the millisecond": "2024-08-07T14:30:05", "A time without a day": "2024-08"}


@pytest.mark.parametrize("row, where", [
    ({"Year": "2024", "Month": "13", "Headline": "x"}, "sheet.csv:3: Year/Month/Day/Time: start_date: month 13 does not exist"),
    ({"Year": "twenty", "Headline": "x"}, "sheet.csv:3: Year/Month/Day/Time: start_date: year 'twenty' is not a whole number"),
    ({"Year": "2024", "Month": "8", "Day": "6", "Time": "25:00", "Headline": "x"}, "sheet.csv:3: Time: '25:00' is not a time of day"),
    ({"Year": "2024", "End Time": "10:00", "Headline": "x"}, "sheet.csv:3: End Time: a time of day needs a date: End Year is empty"),
    ({"Year": "2025", "End Year": "2024", "Headline": "x"}, "sheet.csv:3: row: "),
    ({"Headline": "No year"}, "sheet.csv:3: Year: empty: a slide needs a year"),
], ids=["month", "year", "time", "end time without end", "end before start", "no year"])
def test_a_broken_row_is_refused_naming_its_line_and_column(tmp_path, db_path, capsys, row, where):
    path = sheet(tmp_path, {"Year": "2024", "Headline": "fine"}, row)
    Store.open(db_path).close()
    before = db_path.read_bytes()
    assert main(["import", str(path), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert where in err and len(err.splitlines()) == 1, err
    assert db_path.read_bytes() == before


def test_the_sheet_is_recognised_by_its_header_and_listed(capsys):
    assert main(["import", "--formats"]) == 0
    assert "timelinejs-sheet" in capsys.readouterr().out


def test_the_app_imports_a_sheet_from_the_file_menu_and_says_what_it_left_out(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QFileDialog

    path = sheet(tmp_path, {"Year": "2024", "Month": "8", "Day": "6", "Headline": "<b>Across</b> the border", "Group": "Ukraine"},
                 {"Year": "-13800000000", "Headline": "The Big Bang"})
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(path), "TimelineJS sheet (Google Sheets template as CSV) (*.csv)"))
    window.findChild(QAction, "action_import").trigger()
    assert "Across the border" in {e.title for e in window.document.timeline.events.values()}
    message = window.statusBar().currentMessage()
    assert message.startswith("Imported 1 event from sheet.csv: 1 new") and "1 slide left out" in message and "line 3" in message
    assert window.document.undo_stack.count() == 1
