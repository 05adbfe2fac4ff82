import datetime as dt

import edtf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.model import DateError, FuzzyDate, Precision, parse_range
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


@pytest.mark.parametrize("text", ["", "last August", "2025-13", "2025-02-30", "25-04-26", "2025-4-26", "2025-04-26T10", "2025-04T10:00Z", "2024-08/2025-04", "0000"])
def test_unreadable_dates_are_refused_with_the_accepted_forms(text):
    with pytest.raises(DateError, match="cannot read|out of range|does not exist|has no day"):
        FuzzyDate.parse(text)


@given(fuzzy_dates)
def test_round_trip_and_agreement_with_the_reference_edtf_parser(date):
    assert FuzzyDate.parse(date.edtf) == date
    reference = edtf.parse_edtf(date.edtf)
    assert edtf.struct_time_to_date(reference.lower_strict()) == date.earliest
    assert edtf.struct_time_to_date(reference.upper_strict()) == date.latest


@pytest.mark.parametrize(
    "text, first, last",
    [
        ("2024-08 / 2025-04", "2024-08", "2025-04"),
        ("2024-08..2025-04-26", "2024-08", "2025-04-26"),
        ("2024 to 2025", "2024", "2025"),
        (" 2025-04-26 ", "2025-04-26", "2025-04-26"),
        ("2024-08–2025-01~", "2024-08", "2025-01~"),
    ],
)
def test_a_range_to_jump_to_reads_one_or_two_dates(text, first, last):
    assert parse_range(text) == (FuzzyDate.parse(first), FuzzyDate.parse(last))


@pytest.mark.parametrize("text, message", [("", "cannot read"), ("2025 / 2024-08", "comes before"), ("last August", "cannot read"), ("1/2/3", "cannot read")])
def test_a_range_that_cannot_be_read_says_why(text, message):
    with pytest.raises(DateError, match=message):
        parse_range(text)


@pytest.mark.parametrize(
    "date, days, to_days, moved",
    [
        ("2025-04-26", 10, False, "2025-05-06"),
        ("2025-04-26~", -26, False, "2025-03-31~"),
        ("2024-08", 14, False, "2024-08"),  # half a month is not a month
        ("2024-08", 16, False, "2024-09"),
        ("2024-11?", 70, False, "2025-01?"),
        ("2024", 200, False, "2025"),
        ("2024-08", 10, True, "2024-08-11"),  # the user chose day precision
        ("2024%", 0, True, "2024-01-01%"),
    ],
)
def test_a_date_moves_by_whole_units_of_its_own_precision(date, days, to_days, moved):
    assert FuzzyDate.parse(date).moved(days, to_days=to_days) == FuzzyDate.parse(moved)


@given(fuzzy_dates, st.integers(-5000, 5000))
def test_moving_there_and_back_by_days_returns_a_day_date(date, days):
    try:
        there = date.moved(days, to_days=True)
        back = there.moved(-days)
    except DateError:
        return  # past year 1 or 9999
    assert back.precision is Precision.DAY
    assert back.earliest == date.earliest
    assert (back.approximate, back.uncertain) == (date.approximate, date.uncertain)


def test_moving_past_the_calendar_is_a_date_error():
    with pytest.raises(DateError):
        FuzzyDate.parse("9999-12-30").moved(5)
    with pytest.raises(DateError):
        FuzzyDate.parse("0001-02").moved(-60)


timed_dates = st.builds(
    lambda moment, offset, seconds: FuzzyDate(
        moment.year, moment.month, moment.day, time=moment.time().replace(microsecond=0, second=moment.second if seconds else 0), offset=offset
    ),
    st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9998, 12, 31)),
    st.one_of(st.none(), st.integers(-14 * 60, 14 * 60).map(lambda m: m - m % 15)),
    st.booleans(),
)


@given(timed_dates)
def test_a_time_of_day_round_trips_and_the_reference_edtf_parser_reads_it_so(date):
    assert FuzzyDate.parse(date.edtf) == date
    reference = edtf.parse_edtf(date.edtf)
    assert type(reference).__name__ == "DateAndTime"
    assert edtf.struct_time_to_date(reference.lower_strict()) == date.earliest == date.latest
    assert str(reference) == date.edtf


@pytest.mark.parametrize(
    "text, edtf_text, label, utc",
    [
        ("2024-08-06T14:30+03:00", "2024-08-06T14:30:00+03:00", "6 Aug 2024 14:30 UTC+03:00", "6 Aug 2024 11:30 UTC"),
        ("2024-08-06T06:10:00Z", "2024-08-06T06:10:00Z", "6 Aug 2024 06:10 UTC", "6 Aug 2024 06:10 UTC"),
        ("2024-08-06T23:30-0500", "2024-08-06T23:30:00-05:00", "6 Aug 2024 23:30 UTC-05:00", "7 Aug 2024 04:30 UTC"),
        ("2024-08-06T14:30", "2024-08-06T14:30:00", "6 Aug 2024 14:30 local time", "6 Aug 2024 14:30 local time"),
    ],
)
def test_a_time_keeps_its_zone_and_shows_in_it_or_in_utc(text, edtf_text, label, utc):
    date = FuzzyDate.parse(text)
    assert (date.edtf, date.label(), date.label(utc=True), date.precision) == (edtf_text, label, utc, Precision.TIME)


@pytest.mark.parametrize("text, message", [("2024-08-06T14:30Z~", "needs an exact day"), ("2024-08-06T24:00Z", "hour must be"), ("2024-08-06T10:00+15:00", "between -14:00")])
def test_an_impossible_time_is_refused_with_the_reason(text, message):
    with pytest.raises(DateError, match=message):
        FuzzyDate.parse(text)


def test_a_timed_date_moves_by_minutes_and_by_days_keeping_its_time():
    date = FuzzyDate.parse("2024-08-06T23:50+03:00")
    assert date.moved_minutes(20).edtf == "2024-08-07T00:10:00+03:00"
    assert date.moved(2).edtf == "2024-08-08T23:50:00+03:00"
