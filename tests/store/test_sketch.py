"""The sketch of a large file: what the timeline draws of each event, read before the
records are built, and nothing for a file it cannot read."""
import dataclasses

import orjson
from test_columns import drawn_by_the_columns, drawn_by_the_records

from benchmarks.synthetic import acled_imported
from desktop.model.entities import Lane
from desktop.store import SCHEMA_VERSION, Store
from desktop.store import columns as columns_module
from desktop.store.columns import load
from desktop.store.sketch import sketch


def test_a_sketch_holds_each_lane_as_the_timeline_draws_it_as_the_kept_columns_do(tmp_path, monkeypatch):
    timeline = acled_imported(1500)  # more than a block, and document numbers past 1000 (sorted as text in the file)
    timeline.lane_records["Russia"] = Lane("Russia", "Russia", "#123456", 0, hidden=True)
    noted = next(e for e in timeline.events.values() if e.lane != "Russia")
    timeline.events[noted.id] = dataclasses.replace(noted, annotation="Seen on video")
    path = tmp_path / "big.json"
    monkeypatch.setattr(columns_module, "KEPT_FROM", 0)
    Store.open(path, seed=lambda: timeline).close()
    monkeypatch.setattr("desktop.store.sketch._BLOCK", 4096)  # many blocks, each ending between two documents

    drawn = sketch(path)

    opened, lanes = drawn_by_the_records(path)
    assert drawn_by_the_columns(drawn) == lanes and "Russia" not in [lane.name for lane in drawn.lanes]
    assert drawn.title == opened.title and drawn.events == len(opened.events)
    assert drawn.annotations == {noted.id: "Seen on video"}
    kept = load(path)
    assert drawn_by_the_columns(drawn) == drawn_by_the_columns(kept) and drawn.annotations == kept.annotations


def test_a_file_the_sketch_cannot_read_gets_none_and_is_left_as_it_was(tmp_path):
    timeline = acled_imported(50)
    path = tmp_path / "t.json"
    Store.open(path, seed=lambda: timeline).close()
    laid_out = path.read_bytes()
    whole = tmp_path / "whole.json"  # the same database on one line, as TinyDB writes it
    whole.write_bytes(orjson.dumps(orjson.loads(laid_out)))
    assert sketch(whole) is None
    damaged = tmp_path / "damaged.json"
    damaged.write_bytes(laid_out.replace(b'"status":"reported"', b'"status":"rumoured"', 1))
    assert sketch(damaged) is None and damaged.read_bytes() == laid_out.replace(b'"status":"reported"', b'"status":"rumoured"', 1)
    numbered = tmp_path / "numbered.json"  # a lane that is not a name
    numbered.write_bytes(laid_out.replace(b'"lane":"Russia"', b'"lane":7', 1))
    assert sketch(numbered) is None
    older = tmp_path / "older.json"
    assert b'"schema":%d' % SCHEMA_VERSION in laid_out
    older.write_bytes(laid_out.replace(b'"schema":%d' % SCHEMA_VERSION, b'"schema":%d' % (SCHEMA_VERSION - 1), 1))
    assert sketch(older) is None
    assert sketch(tmp_path / "missing.json") is None
    assert sketch(path) is not None
