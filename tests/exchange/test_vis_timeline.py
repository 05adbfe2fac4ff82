"""vis-timeline's items as JSON: the library's own examples read, groups as lanes,
background items as periods, and broken items refused with their line."""
import json

import pytest

from paths import DATA
from importing import imported, refused

REAL = DATA / "real"

# file, items in, events and periods out, what the report says is not kept
TABLE = [
    ("vis_basic.json", 6, 6, 0, ""),
    ("vis_serialization.json", 6, 6, 0, ""),
    ("vis_background_groups.json", 10, 6, 4, ""),
    ("vis_tooltips.json", 4, 4, 0, ""),
]


@pytest.mark.parametrize("name, rows, events, periods, lost", TABLE, ids=[row[0] for row in TABLE])
def test_each_example_of_vis_timeline_is_imported_whole(db_path, capsys, name, rows, events, periods, lost):
    data = json.loads((REAL / name).read_text(encoding="utf-8"))
    assert len(data["items"] if isinstance(data, dict) else data) == rows
    out, timeline = imported(db_path, capsys, REAL / name, "--empty")
    assert f"{events} events from {name}: {events} new" in out
    assert len(timeline.periods) == periods
    assert (f"not kept: {lost}" in out) if lost else "not kept" not in out


def test_items_are_points_or_ranges_with_their_dates_and_times(db_path, capsys):
    _, timeline = imported(db_path, capsys, REAL / "vis_basic.json", "--empty")
    assert (timeline.events["vis:4"].start.edtf, timeline.events["vis:4"].end.edtf) == ("2014-04-16", "2014-04-19")
    assert timeline.events["vis:6"].end is None and timeline.events["vis:6"].title == "item 6"
    _, timeline = imported(db_path, capsys, REAL / "vis_serialization.json")
    assert timeline.events["vis:4"].start.edtf == "2014-01-01T04:00:00" and timeline.events["vis:4"].end.edtf == "2014-01-01T04:30:00"


def test_groups_are_lanes_by_their_content_and_background_items_periods(db_path, capsys):
    _, timeline = imported(db_path, capsys, REAL / "vis_background_groups.json", "--empty")
    assert timeline.events["vis:1"].lane == "Group 1" and timeline.events["vis:4"].lane == "Group 2"
    assert timeline.events["vis:1"].title == "item 1 start"  # its content's line break read as a space
    periods = {p.label: p for p in timeline.periods.values()}
    assert periods["Period A"].lanes == ("Group 1",) and periods["Period C"].lanes == ()
    assert periods["Period D"].lanes == ("non-existing",)  # a group the file does not list is named by its id
    assert (periods["Period A"].start.edtf, periods["Period A"].end.edtf) == ("2014-01-16", "2014-01-22")
    assert timeline.lane_order()[:2] == ["Group 1", "Group 2"]


def test_html_is_read_as_text_and_the_tooltip_is_the_notes(db_path, capsys):
    _, timeline = imported(db_path, capsys, REAL / "vis_tooltips.json", "--empty")
    assert timeline.events["vis:4"].title == "HTML Item"
    assert timeline.events["vis:2"].notes == "Bold" and timeline.events["vis:3"].notes == "Red text"


def test_importing_again_updates_what_the_first_import_made(tmp_path, db_path, capsys):
    imported(db_path, capsys, REAL / "vis_basic.json", "--empty")
    data = json.loads((REAL / "vis_basic.json").read_text(encoding="utf-8"))
    data[0]["content"] = "item 1, moved"
    data[0]["className"] = "red"
    (tmp_path / "again.json").write_text(json.dumps(data), encoding="utf-8")
    out, timeline = imported(db_path, capsys, tmp_path / "again.json")
    assert "6 events from again.json: 0 new, 1 updated, 5 unchanged" in out and "not kept: the items' className" in out
    assert timeline.events["vis:1"].title == "item 1, moved"


def test_fractions_of_a_second_are_said_to_be_cut(tmp_path, db_path, capsys):
    items = [{"id": 1, "content": "A", "start": "2024-08-06T10:00:00.250Z"}, {"id": 2, "content": "B", "start": 1722945600123},
             {"id": 3, "content": "C", "start": "2024-08-06T10:00:00.000Z"}]  # nothing of C's is cut
    (tmp_path / "ms.json").write_text(json.dumps(items), encoding="utf-8")
    out, timeline = imported(db_path, capsys, tmp_path / "ms.json", "--empty")
    assert "not kept: fractions of a second (2)" in out
    assert timeline.events["vis:2"].start.edtf == "2024-08-06T12:00:00Z"


@pytest.mark.parametrize(
    "change, line, field, problem",
    [
        ({"start": "20 April 2014"}, 2, "items[0]", "start: cannot read date '20 April 2014'"),
        ({"type": "range"}, 2, "items[0]", "a range item needs an end"),
        ({"type": "gantt"}, 2, "items[0]", "type 'gantt' is not one of box, point, range or background"),
        ({"end": "2014-04-01", "type": "range"}, 2, "items[0]", "ends (1 Apr 2014) before it starts (20 Apr 2014)"),
        ({"id": 2}, 7, "items[1]", "id '2' is the id of items[0] already"),
        ({"start": 1e300}, 2, "items[0]", "start: 1e+300 milliseconds since 1970 is out of range"),
        ({"group": {"id": 1}}, 2, "items[0]", "group: should be a group's id (text or a number), not dict"),
    ],
    ids=["not a date", "range without end", "unknown type", "end first", "id twice", "far milliseconds", "group not an id"],
)
def test_a_broken_item_is_refused_naming_its_line(tmp_path, db_path, capsys, change, line, field, problem):
    data = json.loads((REAL / "vis_basic.json").read_text(encoding="utf-8"))
    data[0].update(change)
    (tmp_path / "broken.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    err = refused(db_path, capsys, tmp_path / "broken.json")
    assert f"broken.json:{line}: {field}: " in err and problem in err, err


def test_a_content_that_is_not_text_is_said_not_kept(tmp_path, db_path, capsys):
    items = [{"id": 1, "content": {"tag": "div"}, "start": "2024-08-06"}, {"id": 2, "content": "", "start": "2024-08-07"}]
    (tmp_path / "dom.json").write_text(json.dumps(items), encoding="utf-8")
    out, timeline = imported(db_path, capsys, tmp_path / "dom.json", "--empty")
    assert "contents that are not text, titled by their kind (1)" in out  # an empty text is text
    assert timeline.events["vis:1"].title == "Untitled item"
