"""Dates as an article's sentences give them, read against the day it was published.

``dateparser`` reads the absolute and the common relative forms ("25 April", "August
2024", "yesterday", "last month"), with the precision the words have (its period: a
month-only date stays a month). A few forms it reads wrongly for a news article are
ruled here first, and its results are kept only where the words look like a date (it
also reads "may", "a second" or "Sat in the car" as dates):

- a weekday, "Saturday": the last such day on or before publication (dateparser takes
  the week before, but "on Saturday" in Saturday's paper is that day);
- "last August": the last August before the month of publication;
- "eight months after X", "two weeks ago": that long before publication, approximate
  (dateparser counts "after" forward); with "after", the date is X's, not the sentence's;
- "in recent months": from about three months before publication until it.

dateparser is imported when first needed: it takes a few tenths of a second to load.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .dates import FuzzyDate

MONTHS = tuple(calendar.month_name)[1:]
WEEKDAYS = tuple(calendar.day_name)
RECENT_UNITS = 3  # "in recent months": about this many before publication
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_COUNT = rf"(\d{{1,3}}|{'|'.join(_NUMBERS)})"
_UNIT = r"(hour|day|week|month|year)s?"
_WEEKDAY = re.compile(rf"\b(?:((?i:last|next))\s+|(?i:on)\s+)?({'|'.join(WEEKDAYS)})\b")
_LAST_MONTH = re.compile(rf"\blast\s+({'|'.join(MONTHS)})\b")
_SPAN_BACK = re.compile(rf"\b{_COUNT}\s+{_UNIT}\s+(ago|after)\b(?:\s+([^.,;:!?()–—\"“”]+))?", re.IGNORECASE)
_RECENT = re.compile(r"\b(?:in|over|during)\s+(?:recent|the\s+(?:past|last)\s+few)\s+(day|week|month|year)s\b", re.IGNORECASE)
_YEAR_AFTER = re.compile(r",?\s*(\d{4,})(?!\d)")
_DAY_BEFORE = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?\s*$")
# What dateparser found is a date only if its words hold a year, a month's name or a word of time.
_DATE_WORDS = re.compile(
    rf"\b(?:1\d{{3}}|20\d{{2}}|(?:{'|'.join(MONTHS)})|(?i:ago|yesterday|today|tonight|now|(?:last|this|next)\s+(?:week|month|year)))\b"
)
_TRAILING = re.compile(r"(?:[\s,;:]+(?:the|a|an|and|or|of|to|at|in|on|by)\b)*[\s,;:]*$", re.IGNORECASE)
_ABOUT_WORDS = 8  # "after X": X is at most this many words


@dataclass(frozen=True)
class Mention:
    """A date in a sentence: where its words stand, what it means and, for "N after X", X."""

    start: int
    end: int
    date: FuzzyDate
    until: FuzzyDate | None = None  # the end of a span: "in recent months" runs until publication
    about: str = ""


class DateReader:
    """Reads the dates in sentences of one article, published on ``published``."""

    def __init__(self, published: dt.date) -> None:
        from dateparser.date import DateDataParser  # slow to import: only when an article is read

        self.published = published
        self._settings = {
            "RELATIVE_BASE": dt.datetime.combine(published, dt.time(12)),
            "PREFER_DATES_FROM": "past",
            "RETURN_AS_TIMEZONE_AWARE": False,
        }
        self._periods = DateDataParser(languages=["en"], settings=self._settings)

    def read(self, sentence: str) -> list[Mention]:
        """The dates in ``sentence``, in the order they stand, each date once."""
        found = self._ruled(sentence)
        masked = list(sentence)
        for mention in found:
            masked[mention.start : mention.end] = " " * (mention.end - mention.start)
        found += self._parsed("".join(masked))
        seen: set[tuple[FuzzyDate, FuzzyDate | None, str]] = set()
        unique = []
        for mention in sorted(found, key=lambda m: m.start):
            if (mention.date, mention.until, mention.about) not in seen and not any(_refines(other, mention) for other in found):
                seen.add((mention.date, mention.until, mention.about))
                unique.append(mention)
        return unique

    def _ruled(self, sentence: str) -> list[Mention]:
        day = self.published
        found = []
        for match in _WEEKDAY.finditer(sentence):
            which = (match.group(1) or "").lower()
            if which == "next":
                continue
            back = (day.weekday() - WEEKDAYS.index(match.group(2))) % 7 or (7 if which == "last" else 0)
            if back >= day.toordinal():  # before the year 1
                continue
            found.append(Mention(match.start(), match.end(), _day(day - dt.timedelta(days=back))))
        for match in _LAST_MONTH.finditer(sentence):
            month = MONTHS.index(match.group(1)) + 1
            year = day.year if month < day.month else day.year - 1
            if year < 1:
                continue
            found.append(Mention(match.start(), match.end(), FuzzyDate(year, month)))
        for match in _SPAN_BACK.finditer(sentence):
            count, unit, after = match.group(1).lower(), match.group(2).lower(), match.group(3).lower() == "after"
            amount = int(count) if count.isdigit() else _NUMBERS[count]
            about = " ".join((match.group(4) or "").split()[:_ABOUT_WORDS]) if after else ""
            found.append(Mention(match.start(), match.end(3), _back(day, amount, unit), about=about))
        for match in _RECENT.finditer(sentence):
            start = _back(day, RECENT_UNITS, match.group(1).lower())
            found.append(Mention(match.start(), match.end(), start, until=_day(day)))
        return _without_overlaps(found)

    def _parsed(self, sentence: str) -> list[Mention]:
        from dateparser.search import search_dates

        try:
            results = search_dates(sentence, languages=["en"], settings=self._settings) or []
        except Exception:  # noqa: BLE001 - a suggestion is not worth a crash, whatever odd text trips the library
            return []
        found, cursor = [], 0
        for words, _ in results:
            start = sentence.find(words, cursor)
            if start < 0:
                continue
            cursor = start + len(words)
            words = _TRAILING.sub("", words)
            if not words or not _DATE_WORDS.search(words):
                continue
            date = self._date(words)
            if date is not None and not _mended(sentence, start, start + len(words), date):
                found.append(Mention(start, start + len(words), date))
        return found

    def _date(self, words: str) -> FuzzyDate | None:
        """The words as a date at the precision they have."""
        try:
            data: Any = self._periods.get_date_data(words)
        except Exception:  # noqa: BLE001 - as above
            return None
        when = data.date_obj
        if when is None:
            return None
        if data.period == "year":
            return FuzzyDate(when.year)
        if data.period == "month":
            return FuzzyDate(when.year, when.month)
        return FuzzyDate(when.year, when.month, when.day, approximate=data.period == "week")


def _mended(sentence: str, start: int, end: int, date: FuzzyDate) -> bool:
    """Whether dateparser read only part of a date it could not make sense of ("29
    February 2023", "1 January 10000" give "February", "January"): a year right after
    the words that is not the date's, or a day right before them that the date lacks."""
    after = _YEAR_AFTER.match(sentence, end)
    before = _DAY_BEFORE.search(sentence, 0, start)
    return bool(after and int(after[1]) != date.year) or bool(before and date.day is None)


def _day(day: dt.date) -> FuzzyDate:
    return FuzzyDate(day.year, day.month, day.day)


def _back(day: dt.date, amount: int, unit: str) -> FuzzyDate:
    """``amount`` hours, days, weeks, months or years before ``day``, at that unit's precision;
    a round count of weeks, months or years is approximate."""
    if unit in ("hour", "day", "week"):
        days = amount * 7 if unit == "week" else amount if unit == "day" else amount // 24
        earlier = day - dt.timedelta(days=min(days, day.toordinal() - 1))
        return FuzzyDate(earlier.year, earlier.month, earlier.day, approximate=unit == "week")
    if unit == "month":
        months = max(day.year * 12 + day.month - 1 - amount, 12)
        return FuzzyDate(months // 12, months % 12 + 1, approximate=True)
    return FuzzyDate(max(day.year - amount, 1), approximate=True)


def _refines(finer: Mention, coarser: Mention) -> bool:
    """Whether ``finer`` says more precisely when ``coarser`` is ("May 2024" read as "May" and "2024")."""
    if finer.until or coarser.until or finer.about or coarser.about:
        return False
    a, b = finer.date, coarser.date
    return b.earliest <= a.earliest and a.latest <= b.latest and a.latest - a.earliest < b.latest - b.earliest


def _without_overlaps(found: list[Mention]) -> list[Mention]:
    """Where two rules read the same words, the first (the longer, by the rules' order) wins."""
    kept: list[Mention] = []
    for mention in found:
        if all(mention.end <= other.start or other.end <= mention.start for other in kept):
            kept.append(mention)
    return kept
