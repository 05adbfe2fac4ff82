"""A sheet of the user's own: real newsroom sheets read with their columns proposed from
their names, or mapped with --columns; plain dates in the file's own day/month order;
what cannot be read refused with its line and column."""
import pytest

from paths import DATA
from desktop.exchange.sheet import propose
from importing import imported, refused

REAL = DATA / "real"

# file, --columns (none: as proposed), rows in, events out, sources, --skip-bad, columns not kept
TABLE = [
    ("sheet_iraq_war_card.csv", None, 40, 40, 3, False, ""),
    ("sheet_defining_courage.csv", None, 15, 13, 0, True, "position, photo, lat, long, zoom"),
    ("sheet_ukraine_phases.csv", "date=date,title=description", 9, 9, 0, False, ""),
]


@pytest.mark.parametrize("name, columns, rows, events, sources, skip, dropped", TABLE, ids=[row[0] for row in TABLE])
def test_each_real_sheet_is_imported(db_path, capsys, name, columns, rows, events, sources, skip, dropped):
    assert (REAL / name).read_text(encoding="utf-8-sig").count("\n") - 1 >= rows
    options = [*(["--columns", columns] if columns else []), *(["--skip-bad"] if skip else [])]
    out, timeline = imported(db_path, capsys, REAL / name, "--empty", *options)
    assert f"{events} events from {name}: {events} new" in out
    assert len(timeline.sources) == sources
    assert (f"columns not kept: {dropped}" in out) if dropped else "columns not kept" not in out
    assert ("skipped" in out) == skip


def test_date_event_source_makes_dated_events_citing_their_source(db_path, capsys):
    _, timeline = imported(db_path, capsys, REAL / "sheet_iraq_war_card.csv", "--empty")
    first = min(timeline.events.values(), key=lambda e: e.start.earliest)
    assert first.start.edtf == "2001-09-11" and first.title.startswith("On the morning of September 11, 2001")
    [citation] = timeline.citations_for(first.id)
    assert (timeline.sources[citation.source_id].title, citation.claimant, citation.quote) == ("Spreadsheet", "Spreadsheet", first.title)
    linked = next(e for e in timeline.events.values() if e.start.edtf == "2002-09-16")
    source = timeline.sources[timeline.citations_for(linked.id)[0].source_id]
    assert source.url == "http://www.telegraph.co.uk/news/politics/tony-blair/8509787/Iraq-War-timeline.html"
    assert source.publisher == "www.telegraph.co.uk"
    unsourced = next(e for e in timeline.events.values() if e.start.edtf == "2002-10-21")
    assert timeline.citations_for(unsourced.id) == []


def test_plain_dates_and_months_are_read_and_html_is_text(db_path, capsys):
    _, timeline = imported(db_path, capsys, REAL / "sheet_defining_courage.csv", "--empty", "--skip-bad")
    by_title = {e.title: e for e in timeline.events.values()}
    assert by_title["Pearl Harbor, Hawaii"].start.edtf == "1941-12-07"
    assert by_title["Monte Cassino, Italy"].start.edtf == "1944-01"  # "January 1944": a month, no day made up
    assert by_title["Pearl Harbor, Hawaii"].notes == "The Nisei watched as Japan bombed Pearl Harbor, their homeland."


def test_a_sheet_with_rows_it_cannot_date_is_refused_naming_the_line_and_column(db_path, capsys):
    err = refused(db_path, capsys, REAL / "sheet_defining_courage.csv")
    assert "sheet_defining_courage.csv:2: date: empty: every event needs a date (and 1 other bad row)" in err
    err = refused(db_path, capsys, REAL / "sheet_baltimore_bridge.csv")  # times of day without a day
    assert "sheet_baltimore_bridge.csv:2: time: empty: every event needs a date" in err


def test_the_proposal_goes_by_names_then_by_values():
    assert propose(["date", "event", "source"], []) == {"date": "date", "title": "event", "source": "source"}
    assert propose(["Date", "Headline", "Link"], []) == {"date": "Date", "title": "Headline", "url": "Link"}
    assert propose(["When it happened", "What", "Ref"], [["6 August 2024", "Crossing", "https://bbc.co.uk/a"]]) == {
        "date": "When it happened", "title": "What", "url": "Ref"}


@pytest.mark.parametrize(
    "content, order, first",
    [
        ("date,event\n05/08/2024,Crossing\n13/08/2024,Sudzha\n", "dmy", "2024-08-05"),  # 13/08 decides: day first
        ("date,event\n08/05/2024,Crossing\n08/13/2024,Sudzha\n", "mdy", "2024-08-05"),  # 08/13 decides: month first
        ("date,event\n\"Aug 6, 2024\",Crossing\n6 August 2024,Sudzha\n", "words", "2024-08-06"),
        ("Date,Headline,Link\n2024-08-06,Crossing,https://www.bbc.co.uk/news/a\n", "iso", "2024-08-06"),
    ],
)
def test_numeric_dates_are_read_in_the_order_the_whole_file_decides(tmp_path, db_path, capsys, content, order, first):
    (tmp_path / "mine.csv").write_text(content, encoding="utf-8")
    _, timeline = imported(db_path, capsys, tmp_path / "mine.csv", "--empty")
    assert min(e.start.edtf for e in timeline.events.values()) == first


def test_a_file_whose_dates_cannot_tell_day_from_month_is_refused(tmp_path, db_path, capsys):
    (tmp_path / "mine.csv").write_text("date,event\n05/08/2024,Crossing\n06/08/2024,Sudzha\n", encoding="utf-8")
    err = refused(db_path, capsys, tmp_path / "mine.csv")
    assert "mine.csv:2: date: cannot tell whether '05/08/2024' is day/month/year or month/day/year" in err


@pytest.mark.parametrize(
    "columns, says",
    [
        ("date=When,title=event", "mine.csv:1: header: there is no column 'When' to be the date"),
        ("date=date,title=date", "mine.csv:1: header: column 'date' cannot be both the date and the title"),
        ("date=date", "mine.csv:1: header: no column is the title: name it with --columns title=COLUMN"),
        ("day=date", "--columns: 'day=date' should be ROLE=COLUMN, a role one of date, title, end, lane, source, url, notes"),
    ],
)
def test_a_wrong_mapping_is_refused_in_one_line(tmp_path, db_path, capsys, columns, says):
    (tmp_path / "mine.csv").write_text("date,event\n2024-08-06,Crossing\n", encoding="utf-8")
    assert says in refused(db_path, capsys, tmp_path / "mine.csv", "--columns", columns)


@pytest.mark.parametrize("link", ["javascript:alert(1)", "see the BBC"])
def test_a_link_that_is_no_web_address_is_refused_naming_its_cell(tmp_path, db_path, capsys, link):
    (tmp_path / "mine.csv").write_text(f"Date,Headline,Link\n2024-08-06,Crossing,https://www.bbc.co.uk/news/a\n2024-08-07,Sudzha,{link}\n", encoding="utf-8")
    err = refused(db_path, capsys, tmp_path / "mine.csv")
    assert f"mine.csv:3: Link: {link!r} is not a web address: it should start with http:// or https://" in err


def test_columns_are_refused_for_a_file_that_is_no_sheet_and_with_another_format(tmp_path, db_path, capsys):
    (tmp_path / "slides.json").write_text('{"events": [{"start_date": {"year": 2024}, "text": {"headline": "Crossing"}}]}', encoding="utf-8")
    err = refused(db_path, capsys, tmp_path / "slides.json", "--columns", "date=date,title=event")
    assert "slides.json:1: content: this is JSON, not a sheet: import it without --columns or --format sheet" in err
    (tmp_path / "mine.csv").write_text("date,event\n2024-08-06,Crossing\n", encoding="utf-8")
    err = refused(db_path, capsys, tmp_path / "mine.csv", "--columns", "date=date,title=event", "--format", "acled")
    assert "mine.csv: --columns maps a sheet of your own (--format sheet), not --format acled" in err


def test_our_own_csv_keeps_priority_over_a_sheet(tmp_path, db_path, capsys):
    (tmp_path / "ours.csv").write_text("title,start,lane,notes\nCrossing,2024-08-06,Ukraine,x\n", encoding="utf-8")
    _, timeline = imported(db_path, capsys, tmp_path / "ours.csv", "--empty")
    [event] = timeline.events.values()
    assert not event.id.startswith("sheet:") and event.lane == "Ukraine"


def test_importing_the_sheet_again_changes_nothing(db_path, capsys):
    imported(db_path, capsys, REAL / "sheet_iraq_war_card.csv", "--empty")
    out, _ = imported(db_path, capsys, REAL / "sheet_iraq_war_card.csv")
    assert "40 events from sheet_iraq_war_card.csv: 0 new, 0 updated, 40 unchanged" in out
