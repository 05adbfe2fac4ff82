"""The benchmark's databases look like what an ACLED import leaves, and open like any other."""
import statistics
from collections import Counter

from benchmarks.synthetic import LANES_20, PUBLISHERS, acled_imported, real_acled_replicated
from desktop.store import Store


def test_synthetic_events_are_shaped_like_an_acled_import():
    timeline = acled_imported(2_000)
    per_event = Counter(citation.event_id for citation in timeline.citations.values())
    assert set(per_event.values()) == {1, 2, 3} and len(per_event) == 2_000
    assert 1.3 < len(timeline.citations) / len(timeline.events) < 1.6
    assert {event.lane for event in timeline.events.values()} == set(LANES_20)
    assert 150 < len({c.source_id for c in timeline.citations.values()}) <= PUBLISHERS
    assert 100 < statistics.median(len(event.notes) for event in timeline.events.values()) < 600
    assert all(len(event.attributes) == 16 for event in timeline.events.values())
    assert all(c.quote == timeline.events[c.event_id].notes for c in timeline.citations.values())


def test_real_rows_are_replicated_to_size_with_their_citations(tmp_path):
    timeline = real_acled_replicated(100)
    assert len(timeline.events) == 100 and len({e.title for e in timeline.events.values()}) < 100
    cited = Counter(citation.event_id for citation in timeline.citations.values())
    assert set(cited) == set(timeline.events)  # each copy keeps its own citations
    path = tmp_path / "real.json"
    Store.open(path, seed=lambda: timeline).close()
    assert Store.open(path, read_only=True).load().to_dict() == timeline.to_dict()


def test_the_compaction_figure_saves_edits_while_the_file_is_written_and_they_last(tmp_path):
    from benchmarks.benchmark import measure_compaction

    path = tmp_path / "db_2000.json"
    Store.open(path, seed=lambda: acled_imported(2_000)).close()
    figures = measure_compaction(path)
    assert set(figures) == {"compaction_whole_write_ms", "compaction_stall_ms", "edit_during_compaction_ms", "edits_during_compaction"}
    made = figures["edits_during_compaction"]
    assert made >= 1
    edited = next(iter(Store.open(path, read_only=True).load().events.values()))
    assert edited.notes == str(1 + made)  # the last edit saved while the worker wrote, after the two before it
