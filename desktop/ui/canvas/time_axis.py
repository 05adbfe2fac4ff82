"""The time axis in view units: seconds since 1970-01-01, UTC."""
from __future__ import annotations

import datetime as dt

DAY = 86400.0
MINUTE = 60.0
EPOCH = dt.date(1970, 1, 1)


def epoch_seconds(day: dt.date) -> float:
    """UTC midnight of ``day``: a date without a time is a day, wherever it was."""
    return (day - EPOCH).days * DAY


def day_at(x: float) -> dt.date:
    """The day a point of the axis falls in."""
    return EPOCH + dt.timedelta(days=int(x // DAY))
