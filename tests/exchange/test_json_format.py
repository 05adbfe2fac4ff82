"""The whole database as JSON: moved to another machine without losing anything."""
import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.cli import main
from desktop.dataset import load_dataset
from desktop.exchange.formats import read_file
from desktop.exchange.importing import import_edit
from desktop.exchange.reading import FormatError
from desktop.model import FuzzyDate, PinnedNote, Period, Timeline, lanes
from desktop.store import Store


def annotated():
    """The Kursk timeline with everything a user adds: a period, a pinned note, an annotation."""
    timeline = load_dataset()
    period = Period("p1", "Salient held", FuzzyDate.parse("2024-08"), FuzzyDate.parse("2025-03~"))
    note = PinnedNote("n1", FuzzyDate.parse("2025-04-26"), "Claim and denial, the same day.\n«Горнал»")
    timeline.periods[period.id], timeline.notes[note.id] = period, note
    first = next(iter(timeline.events.values()))
    timeline.events[first.id] = replace(first, annotation="My remark, with a comma")
    timeline.apply(lanes.restyle(timeline, "Russia", colour="#654321").changes)
    return timeline


def test_export_import_into_a_new_database_and_export_again_gives_the_same_bytes(tmp_path, db_path, capsys):
    Store.open(db_path, seed=annotated).close()
    assert main(["export", str(tmp_path / "first.json"), "--db", str(db_path)]) == 0
    moved = tmp_path / "elsewhere" / "timeline.json"
    assert main(["import", str(tmp_path / "first.json"), "--db", str(moved), "--empty"]) == 0
    assert main(["export", str(tmp_path / "second.json"), "--db", str(moved)]) == 0
    first = (tmp_path / "first.json").read_bytes()
    assert (tmp_path / "second.json").read_bytes() == first
    copy, original = Store.open(moved).load(), Store.open(db_path).load()
    assert copy.to_dict() == original.to_dict()  # title, lane order, anchors, fingerprints, annotations
    data = json.loads(first)
    assert data["format"] == "kursk-timeline" and len(data["periods"]) == 1 and len(data["notes"]) == 1
    assert ("Russia", "#654321", False) in lanes.styles(copy)  # the lanes' colours and order too


def test_importing_the_export_into_its_own_database_leaves_the_file_untouched(tmp_path, db_path):
    Store.open(db_path, seed=annotated).close()
    assert main(["export", str(tmp_path / "all.json"), "--db", str(db_path)]) == 0
    before = db_path.read_bytes()
    assert main(["import", str(tmp_path / "all.json"), "--db", str(db_path)]) == 0
    assert db_path.read_bytes() == before


def test_an_event_in_the_file_takes_the_files_citations(tmp_path, db_path, kursk):
    assert main(["export", str(tmp_path / "all.json"), "--db", str(db_path)]) == 0
    data = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    event = next(e for e in data["events"] if len(kursk.citations_for(e["id"])) > 1)
    dropped = next(c for c in data["citations"] if c["event_id"] == event["id"])
    data["citations"].remove(dropped)
    event["title"] = "Renamed elsewhere"
    data["events"] = [event]  # a file may hold some events only: the others stay as they are
    data["citations"] = [c for c in data["citations"] if c["event_id"] == event["id"]]
    (tmp_path / "part.json").write_text(json.dumps(data), encoding="utf-8")
    assert main(["import", str(tmp_path / "part.json"), "--db", str(db_path)]) == 0
    timeline = Store.open(db_path).load()
    assert timeline.events[event["id"]].title == "Renamed elsewhere"
    assert dropped["id"] not in timeline.citations
    assert len(timeline.citations) == len(kursk.citations) - 1 and len(timeline.events) == len(kursk.events)


def _lines_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    "breaking, field, problem",
    [
        (lambda text, data: text.replace('"lanes": [', '"lanes": [,', 1), "syntax", ""),
        (lambda text, data: json.dumps({**data, "format": "other"}, indent=2), "format", 'this is JSON with "format": \'other\', not a format this app reads'),
        (lambda text, data: json.dumps({**data, "version": 99}, indent=2), "version", "99 is not a version"),
        (lambda text, data: text.replace('"start": "2024-08~"', '"start": "August-ish"', 1), "events[1]", "field 'start': cannot read date"),
        (lambda text, data: text.replace('"stance": "reports"', '"stance": "hints"', 1), "citations[0]", "stance 'hints' is not one of"),
        (lambda text, data: text.replace(data["sources"][0]["id"] + '",\n      "quote"', 'nowhere",\n      "quote"', 1), "source_id", "'nowhere' is not in the file"),
        (lambda text, data: text.replace('"to_id": "', '"to_id": "nobody', 1), "links", "disputes: no event 'nobody"),
        (lambda text, data: json.dumps({**data, "sources": [{**data["sources"][0], "text": "Edited."}]}), "sources[0]", "does not match its sha256"),
        (lambda text, data: json.dumps({**data, "notes": [5]}), "notes[0]", "should be an object, not int"),
    ],
    ids=["syntax", "not ours", "newer version", "bad date", "bad stance", "unknown source", "disputes nothing", "edited text", "not an object"],
)
def test_a_broken_file_exits_2_naming_where_and_leaves_the_database_as_it_was(tmp_path, db_path, capsys, breaking, field, problem):
    assert main(["export", str(tmp_path / "all.json"), "--db", str(db_path)]) == 0
    text = (tmp_path / "all.json").read_text(encoding="utf-8")
    broken = breaking(text, json.loads(text))
    assert broken != text
    (tmp_path / "bad.json").write_text(broken, encoding="utf-8")
    before = db_path.read_bytes()
    capsys.readouterr()
    assert main(["import", str(tmp_path / "bad.json"), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and f": {field}: " in err and problem in err, err
    line = int(err.split(f"{tmp_path / 'bad.json'}:")[1].split(":")[0])
    assert 1 <= line <= len(broken.splitlines())
    assert db_path.read_bytes() == before


def test_an_export_of_version_1_gives_its_disputes_as_links(tmp_path, db_path, kursk):
    assert main(["export", str(tmp_path / "all.json"), "--db", str(db_path)]) == 0
    data = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    links = data.pop("links")
    data["version"] = 1  # as versions before links were records wrote it: the event named the one it disputes
    for event in data["events"]:
        event["disputes"] = next((k["to_id"] for k in links if k["from_id"] == event["id"]), None)
    (tmp_path / "old.json").write_text(json.dumps(data), encoding="utf-8")
    assert main(["import", str(tmp_path / "old.json"), "--db", str(tmp_path / "new.json"), "--empty"]) == 0
    assert Store.open(tmp_path / "new.json").load().links == kursk.links


def test_an_error_in_a_record_names_the_line_the_record_starts_on(tmp_path, db_path, capsys):
    assert main(["export", str(tmp_path / "all.json"), "--db", str(db_path)]) == 0
    text = (tmp_path / "all.json").read_text(encoding="utf-8")
    data = json.loads(text)
    third = data["events"][2]["id"]
    broken = text.replace('"title": "' + data["events"][2]["title"], '"title": "   ', 1)
    (tmp_path / "bad.json").write_text(broken, encoding="utf-8")
    assert main(["import", str(tmp_path / "bad.json"), "--db", str(db_path)]) == 2
    record_starts = _lines_of(broken, f'"id": "{third}"') - 1  # the "{" just above its id
    assert f"bad.json:{record_starts}: events[2]: an event needs a title" in capsys.readouterr().err


KEYS = ["format", "version", "title", "lanes", "events", "sources", "citations", "periods", "notes", "id", "event_id", "source_id",
        "start", "end", "label", "date", "quote", "claimant", "stance", "disputes", "tags", "start_date", "end_date", "year", "month",
        "day", "text", "headline", "group", "media", "url", "caption", "credit", "unique_id", "eras", "display_date"]
values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3000) | st.sampled_from(["", "x", "2025-04", "2024-08~", "kursk-timeline", "asserts", "e1"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=6), st.booleans(), st.sampled_from(["json", "timelinejs"]))
def test_any_json_is_read_and_merged_or_refused_with_a_format_error(tmp_path, data, ours, name):
    if ours:
        data = {**data, "format": "kursk-timeline", "version": 1}
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        import_edit(Timeline(), read_file(path, name))
    except FormatError as error:
        assert str(error).startswith(str(path))
