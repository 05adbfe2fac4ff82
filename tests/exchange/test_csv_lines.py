"""A CSV is read a line at a time out of its text, split as a file opened with newline="" splits it."""
import csv
import io
import tracemalloc
from pathlib import Path
from unittest.mock import patch

from hypothesis import given
from hypothesis import strategies as st

from desktop.exchange.reading import FormatError, _lines, csv_rows

# Line ends of every kind, and characters str.splitlines would wrongly end a line at.
AWKWARD = st.lists(st.sampled_from(["a", "é", ",", '"', "\r", "\n", "\r\n", "\u2028", "\x85", "\x0c", "\x1c"]), max_size=40).map("".join)


@given(st.lists(AWKWARD, min_size=1, max_size=4), AWKWARD)
def test_rows_are_those_the_csv_module_reads_from_the_file(cells, tail):
    header = ["c%d" % n for n in range(len(cells))]
    out = io.StringIO()
    csv.writer(out).writerows([header, cells])
    text = out.getvalue() + tail
    try:
        expected = [row for row in csv.reader(io.StringIO(text, newline=""), strict=True) if row]
    except csv.Error:
        expected = None
    try:
        got_header, rows = csv_rows(Path("x.csv"), text)
        got = [got_header, *(row for _, row in rows)]
    except FormatError:
        got = None
    if expected is None or any(len(row) != len(header) for row in expected):  # refused, by the csv module or for its width
        assert got is None
    else:
        assert got == expected


@given(st.lists(AWKWARD, max_size=6).map("".join), st.integers(1, 8))
def test_the_lines_are_the_files_wherever_the_text_is_cut_into_pieces(text, piece):
    with patch("desktop.exchange.reading._PIECE", piece):  # read a piece at a time: cut a few characters apart
        assert list(_lines(text)) == list(io.StringIO(text, newline=""))


def test_reading_holds_no_copy_of_the_text(tmp_path):
    """io.StringIO would copy it at four bytes a character: 1.6 GB for 300,000 events."""
    text = "title,start,notes\r\n" + "An event,2024-08-06,\"a note, of some length\"\r\n" * 40_000
    tracemalloc.start()
    try:
        header, rows = csv_rows(Path("x.csv"), text)
        assert sum(1 for _ in rows) == 40_000
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < len(text)
