"""The columns a large database keeps beside it for the next opening's first frame:
written with the whole file and at closing, read only if they name the file as it is
now, a cache that opening never needs (deleting or damaging it changes nothing else),
never in a backup."""
import dataclasses
import os

import numpy as np
import pytest

from benchmarks.synthetic import acled_imported
from desktop.model.edits import Change
from desktop.model.entities import Lane
from desktop.model.lanes import styles
from desktop.model.spans import ends
from desktop.store import Store, backups
from desktop.store import columns as columns_module
from desktop.store.columns import columns_path, load


@pytest.fixture
def large(tmp_path, monkeypatch):
    """A database past the size that keeps columns (whatever its size), one lane hidden,
    an event annotated; closed once, as the app leaves it."""
    monkeypatch.setattr(columns_module, "KEPT_FROM", 0)
    timeline = acled_imported(1200)  # document numbers past 1000: sorted as text in the file
    timeline.lane_records["Russia"] = Lane("Russia", "Russia", "#123456", 0, hidden=True)
    first = next(e for e in timeline.events.values() if e.lane != "Russia")
    timeline.events[first.id] = dataclasses.replace(first, annotation="Checked twice")
    path = tmp_path / "big.json"
    Store.open(path, seed=lambda: timeline).close()
    return path


def drawn_by_the_records(path):
    """Each lane shown, as the view lays it out from the records opening builds."""
    timeline = Store.open(path, read_only=True).load()
    lanes = []
    for name, colour, hidden in styles(timeline):
        members = [e for e in timeline.events.values() if e.lane == name]
        if not hidden:
            lanes.append((name, colour, [e.id for e in members], [e.title for e in members], [e.status for e in members], ends(members).tolist()))
    return timeline, lanes


def drawn_by_the_columns(kept):
    return [(lane.name, lane.colour, lane.ids, lane.titles, lane.statuses, lane.ends.tolist()) for lane in kept.lanes]


def test_closing_keeps_each_lane_as_the_timeline_draws_it(large):
    kept = load(large)

    timeline, lanes = drawn_by_the_records(large)
    assert drawn_by_the_columns(kept) == lanes and "Russia" not in [lane.name for lane in kept.lanes]
    assert kept.title == timeline.title and kept.events == len(timeline.events)
    assert kept.annotations == {e.id: e.annotation for e in timeline.events.values() if e.annotation and e.lane != "Russia"} != {}


def test_a_compaction_keeps_the_columns_of_the_file_it_writes(large):
    store = Store.open(large)
    event = next(e for e in store.load().events.values() if e.lane != "Russia")
    store.apply([Change("events", event.id, event, dataclasses.replace(event, title="Renamed"))])
    assert load(large) is not None  # the journal's edit is not in the file: its columns still hold

    store.compact(whatever_size=True)

    kept = load(large)
    assert kept is not None and "Renamed" in [title for lane in kept.lanes for title in lane.titles]
    assert drawn_by_the_columns(kept) == drawn_by_the_records(large)[1]
    store.close()


def test_columns_of_another_version_of_the_file_are_not_used(large):
    kept = columns_path(large).read_bytes()
    data = large.read_bytes()
    large.write_bytes(data.replace(b'"title":"', b'"title":"X', 1))  # edited by another program: larger
    assert load(large) is None
    large.write_bytes(data)  # the same bytes again, written later
    os.utime(large, ns=(1, os.stat(large).st_mtime_ns + 10**9))
    assert load(large) is None
    assert columns_path(large).read_bytes() == kept  # left as they were: the next closing replaces them

    Store.open(large).close()

    assert load(large) is not None


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "another layout"])
def test_damaged_columns_are_ignored_and_the_file_opens_as_before(large, damage):
    path, kept = columns_path(large), columns_path(large).read_bytes()
    if damage == "truncated":
        path.write_bytes(kept[: len(kept) // 2])
    elif damage == "garbage":
        path.write_bytes(os.urandom(len(kept)))
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # the right head, columns of the wrong lengths
        with np.load(path) as found:
            arrays = dict(found)
        arrays["statuses"] = arrays["statuses"][:-1]
        with path.open("wb") as file:
            np.savez(file, **arrays)
    before = Store.open(large, read_only=True).load()

    assert load(large) is None
    path.unlink()
    assert Store.open(large, read_only=True).load() == before  # opening never reads them


def test_deleting_the_columns_loses_nothing_and_the_next_closing_writes_them_again(large):
    kept = columns_path(large).read_bytes()
    columns_path(large).unlink()

    store = Store.open(large)
    assert not columns_path(large).exists()
    store.close()

    assert columns_path(large).read_bytes() == kept


def test_a_reader_writes_none_and_a_small_file_gets_none(large, monkeypatch, tmp_path):
    columns_path(large).unlink()
    Store.open(large, read_only=True).close()
    assert not columns_path(large).exists()

    monkeypatch.setattr(columns_module, "KEPT_FROM", 10**9)
    small = tmp_path / "small.json"
    Store.open(small, seed=lambda: acled_imported(20)).close()
    assert not columns_path(small).exists()


def test_the_columns_never_reach_a_backup(large):
    store = Store.open(large, keep_backups=True)
    store.close()

    copies = list(backups.folder(large).iterdir())
    assert copies and all(copy.read_bytes() == large.read_bytes() for copy in copies)
    assert columns_path(large).exists()


def test_columns_a_crash_left_half_written_are_removed_by_the_next_writer(large):
    left = large.with_name(f".{columns_path(large).name}.abcd1234.tmp")  # as the atomic write names it
    left.write_bytes(b"PK half")

    Store.open(large).close()

    assert not left.exists() and load(large) is not None


def test_columns_that_cannot_be_written_never_fail_the_write_of_the_file(large, monkeypatch, caplog):
    def refused(path, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(columns_module, "atomic_write", refused)
    store = Store.open(large)
    event = next(iter(store.load().events.values()))
    store.apply([Change("events", event.id, event, dataclasses.replace(event, title="Renamed"))])

    store.compact(whatever_size=True)
    store.close()

    assert "cannot keep the timeline's columns" in caplog.text
    assert Store.open(large, read_only=True).load().events[event.id].title == "Renamed"
    assert load(large) is None  # those kept before name the file as it was
