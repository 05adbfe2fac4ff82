"""Dates as people type them: "6 August 2024", "Aug 6, 2024", "August 2024", "06/08/2024",
"summer 2024", "early 2025", "c. Aug 2024", "6 August 2024 14:30 +03:00", "06:10 UTC 6 Aug
2024", or the EDTF itself, each read as the EDTF date it means, never more precise than
the words.

EDTF is read first, by the model's own parser; the date labels the app shows ("c. Aug
2024", "2024 (?)") read back as what they label; seasons and "early", "mid" and "late" in
a year, which name a few months without saying which day, become the approximate month in
their middle ("summer 2024" is about July 2024, ``2024-07~``); every other text goes to
``dateparser``, with the day/month order the user reads numbers in. A text must name its
year: the reader does not take one from today's date, nor relative dates ("yesterday"),
which mean another day tomorrow. A time of day ("14:30", "2:30 pm") is read apart, with
its zone if one is given ("UTC", "GMT+3", "+03:00"; else the place's local time, its
offset unknown), and needs a day.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from enum import Enum

from .dates import EDTF_FORM, RANGE_SEPARATOR, DateError, FuzzyDate

FORMS = "2025-04-26, 26 April 2025, Apr 26, 2025, 26/04/2025, April 2025, summer 2025, early 2025 or 2025 (a day may add 14:30 UTC+3)"


class DateOrder(str, Enum):
    """How a numeric date such as 06/08/2024 is read."""

    DAY_FIRST = "DMY"  # 6 August 2024
    MONTH_FIRST = "MDY"  # 8 June 2024


# The month in the middle of the months each word names, in the year typed.
_PARTS = {
    "early": 2, "beginning of": 2, "start of": 2,
    "mid": 6, "middle of": 6,  # May to August
    "late": 11, "end of": 11,
    "spring": 4, "summer": 7, "autumn": 10, "fall": 10,
    "winter": 1,  # December to February: the January of the winter the year names
}
_PART = re.compile(rf"(?i)(?:the\s+)?({'|'.join(sorted(_PARTS, key=len, reverse=True))})[\s-]+(?:of\s+)?(\d{{4}})")
_ABOUT = re.compile(r"(?i)^(?:c\.|ca\.|circa|about|around|approx\.?|approximately)\s*")
_UNSURE = re.compile(r"\s*\(\?\)$|\s*\?$")
_SPACED_SEPARATOR = re.compile(r"(?i)\s+(?:/|to|until|till)\s+|\s*(?:\.\.|–|—)\s*")  # not a slash within a date
_TIME = re.compile(r"(?i)(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?m\.?)?(?![\d:])")
_ZONE = re.compile(r"(?i)(?<![\w+-])(?:(?:UTC|GMT)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?|([+-])(\d{2}):?(\d{2})|(local time))(?![\w:])")
_YEAR = re.compile(r"(?<!\d)(\d{4}|\d{2})(?!\d)")


def read_date(text: str, order: DateOrder = DateOrder.DAY_FIRST) -> FuzzyDate:
    """The date ``text`` means, at the precision it has; DateError says what to type instead."""
    return _read(text.strip(), DateOrder(order))


@functools.lru_cache(maxsize=1 << 14)  # an import repeats its dates
def _read(text: str, order: DateOrder) -> FuzzyDate:
    if not text:
        raise DateError("no date given")
    if EDTF_FORM.fullmatch(text):  # EDTF, or a day the calendar lacks: the model's own reason
        return FuzzyDate.parse(text)
    words, approximate = _ABOUT.sub("", text), bool(_ABOUT.match(text))
    words, uncertain = _UNSURE.sub("", words), bool(_UNSURE.search(words))
    words, time, offset = _time_of_day(words)
    date = _part_of_year(words) or _parsed(words, order)
    if date is None:
        raise DateError(f"cannot read {text!r} as a date: type it as {FORMS}")
    if time is not None and date.day is None:
        raise DateError(f"{text!r}: a time of day needs the day too, such as 6 August 2024 14:30")
    return FuzzyDate(date.year, date.month, date.day, approximate=approximate or date.approximate, uncertain=uncertain, time=time, offset=offset)


def _time_of_day(words: str) -> tuple[str, dt.time | None, int | None]:
    """``words`` without their time of day and its zone, the time, and the zone's offset in minutes."""
    match = _TIME.search(words)
    if not match:
        return words, None, None
    hour, minute, second, half = int(match[1]), int(match[2]), int(match[3] or 0), (match[4] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise DateError(f"{match[0]!r}: with am or pm, the hour is 1 to 12")
        hour = hour % 12 + (12 if half == "p" else 0)
    try:
        time = dt.time(hour, minute, second)
    except ValueError as error:
        raise DateError(f"{match[0]!r} is no time of day: {error}") from None
    words = words[: match.start()] + " " + words[match.end() :]
    offset = None
    if zone := _ZONE.search(words):
        sign, hours, minutes = (zone[1], zone[2], zone[3]) if zone[2] else (zone[4], zone[5], zone[6])
        if zone[7]:  # "local time": said, and unknown
            offset = None
        elif hours is None:  # "UTC" alone
            offset = 0
        else:
            offset = (-1 if sign == "-" else 1) * (int(hours) * 60 + int(minutes or 0))
        words = words[: zone.start()] + " " + words[zone.end() :]
    return " ".join(words.replace(" ,", ",").split()).strip(" ,"), time, offset


def read_range(text: str, order: DateOrder = DateOrder.DAY_FIRST) -> tuple[FuzzyDate, FuzzyDate]:
    """One date, or two as ``parse_range`` takes them ('August 2024 to April 2025'), each
    read as ``read_date`` reads it. A slash between two dates needs spaces around it when
    the dates hold slashes themselves (06/08/2024 / 26/04/2025)."""
    try:
        date = read_date(text, order)
        return date, date
    except DateError:
        pass
    for separator in (_SPACED_SEPARATOR, RANGE_SEPARATOR):
        parts = [part for part in separator.split(text.strip()) if part]
        if len(parts) == 2:
            first, last = (read_date(part, order) for part in parts)
            if last.latest < first.earliest:
                raise DateError(f"{last.label()} comes before {first.label()}")
            return first, last
    raise DateError(f"cannot read {text!r} as a date or a range such as 2024-08 / 2025-04 or August 2024 to April 2025")


def _part_of_year(words: str) -> FuzzyDate | None:
    match = _PART.fullmatch(words)
    if not match:
        return None
    return FuzzyDate(int(match[2]), _PARTS[" ".join(match[1].lower().split())], approximate=True)


def _parsed(words: str, order: DateOrder) -> FuzzyDate | None:
    """What dateparser reads, if it is a day, a month or a year of a year the words name."""
    data = _parser(order).get_date_data(words)
    when = data.date_obj
    if when is None or data.period not in ("day", "month", "year"):  # a week is "next week": relative
        return None
    numbers = [int(n) for n in re.findall(r"\d+", words)]
    if not any(int(year) in (when.year, when.year % 100) for year in _YEAR.findall(words)):
        return None  # the year came from today's date, not from the words
    if data.period == "day" and when.day not in numbers:
        return None  # a day the words do not give ("A/00" read as 1 December 2000)
    if data.period == "year":
        return FuzzyDate(when.year)
    return FuzzyDate(when.year, when.month, when.day if data.period == "day" else None)


@functools.cache
def _parser(order: DateOrder):
    from dateparser.date import DateDataParser  # slow to import: only once a plain date is typed

    settings = {"DATE_ORDER": order.value, "REQUIRE_PARTS": ["year"], "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DATES_FROM": "past"}
    return DateDataParser(languages=["en"], settings=settings)


def shown_as(text: str, order: DateOrder = DateOrder.DAY_FIRST, utc: bool = False) -> str:
    """What a typed date means, for a hint beside the field: '26 Apr 2025 · day precision',
    and the EDTF it is stored as unless that is what was typed: '→ 2024-08-06 · 6 Aug 2024 · …';
    a time of day in UTC if ``utc`` (and its offset is known)."""
    date = read_date(text, order)
    reading = f"{date.label(utc)} · {date.precision.value} precision"
    return reading if text.strip() == date.edtf else f"→ {date.edtf} · {reading}"
