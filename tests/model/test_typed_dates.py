"""Dates as people type them: read as the EDTF they mean, never more precise than the words."""
import calendar
import datetime as dt
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.model import DateError, FuzzyDate, Precision
from desktop.model.typed_dates import DateOrder, read_date, read_range, shown_as

DMY, MDY = DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST


@pytest.mark.parametrize(
    "text, order, edtf",
    [
        ("6 August 2024", DMY, "2024-08-06"),
        ("Aug 6, 2024", DMY, "2024-08-06"),
        ("6th of August 2024", MDY, "2024-08-06"),
        ("August 2024", DMY, "2024-08"),
        ("06/08/2024", DMY, "2024-08-06"),
        ("06/08/2024", MDY, "2024-06-08"),
        ("13/12/2024", MDY, "2024-12-13"),  # no 13th month: only one reading
        ("summer 2024", DMY, "2024-07~"),
        ("early 2025", DMY, "2025-02~"),
        ("late 2024", DMY, "2024-11~"),
        ("mid-2024", DMY, "2024-06~"),
        ("c. Aug 2024", DMY, "2024-08~"),  # the labels the app shows read back as what they label
        ("c. 6 Aug 2024 (?)", DMY, "2024-08-06%"),
        ("2024 (?)", DMY, "2024?"),
        (" 2025-04-26 ", MDY, "2025-04-26"),
        ("2025-01~", DMY, "2025-01~"),
    ],
)
def test_plain_dates_read_as_the_edtf_they_mean(text, order, edtf):
    assert read_date(text, order).edtf == edtf


@pytest.mark.parametrize("text", ["", "yesterday", "next week", "6 Aug", "May", "Mayday 2024", "31/02/2024", "soon"])
def test_a_text_without_its_year_or_that_is_no_date_is_refused_with_the_forms_to_type(text):
    with pytest.raises(DateError, match="no date given|cannot read .* type it as"):
        read_date(text)


def test_the_hint_shows_the_edtf_a_date_becomes():
    assert shown_as("6 August 2024") == "→ 2024-08-06 · 6 Aug 2024 · day precision"
    assert shown_as("summer 2024") == "→ 2024-07~ · c. Jul 2024 · month precision"
    assert shown_as("2024-08") == "Aug 2024 · month precision"


def test_a_range_reads_plain_dates_and_slashed_ones():
    assert read_range("06/08/2024 / 26/04/2025") == (FuzzyDate(2024, 8, 6), FuzzyDate(2025, 4, 26))
    assert read_range("August 2024 to April 2025") == (FuzzyDate(2024, 8), FuzzyDate(2025, 4))
    assert read_range("2024-08/2025-04") == (FuzzyDate(2024, 8), FuzzyDate(2025, 4))
    assert read_range("6 August 2024") == (FuzzyDate(2024, 8, 6), FuzzyDate(2024, 8, 6))
    assert read_range("6 August 2024 to 10/08/2024") == (FuzzyDate(2024, 8, 6), FuzzyDate(2024, 8, 10))
    with pytest.raises(DateError, match="comes before"):
        read_range("April 2025 to August 2024")


MONTHS, ABBREVIATED = calendar.month_name, calendar.month_abbr
days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


def _day_forms(day: dt.date, order: DateOrder) -> list[str]:
    numeric = f"{day.day:02d}/{day.month:02d}/{day.year}" if order is DMY else f"{day.month:02d}/{day.day:02d}/{day.year}"
    return [
        f"{day.day} {MONTHS[day.month]} {day.year}",
        f"{ABBREVIATED[day.month]} {day.day}, {day.year}",
        f"{MONTHS[day.month]} {day.day} {day.year}",
        f"{day.day} {ABBREVIATED[day.month]} {day.year}",
        numeric,
    ]


@settings(max_examples=300)
@given(days, st.sampled_from(list(DateOrder)), st.integers(0, 4))
def test_a_typed_day_is_that_day(day, order, form):
    assert read_date(_day_forms(day, order)[form], order) == FuzzyDate(day.year, day.month, day.day)


@settings(max_examples=200)
@given(days, st.sampled_from(list(DateOrder)), st.sampled_from(["{long} {year}", "{short} {year}", "{long}, {year}"]))
def test_a_typed_month_is_that_month_and_never_a_day_in_it(day, order, form):
    text = form.format(long=MONTHS[day.month], short=ABBREVIATED[day.month], year=day.year)
    date = read_date(text, order)
    assert date.precision is Precision.MONTH
    assert date.earliest <= day <= date.latest


SEASON_MONTHS = {"spring": (3, 4, 5), "summer": (6, 7, 8), "autumn": (9, 10, 11), "early": (1, 2, 3, 4), "mid": (5, 6, 7, 8),
                 "late": (9, 10, 11, 12), "winter": (12, 1, 2)}


@settings(max_examples=200)
@given(st.integers(1000, 9999), st.sampled_from(sorted(SEASON_MONTHS)), st.sampled_from(["{part} {year}", "{Part} {year}", "the {part} of {year}"]))
def test_a_part_of_a_year_is_an_approximate_month_among_those_it_names_never_a_day(year, part, form):
    if form.startswith("the") and part in ("early", "mid", "late"):
        form = "{part} {year}"
    date = read_date(form.format(part=part, Part=part.title(), year=year))
    assert date.approximate and date.precision is Precision.MONTH
    assert date.year == year and date.month in SEASON_MONTHS[part]


@settings(max_examples=300)
@given(st.text(alphabet="0123456789/.,- aAugstMyJnFebSprilc?()~", max_size=24), st.sampled_from(list(DateOrder)))
@example("A/00", DMY)  # dateparser gives 1 December 2000
def test_whatever_is_typed_a_date_is_read_or_refused_and_a_day_only_from_a_typed_day(text, order):
    try:
        date = read_date(text, order)
    except DateError:
        return
    digits = [int(n) for n in re.findall(r"\d+", text)]
    assert date.year in digits or date.year % 100 in digits  # the year is one typed
    if date.day is not None:
        assert date.day in digits  # as is the day


@pytest.mark.parametrize(
    "text, edtf",
    [
        ("6 August 2024 14:30 +03:00", "2024-08-06T14:30:00+03:00"),
        ("06:10 UTC 6 Aug 2024", "2024-08-06T06:10:00Z"),
        ("6 Aug 2024, 2:30 pm", "2024-08-06T14:30:00"),  # no zone said: the place's own clock
        ("2024-08-06 14:30 GMT+3", "2024-08-06T14:30:00+03:00"),
        ("6 August 2024 23:05 UTC-05:30", "2024-08-06T23:05:00-05:30"),
        ("2024-08-06T14:30+03:00", "2024-08-06T14:30:00+03:00"),
    ],
)
def test_a_time_of_day_is_read_with_its_zone(text, edtf):
    assert read_date(text).edtf == edtf


@pytest.mark.parametrize("text, message", [("August 2024 14:30", "needs the day"), ("6 Aug 2024 25:10", "no time of day"), ("6 Aug 2024 13:00 pm", "1 to 12")])
def test_a_time_without_its_day_or_that_no_clock_shows_is_refused(text, message):
    with pytest.raises(DateError, match=message):
        read_date(text)


@settings(max_examples=200)
@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31)), st.sampled_from([None, 0, 180, -330]))
def test_a_typed_day_and_time_is_that_minute_in_that_zone(moment, offset):
    zone = "" if offset is None else " UTC" if offset == 0 else f" {'+' if offset > 0 else '-'}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"
    date = read_date(f"{moment.day} {MONTHS[moment.month]} {moment.year} {moment:%H:%M}{zone}")
    assert (date.year, date.month, date.day, date.time, date.offset) == (moment.year, moment.month, moment.day, moment.time().replace(second=0, microsecond=0), offset)
