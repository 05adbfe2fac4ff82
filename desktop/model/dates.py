"""Dates as articles give them: a day, a month or a year, possibly approximate or uncertain.

On disk a date is an EDTF (ISO 8601-2) string: ``2025-04-26``, ``2024-08``,
``2025-01~`` (approximately January 2025), ``2024?`` (uncertain), or a day with its time
``2024-08-06T14:30:00+03:00`` (``Z`` for UTC; no zone: the local time of the place, its
offset unknown). Only this subset of EDTF levels 0 and 1 is accepted (no intervals: a
period is a start and an end; no seasons or unspecified digits; a time only on an exact
day, as EDTF has it): it is what one end of an event needs, and parsing it here takes
microseconds where a general EDTF grammar takes milliseconds per date, which matters
when a database holds a hundred thousand events. The tests check every accepted
string against the reference ``edtf`` package.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, replace
from enum import Enum

EDTF_FORM = re.compile(
    r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?)?)?([~?%]?)"
)
MAX_OFFSET = 14 * 60  # minutes: the widest UTC offsets in use are -12:00 and +14:00
_DAYS_PER_YEAR = 365.2425
_DAYS_PER_MONTH = _DAYS_PER_YEAR / 12
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class DateError(ValueError):
    """A date string that is not one of the accepted EDTF forms."""


class Precision(str, Enum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    TIME = "time"  # a day and its time of day


@dataclass(frozen=True)
class FuzzyDate:
    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False  # EDTF "~": "around", "in recent months"
    uncertain: bool = False  # EDTF "?": the source itself is unsure
    time: dt.time | None = None  # the time of day, to the second, where the place's clocks showed it
    offset: int | None = None  # that place's offset from UTC in minutes; None: not known

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise DateError(f"year {self.year} is out of range")
        if self.month is None and self.day is not None:
            raise DateError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} does not exist")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateError(f"{self.year}-{self.month:02d} has no day {self.day}")
        if self.time is not None and (self.day is None or self.approximate or self.uncertain):
            raise DateError("a time of day needs an exact day (EDTF has no approximate or uncertain times)")
        if self.offset is not None and (self.time is None or not -MAX_OFFSET <= self.offset <= MAX_OFFSET):
            raise DateError("a UTC offset needs a time of day, and lies between -14:00 and +14:00")

    @staticmethod
    def parse(text: str) -> FuzzyDate:
        return parse_date(text)

    @property
    def precision(self) -> Precision:
        if self.time is not None:
            return Precision.TIME
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    # Cached: the timeline reads them for every event at every redraw. (A frozen
    # dataclass still has an instance __dict__, which is where cached_property writes.)
    @functools.cached_property
    def earliest(self) -> dt.date:
        """First day the date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @functools.cached_property
    def latest(self) -> dt.date:
        """Last day the date can mean."""
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    @functools.cached_property
    def edtf(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.time is not None:
            text += f"T{self.time:%H:%M:%S}{_offset_text(self.offset, 'Z')}"
        if self.approximate and self.uncertain:
            return text + "%"
        return text + ("~" if self.approximate else "?" if self.uncertain else "")

    @property
    def instant(self) -> dt.datetime | None:
        """The moment a timed date names, in UTC (a time without its offset read as UTC)."""
        if self.time is None:
            return None
        local = dt.datetime.combine(self.earliest, self.time)
        try:
            return local - dt.timedelta(minutes=self.offset or 0)
        except OverflowError:  # hours from the ends of the calendar: it is near enough
            return local

    def moved_minutes(self, minutes: int) -> FuzzyDate:
        """A timed date moved by ``minutes``, at the same offset."""
        try:
            when = dt.datetime.combine(self.earliest, self.time) + dt.timedelta(minutes=minutes)
        except OverflowError:
            raise DateError("the date would leave the years 1 to 9999") from None
        return replace(self, year=when.year, month=when.month, day=when.day, time=when.time())

    def moved(self, days: int, *, to_days: bool = False, keep: str = "earliest") -> FuzzyDate:
        """This date moved by about ``days`` without faking precision: a month moves by
        whole months and a year by whole years, unless ``to_days`` (the user's explicit
        choice) first makes it a day-precision date: its ``keep`` day ("earliest",
        "middle" or "latest"), the one it is drawn at."""
        try:
            if self.day is not None or to_days:
                day = self._day(keep) + dt.timedelta(days=days)
                return replace(self, year=day.year, month=day.month, day=day.day)
            if self.month is not None:
                months = self.year * 12 + self.month - 1 + round(days / _DAYS_PER_MONTH)
                return replace(self, year=months // 12, month=months % 12 + 1)
            return replace(self, year=self.year + round(days / _DAYS_PER_YEAR))
        except OverflowError:
            raise DateError("the date would leave the years 1 to 9999") from None

    def _day(self, keep: str) -> dt.date:
        if keep == "middle":  # where a point's mark stands: the middle of its days
            return self.earliest + (self.latest - self.earliest) / 2
        return self.latest if keep == "latest" else self.earliest

    def label(self, utc: bool = False) -> str:
        """Human form that keeps the precision: '26 Apr 2025', 'Aug 2024', 'c. 2025',
        '6 Aug 2024 14:30 UTC+03:00'; with ``utc``, a time whose offset is known in UTC
        ('6 Aug 2024 11:30 UTC')."""
        if self.time is not None:
            if utc and self.offset is not None:
                moment = self.instant
                return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year} {moment:%H:%M} UTC"
            seconds = f":{self.time.second:02d}" if self.time.second else ""
            zone = " local time" if self.offset is None else f" UTC{_offset_text(self.offset, '')}" if self.offset else " UTC"
            return f"{self.day} {_MONTHS[self.month - 1]} {self.year} {self.time:%H:%M}{seconds}{zone}"
        if self.day is not None:
            text = f"{self.day} {_MONTHS[self.month - 1]} {self.year}"
        elif self.month is not None:
            text = f"{_MONTHS[self.month - 1]} {self.year}"
        else:
            text = str(self.year)
        if self.approximate:
            text = "c. " + text
        return text + (" (?)" if self.uncertain else "")

    def __str__(self) -> str:
        return self.edtf


# A database of a hundred thousand events holds a few thousand distinct dates: each is
# read once, and equal dates share one immutable value.
@functools.lru_cache(maxsize=1 << 16)
def parse_date(text: str) -> FuzzyDate:
    """FuzzyDate.parse, for callers that parse a date or two per event of a whole database."""
    match = EDTF_FORM.fullmatch(text.strip())
    if not match:
        raise DateError(
            f"cannot read date {text!r}: use YYYY-MM-DD, YYYY-MM or YYYY, "
            "optionally followed by ~ (approximate), ? (uncertain) or % (both), or YYYY-MM-DDTHH:MM:SS with Z or +HH:MM"
        )
    year, month, day, hour, minute, second, zone, qualifier = match.groups()
    try:
        time = dt.time(int(hour), int(minute), int(second or 0)) if hour else None
    except ValueError as error:
        raise DateError(f"{text.strip()!r}: {error}") from None
    return FuzzyDate(
        int(year),
        int(month) if month else None,
        int(day) if day else None,
        approximate=qualifier in ("~", "%"),
        uncertain=qualifier in ("?", "%"),
        time=time,
        offset=_offset_of(zone) if zone else None,
    )


def _offset_of(zone: str) -> int:
    """Minutes east of UTC of 'Z', '+03', '+0300' or '-05:30'."""
    if zone == "Z":
        return 0
    digits = zone[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:] or 0)
    return -minutes if zone[0] == "-" else minutes


def _offset_text(offset: int | None, utc: str) -> str:
    """'+03:00', '-05:30'; ``utc`` for 0; '' when unknown."""
    if offset is None:
        return ""
    if offset == 0:
        return utc or "+00:00"
    sign = "-" if offset < 0 else "+"
    return f"{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"


RANGE_SEPARATOR = re.compile(r"\s*(?:/|\.\.|–|—|\bto\b)\s*")


def parse_range(text: str) -> tuple[FuzzyDate, FuzzyDate]:
    """'2024-08 / 2025-04', '2024-08..2025-04', '2024-08 to 2025-04' or one date alone."""
    parts = [part for part in RANGE_SEPARATOR.split(text.strip()) if part]
    if not 1 <= len(parts) <= 2:
        raise DateError(f"cannot read {text!r} as a date or a range such as 2024-08 / 2025-04")
    first, last = FuzzyDate.parse(parts[0]), FuzzyDate.parse(parts[-1])
    if last.latest < first.earliest:
        raise DateError(f"{last.label()} comes before {first.label()}")
    return first, last


def span_label(start: FuzzyDate, end: FuzzyDate | None, utc: bool = False) -> str:
    return start.label(utc) if end is None else f"{start.label(utc)} – {end.label(utc)}"
