"""A time of day and its zone survive every format: CSV, JSON, TimelineJS, pictures."""
import csv
import io
import json

import orjson

from desktop.cli import main
from desktop.model import Event, FuzzyDate, Timeline
from desktop.store import Store

STRIKE = FuzzyDate.parse("2024-08-06T14:30:00+03:00")
FOOTAGE = FuzzyDate.parse("2024-08-07T06:10:00Z")


def timed() -> Timeline:
    events = {
        "strike": Event("strike", "Strike on the bridge", STRIKE, lane="Ukraine"),
        "footage": Event("footage", "Footage posted", FOOTAGE, FuzzyDate.parse("2024-08-07T09:00:00Z"), lane="Observers"),
        "day": Event("day", "A day", FuzzyDate(2024, 8, 8), lane="Ukraine"),
    }
    return Timeline(title="Times", events=events)


def seeded(path):
    Store.open(path, seed=timed).close()
    return path


def test_csv_and_json_exports_keep_the_time_and_read_back_the_same(tmp_path):
    db = seeded(tmp_path / "t.json")
    for name in ("out.csv", "out.json"):
        assert main(["export", str(tmp_path / name), "--db", str(db)]) == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8")))}
    assert (rows["strike"]["start"], rows["footage"]["end"]) == ("2024-08-06T14:30:00+03:00", "2024-08-07T09:00:00Z")
    exported = {e["id"]: e for e in orjson.loads((tmp_path / "out.json").read_bytes())["events"]}
    assert exported["strike"]["start"] == "2024-08-06T14:30:00+03:00"
    for name in ("out.csv", "out.json"):
        copy = tmp_path / f"copy-{name}.json"
        assert main(["import", str(tmp_path / name), "--db", str(copy), "--empty"]) == 0
        assert Store.open(copy).load().events["strike"].start == STRIKE


def test_timelinejs_gives_the_clock_time_and_says_the_zone(tmp_path):
    db = seeded(tmp_path / "t.json")
    assert main(["export", str(tmp_path / "out.timeline.json"), "--db", str(db)]) == 0
    slides = {s["unique_id"]: s for s in json.loads((tmp_path / "out.timeline.json").read_text(encoding="utf-8"))["events"]}
    assert slides["strike"]["start_date"] == {"year": 2024, "month": 8, "day": 6, "hour": 14, "minute": 30, "second": 0}
    assert slides["strike"]["display_date"] == "6 Aug 2024 14:30 UTC+03:00"
    assert "hour" not in slides["day"]["start_date"] and "display_date" not in slides["day"]
    copy = tmp_path / "copy.json"
    assert main(["import", str(tmp_path / "out.timeline.json"), "--db", str(copy), "--empty"]) == 0
    read = Store.open(copy).load().events["strike"].start
    assert (read.day, read.time) == (6, STRIKE.time)  # TimelineJS has no zones: the clock time stays


def test_a_csv_typed_by_hand_may_give_a_time(tmp_path):
    (tmp_path / "typed.csv").write_text("title,start\r\nStrike,6 August 2024 14:30 +03:00\r\n", encoding="utf-8")
    db = tmp_path / "t.json"
    assert main(["import", str(tmp_path / "typed.csv"), "--db", str(db), "--empty"]) == 0
    (event,) = Store.open(db).load().events.values()
    assert event.start == STRIKE


def test_a_picture_labels_the_time(tmp_path):
    db = seeded(tmp_path / "t.json")
    assert main(["export", str(tmp_path / "out.svg"), "--db", str(db)]) == 0
    svg = (tmp_path / "out.svg").read_text(encoding="utf-8")
    assert "6 Aug 2024 14:30 UTC+03:00" in svg
