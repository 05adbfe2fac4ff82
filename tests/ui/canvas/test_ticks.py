"""The time axis's ticks as a function: two tiers that never overlap, the year always
written somewhere, at any zoom from an hour to centuries."""
import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.ui.canvas.ticks import GAP, HOUR, axis_ticks
from desktop.ui.canvas.time_axis import DAY, epoch_seconds


def width(text: str) -> float:
    return 7.0 * len(text)


def day(text: str) -> float:
    return epoch_seconds(dt.date.fromisoformat(text))


@settings(max_examples=300)
@given(
    st.floats(day("1900-01-01"), day("2100-01-01")),
    st.sampled_from([HOUR, 6 * HOUR, DAY, 3 * DAY, 20 * DAY, 90 * DAY, 400 * DAY, 3000 * DAY, 40000 * DAY]),
    st.floats(1.0, 3.0),
    st.integers(250, 2400),
)
def test_labels_never_overlap_and_the_year_is_always_written(x0, span, stretch, pixels):
    x1 = x0 + span * stretch
    ticks = axis_ticks(x0, x1, pixels, width)
    per_pixel = (x1 - x0) / pixels
    lower, upper = ticks.lower, ticks.upper
    assert lower or upper, "something written"
    assert all(x0 <= t.x <= x1 for t in lower) and all(x0 <= t.x <= x1 for t in upper)
    for a, b in zip(lower, lower[1:]):  # centred on their ticks
        assert (b.x - a.x) / per_pixel >= (width(a.text) + width(b.text)) / 2 + GAP / 2
    for a, b in zip(upper, upper[1:]):  # from their ticks on
        assert (b.x - a.x) / per_pixel >= width(a.text) + GAP
    assert any(re.search(r"\d{4}", t.text) for t in lower + upper)


def test_a_view_between_two_steps_names_its_context_finer():
    ticks = axis_ticks(day("1970-01-01") + 1, day("1970-01-31"), 250, width)
    assert ticks.unit == "month" and ticks.lower == [] and [t.text for t in ticks.upper] == ["January 1970"]


def test_a_view_of_the_kursk_months_names_both_years():
    ticks = axis_ticks(day("2024-07-20"), day("2025-05-10"), 1250, width)
    assert ticks.unit == "month"
    assert [t.text for t in ticks.lower] == ["Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May"]
    assert [t.text for t in ticks.upper] == ["2024", "2025"]


def test_days_say_their_month_and_year_and_hours_their_day():
    days = axis_ticks(day("2024-11-22"), day("2024-12-04"), 1000, width)
    assert days.unit == "day" and [t.text for t in days.lower][:3] == ["22", "23", "24"]
    assert [t.text for t in days.upper] == ["November 2024", "December 2024"]
    hours = axis_ticks(day("2024-12-27") + 5 * HOUR, day("2024-12-27") + 17 * HOUR, 1000, width)
    assert hours.unit == "hour" and "06:00" in [t.text for t in hours.lower]
    assert [t.text for t in hours.upper] == ["Fri 27 Dec 2024"]
