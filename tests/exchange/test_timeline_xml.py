"""Timeline's .timeline XML (thetimelineproj), versions 0.x to 2.x: real files read, a
file read and written back keeps what both apps hold, and broken files are refused
with the line and element."""
import pytest
from lxml import etree

from paths import DATA
from desktop.cli import main
from desktop.dataset import load_dataset
from desktop.exchange.timeline_xml import CONTAINER_PERIOD
from desktop.store import Store
from importing import imported, refused

REAL = DATA / "real"

# file, events in the file, events and periods out, lanes, what the report says is not kept
LANES_25 = ["Välkommen", "Intro", "Funktioner", "Sparar"]
TABLE = [
    ("timeline_0.10_nested.timeline", 1, 1, 0, ["Category 1"], "the view it was saved with"),
    ("timeline_0.18_example.timeline", 1, 1, 0, ["Test"], "the view it was saved with"),
    ("timeline_example.timeline", 1, 1, 0, ["Test"], "the view it was saved with"),
    ("timeline_1.6_versions.timeline", 12, 12, 0, ["Planned Release", "Correction Release", "Future Release"], "categories' text and progress colours (3), the view it was saved with"),
    ("timeline_1.20_versions.timeline", 12, 12, 0, ["Planned Release", "Correction Release", "Future Release"], "categories' text and progress colours (3), the view it was saved with"),
    ("timeline_2.3_versions.timeline", 12, 12, 0, ["Planned Release", "Correction Release", "Future Release"], "categories' text and progress colours (3), the view it was saved with"),
    ("timeline_2.5_containers.timeline", 25, 20, 5 + 2, LANES_25, "the view it was saved with"),
    ("timeline_2.5_milestones.timeline", 18, 16, 2 + 2, ["Welcome", "Introduction", "Functions", "Saving"],
     "categories' text and progress colours (4), times of day of fuzzy events, container descriptions, the view it was saved with"),
    ("timeline_2.8_work_log.timeline", 20, 20, 0, ["Möten", "Miljö", "Kodning", "Dokumentation", "Utredningar", "Konfigurering"],
     "categories' text and progress colours (6), the view it was saved with"),
]


@pytest.mark.parametrize("name, rows, events, periods, lanes, lost", TABLE, ids=[row[0] for row in TABLE])
def test_each_real_file_of_each_version_is_imported_whole(db_path, capsys, name, rows, events, periods, lanes, lost):
    assert (REAL / name).read_text(encoding="utf-8").count("<event>") == rows
    out, timeline = imported(db_path, capsys, REAL / name, "--empty")
    assert f"{events} event{'s' if events > 1 else ''} from {name}: {events} new" in out
    assert len(timeline.periods) == periods
    assert out.rstrip().endswith(f"; not kept: {lost}")
    assert [lane for lane in timeline.lane_order() if lane] == lanes


def test_events_keep_text_description_category_and_moments(db_path, capsys):
    _, timeline = imported(db_path, capsys, REAL / "timeline_1.6_versions.timeline", "--empty")
    first = next(e for e in timeline.events.values() if e.title == "Timeline 0.20.0")
    assert first.lane == "Planned Release" and first.end is None
    assert first.notes.startswith("Timeline 0.20.0, released on 30 March 2013")
    assert first.start.edtf == "2013-03-30T11:16:00"  # a time of day is kept, its zone unknown
    midnight = next(e for e in timeline.events.values() if e.title == "Timeline 0.21.1")
    assert midnight.start.edtf == "2013-07-07"  # midnight is a day
    colours = {lane.name: lane.colour for lane in timeline.lane_records.values()}
    assert colours["Planned Release"] == "#80ff80"


def test_containers_eras_milestones_and_flags(db_path, capsys):
    _, timeline = imported(db_path, capsys, REAL / "timeline_2.5_milestones.timeline", "--empty")
    by_title = {e.title: e for e in timeline.events.values()}
    box = next(p for p in timeline.periods.values() if p.id.startswith(CONTAINER_PERIOD) and p.label == "Container-1")
    assert (box.start.edtf, box.end.edtf, box.colour) == ("2021-10-31T17:36:49", "2021-11-15T19:53:46", "#f0ce84")
    assert by_title["Remove Event"].attribute("container") == "Container-1" and "Functions" in box.lanes
    assert "[" not in "".join(by_title) and "Container-1" not in by_title  # a container is no event
    era = next(p for p in timeline.periods.values() if p.label == "Sample Era1")
    assert (era.start.edtf, era.end.edtf, era.colour) == ("2021-10-27", "2021-11-10", "#c6fbf5")
    assert by_title["A"].attribute("milestone") == "True" and by_title["A"].end is None
    assert by_title["Locked!"].attribute("locked") == "True" and by_title["Scrolla"].attribute("ends_today") == "True"
    fuzzy = by_title["Fuzzy ends"]
    assert (fuzzy.start.edtf, fuzzy.end.edtf) == ("2021-11-02~", "2021-11-12~")
    assert by_title["Saving"].attribute("default_color") == "50,200,50"


def test_nested_categories_are_tags_in_their_top_categorys_lane_and_a_hidden_one_hides_its_lane(tmp_path, db_path, capsys):
    text = (REAL / "timeline_0.10_nested.timeline").read_text(encoding="utf-8")
    text = text.replace("<category>Category 1</category>", "<category>Category 3</category>")
    text = text.replace("<name>Category 3</name>\n        </hidden", "<name>Category 1</name>\n        </hidden")
    (tmp_path / "nested.timeline").write_text(text, encoding="utf-8")
    _, timeline = imported(db_path, capsys, tmp_path / "nested.timeline", "--empty")
    [event] = timeline.events.values()
    assert (event.lane, event.tags) == ("Category 1", ("Category 2", "Category 3"))
    assert [lane.hidden for lane in timeline.lane_records.values()] == [True]


def _fields(path):
    """What both apps hold of each event, era and category, as Timeline writes it."""
    root = etree.parse(str(path)).getroot()

    def of(element, names):
        return {name: (element.findtext(name) or "").strip() for name in names}

    events = {}
    for event in root.iterfind("events/event"):
        text = event.findtext("text")
        text = text.split("]", 1)[1] if text.startswith("[") else text.split(")", 1)[1] if text.startswith("(") else text
        fields = of(event, ("start", "end", "category", "description", "locked", "ends_today", "hyperlink", "milestone", "labels"))
        if event.findtext("fuzzy_start") == "True" or event.findtext("fuzzy") == "True":
            fields["start"] = fields["start"][:10]  # an approximate date has no time of day
        if event.findtext("fuzzy_end") == "True" or event.findtext("fuzzy") == "True":
            fields["end"] = fields["end"][:10]
        fields["default_color"] = event.findtext("default_color") or "200,200,200"
        if event.findtext("text").startswith("["):  # a container: a period, which has no description
            del fields["description"]
        events[text] = fields
    eras = [of(era, ("name", "start", "end", "color")) for era in root.iterfind("eras/era")]
    categories = [of(c, ("name", "color", "parent")) for c in root.iterfind("categories/category")]
    return events, eras, categories


@pytest.mark.parametrize("name", ["timeline_1.6_versions.timeline", "timeline_2.5_milestones.timeline", "timeline_2.5_containers.timeline",
                                  "timeline_2.8_work_log.timeline"])
def test_a_file_read_and_written_back_keeps_every_field_both_apps_hold(tmp_path, db_path, capsys, name):
    imported(db_path, capsys, REAL / name, "--empty")
    assert main(["export", str(tmp_path / "back.timeline"), "--db", str(db_path)]) == 0
    events, eras, categories = _fields(REAL / name)
    back_events, back_eras, back_categories = _fields(tmp_path / "back.timeline")
    assert back_events == events
    assert back_eras == eras
    assert back_categories == categories


def test_this_apps_timeline_written_and_read_back_keeps_titles_days_lanes_tags_and_notes(tmp_path, db_path, capsys):
    kursk = load_dataset()
    assert main(["export", str(tmp_path / "kursk.timeline"), "--db", str(db_path)]) == 0  # the first launch seeds the dataset
    _, back = imported(tmp_path / "back.json", capsys, tmp_path / "kursk.timeline", "--empty")

    def held(timeline):
        return sorted((e.title, e.start.earliest, (e.end or e.start).latest, e.start.approximate, e.lane, e.tags, e.notes) for e in timeline.events.values())

    assert held(back) == held(kursk)
    assert sorted((p.label, p.start.earliest, p.end.latest) for p in back.periods.values()) == sorted(
        (p.label, p.start.earliest, p.end.latest) for p in kursk.periods.values())


def test_characters_xml_cannot_hold_are_left_out_of_the_export(tmp_path):
    from desktop.exchange.formats import FORMATS, read_file, write_file
    from desktop.model import Event, FuzzyDate, Timeline

    timeline = Timeline("t", events={"e": Event("e", "Tab\tand\x0bform feed\x0c", FuzzyDate(2024, 8, 6), notes="bell\x07")})
    write_file(timeline, tmp_path / "x.timeline", FORMATS["timeline"])
    [event] = read_file(tmp_path / "x.timeline").events
    assert (event.title, event.notes) == ("Tab\tandform feed", "bell")


def test_categories_join_the_timelines_lanes_after_its_own(db_path, capsys):
    store = Store.open(db_path)  # the first launch seeds the Kursk timeline
    before = store.load().lane_order()
    store.close()
    _, timeline = imported(db_path, capsys, REAL / "timeline_1.6_versions.timeline")
    assert timeline.lane_order() == [*before, "Planned Release", "Correction Release", "Future Release"]
    colours = {lane.name: lane.colour for lane in timeline.lane_records.values()}
    assert colours["Planned Release"] == "#80ff80"


def test_importing_the_same_file_again_changes_nothing(db_path, capsys):
    imported(db_path, capsys, REAL / "timeline_2.5_containers.timeline", "--empty")
    out, _ = imported(db_path, capsys, REAL / "timeline_2.5_containers.timeline")
    assert "20 events from timeline_2.5_containers.timeline: 0 new, 0 updated, 20 unchanged" in out


def test_a_numeric_timeline_is_refused_saying_its_time_is_not_dates(db_path, capsys):
    err = refused(db_path, capsys, REAL / "timeline_2.5_numeric.timeline")
    assert "timeline_2.5_numeric.timeline:4: timetype: this timeline counts time in numbers, not dates" in err


@pytest.mark.parametrize(
    "old, new, line, field, problem",
    [
        ("<start>2012-07-04 13:20:00</start>\n      <end>", "<start>2012-07-32 13:20:00</start>\n      <end>", 13, "start", "2012-07 has no day 32"),
        ("<start>2012-07-04 13:20:00</start>\n      <end>", "<start>4 July 2012</start>\n      <end>", 13, "start",
         "'4 July 2012' is not a moment written year-month-day hour:minute:second"),
        ("<end>2012-07-04 13:20:00</end>\n      <text>", "<end>2012-07-01 13:20:00</end>\n      <text>", 14, "end", "'Test' ends (1 Jul 2012 13:20 local time) before it starts"),
        ("<category>Test</category>\n    </event>", "<category>Other</category>\n    </event>", 19, "category", "'Other' is not a category of the file"),
        ("<text>Test</text>", "<text>(7)Test</text>", 15, "text", "a subevent of container '7', which no event before it is"),
        ("<version>1.0.0</version>", "<version>3.0.0</version>", 3, "version", "Timeline 3.0.0 is newer than this app reads"),
        ("<color>255,0,0</color>", "<color>red</color>", 7, "color", "'red' is not a colour written r,g,b"),
        ("<text>Test</text>", "<text>Test</txt>", 15, "syntax", "Opening and ending tag mismatch"),
        ("<text>Test</text>\n", "", 12, "text", "missing: every <event> of a Timeline file has a <text>"),
        ("<timeline>", '<!DOCTYPE timeline [<!ENTITY e SYSTEM "file:///etc/hostname">]>\n<timeline>', 2, "DOCTYPE",
         "a Timeline file declares no entities of its own; this one does, and what they stand for would be lost"),
    ],
    ids=["no such day", "not a moment", "end first", "unknown category", "orphan subevent", "newer version", "colour", "syntax", "no text",
         "entities"],
)
def test_a_broken_file_is_refused_naming_the_line_of_the_element_at_fault(tmp_path, db_path, capsys, old, new, line, field, problem):
    text = (REAL / "timeline_example.timeline").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "broken.timeline").write_text(text.replace(old, new, 1), encoding="utf-8")
    err = refused(db_path, capsys, tmp_path / "broken.timeline")
    assert f"broken.timeline:{line}: {field}: " in err and problem in err, err


def test_a_timeline_file_is_recognised_by_its_content_whatever_its_name(tmp_path, db_path, capsys):
    (tmp_path / "renamed.csv").write_bytes((REAL / "timeline_example.timeline").read_bytes())
    _, timeline = imported(db_path, capsys, tmp_path / "renamed.csv", "--empty")
    assert [e.title for e in timeline.events.values()] == ["Test"]
    assert Store.open(db_path, read_only=True).load().events
