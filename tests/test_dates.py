import datetime as dt

import edtf
import pytest
from hypothesis import given

from desktop.model import DateError, FuzzyDate, Precision
from strategies import fuzzy_dates


@pytest.mark.parametrize(
    "text, precision, earliest, latest, label",
    [
        ("2025-04-26", Precision.DAY, dt.date(2025, 4, 26), dt.date(2025, 4, 26), "26 Apr 2025"),
        ("2024-08", Precision.MONTH, dt.date(2024, 8, 1), dt.date(2024, 8, 31), "Aug 2024"),
        ("2024-02", Precision.MONTH, dt.date(2024, 2, 1), dt.date(2024, 2, 29), "Feb 2024"),
        ("2025", Precision.YEAR, dt.date(2025, 1, 1), dt.date(2025, 12, 31), "2025"),
        ("2025-01~", Precision.MONTH, dt.date(2025, 1, 1), dt.date(2025, 1, 31), "c. Jan 2025"),
        ("2024?", Precision.YEAR, dt.date(2024, 1, 1), dt.date(2024, 12, 31), "2024 (?)"),
        ("2024-08-06%", Precision.DAY, dt.date(2024, 8, 6), dt.date(2024, 8, 6), "c. 6 Aug 2024 (?)"),
    ],
)
def test_parse_keeps_what_the_article_says(text, precision, earliest, latest, label):
    date = FuzzyDate.parse(text)
    assert date.precision is precision
    assert (date.earliest, date.latest) == (earliest, latest)
    assert date.label() == label
    assert date.edtf == text


@pytest.mark.parametrize("text", ["", "last August", "2025-13", "2025-02-30", "25-04-26", "2025-4-26", "2025-04-26T10:00", "2024-08/2025-04", "0000"])
def test_unreadable_dates_are_refused_with_the_accepted_forms(text):
    with pytest.raises(DateError, match="cannot read|out of range|does not exist|has no day"):
        FuzzyDate.parse(text)


@given(fuzzy_dates)
def test_round_trip_and_agreement_with_the_reference_edtf_parser(date):
    assert FuzzyDate.parse(date.edtf) == date
    reference = edtf.parse_edtf(date.edtf)
    assert edtf.struct_time_to_date(reference.lower_strict()) == date.earliest
    assert edtf.struct_time_to_date(reference.upper_strict()) == date.latest
