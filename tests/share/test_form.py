"""The git-friendly form: one file per record, stable bytes, read back to the same timeline."""
import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.model import Timeline
from desktop.share.form import FormError, changes_between, files_of, read_tree, timeline_of, write_tree
from desktop.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from synthetic import acled_imported  # noqa: E402


def test_kursk_round_trips_byte_for_byte_through_files_and_the_database(kursk, tmp_path):
    files = files_of(kursk)
    assert write_tree(tmp_path / "repo", files) == (sorted(files), [])
    read = timeline_of(read_tree(tmp_path / "repo"))
    assert read == kursk
    assert files_of(read) == files
    # And through a database written from it: the same files again.
    store = Store.open(tmp_path / "db.json", seed=lambda: read)
    store.close()
    reopened = Store.open(tmp_path / "db.json")
    try:
        assert files_of(reopened.load()) == files
    finally:
        reopened.close()


def test_ten_thousand_synthetic_events_round_trip_byte_for_byte():
    timeline = acled_imported(10_000)
    files = files_of(timeline)
    assert sum(path.startswith("events/") for path in files) == 10_000
    read = timeline_of(files)
    assert read == timeline
    assert files_of(read) == files
    # An id such as "acled:SYN1-0" is written %XX where a file name could not hold it.
    assert "events/acled%3ASYN1-0.json" in files


def test_one_field_per_line_keys_sorted_newline_at_end_and_the_source_text_beside(kursk):
    files = files_of(kursk)
    event = next(iter(kursk.events.values()))
    raw = files[f"events/{event.id}.json"].decode()
    assert raw.endswith("}\n")
    fields = [line.strip().split('"')[1] for line in raw.splitlines() if line.startswith('  "')]
    assert fields == sorted(event.to_dict())
    source = next(iter(kursk.sources.values()))
    assert files[f"sources/{source.id}.txt"] == source.text.encode()
    assert "text" not in json.loads(files[f"sources/{source.id}.json"])
    assert json.loads(files["timeline.json"]) == {"schema": json.loads(files["timeline.json"])["schema"], "title": kursk.title, "lanes": kursk.lanes}


def test_the_writer_rewrites_only_changed_files_and_removes_those_of_removed_records(kursk, tmp_path):
    root = tmp_path / "repo"
    write_tree(root, files_of(kursk))
    (root / "README.md").write_text("ours")  # not the form's: left alone
    moved, gone = list(kursk.events.values())[:2]
    citing = [c.id for c in kursk.citations_for(gone.id)]
    linking = [link.id for _, link, _ in kursk.links_of(gone.id)]
    edited = Timeline(
        kursk.title, kursk.lanes,
        {**kursk.events, moved.id: dataclasses.replace(moved, title="Renamed")},
        kursk.sources, {k: c for k, c in kursk.citations.items() if k not in citing},
        kursk.periods, kursk.notes, kursk.lane_records, {k: v for k, v in kursk.links.items() if k not in linking},
    )
    del edited.events[gone.id]
    before = {path.name: path.stat().st_mtime_ns for path in root.rglob("*.json")}
    written, removed = write_tree(root, files_of(edited))
    assert written == [f"events/{moved.id}.json"]
    assert removed == sorted([f"events/{gone.id}.json", *(f"citations/{c}.json" for c in citing), *(f"links/{k}.json" for k in linking)])
    assert not (root / f"events/{gone.id}.json").exists()
    assert (root / "README.md").read_text() == "ours"
    unchanged = [p for p in root.rglob("*.json") if p.name != f"{moved.id}.json"]
    assert all(p.stat().st_mtime_ns == before[p.name] for p in unchanged)
    assert timeline_of(read_tree(root)) == edited


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda raw: raw.replace(b'"lane"', b'"lane" "', 1), "events/{id}.json: not valid JSON (line "),
        (lambda raw: raw.replace(b'"start": "2024-08"', b'"start": "last August"'), "events/{id}.json: field 'start'"),
        (lambda raw: raw.replace(b'"title": "', b'"title": 5, "x": "', 1), "events/{id}.json: field 'title'"),
        (lambda raw: raw.replace(b'"id": "', b'"id": "other-', 1), "events/{id}.json: field 'id'"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_field(kursk, damage, message):
    event = next(iter(kursk.events.values()))
    files = files_of(kursk)
    path = f"events/{event.id}.json"
    files[path] = damage(files[path])
    with pytest.raises(FormError) as refused:
        timeline_of(files)
    said = str(refused.value)
    assert said.startswith(message.format(id=event.id)) and "\n" not in said


def test_a_newer_schema_and_a_missing_head_are_refused(kursk):
    files = files_of(kursk)
    with pytest.raises(FormError, match=r"^timeline\.json: missing"):
        timeline_of({k: v for k, v in files.items() if k != "timeline.json"})
    files["timeline.json"] = files["timeline.json"].replace(b'"schema": ', b'"schema": 99')
    with pytest.raises(FormError, match=r"^timeline\.json: field 'schema': version 99.* newer"):
        timeline_of(files)


def test_a_citation_of_an_event_no_file_holds_is_refused(kursk):
    event = next(iter(kursk.events.values()))
    files = {k: v for k, v in files_of(kursk).items() if k != f"events/{event.id}.json"}
    with pytest.raises(FormError, match="unknown event"):
        timeline_of(files)


def _merge_file(tmp_path: Path, base: bytes, mine: bytes, theirs: bytes) -> tuple[int, bytes]:
    paths = []
    for name, raw in (("mine", mine), ("base", base), ("theirs", theirs)):
        (tmp_path / name).write_bytes(raw)
        paths.append(str(tmp_path / name))
    done = subprocess.run(["git", "merge-file", "-p", *paths], capture_output=True)
    return done.returncode, done.stdout


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
def test_git_merges_edits_to_different_fields_of_one_event_and_conflicts_on_the_same(kursk, tmp_path):
    event = next(iter(kursk.events.values()))
    path = f"events/{event.id}.json"

    def edited(**fields) -> bytes:
        return files_of(Timeline(kursk.title, kursk.lanes, {event.id: dataclasses.replace(event, **fields)}))[path]

    base, mine, theirs = edited(), edited(title="Ana's title"), edited(notes="Ben's notes")
    conflicts, merged = _merge_file(tmp_path, base, mine, theirs)
    assert conflicts == 0
    assert merged == edited(title="Ana's title", notes="Ben's notes")
    conflicts, merged = _merge_file(tmp_path, base, mine, edited(title="Ben's title"))
    assert conflicts == 1 and b"<<<<<<<" in merged


def test_changes_between_two_timelines_make_one_valid_edit(kursk):
    event = next(iter(kursk.events.values()))
    other = timeline_of(files_of(kursk))
    other.events[event.id] = dataclasses.replace(event, title="Changed")
    changes = changes_between(kursk, other)
    assert [(c.kind, c.id) for c in changes] == [("events", event.id)]
    assert changes_between(kursk, timeline_of(files_of(kursk))) == ()


def test_the_form_is_versioned_by_its_records_shape_not_the_store_file_s(kursk):
    """A store step that changes no record (schema 8: how much of the journal the file holds)
    leaves the shared form as teammates on the version before wrote and read it."""
    from desktop.store import SCHEMA_VERSION as STORE_SCHEMA

    files = files_of(kursk)
    assert json.loads(files["timeline.json"])["schema"] == 7 < STORE_SCHEMA
    assert timeline_of(files) == kursk
