"""TimelineJS files of every version, as Knight Lab published them: TimelineJS 2's JSON
({"timeline": {"date": [...]}}), the first TimelineJS 3 files ({"timeline": {"slides":
[...]}}) and today's, with slides far outside the years an event can have."""
import json

import pytest

from paths import DATA
from desktop.cli import main
from desktop.store import Store

REAL = DATA / "real"


def imported(db_path, capsys, name):
    assert main(["import", str(REAL / name), "--db", str(db_path), "--empty"]) == 0
    return Store.open(db_path).load(), capsys.readouterr().out


def test_timelinejs_2s_template_gives_its_title_event_lane_media_and_era(db_path, capsys):
    timeline, out = imported(db_path, capsys, "timelinejs2_model.json")
    assert "media thumbnail not kept on 1 slide" in out
    assert timeline.title == "The Main Timeline Headline Goes here"
    (event,) = timeline.events.values()
    assert (event.title, event.start.edtf, event.end.edtf, event.lane) == ("Headline Goes Here", "2011-12-10", "2011-12-11", "This is Optional")
    assert event.notes == ("Body text goes here, some HTML is OK\n\nMedia: http://twitter.com/ArjunaSoriano/status/164181156147900416"
                           "\nMedia caption: Caption text goes here\nMedia credit: Credit Name Goes Here")
    (era,) = timeline.periods.values()
    assert (era.label, era.start.edtf, era.end.edtf) == ("Headline Goes Here", "2011-12-10", "2011-12-11")


@pytest.mark.parametrize("name", ["timelinejs2_model.json", "timelinejs3_cosmo_mixed.json"])
def test_the_title_slides_text_and_picture_are_said_to_be_left_out(db_path, capsys, name):
    _, out = imported(db_path, capsys, name)  # a timeline here holds a title, not an introduction
    assert "the title slide's text and media not kept" in out


def test_a_timelinejs_2_date_with_its_time_of_day_keeps_it(db_path, capsys):
    timeline, out = imported(db_path, capsys, "timelinejs2_sugden.json")
    assert "14 events from timelinejs2_sugden.json" in out
    assert "not kept: 'classname'" in out  # a CSS class name for the slide
    shirts = next(e for e in timeline.events.values() if e.title == "1896")
    assert shirts.start.edtf == "1896-09-10T12:06:00"  # "1896,9,10,12,06", its zone unknown as TimelineJS's is
    assert shirts.notes.startswith("Starts making shirts in the shop")


def test_an_early_timelinejs_3_file_gives_its_overview_as_the_title_and_keeps_times(db_path, capsys):
    timeline, out = imported(db_path, capsys, "timelinejs3_early_marktwain.json")
    assert timeline.title == "Mark Twain JSON"  # its first slide, an "overview"
    assert len(timeline.events) == 5 and "not kept: 'location'" in out
    florida = next(e for e in timeline.events.values() if e.title == "Florida, Missouri")
    assert florida.start.edtf == "2000-01-05T06:45:56"
    assert florida.notes.startswith("Born in Florida, Missouri.")


def test_slides_before_year_1_are_left_out_and_said_the_others_imported(db_path, capsys):
    timeline, out = imported(db_path, capsys, "timelinejs3_cosmo_mixed.json")
    assert "5 events from timelinejs3_cosmo_mixed.json" in out
    assert ("6 slides left out, dated outside the years 1 to 9999 that this app holds: events[0] at line 14 (start_date: year -13800000000), "
            "events[1] at line 27 (start_date: year -4600000000), events[2] at line 40 (start_date: year -540000000) and 3 more") in out
    assert sorted(e.start.edtf for e in timeline.events.values()) == ["1021", "1609-11", "1826", "1969-07-20", "1990-04-25"]
    assert timeline.title == "A Brief History of Light"


def test_milliseconds_are_cut_and_said(tmp_path, db_path, capsys):
    slide = {"start_date": {"year": 2024, "month": 8, "day": 6, "hour": 5, "minute": 30, "second": 1, "millisecond": 250}, "text": {"headline": "x"}}
    (tmp_path / "ms.json").write_text(json.dumps({"events": [slide]}), encoding="utf-8")
    assert main(["import", str(tmp_path / "ms.json"), "--db", str(db_path), "--empty"]) == 0
    assert "time of day cut to the second (this app holds no milliseconds) on 1 slide" in capsys.readouterr().out
    assert [e.start.edtf for e in Store.open(db_path).load().events.values()] == ["2024-08-06T05:30:01"]


@pytest.mark.parametrize("old, new, where", [
    ('"startDate":"2011,12,10",\n\t\t\t\t"endDate"', '"startDate":"10 Dec 2011",\n\t\t\t\t"endDate"',
     "bad.json:14: date[0]: startDate '10 Dec 2011' is not a date of the form year,month,day (2011,12,10)"),
    ('"startDate":"2011,12,10",\n\t\t\t\t"endDate":"2011,12,11",\n\t\t\t\t"headline":"Headline Goes Here",\n\t\t\t\t"tag"',
     '"startDate":"2011,12,10",\n\t\t\t\t"endDate":"2011,13,11",\n\t\t\t\t"headline":"Headline Goes Here",\n\t\t\t\t"tag"',
     "bad.json:29: era[0]: end_date: month 13 does not exist"),
], ids=["unreadable date", "era month"])
def test_a_broken_timelinejs_2_file_names_the_date_and_its_line(tmp_path, db_path, capsys, old, new, where):
    text = (REAL / "timelinejs2_model.json").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "bad.json").write_text(text.replace(old, new, 1), encoding="utf-8")
    assert main(["import", str(tmp_path / "bad.json"), "--db", str(db_path), "--empty"]) == 2
    err = capsys.readouterr().err
    assert where in err and len(err.splitlines()) == 1, err
    assert not db_path.exists()
