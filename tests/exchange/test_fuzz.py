"""Fuzzing the date parser and every importer with random and adversarial input.

An import given anything at all exits 0 or 2 with one line, never raises, and on 2
leaves the database byte for byte as it was. The reader-level fuzzing of JSON shapes
is in test_json_format.py.
"""
import csv
import io
import json
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from desktop.cli import main
from desktop.dataset import load_dataset
from desktop.exchange.acled import REQUIRED as ACLED_REQUIRED
from desktop.exchange.ucdp import REQUIRED as UCDP_REQUIRED
from desktop.exchange.csv_format import COLUMNS, csv_text
from desktop.exchange.json_format import json_bytes
from desktop.exchange.timeline_xml import timeline_xml_bytes
from desktop.exchange.timelinejs import timelinejs_bytes
from desktop.exchange.timelinejs_sheet import COLUMNS as SHEET_COLUMNS
from desktop.exchange.timelinejs_sheet import timelinejs_sheet_text
from desktop.model import DateError, FuzzyDate, parse_range
from desktop.store import Store

fuzz = settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])


def imported_whole_or_not_at_all(folder, capsys, name, content, fmt=None):
    database = folder / "fuzz-db.json"
    if not database.exists():  # one database for all the examples of a test
        Store.open(database, seed=load_dataset).close()
    before = database.read_bytes()
    source = folder / name
    source.write_bytes(content)
    code = main(["import", str(source), "--db", str(database), *(["--format", fmt] if fmt else [])])
    out, err = capsys.readouterr()
    event(f"exit {code}")  # --hypothesis-show-statistics: how many examples got as far as importing
    assert code in (0, 2)
    if code == 2:
        assert len(err.splitlines()) == 1 and str(source) in err
        assert database.read_bytes() == before
    else:
        assert out.startswith("Imported ")
        database.write_bytes(before)


# Dates

DATE_PARTS = ["2024", "2025", "0000", "9999", "10000", "-", "08", "13", "00", "02", "29", "31", "~", "?", "%", " ", "/", "..",
              "–", "—", " to ", "\n", "٢٠٢٤", "²", "\x00", "T"]


@fuzz
@given(st.text(max_size=40) | st.lists(st.sampled_from(DATE_PARTS), max_size=10).map("".join))
def test_the_date_parser_reads_a_date_or_raises_date_error(text):
    try:
        date = FuzzyDate.parse(text)
    except DateError:
        pass
    else:
        assert FuzzyDate.parse(date.edtf) == date
    try:
        first, last = parse_range(text)
    except DateError:
        pass
    else:
        assert first.earliest <= last.latest


# Any bytes, and valid files cut short with junk after them

def _exports():
    timeline = load_dataset()
    return [("x.csv", csv_text(timeline).encode()), ("x.json", json_bytes(timeline)), ("x.json", timelinejs_bytes(timeline)),
            ("x.timeline", timeline_xml_bytes(timeline)), ("x.csv", timelinejs_sheet_text(timeline).encode())]


EXPORTS = _exports()
READERS = [("x.csv", None), ("x.json", None), ("x.csv", "csv"), ("x.csv", "acled"), ("x.json", "json"), ("x.json", "timelinejs"),
           ("x.csv", "ucdp"), ("x.json", "acled"), ("x.json", "ucdp"), ("x.timeline", None), ("x.timeline", "timeline"),
           ("x.json", "vis"), ("x.csv", "sheet"), ("x.csv", "timelinejs-sheet")]


@fuzz
@given(st.binary(max_size=300), st.sampled_from(READERS))
def test_any_bytes_are_imported_or_refused(tmp_path, capsys, content, reader):
    imported_whole_or_not_at_all(tmp_path, capsys, reader[0], content, reader[1])


@fuzz
@given(st.sampled_from(EXPORTS), st.floats(0, 1), st.binary(max_size=20))
def test_a_file_cut_short_is_imported_or_refused(tmp_path, capsys, export, cut, junk):
    name, content = export
    imported_whole_or_not_at_all(tmp_path, capsys, name, content[: int(len(content) * cut)] + junk)


# This app's CSV: its header, then fragments that break naive CSV

FRAGMENTS = [",", '"', "\r\n", "\n", "\r", "[", "]", '["a"]', '["x", "y"]', "2025-04-26", "2024-08~", "asserts", "claimed",
             "é", "북", "\ufeff", "\x00", "e-1", "Gornal", " ", "\\", "{}", "[]", '""']


@fuzz
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60))
def test_our_csv_header_with_fuzzed_cells_is_imported_or_refused(tmp_path, capsys, parts):
    imported_whole_or_not_at_all(tmp_path, capsys, "x.csv", (",".join(COLUMNS) + "\r\n" + "".join(parts)).encode())


# ACLED and UCDP: their headers, in either case, below a note or not, with an HXL row or
# not, then rows of likely and unlikely values; and the same rows as their APIs' JSON

ACLED_COLUMNS = ACLED_REQUIRED + ("time_precision", "year", "latitude", "fatalities", "")
UCDP_COLUMNS = UCDP_REQUIRED + ("year", "source_article", "best")
DATES = ["2024-08-06", "06 August 2024", "6-Aug-2024", "5-Aug-24", "31-12-19", "12/31/2019", "05/06/2019", "31-Feb-2024", "0000-01-01",
         "2024-13-01", "6 Ju 2024", "٠٦ August ٢٠٢٤", "2015-05-11 00:00:00.000", "1/2/3", ""]
VALUES = {
    "event_id_cnty": ["UKR1", "UKR2", "", " "],
    "id": ["1", "2", ""],
    "event_date": DATES, "date_start": DATES, "date_end": DATES,
    "time_precision": ["1", "2", "3", "0", ""],
    "year": ["2024", "2019", "19", "", "x"],
    "source": ["Suspilne Media; 24 Channel", ";", "Kyiv Independent"],
    "source_article": ['"BBC,2013-12-14,Seven killed";"Reuters,2013-12-15,x"', 'Reuters (1989-10-01): "X"', '"unclosed', ""],
    "latitude": ["51.2", ""],
}


def _cell(column):
    return st.sampled_from(VALUES.get(column, ["Military Forces of Russia (2000-)", "Kursk", "Battles", "#adm1+name", ""])) | st.text(max_size=8)


def _table(columns):
    return st.tuples(st.booleans(), st.sampled_from(["", "Exported 2024-08-06\n", "#x,#y\n"]), st.booleans(),
                     st.lists(st.tuples(*map(_cell, columns)), max_size=4))


@fuzz
@given(st.sampled_from([("acled", ACLED_COLUMNS), ("ucdp", UCDP_COLUMNS)]).flatmap(lambda f: st.tuples(st.just(f), _table(f[1]))))
def test_dataset_headers_with_fuzzed_rows_are_imported_or_refused(tmp_path, capsys, case):
    (name, columns), (capitals, note, hxl, rows) = case
    out = io.StringIO()
    header = [column.upper() if capitals else column for column in columns]
    csv.writer(out).writerows([header, *([["#" + c for c in columns]] if hxl else []), *rows])
    imported_whole_or_not_at_all(tmp_path, capsys, f"{name}.csv", (note + out.getvalue()).encode())


@fuzz
@given(st.sampled_from([("data", ACLED_COLUMNS), ("Result", UCDP_COLUMNS)]).flatmap(
    lambda f: st.tuples(st.just(f[0]), st.lists(st.fixed_dictionaries({}, optional={c: _cell(c) | st.integers() | st.none() for c in f[1]}), max_size=4))))
def test_api_answers_with_fuzzed_rows_some_without_members_are_imported_or_refused(tmp_path, capsys, case):
    members, rows = case
    imported_whole_or_not_at_all(tmp_path, capsys, "api.json", json.dumps({"status": 200, members: rows}).encode())


# A sheet of the user's own: a header of names its columns are known by, then rows of
# dates typed every way, links, HTML and junk

SHEET_NAMES = ["date", "Date", "event", "Headline", "title", "end", "source", "Link", "group", "notes", "desc", "", "x"]
SHEET_CELLS = DATES + ["Aug 6, 2024", "August 2024", "August 2024 to April 2025", "c. 2024", "6 August 2024 14:30 UTC+3", "05/06/2019",
                       "13/06/2019", "06/13/2019", "https://www.bbc.co.uk/news/a", "<p>para</p>", "<b>", "Kursk"]


@fuzz
@given(st.lists(st.sampled_from(SHEET_NAMES), min_size=1, max_size=5), st.lists(st.lists(st.sampled_from(SHEET_CELLS) | st.text(max_size=8), max_size=5), max_size=4))
def test_sheets_with_fuzzed_rows_are_imported_or_refused(tmp_path, capsys, header, rows):
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    imported_whole_or_not_at_all(tmp_path, capsys, "sheet.csv", out.getvalue().encode(), "sheet" if "x" in header else None)


# JSON shapes, this app's and TimelineJS's, with fuzzed values

MARKUP = st.sampled_from(["", "<p><i>Claimed</i></p>text", "<b>bold", "&amp;&#0;", "<blockquote>“q”<br>— a (asserts), <cite>t</cite></blockquote>"]) | st.text(max_size=20)
SCALAR = st.none() | st.booleans() | st.integers(-2, 10_000) | st.sampled_from(["", "e1", "s1", "2024-08", "2025-04-26~", "asserts", "claimed"]) | st.text(max_size=8)
VALUE = SCALAR | st.lists(SCALAR, max_size=3) | st.dictionaries(st.text(max_size=5), SCALAR, max_size=3)
NUMBER = st.sampled_from([2024, 8, 31, "2024", " 8 "]) | st.integers(-5, 10_001) | st.sampled_from(["", "x", "-1", None])
TL_DATE = st.fixed_dictionaries({"year": NUMBER}, optional={"month": NUMBER, "day": NUMBER}) | VALUE
SLIDE = st.fixed_dictionaries(
    {"start_date": TL_DATE},
    optional={
        "end_date": TL_DATE, "unique_id": st.sampled_from(["a", "b", ""]) | VALUE, "group": VALUE,
        "text": st.fixed_dictionaries({}, optional={"headline": MARKUP, "text": MARKUP}) | VALUE,
        "display_date": st.sampled_from(["c. Aug 2024", "26 Apr 2025 (?)", "c. Aug 2024 – 26 Apr 2025 (?)"]) | VALUE,
        "media": st.fixed_dictionaries({}, optional={"url": MARKUP, "caption": MARKUP, "credit": MARKUP}) | VALUE,
    },
)
TIMELINEJS = st.fixed_dictionaries(
    {"events": st.lists(SLIDE, min_size=1, max_size=4)},
    optional={"title": st.fixed_dictionaries({"text": st.fixed_dictionaries({"headline": MARKUP})}) | VALUE, "eras": st.lists(SLIDE, max_size=2) | VALUE},
)
FIELDS = ["title", "start", "end", "lane", "status", "tags", "notes", "disputes", "annotation", "event_id", "source_id", "text",
          "quote", "claimant", "stance", "offset", "prefix", "suffix", "label", "date", "url", "publisher", "author"]
ID = st.sampled_from(["e1", "e2", "s1", "c1", ""]) | VALUE
RECORD = st.fixed_dictionaries({"id": ID}, optional=dict.fromkeys(FIELDS, VALUE))
EVENT = st.fixed_dictionaries({"id": ID, "title": st.just("t") | VALUE, "start": st.just("2024-08") | VALUE},
                              optional=dict.fromkeys(set(FIELDS) - {"title", "start"}, VALUE))
OURS = st.fixed_dictionaries(
    {"format": st.just("kursk-timeline"), "version": st.just(1)},
    optional={"title": VALUE, "lanes": VALUE, "events": st.lists(EVENT, max_size=3), **dict.fromkeys(["sources", "citations", "periods", "notes"], st.lists(RECORD, max_size=3))},
)


VIS_ITEM = st.fixed_dictionaries(
    {"content": MARKUP | VALUE, "start": st.sampled_from(["2014-04-20", "2014-01-01T01:00:00.000Z", "2014-01-01 04:30", "0000-01-01", 1398000000000,
                                                          -8.64e18, 1e300]) | VALUE},
    optional={"id": ID | st.integers(), "end": st.sampled_from(["2014-04-19", "2014-04-21T00:00:00+02:00"]) | VALUE,
              "type": st.sampled_from(["box", "point", "range", "background"]) | VALUE, "group": st.sampled_from([1, "1", "g"]) | VALUE,
              "title": MARKUP | VALUE, "className": VALUE},
)
VIS = st.lists(VIS_ITEM, min_size=1, max_size=4) | st.fixed_dictionaries(
    {"items": st.lists(VIS_ITEM, min_size=1, max_size=4)},
    optional={"groups": st.lists(st.fixed_dictionaries({}, optional={"id": st.sampled_from([1, "1", "g"]) | VALUE, "content": MARKUP | VALUE}), max_size=3) | VALUE})


@fuzz
@given(TIMELINEJS | OURS | VIS)
def test_json_shapes_with_fuzzed_values_are_imported_or_refused(tmp_path, capsys, data):
    imported_whole_or_not_at_all(tmp_path, capsys, "x.json", json.dumps(data).encode())


# Timeline's .timeline XML: its elements, in its order or not, with likely and unlikely values

MOMENT = st.sampled_from(["2024-08-06 00:00:00", "2024-8-6 13:5:0", "2025-04-26 23:59:59", "0-01-01 00:00:00", "-44-03-15 12:00:00",
                          "2024-02-30 00:00:00", "2024-08-06 25:00:00", "10000-01-01 00:00:00", "2024-08-06", ""]) | st.text(max_size=12)
XML_TEXT = st.sampled_from(["Kursk", "[1]Box", "(1)In box", "(9)Orphan", " (escaped", "]", "Cat", "Sub", "True", "False", "0", "50", "200,200,200",
                            "300,0,0", "&amp;", "<b>", "]]>", "\x00"]) | st.text(max_size=10)


def _element(name, value):
    return st.tuples(st.just(name), value)


def _xml(tag, children):
    return "".join(f"<{tag}>{body}</{tag}>" for body in children)


CATEGORY = st.lists(st.tuples(st.sampled_from(["name", "color", "parent", "font_color", "done_color"]), XML_TEXT), max_size=4)
TIMELINE_EVENT = st.lists(st.tuples(st.sampled_from(["start", "end", "text", "fuzzy", "fuzzy_start", "fuzzy_end", "locked", "ends_today", "category",
                                                     "description", "milestone", "progress", "hyperlink", "default_color", "icon"]),
                                    MOMENT | XML_TEXT), max_size=9)


@fuzz
@given(st.sampled_from(["1.0.0", "2.5.0 (x)", "0.10.0", "3.0.0", "x", ""]), st.sampled_from(["", "gregoriantime", "numtime", "x"]),
       st.lists(CATEGORY, max_size=3), st.lists(TIMELINE_EVENT, max_size=4), st.lists(st.lists(st.tuples(st.sampled_from(["name", "start", "end", "color"]), MOMENT | XML_TEXT), max_size=4), max_size=2),
       st.booleans())
def test_timeline_xml_with_fuzzed_elements_is_imported_or_refused(tmp_path, capsys, version, timetype, categories, events, eras, escaped):
    def body(children):
        return "".join(f"<{name}>{escape(value) if escaped else value}</{name}>" for name, value in children)

    xml = (f'<?xml version="1.0" encoding="utf-8"?>\n<timeline>\n<version>{version}</version>\n'
           + (f"<timetype>{timetype}</timetype>\n" if timetype else "")
           + "<eras>" + _xml("era", map(body, eras)) + "</eras>\n"
           + "<categories>" + _xml("category", map(body, categories)) + "</categories>\n"
           + "<events>\n" + _xml("event", map(body, events)) + "</events>\n</timeline>\n")
    imported_whole_or_not_at_all(tmp_path, capsys, "x.timeline", xml.encode("utf-8", "surrogatepass"))


# TimelineJS 2 and the first TimelineJS 3 files: their shapes with fuzzed values

V2_DATE = st.sampled_from(["2011,12,10", "2011,12,10,14,30", "2011", "-13800000000", "2011,13,1", "2011-12-10", "May 2011", "", ",", "2011,,"]) | VALUE
V2_ITEM = st.fixed_dictionaries(
    {"startDate": V2_DATE},
    optional={"endDate": V2_DATE, "headline": MARKUP | VALUE, "text": MARKUP | VALUE, "tag": VALUE,
              "asset": st.fixed_dictionaries({}, optional={"media": MARKUP, "credit": MARKUP, "caption": MARKUP}) | VALUE},
)
EARLY_SLIDE = SLIDE.map(lambda slide: {("date" if key == "start_date" else key): value for key, value in slide.items()}) | SLIDE
OLD_TIMELINEJS = st.one_of(
    st.fixed_dictionaries({"timeline": st.fixed_dictionaries({"date": st.lists(V2_ITEM, max_size=4)},
                                                             optional={"headline": MARKUP | VALUE, "era": st.lists(V2_ITEM, max_size=2) | VALUE})}),
    st.fixed_dictionaries({"timeline": st.fixed_dictionaries({"slides": st.lists(EARLY_SLIDE, max_size=4)})}),
)


@fuzz
@given(OLD_TIMELINEJS)
def test_timelinejs_2_and_early_3_shapes_with_fuzzed_values_are_imported_or_refused(tmp_path, capsys, data):
    imported_whole_or_not_at_all(tmp_path, capsys, "x.json", json.dumps(data).encode())


# TimelineJS's sheet: its header, then rows of likely and unlikely values

SHEET_VALUES = {
    "Year": ["2024", "-13800000000", "1,815", "", "x", "0"], "End Year": ["2025", "", "2023"],
    "Month": ["8", "13", "", "08"], "End Month": ["3", "", "2"], "Day": ["6", "31", "", "0"], "End Day": ["31", "", "29"],
    "Time": ["14:30", "2:30 PM", "14:30:05.250", "25:00", "13:00 PM", "", "x"], "End Time": ["", "9:00"],
    "Display Date": ["", "c. Aug 2024", "Aug 2024 – Mar 2025", "Spring"], "Type": ["", "title", "era", "TITLE", "x"],
    "Text": ["<p><i>Claimed</i></p>text", "<b>bold", "&amp;", ""], "Unique ID": ["a", "b", ""],
}


@fuzz
@given(st.lists(st.tuples(*(st.sampled_from(SHEET_VALUES.get(c, ["", "x"])) | st.text(max_size=6) for c in SHEET_COLUMNS)), max_size=4))
def test_timelinejs_sheet_with_fuzzed_rows_is_imported_or_refused(tmp_path, capsys, rows):
    out = io.StringIO()
    csv.writer(out).writerows([SHEET_COLUMNS, *rows])
    imported_whole_or_not_at_all(tmp_path, capsys, "sheet.csv", out.getvalue().encode())
