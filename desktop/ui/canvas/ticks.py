"""Where the time axis puts its ticks and what it writes, worked out without a widget.

Two tiers: the lower one at each step of the unit in view (hours, days, months or
years), with a grid line; the upper one names their context where it begins ("Tue 6
Aug 2024" over hours, "August 2024" over days, "2024" over months), and once more at the
left edge for the context the view begins in, so that the year is always in reach. The
unit is the finest whose labels do not run into each other.
"""
from __future__ import annotations

import calendar
import math
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from .time_axis import DAY, EPOCH, epoch_seconds

HOUR = 3600.0
GAP = 8.0  # pixels at least between two labels of a tier
Width = Callable[[str], float]

# (unit, step, the shortest the step can be): finest first.
STEPS = (
    *(("hour", n, n * HOUR) for n in (1, 2, 3, 6)),
    *(("day", n, n * DAY) for n in (1, 2)),
    *(("month", n, n * 28 * DAY) for n in (1, 2, 3, 6)),
    *(("year", n, n * 365 * DAY) for n in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)),
)
FINER = {"day": "hour", "month": "day", "year": "month"}
WIDEST = {"hour": "00:00", "day": "28", "month": "May", "year": "2024"}
MONTHS = calendar.month_abbr[1:]


@dataclass(frozen=True)
class Tick:
    x: float  # view units: seconds since 1970
    text: str


@dataclass(frozen=True)
class AxisTicks:
    unit: str
    lower: list[Tick] = field(default_factory=list)  # centred on x
    upper: list[Tick] = field(default_factory=list)  # from x on (the first at the view's left edge)


def moment(x: float) -> dt.datetime:
    return dt.datetime(EPOCH.year, EPOCH.month, EPOCH.day) + dt.timedelta(seconds=x)


def _seconds(when: dt.datetime) -> float:
    return epoch_seconds(when.date()) + when.hour * HOUR + when.minute * 60


def axis_ticks(x0: float, x1: float, pixels: float, width: Width) -> AxisTicks:
    """The ticks for ``x0``–``x1`` (view units) drawn ``pixels`` wide, with texts as wide as
    ``width`` says."""
    if x1 <= x0 or pixels <= 0:
        return AxisTicks("day")
    per_pixel = (x1 - x0) / pixels
    unit, step = next(
        ((u, n) for u, n, shortest in STEPS if shortest / per_pixel >= _widest(u, width) + GAP), ("year", 1000)
    )
    lower = [Tick(x, _lower_text(unit, x)) for x in _steps(unit, step, x0, x1)]
    # No step begins in view (a month's middle, say): the context is then named finer.
    context = unit if lower else FINER.get(unit, unit)
    return AxisTicks(unit, lower, _upper(context, x0, x1, per_pixel, width))


def _widest(unit: str, width: Width) -> float:
    return max(width(m) for m in MONTHS) if unit == "month" else width(WIDEST[unit])


def _lower_text(unit: str, x: float) -> str:
    when = moment(x)
    if unit == "hour":
        return f"{when:%H:%M}"
    if unit == "day":
        return str(when.day)
    return MONTHS[when.month - 1] if unit == "month" else str(when.year)


def _steps(unit: str, step: int, x0: float, x1: float) -> list[float]:
    """Each step of ``unit`` from ``x0`` to ``x1``: whole multiples of ``step`` hours,
    days of the month counted from the 1st (none closer than ``step`` to the next 1st),
    months counted from January, years that ``step`` divides."""
    start = moment(max(x0, epoch_seconds(dt.date.min)))
    last = min(x1, epoch_seconds(dt.date.max))
    found = []
    if unit == "hour":
        x = math.ceil(x0 / (step * HOUR)) * step * HOUR
        while x <= x1:
            found.append(x)
            x += step * HOUR
        return [x for x in found if x >= x0]  # a hair past a whole hour rounds down to it
    if unit == "day":
        day = start.date()
        while (x := epoch_seconds(day)) <= last:
            in_month = calendar.monthrange(day.year, day.month)[1]
            if (day.day - 1) % step == 0 and (day.day == 1 or day.day + step - 1 <= in_month):
                found.append(x)
            day += dt.timedelta(days=1)
        return [x for x in found if x >= x0]
    if unit == "month":
        year, month = start.year, start.month
        while year <= 9999 and (x := epoch_seconds(dt.date(year, month, 1))) <= last:
            if (month - 1) % step == 0 and x >= x0:
                found.append(x)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found
    year = (start.year // step + 1) * step if start.year > 1 else step
    while year <= 9999 and (x := epoch_seconds(dt.date(year, 1, 1))) <= last:
        found.append(x)
        year += step
    return found


def _upper(unit: str, x0: float, x1: float, per_pixel: float, width: Width) -> list[Tick]:
    """The context's name where each begins in view, and at the left edge; a name that
    would run into the next is left out (the one at the edge first)."""
    if unit == "year":
        return []
    context = {"hour": "day", "day": "month", "month": "year"}[unit]
    starts = [x0, *(x for x in _steps(context, 1, x0, x1) if x > x0)]
    ticks = [Tick(x, _upper_text(context, x)) for x in starts]
    kept: list[Tick] = []
    for n, tick in enumerate(ticks):
        end = tick.x + (width(tick.text) + GAP) * per_pixel
        if n + 1 < len(ticks) and end > ticks[n + 1].x:
            continue
        kept.append(tick)
    return kept


def _upper_text(context: str, x: float) -> str:
    when = moment(x)
    if context == "day":
        return f"{when:%a} {when.day} {when:%b} {when.year}"
    if context == "month":
        return f"{when:%B} {when.year}"
    return str(when.year)
