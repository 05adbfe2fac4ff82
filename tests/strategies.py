"""Hypothesis strategies shared by the tests."""
import datetime as dt

from hypothesis import strategies as st

from desktop.model import FuzzyDate

fuzzy_dates = st.builds(
    lambda day, precision, approximate, uncertain: FuzzyDate(
        day.year,
        day.month if precision != "year" else None,
        day.day if precision == "day" else None,
        approximate,
        uncertain,
    ),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(["year", "month", "day"]),
    st.booleans(),
    st.booleans(),
)
