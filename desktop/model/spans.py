"""Events' dates as seconds since 1970-01-01, UTC: the windows the timeline draws.

Each end of an event is a window of seconds as wide as its precision: its days, or the
minute of its time. The timeline's lanes hold them as arrays; the store keeps them beside
the database for the next opening's first frame (store/columns.py).
"""
from __future__ import annotations

import datetime as dt

import numpy as np

from .dates import FuzzyDate
from .entities import Event

DAY = 86400.0
MINUTE = 60.0
EPOCH = dt.date(1970, 1, 1)


def epoch_seconds(day: dt.date) -> float:
    """UTC midnight of ``day``: a date without a time is a day, wherever it was."""
    return (day - EPOCH).days * DAY


def window(date: FuzzyDate) -> tuple[float, float]:
    """The seconds a date may mean: its days, or the minute of its time (in UTC, as the axis is)."""
    if date.instant is not None:
        moment = date.instant.replace(tzinfo=dt.timezone.utc).timestamp()
        return moment, moment + MINUTE
    return epoch_seconds(date.earliest), epoch_seconds(date.latest) + DAY


def event_ends(event: Event) -> tuple[float, float, float, float, bool]:
    """The windows of the event's two ends (start_lo, start_hi, end_lo, end_hi; each _hi
    the start of the day after, or for a time of day the minute after), and whether it is
    a range."""
    return (*window(event.start), *window(event.end or event.start), event.end is not None)


def ends(events: list[Event]) -> np.ndarray:
    """``event_ends`` of each event, a row each. Each distinct date's window is worked out
    once: the events of a database share a few thousand dates (the parser keeps equal ones
    as one value), and opening lays out every event."""
    starts = [e.start for e in events]
    last = [e.end or e.start for e in events]
    # By the date's identity: hashing a date costs more than its window. All of them live
    # while this runs, so no identity is given twice.
    windows = {id(date): date for date in starts + last}
    windows = {key: window(date) for key, date in windows.items()}
    first_days, last_days = (np.array([windows[id(date)] for date in dates], dtype=float).reshape(-1, 2) for dates in (starts, last))
    return np.column_stack((first_days, last_days, np.array([e.end is not None for e in events], dtype=float)))
