"""Long files report progress as they are read and written, and stop cleanly when cancelled."""
import pytest

from desktop.exchange.formats import FORMATS, WRITABLE, read_file, write_file
from desktop.fileio import fs
from desktop.exchange.reading import CHUNK, Cancelled
from desktop.model import Citation, Event, FuzzyDate, Source, Timeline

COUNT = 3 * CHUNK + 7


def big() -> Timeline:
    source = Source("s", "A source", "")
    events = [Event(f"e{i}", f"Event {i}", FuzzyDate(2024, 1 + i % 12, 1 + i % 28), lane=f"Lane {i % 5}") for i in range(COUNT)]
    citations = [Citation(f"c{i}", f"e{i}", "s", f"quote {i}", "someone") for i in range(COUNT)]
    return Timeline("big", [], {e.id: e for e in events}, {"s": source}, {c.id: c for c in citations})


def cancel_at(call: int):
    calls = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        if len(calls) == call:
            raise Cancelled

    return progress, calls


@pytest.mark.parametrize("name", WRITABLE)
def test_reading_and_writing_report_progress_every_chunk(tmp_path, name):
    path = tmp_path / f"big{FORMATS[name].suffix}"
    written, read = [], []
    write_file(big(), path, FORMATS[name], lambda done, total: written.append((done, total)))
    assert len(read_file(path, name, lambda done, total: read.append((done, total))).events) == COUNT
    for calls in (written, read):
        assert len(calls) >= COUNT // CHUNK
        assert all(0 <= done <= total for done, total in calls)
        assert [done for done, _ in calls] == sorted(done for done, _ in calls)


@pytest.mark.parametrize("name", WRITABLE)
def test_a_cancelled_export_leaves_no_file_and_a_cancelled_read_gives_nothing(tmp_path, name):
    path = tmp_path / f"big{FORMATS[name].suffix}"
    progress, calls = cancel_at(2)
    with pytest.raises(Cancelled):
        write_file(big(), path, FORMATS[name], progress)
    assert list(tmp_path.iterdir()) == []
    write_file(big(), path, FORMATS[name])
    progress, calls = cancel_at(2)
    with pytest.raises(Cancelled):
        read_file(path, name, progress)
    assert len(calls) == 2


def test_a_csv_export_goes_to_disk_a_chunk_of_rows_at_a_time(tmp_path, monkeypatch):
    """Never the whole text at once: at 300,000 events it is 400 MB, its bytes as much again."""
    writes = []
    write_all = fs.write_all
    monkeypatch.setattr(fs, "write_all", lambda fd, data: (writes.append(bytes(data)), write_all(fd, data)))
    path = tmp_path / "big.csv"
    write_file(big(), path, FORMATS["csv"])
    assert len(writes) == COUNT // CHUNK + 1
    assert all(part.count(b"\r\n") <= CHUNK + 1 for part in writes)  # a chunk's rows, and the header with the first
    assert b"".join(writes) == path.read_bytes()
    assert len(read_file(path, "csv").events) == COUNT
