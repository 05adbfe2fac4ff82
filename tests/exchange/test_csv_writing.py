"""The export's rows are written as the csv module writes them, byte for byte."""
import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from desktop.exchange.csv_format import COLUMNS, csv_line

# What a cell may hold that a CSV writer must take care of, and what it must leave alone.
AWKWARD = st.lists(st.sampled_from(["a", "é", " ", ",", ";", '"', "'", "\r", "\n", "\r\n", "\t", "\u2028", "\x85", "\x00", "=", "[", "]"]),
                   max_size=12).map("".join)


@given(st.lists(st.one_of(AWKWARD, st.text(max_size=20)), min_size=2, max_size=20))
def test_a_row_is_the_line_the_csv_module_writes(cells):
    # Rows of two cells or more: the csv module writes a row of one empty cell as "", which no export has.
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    assert csv_line(cells) == out.getvalue()


def test_the_header_is_plain():
    assert csv_line(COLUMNS) == ",".join(COLUMNS) + "\r\n"
