"""The days a conflict dataset's rows give, in whichever way its exports wrote them.

ISO dates (``2024-08-06``, with a time after them or not), day and month name
(``06 August 2024``, ``5-Aug-24``) and numbers (``18/04/2001``, ``31-12-19``,
``12/31/2019``): spreadsheets that re-save an export write the last two. In numbers the
order of day and month (and, with a two-digit year, of day and year) is decided once
for the whole file, from all its dates, with the file's ``year`` column telling a
two-digit year from a day: one row cannot say whether ``05/06/2019`` is in May or June,
but a file that has ``13/06/2019`` in it can.
"""
from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Sequence
from itertools import zip_longest

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][0-9:.+Z]*)?")
_WORDS = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4}|\d{2})")  # '06 August 2024', '5-Aug-24'
_NUMBERS = re.compile(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})")
_MONTHS = [name.lower() for name in calendar.month_name[1:]]
ORDERS = {"dmy": "day/month/year", "mdy": "month/day/year", "ymd": "year/month/day"}
Day = tuple[int, int, int]


class FileDatesError(ValueError):
    """The file's dates cannot be read the same way throughout: at row ``index``."""

    def __init__(self, index: int, problem: str) -> None:
        self.index = index
        super().__init__(problem)


class DayReader:
    """Reads the dates of one file's rows, given all of them (and the year column's
    values, "" where there is none) up front; FileDatesError if their order cannot be told."""

    def __init__(self, dates: Sequence[str], years: Sequence[str]) -> None:
        self.dates, self.years = dates, years
        # A file repeats its days: each distinct (date, year) is read once.
        self._keys = list(zip_longest(dates, years[: len(dates)], fillvalue=""))
        self._days: dict[tuple[str, str], Day | str] = {}  # the day, or why it is none
        self.order = self._decide()

    def numeric(self, index: int) -> bool:
        """Whether row ``index`` has a date in numbers only (06/08/2024), read in the file's order."""
        return bool(self._readings(index))

    def day(self, index: int) -> Day:
        """(year, month, day) of row ``index``; ValueError saying why it cannot be read."""
        key = self._keys[index]
        found = self._days.get(key)
        if found is None:
            try:
                found = self._read(index)
            except ValueError as error:
                found = str(error)
            self._days[key] = found
        if isinstance(found, str):
            raise ValueError(found)
        return found

    def _read(self, index: int) -> Day:
        text = self.dates[index].strip()
        if match := _ISO.fullmatch(text):
            found = tuple(map(int, match.groups()))
        elif match := _WORDS.fullmatch(text):
            month = _month(match[2])
            if month is None:
                raise ValueError(f"cannot read date {text!r}: {match[2]!r} is not the name of a month")
            found = (self._year(match[3], index), month, int(match[1]))
        elif self.order and (readings := self._readings(index)) is not None:
            found = readings.get(self.order) or _refuse(text, f"does not read as {ORDERS[self.order]} as the file's other dates do")
        else:
            raise ValueError(f"cannot read date {text!r}: use 2024-08-06, 06 August 2024 or 06/08/2024")
        if not _exists(found):
            raise ValueError(f"{text!r} is not a day of the calendar")
        return found

    def _decide(self) -> str | None:
        """The one order of day, month and year that reads every numeric date of the file."""
        fits = dict.fromkeys(ORDERS, 0)  # rows each order reads
        rows = Counter(self._keys)  # each distinct (date, year), in the order of the rows, and its rows
        # Each one's first row: the dict keeps the last of what it is given, so given from the end.
        first = dict(zip(reversed(self._keys), range(len(self._keys) - 1, -1, -1)))
        numeric, total = [], 0
        for key in rows:
            index = first[key]
            readings = self._readings(index)
            if readings:
                numeric.append((index, readings))
                total += rows[key]
                for order in readings:
                    fits[order] += rows[key]
        if not numeric:
            return None
        best = max(fits, key=fits.__getitem__)
        if fits[best] < total:  # a date no order reads: its row is refused when it is read
            return best
        whole = [order for order in ORDERS if fits[order] == total]
        for index, readings in numeric:
            if len({readings[order] for order in whole}) > 1:
                ways = " or ".join(ORDERS[order] for order in whole)
                raise FileDatesError(index, f"cannot tell whether {self.dates[index].strip()!r} is {ways}: no date in the file decides it; "
                                            "save them as yyyy-mm-dd")
        return whole[0]

    def _readings(self, index: int) -> dict[str, Day] | None:
        """What a numeric date is in each order that makes it a day; None if it is not numeric."""
        text = self.dates[index].strip()
        if _ISO.fullmatch(text) or not (match := _NUMBERS.fullmatch(text)):
            return None
        a, b, c = match.groups()
        candidates = {"ymd": (a, b, c)} if len(a) > 2 else {"dmy": (c, b, a), "mdy": (c, a, b), "ymd": (a, b, c)}
        found = {}
        for order, (year, month, day) in candidates.items():
            try:
                reading = (self._year(year, index), int(month), int(day))
            except ValueError:
                continue
            if _exists(reading):
                found[order] = reading
        return found

    def _year(self, text: str, index: int) -> int:
        """A four-digit year, or a two-digit one as the year column has it (else 1970-2069)."""
        if len(text) == 4:
            return int(text)
        if len(text) != 2:
            raise ValueError(f"{text!r} is not a year")
        column = self.years[index].strip() if index < len(self.years) else ""
        if column.isdigit() and len(column) == 4:
            if int(column) % 100 != int(text):
                raise ValueError(f"'{text}' is not the year {column} of the year column")
            return int(column)
        return (2000 if int(text) < 70 else 1900) + int(text)


def _refuse(text: str, problem: str) -> Day:
    raise ValueError(f"cannot read date {text!r}: it {problem}")


def _exists(day: tuple[int, ...]) -> bool:
    year, month, day_ = day
    if not (1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day_):
        return False
    return day_ <= 28 or day_ <= calendar.monthrange(year, month)[1]


# January is 1; 'Aug', 'Sept' and 'august' are 8 and 9. Not the locale's names: the datasets write English.
_MONTH_OF = {month[:length]: n for n, month in enumerate(_MONTHS, 1) for length in range(3, len(month) + 1)}


def _month(name: str) -> int | None:
    return _MONTH_OF.get(name.lower())
