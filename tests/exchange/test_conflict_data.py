"""Conflict data as others publish it: ACLED of every vintage, HDX's copies, the APIs'
JSON, UCDP GED, and the files no reader takes, refused with what they are.

The files are real ones, cut short (tests/data/real/SOURCES.md says where each comes
from); variants a spreadsheet makes of them (other date styles, a note above the
header, an index column) are made here from them."""
import csv
import io
import json
import re

import pytest

from paths import DATA
from desktop.cli import main
from desktop.exchange.formats import FORMATS, read_file
from desktop.model.claims import is_corroborated
from desktop.model.search import EventFilter, matching_events
from desktop.store import Store
from disk import disk_bytes
from importing import imported, refused

REAL = DATA / "real"

# file, format, rows in, events out, columns not kept
TABLE = [
    ("acled_2016_all_africa_cp1252.csv", "acled", 41, 41, "gwno, event_id_no_cnty, inter1, inter2, interaction"),
    ("acled_2001_algeria.csv", "acled", 4, 4, "gwno, event_id_no_cnty, inter1, inter2, interaction"),
    ("acled_2001_algeria_hxl.csv", "acled", 2, 2, ""),
    ("acled_2024_ukraine.csv", "acled", 40, 40, "inter1, inter2, interaction, iso, region, timestamp, population_best"),
    ("acled_api_ukraine.json", "acled", 8, 8, "inter1, inter2, interaction, iso, region, timestamp"),
    ("ucdp_ged_bangladesh_hxl.csv", "ucdp", 30, 30,
     "active_year, conflict_new_id, dyad_new_id, side_a_new_id, gwnoa, side_b_new_id, gwnob, source_office, source_date, source_headline, geom_wkt, priogrid_gid, iso3, country_id"),
    ("ucdp_ged191_myanmar.csv", "ucdp", 27, 27,
     "active_year, conflict_new_id, dyad_new_id, side_a_new_id, gwnoa, side_b_new_id, gwnob, source_office, source_date, source_headline, geom_wkt, priogrid_gid, country_id"),
]


@pytest.mark.parametrize("name, fmt, rows, events, dropped", TABLE, ids=[row[0] for row in TABLE])
def test_each_real_file_is_recognised_and_imported_whole(db_path, capsys, name, fmt, rows, events, dropped):
    encoding = ["--encoding", "cp1252"] if "cp1252" in name else []
    out, timeline = imported(db_path, capsys, REAL / name, "--empty", *encoding)
    assert f"{events} events from {name}: {events} new" in out
    assert (f"columns not kept: {dropped}" in out) if dropped else ("columns not kept" not in out)
    assert "skipped" not in out
    assert len(timeline.events) == events == rows
    assert all(event.id.startswith(f"{fmt}:") for event in timeline.events.values())
    assert read_file(REAL / name, encoding=encoding[-1] if encoding else None).events == read_file(REAL / name, fmt, encoding=encoding[-1] if encoding else None).events


def test_a_windows_1252_file_is_refused_naming_the_likely_encoding_and_read_with_it(db_path, capsys):
    path = REAL / "acled_2016_all_africa_cp1252.csv"
    err = refused(db_path, capsys, path)
    # Line 39 of the cut file is the row with the byte 0x92, shown as cp1252 reads it.
    assert f'{path}:39: encoding: byte 0x92 is not UTF-8 text; it looks like cp1252, which reads it as "…' in err
    assert 'Algeria Press Service,"The People’s National Army (ANP) discovered' in err
    assert err.endswith("…\"; import with --encoding cp1252 if that is right\n")
    _, timeline = imported(db_path, capsys, path, "--encoding", "cp1252")
    bunker = timeline.events["acled:2779RTA"]
    assert bunker.notes.startswith("The People’s National Army (ANP) discovered and destroyed in Boumerdes")
    assert bunker.start.edtf == "2016-02-27"  # 27/02/2016: day first
    assert timeline.events["acled:1RTA"].start.edtf == "2015-12-29"
    assert refused(db_path, capsys, path, "--encoding", "klingon").endswith("'klingon' is not an encoding this app knows (cp1252, latin-1, utf-16…)\n")


def test_acled_before_2019_old_names_and_day_first_dates(db_path, capsys):
    _, timeline = imported(db_path, capsys, REAL / "acled_2001_algeria.csv", "--empty")
    shot = timeline.events["acled:1416RTA"]
    assert shot.start.edtf == "2001-04-18" and shot.title == "Violence against civilians in Beni Douala"
    assert shot.lane == "Algeria"  # 'Police Forces of Algeria (1999-)': the state's lane
    facts = dict(shot.attributes)
    assert facts["assoc_actor_2"] == "Berber Ethnic Group (Algeria)" and facts["actor2"] == "Civilians (Algeria)" and facts["fatalities"] == "1"
    assert "disorder_type" not in facts and "sub_event_type" not in facts


def test_hdx_hxl_row_is_skipped_and_a_file_without_time_precision_gives_days(db_path, capsys):
    _, timeline = imported(db_path, capsys, REAL / "acled_2001_algeria_hxl.csv", "--empty")
    assert {e.id: e.start.edtf for e in timeline.events.values()} == {"acled:1416RTA": "2001-04-18", "acled:2231RTA": "2001-04-21"}


def test_publishers_are_sources_that_corroborate_and_state_forces_join_the_timelines_lanes(db_path, capsys):
    _, timeline = imported(db_path, capsys, REAL / "acled_2024_ukraine.csv")  # into the Kursk timeline: lanes Russia, Ukraine…
    strike = timeline.events["acled:UKR148296"]
    assert strike.lane == "Russia"  # 'Military Forces of Russia (2000-) Air Force'
    assert sorted(c.claimant for c in timeline.citations_for(strike.id)) == ["Novoye Vremya Ukraine", "Suspilne Media"]
    assert is_corroborated(timeline.citations_for(strike.id), timeline.sources)
    single = timeline.events["acled:UKR148710"]
    assert not is_corroborated(timeline.citations_for(single.id), timeline.sources)
    # The same publisher across rows is one source.
    suspilne = [s for s in timeline.sources.values() if s.title == "Suspilne Media"]
    assert len(suspilne) == 1 and suspilne[0].publisher == "Suspilne Media"
    assert sum(1 for c in timeline.citations.values() if c.source_id == suspilne[0].id) > 1
    lanes = {e.lane for e in timeline.events.values() if e.id.startswith("acled:")}
    assert lanes == {"Russia", "Ukraine", "Unidentified Military Forces"}
    assert matching_events(timeline, EventFilter("fatalities>0 admin1:donetsk")) == {
        e.id for e in timeline.events.values() if e.attribute("admin1") == "Donetsk" and int(e.attribute("fatalities") or 0) > 0
    }


def test_the_acled_api_answer_is_read_like_an_export(db_path, capsys):
    _, timeline = imported(db_path, capsys, REAL / "acled_api_ukraine.json", "--empty")
    shelled = timeline.events["acled:UKR142667"]
    assert shelled.title == "Shelling/artillery/missile attack in Avdiivka" and shelled.start.edtf == "2024-01-01"
    assert shelled.attribute("civilian_targeting") == "Civilian targeting" and shelled.attribute("actor2") == "Civilians (Ukraine)"
    supported = timeline.events["acled:UKR142671"]
    assert supported.attribute("assoc_actor_1") == "Military Forces of Russia (2000-) Air Force"
    assert [c.claimant for c in timeline.citations_for(supported.id)] == ["Institute for          the Study of War", "Ministry of Defence of Ukraine"]


def test_ucdp_events_are_ranges_with_a_source_per_article(db_path, capsys):
    _, timeline = imported(db_path, capsys, REAL / "ucdp_ged191_myanmar.csv", "--empty")
    kokang = timeline.events["ucdp:209406"]
    assert (kokang.start.edtf, kokang.end.edtf) == ("2015-05-14", "2015-05-15")
    assert kokang.lane == "Government of Myanmar (Burma)" and kokang.attribute("side_b") == "MNDAA"
    assert kokang.attribute("type_of_violence") == "state-based conflict" and kokang.title.startswith("State-based conflict in ")
    cited = timeline.citations_for(kokang.id)
    assert sorted(c.claimant for c in cited) == ["Associated Press Newswires", "Democratic Voice of Burma", "MRTV English Channel", "Myanmar Peace Monitor"]
    ap = next(c for c in cited if c.claimant == "Associated Press Newswires")
    assert ap.quote == "Myanmar says 24 rebels killed in clashes near China border"
    assert is_corroborated(cited, timeline.sources)


def test_ucdp_as_hdx_serves_it(db_path, capsys):
    _, timeline = imported(db_path, capsys, REAL / "ucdp_ged_bangladesh_hxl.csv", "--empty")
    first = timeline.events["ucdp:71663"]
    assert (first.start.edtf, first.end.edtf) == ("2013-12-13", "2013-12-14")
    assert first.attribute("best") == "1" and first.attribute("adm_1") == "Barisāl Division"
    [citation] = timeline.citations_for(first.id)
    assert (citation.claimant, citation.quote) == ("BBC Monitoring Newsfile", "Seven killed in clashes following Bangladesh Islamist party leader's execution")
    old = timeline.events["ucdp:" + next(row["id"] for row in _rows(REAL / "ucdp_ged_bangladesh_hxl.csv")[1:] if row["source_article"].startswith("Reuters (1989"))]
    assert [c.claimant for c in timeline.citations_for(old.id)] == ["Reuters"]


@pytest.mark.parametrize(
    "name, field, says",
    [
        ("acled_monthly_totals_hdx.csv", "header", "this looks like monthly ACLED totals (events and fatalities counted per month and area), not events"),
    ],
)
def test_a_file_no_reader_takes_is_refused_with_what_it_looks_like(db_path, capsys, name, field, says):
    assert f"{REAL / name}:1: {field}: {says}" in refused(db_path, capsys, REAL / name)


@pytest.mark.parametrize(
    "content, says",
    [
        (b"<!DOCTYPE html>\n<html><body><p>Kursk</p></body></html>", "this is an HTML page, not a timeline or a dataset; to cite an article, use File ▸ Import article"),
        (b'<?xml version="1.0"?>\n<kml><Document/></kml>', "this is an XML file (its root element is <kml>); the only XML this app reads is Timeline's (<timeline>)"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE kml [<!ENTITY e "x">]>\n<kml>&e;</kml>', "this is an XML file (its root element is <kml>)"),
        (b'{"type": "FeatureCollection", "features": []}', "this is JSON with the members 'type', 'features'; not this app's JSON, TimelineJS, or an ACLED or UCDP API answer"),
        (b'{"format": "other", "events": 3}', "format: this is JSON with \"format\": 'other', not a format this app reads"),
        (b"place,count\nSudzha,3\n", "header: unknown columns 'place', 'count': expected a table this app reads"),
    ],
    ids=["html", "xml", "xml with its own entities", "json", "other format", "table"],
)
def test_foreign_content_is_named_whatever_the_file_is_called(tmp_path, db_path, capsys, content, says):
    for name in ("x.csv", "x.json"):
        (tmp_path / name).write_bytes(content)
        assert says in refused(db_path, capsys, tmp_path / name)


def test_forcing_our_json_reader_on_foreign_json_says_what_the_file_has(tmp_path, db_path, capsys):
    (tmp_path / "x.json").write_text('{"format": "geojson"}')
    err = refused(db_path, capsys, tmp_path / "x.json", "--format", "json")
    assert 'format: not a timeline exported by this app: its "format" is \'geojson\', where this app writes "format": "kursk-timeline"' in err


def test_formats_are_listed(capsys):
    assert main(["import", "--formats"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listed] == [*FORMATS, "article"] == ["json", "timelinejs", "timelinejs-sheet", "acled", "ucdp", "timeline", "vis", "csv", "sheet", "article"]


# Spreadsheet re-saves of the 2024 Ukraine export: the same days, written otherwise

def _rows(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _written(rows, columns=None):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns or list(rows[0]), lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _day_month_year(date):
    day, month, year = date.split()
    return int(day), MONTHS.index(month[:3]) + 1, int(year)


STYLES = {
    "d-Mon-yy": lambda d, m, y: f"{d}-{MONTHS[m - 1]}-{y % 100:02d}",
    "dd-mm-yy": lambda d, m, y: f"{d:02d}-{m:02d}-{y % 100:02d}",
    "mm/dd/yyyy": lambda d, m, y: f"{m:02d}/{d:02d}/{y}",
    "dd/mm/yyyy": lambda d, m, y: f"{d:02d}/{m:02d}/{y}",
    "yyyy-mm-dd": lambda d, m, y: f"{y}-{m:02d}-{d:02d}",
}


@pytest.mark.parametrize("style", STYLES)
def test_spreadsheet_dates_read_as_the_same_days(tmp_path, style):
    rows = _rows(REAL / "acled_2024_ukraine.csv")
    for row in rows:
        row["event_date"] = STYLES[style](*_day_month_year(row["event_date"]))
    (tmp_path / "resaved.csv").write_text(_written(rows), encoding="utf-8")
    original = read_file(REAL / "acled_2024_ukraine.csv").events
    assert read_file(tmp_path / "resaved.csv").events == original


def test_numeric_dates_that_do_not_tell_day_from_month_are_refused_with_the_line(tmp_path, db_path, capsys):
    rows = [row for row in _rows(REAL / "acled_2024_ukraine.csv") if _day_month_year(row["event_date"])[0] <= 12]
    assert len({_day_month_year(row["event_date"])[:2] for row in rows}) > 1
    for row in rows:
        row["event_date"] = STYLES["dd/mm/yyyy"](*_day_month_year(row["event_date"]))
    (tmp_path / "unclear.csv").write_text(_written(rows), encoding="utf-8")
    first = next(n for n, row in enumerate(rows, 2) if len(set(_day_month_year(_iso_like(row["event_date"]))[:2])) > 1)
    err = refused(db_path, capsys, tmp_path / "unclear.csv")
    assert f"unclear.csv:{first}: event_date: cannot tell whether '{rows[first - 2]['event_date']}' is day/month/year or month/day/year" in err


def _iso_like(date):
    day, month, year = date.split("/")
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def test_a_date_that_breaks_the_files_order_is_refused_with_its_line(tmp_path, db_path, capsys):
    rows = _rows(REAL / "acled_2024_ukraine.csv")
    for row in rows:
        row["event_date"] = STYLES["mm/dd/yyyy"](*_day_month_year(row["event_date"]))
    rows[4]["event_date"] = "23/01/2024"  # day first, where the file puts the month first
    (tmp_path / "mixed.csv").write_text(_written(rows), encoding="utf-8")
    assert "mixed.csv:6: event_date: cannot read date '23/01/2024': it does not read as month/day/year as the file's other dates do" in refused(db_path, capsys, tmp_path / "mixed.csv")


def test_the_year_column_tells_a_two_digit_year_from_a_day(tmp_path):
    rows = _rows(REAL / "acled_2024_ukraine.csv")[:3]  # days 16, 12 and 07 of 2024: as yy-mm-dd, 16 and 12 could be years
    for row in rows:
        row["event_date"] = STYLES["dd-mm-yy"](*_day_month_year(row["event_date"]))
    (tmp_path / "with_year.csv").write_text(_written(rows), encoding="utf-8")
    assert [e.start.edtf for e in read_file(tmp_path / "with_year.csv").events] == ["2024-02-16", "2024-02-12", "2024-02-07"]
    (tmp_path / "without.csv").write_text(_written(rows, [c for c in rows[0] if c != "year"]), encoding="utf-8")
    with pytest.raises(ValueError, match="without.csv:2: event_date: cannot tell whether '16-02-24' is day/month/year or year/month/day"):
        read_file(tmp_path / "without.csv")


def test_a_note_above_the_header_an_index_column_and_upper_case_read_the_same(tmp_path):
    rows = _rows(REAL / "acled_2024_ukraine.csv")
    text = _written(rows)
    header, body = text.split("\r\n", 1)
    indexed = "," + header.upper() + "\r\n" + "".join(f"{n},{line}\r\n" for n, line in enumerate(body.splitlines()))
    (tmp_path / "pandas.csv").write_text("ACLED data export, Ukraine, downloaded 2024-02-20\r\n\r\n" + indexed, encoding="utf-8")
    original = read_file(REAL / "acled_2024_ukraine.csv")
    again = read_file(tmp_path / "pandas.csv")
    assert again.events == original.events and again.cited == original.cited
    assert again.line_of("events", "acled:UKR148710") == 4  # below the note, the blank line and the header


# Lanes

def test_lanes_follow_a_map_the_user_gives_and_the_timeline_remembers_it(tmp_path, db_path, capsys):
    (tmp_path / "lanes.csv").write_text("actor,lane\nMilitary Forces of Russia (2000-) Air Force,Russian Air Force\n", encoding="utf-8")
    _, timeline = imported(db_path, capsys, REAL / "acled_2024_ukraine.csv", "--lanes", str(tmp_path / "lanes.csv"))
    by_actor = {e.attribute("actor1"): e.lane for e in timeline.events.values() if e.id.startswith("acled:")}
    assert by_actor["Military Forces of Russia (2000-) Air Force"] == "Russian Air Force"
    assert by_actor["Military Forces of Russia (2000-)"] == "Russia"
    # The API answer names the same actors: without a map, they go where the timeline has them.
    _, timeline = imported(db_path, capsys, REAL / "acled_api_ukraine.json")
    assert timeline.events["acled:UKR142665"].lane == "Russia"
    air = [e for e in timeline.events.values() if e.attribute("actor1") == "Military Forces of Russia (2000-) Air Force"]
    assert air and {e.lane for e in air} == {"Russian Air Force"}


def test_a_broken_lane_map_is_refused_with_its_line(tmp_path, db_path, capsys):
    (tmp_path / "lanes.csv").write_text("actor,lane\nMilitary Forces of Russia (2000-),\n", encoding="utf-8")
    Store.open(db_path).close()
    before = disk_bytes(db_path)
    assert main(["import", str(REAL / "acled_2024_ukraine.csv"), "--db", str(db_path), "--lanes", str(tmp_path / "lanes.csv")]) == 2
    assert capsys.readouterr().err == f"kursk-timeline: error: {tmp_path / 'lanes.csv'}:2: lane: empty: each line maps an actor to a lane\n"
    assert disk_bytes(db_path) == before


# Bad rows: all or nothing, unless asked

def _with_bad_rows(tmp_path):
    rows = _rows(REAL / "acled_2024_ukraine.csv")
    rows[2]["time_precision"] = "9"
    rows[5]["source"] = ""
    (tmp_path / "bad.csv").write_text(_written(rows), encoding="utf-8")
    return tmp_path / "bad.csv"


def test_bad_rows_refuse_the_file_and_say_how_many_good_ones_there_are(tmp_path, db_path, capsys):
    err = refused(db_path, capsys, _with_bad_rows(tmp_path))
    assert "bad.csv:4: time_precision: '9' is not 1 (day), 2 (week) or 3 (month or more) (and 1 other bad row); --skip-bad imports the 38 good rows without the 2 bad" in err


def test_a_file_whose_every_row_is_bad_is_refused_without_offering_to_skip_them(tmp_path, db_path, capsys):
    rows = _rows(REAL / "acled_2024_ukraine.csv")[:2]
    for row in rows:
        row["source"] = ""
    (tmp_path / "bad.csv").write_text(_written(rows), encoding="utf-8")
    err = refused(db_path, capsys, tmp_path / "bad.csv")
    assert "bad.csv:2: source: empty: the sources are what the event rests on (and 1 other bad row)" in err
    assert "--skip-bad" not in err  # it would import nothing


def test_skip_bad_imports_the_good_rows_and_lists_the_others_beside_the_database(tmp_path, db_path, capsys):
    bad = _with_bad_rows(tmp_path)
    out, timeline = imported(db_path, capsys, bad, "--skip-bad", "--empty")
    report = db_path.parent / f"{db_path.stem}.skipped-bad.csv.txt"
    assert "38 events from bad.csv: 38 new" in out and "2 rows skipped; columns not kept: " in out and f"(listed in {report})" in out
    assert report.read_text(encoding="utf-8").splitlines() == [
        f"{bad}:4: time_precision: '9' is not 1 (day), 2 (week) or 3 (month or more)",
        f"{bad}:7: source: empty: the sources are what the event rests on",
    ]
    assert len(timeline.events) == 38


def test_the_import_report_counts_sources_added_and_updated(tmp_path, db_path, capsys):
    out, _ = imported(db_path, capsys, REAL / "acled_api_ukraine.json", "--empty")
    assert re.search(r"8 events from acled_api_ukraine.json: 8 new, 0 updated, 0 unchanged; sources: 5 new, 0 updated; columns not kept", out), out
    data = json.loads((REAL / "acled_api_ukraine.json").read_text(encoding="utf-8"))
    data["data"] = data["data"][:1]
    data["data"][0]["fatalities"] = "3"
    (tmp_path / "update.json").write_text(json.dumps(data), encoding="utf-8")
    out, timeline = imported(db_path, capsys, tmp_path / "update.json")
    assert "1 event from update.json: 0 new, 1 updated, 0 unchanged; columns not kept" in out and "sources" not in out
    assert timeline.events["acled:UKR142665"].attribute("fatalities") == "3"


def test_the_ucdp_api_answer_is_read_like_its_csv(tmp_path):
    rows = _rows(REAL / "ucdp_ged191_myanmar.csv")
    (tmp_path / "ged.json").write_text(json.dumps({"TotalCount": len(rows), "Result": rows}), encoding="utf-8")
    from_api, from_csv = read_file(tmp_path / "ged.json"), read_file(REAL / "ucdp_ged191_myanmar.csv")
    assert from_api.events == from_csv.events and from_api.cited == from_csv.cited and len(from_api.events) == 27
