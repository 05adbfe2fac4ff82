"""The time axis in view units: seconds since 1970-01-01, UTC (model/spans.py)."""
from __future__ import annotations

import datetime as dt

from ...model.spans import DAY, EPOCH, MINUTE, epoch_seconds  # noqa: F401 (the canvas reads them from here)


def day_at(x: float) -> dt.date:
    """The day a point of the axis falls in."""
    return EPOCH + dt.timedelta(days=int(x // DAY))
