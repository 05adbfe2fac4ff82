"""The git-friendly form: one file per record, stable bytes, read back to the same timeline."""
import dataclasses
import hashlib
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from desktop.model import Timeline
from desktop.share.form import FormError, Written, changes_between, files_of, is_flat, read_tree, record_path, timeline_of, write_tree
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
    # An id such as "acled:SYN1-0" is written %XX where a file name could not hold it, in
    # the subfolder named by the first two hex digits of the id's sha1.
    assert f"events/{hashlib.sha1(b'acled:SYN1-0').hexdigest()[:2]}/acled%3ASYN1-0.json" in files
    # No folder holds more than a few dozen of the 10,000: a commit rewrites small trees.
    folders = Counter(path.rpartition("/")[0] for path in files if path.startswith("events/"))
    assert len(folders) == 256 and max(folders.values()) < 80


def test_one_field_per_line_keys_sorted_newline_at_end_and_the_source_text_beside(kursk):
    files = files_of(kursk)
    event = next(iter(kursk.events.values()))
    raw = files[record_path("events", event.id)].decode()
    assert raw.endswith("}\n")
    fields = [line.strip().split('"')[1] for line in raw.splitlines() if line.startswith('  "')]
    assert fields == sorted(event.to_dict())
    source = next(iter(kursk.sources.values()))
    assert files[record_path("sources", source.id).removesuffix(".json") + ".txt"] == source.text.encode()
    assert "text" not in json.loads(files[record_path("sources", source.id)])
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
    assert written == [record_path("events", moved.id)]
    assert removed == sorted([record_path("events", gone.id), *(record_path("citations", c) for c in citing),
                              *(record_path("links", k) for k in linking)])
    assert not (root / record_path("events", gone.id)).exists()
    assert (root / "README.md").read_text() == "ours"
    unchanged = [p for p in root.rglob("*.json") if p.name != f"{moved.id}.json"]
    assert all(p.stat().st_mtime_ns == before[p.name] for p in unchanged)
    assert timeline_of(read_tree(root)) == edited


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda raw: raw.replace(b'"lane"', b'"lane" "', 1), "{path}: not valid JSON (line "),
        (lambda raw: raw.replace(b'"start": "2024-08"', b'"start": "last August"'), "{path}: field 'start'"),
        (lambda raw: raw.replace(b'"title": "', b'"title": 5, "x": "', 1), "{path}: field 'title'"),
        (lambda raw: raw.replace(b'"id": "', b'"id": "other-', 1), "{path}: field 'id'"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_field(kursk, damage, message):
    event = next(iter(kursk.events.values()))
    files = files_of(kursk)
    path = record_path("events", event.id)
    files[path] = damage(files[path])
    with pytest.raises(FormError) as refused:
        timeline_of(files)
    said = str(refused.value)
    assert said.startswith(message.format(path=path)) and "\n" not in said


def test_a_record_moved_to_another_subfolder_by_hand_is_refused_naming_it(kursk):
    event = next(iter(kursk.events.values()))
    files = files_of(kursk)
    path = record_path("events", event.id)
    folder = path.split("/")[1]
    elsewhere = path.replace(f"/{folder}/", "/00/" if folder != "00" else "/01/")
    files[elsewhere] = files.pop(path)
    with pytest.raises(FormError, match=rf"^{elsewhere}: field 'id': '{event.id}' is not the one the file's path gives"):
        timeline_of(files)


def test_a_newer_schema_and_a_missing_head_are_refused(kursk):
    files = files_of(kursk)
    with pytest.raises(FormError, match=r"^timeline\.json: missing"):
        timeline_of({k: v for k, v in files.items() if k != "timeline.json"})
    files["timeline.json"] = files["timeline.json"].replace(b'"schema": ', b'"schema": 99')
    with pytest.raises(FormError, match=r"^timeline\.json: field 'schema': version 99.* newer"):
        timeline_of(files)


def test_a_citation_of_an_event_no_file_holds_is_refused(kursk):
    event = next(iter(kursk.events.values()))
    files = {k: v for k, v in files_of(kursk).items() if k != record_path("events", event.id)}
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
    path = record_path("events", event.id)

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


def test_a_timeline_shared_flat_by_the_version_before_is_read_and_written_as_it_lies(kursk, tmp_path):
    """Version 7 kept each folder's files side by side: a repository published so stays so,
    for teammates who have not updated the app."""
    flat = files_of(kursk, flat=True)
    assert json.loads(flat["timeline.json"])["schema"] == 7
    assert {path.count("/") for path in flat} == {0, 1}
    assert timeline_of(flat) == kursk
    write_tree(tmp_path / "repo", flat)
    assert is_flat(flat["timeline.json"]) and timeline_of(read_tree(tmp_path / "repo")) == kursk
    head = tmp_path / "repo" / "timeline.json"  # as a merge of two new titles leaves it
    head.write_bytes(head.read_bytes().replace(b'  "title"', b'<<<<<<< HEAD\n  "title": "Mine",\n=======\n  "title"', 1))
    assert is_flat(head.read_bytes())
    edited = timeline_of(flat)  # the session's timeline stays as it is
    written = Written(edited, flat=True)
    event = next(iter(edited.events.values()))
    edited.events[event.id] = dataclasses.replace(event, title="Retitled")
    assert list(written.changes(edited)[0]) == [f"events/{event.id}.json"]
    write_tree(tmp_path / "new", files_of(kursk))
    assert not is_flat((tmp_path / "new" / "timeline.json").read_bytes())
    assert json.loads((tmp_path / "new" / "timeline.json").read_bytes())["schema"] == 8
