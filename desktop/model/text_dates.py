"""Dates as an article's sentences give them, read against the day it was published.

Calendar dates are read here, with the precision their words have: "17 August",
"Aug. 9, 2008", "NOV. 7, 2010", "May 17, 2012", "June", ranges ("between 6 and 10
August", "from 2011 to 2013"). A date without its year takes the one that puts it on or
before publication, or on or after it in a clause about the future ("will travel on
Sunday", "was set to dock on Saturday"). Relative forms are ruled here too:

- a weekday, "Saturday": the last such day on or before publication (the day itself in
  Saturday's paper), or the next on or after it in the future tense;
- "last August": the last August before the month of publication;
- "eight months after X", "two weeks ago": that long before the sentence's own date
  (publication, or a date the sentence gives: "on 17 August, 11 days after X" is about
  6 August), approximate; with "after", the date is X's, not the sentence's; where X is
  itself a date ("11 days after 6 August"), it is counted forward from it;
- "in recent months": from about three months before publication until it.

What is left ("yesterday", "last week", "2023") is read by ``dateparser``, and kept only
where the words look like a date (it also reads "may", "a second" or "Sat in the car" as
dates). Numbers that are not dates are hidden from it first: times ("at 1230", "1451
GMT"), percentages, sums of money, quantities ("1500 troops") and titles in quotes
("1917"). Without a publication date nothing relative is read: no "yesterday" against
whatever day the reader happens to run.

dateparser is imported when first needed: it takes a few tenths of a second to load.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from .dates import FuzzyDate

MONTHS = tuple(calendar.month_name)[1:]
WEEKDAYS = tuple(calendar.day_name)
RECENT_UNITS = 3  # "in recent months": about this many before publication
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_COUNT = rf"(\d{{1,3}}|{'|'.join(_NUMBERS)})"
_UNIT = r"(hour|day|week|month|year)s?"


def _month_words() -> str:
    """A month as news copy writes it: "August", "AUGUST", "Aug", "Aug.", "AUG.", "Sept."."""
    names = [form for name in MONTHS for form in (name, name.upper())]
    short = [form for name in MONTHS if len(name) > 3 for word in (name[:3], *(["Sept"] if name == "September" else []))
             for form in (word, word.upper())]
    return rf"(?:(?:{'|'.join(names)})|(?:{'|'.join(sorted(short, key=len, reverse=True))})\.?)(?![\w'’])"


_MONTH = _month_words()
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?(?![\d%])(?!\s*(?:hour|day|week|month|year|percent|per\s+cent)s?\b)"
_YEAR = r"(\d{4})(?![\d%])"
_ON = r"(?:(?:on|in|between|from|since)\s+)?"
# Tried in this order; each pattern's groups are named by the letters in its key.
_CALENDAR = (
    ("ddm", re.compile(rf"\b{_ON}{_DAY}\s*(?:and|to|-|–)\s*{_DAY}\s+(?:of\s+)?({_MONTH})(?:,?\s+{_YEAR})?")),
    ("mdd", re.compile(rf"\b{_ON}({_MONTH}),?\s+{_DAY}\s*(?:and|to|-|–)\s*{_DAY}(?:,?\s+{_YEAR})?")),
    ("yy", re.compile(rf"\b(?:(?:between|from)\s+){_YEAR}\s+(?:and|to|until|through)\s+{_YEAR}")),
    ("dm", re.compile(rf"\b{_ON}{_DAY}\s+(?:of\s+)?({_MONTH})(?:,?\s+{_YEAR})?")),
    ("md", re.compile(rf"\b{_ON}({_MONTH}),?\s+{_DAY}(?:,?\s+{_YEAR})?")),
    ("my", re.compile(rf"\b{_ON}({_MONTH}),?\s+{_YEAR}")),
    # A month alone: after a word that makes it one ("in May", "mid-December"), or a full name but May ("it may").
    ("m", re.compile(rf"\b(?:(?:in|since|by|until|during|from|through|this|next)\s+(?:(?:early|late)\s+|mid-\s*)?|(?:early|late)\s+|mid-\s*)({_MONTH})")),
    ("m", re.compile(rf"\b((?!May\b|MAY\b)(?:{'|'.join(MONTHS)}|{'|'.join(m.upper() for m in MONTHS)})\b)")),
)
_WEEKDAY = re.compile(rf"\b(?:((?i:last|next|this))\s+|(?i:on)\s+)?({'|'.join(WEEKDAYS)})\b(?:\s+(?:morning|afternoon|evening|night)\b)?")
_THIS = re.compile(r"\b(?:(?:earlier|later)\s+)?(this|last)\s+(month|year)\b", re.IGNORECASE)
_LAST_MONTH = re.compile(rf"\blast\s+({'|'.join(MONTHS)})\b")
_SPAN_BACK = re.compile(rf"\b{_COUNT}\s+{_UNIT}\s+(ago|after)\b(?:\s+([^.,;:!?()–—\"“”]+))?", re.IGNORECASE)
_RECENT = re.compile(r"\b(?:in|over|during)\s+(?:recent|the\s+(?:past|last)\s+few)\s+(day|week|month|year)s\b", re.IGNORECASE)
_YEAR_AFTER = re.compile(r",?\s*(\d{4,})(?!\d)")
_DAY_BEFORE = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?\s*$")
# Numbers that are not dates: times, percentages, money, counted things, titles in quotes.
_NOT_DATES = re.compile(
    r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?|\b(?:at|by)\s+\d{4}\b|\b\d{4}\s*(?:GMT|UTC|hrs|hours|local time)\b"
    r"|\d+(?:[.,]\d+)?\s*(?:%|percent\b|per\s+cent\b)|[$£€¥]\s*\d[\d,.]*(?:\s*(?:million|billion|bn|m)\b)?"
    r"|[“\"]\s*\d{4}[,.]?\s*[”\"]"
)
# "1500 troops": a number of things, unless a word before makes it a year ("in 2013 voters", "September 2013 address").
_QUANTITY = re.compile(r"\b(\w+\s+)?\d{4}\s+(?!(?:was|has|is|as|this|its|his|does|says|thus|always|perhaps)\b)[a-z]+[^s\W]s\b")
_YEAR_WORDS = re.compile(rf"(?:in|of|by|to|from|since|until|after|before|and|{'|'.join(MONTHS)})\s+", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|won['’]t|shall|(?:is|are|was|were)\s+(?:(?:due|set|scheduled|expected|going|planning|hoping)\s+)?to"
    r"|plans?\s+to|planned\s+to|hopes?\s+to|intends?\s+to|travels\s+on)\b|['’]ll\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[,;:—–()]")
_FACT_BREAK = re.compile(r";|\s[—–]\s|,\s+(?:and|but|while|whereas)\b")
_BARE_CLAUSE_WORDS = 4  # "Then, on Friday, CEOs will...": a clause this short takes its tense from the next
# What dateparser found is a date only if its words hold a year, a month's name or a word of time.
_DATE_WORDS = re.compile(
    rf"\b(?:1\d{{3}}|20\d{{2}}|(?:{'|'.join(MONTHS)})|(?i:ago|yesterday|today|tonight|now|(?:last|this|next)\s+(?:week|month|year)))\b"
)
_HAS_YEAR = re.compile(r"\b\d{4}\b")
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
    relative: bool = False  # read against the publication date ("Saturday", "25 April", "two weeks ago")
    future: bool = False  # said of what is to come ("will travel on Sunday")


class DateReader:
    """Reads the dates in sentences of one article, published on ``published`` (None: not
    known, and only dates that need no publication date are read)."""

    def __init__(self, published: dt.date | None) -> None:
        from dateparser.date import DateDataParser  # slow to import: only when an article is read

        self.published = published
        base = dt.datetime.combine(published or dt.date.today(), dt.time(12))
        self._settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
        self._periods = {
            future: DateDataParser(languages=["en"], settings={**self._settings, "PREFER_DATES_FROM": "future" if future else "past"})
            for future in (False, True)
        }

    def read(self, sentence: str) -> list[Mention]:
        """The dates in ``sentence``, in the order they stand, each date once."""
        masked = _NOT_DATES.sub(lambda m: " " * len(m.group()), sentence)
        masked = _QUANTITY.sub(lambda m: m.group() if m.group(1) and _YEAR_WORDS.fullmatch(m.group(1)) else " " * len(m.group()), masked)
        found = self._ruled(masked)
        for mention in found:
            masked = masked[: mention.start] + " " * (mention.end - mention.start) + masked[mention.end :]
        found += self._parsed(masked)
        found = self._counted_from(found, sentence)
        if self.published is None:
            found = [m for m in found if not m.relative]
        seen: set[tuple[FuzzyDate, FuzzyDate | None, str]] = set()
        unique = []
        for mention in sorted(found, key=lambda m: m.start):
            if (mention.date, mention.until, mention.about) not in seen and not any(_refines(other, mention, sentence) for other in found):
                seen.add((mention.date, mention.until, mention.about))
                unique.append(mention)
        return unique

    def _ruled(self, sentence: str) -> list[Mention]:
        day = self.published or dt.date.today()  # relative mentions are dropped when it is not known
        found = []
        for match in _LAST_MONTH.finditer(sentence):
            month = MONTHS.index(match.group(1)) + 1
            year = day.year if month < day.month else day.year - 1
            if year >= 1:
                found.append(Mention(match.start(), match.end(), FuzzyDate(year, month), relative=True))
        found += self._calendar(sentence)
        for match in _WEEKDAY.finditer(sentence):
            which, future = (match.group(1) or "").lower(), _is_future(sentence, match.start())
            wanted = WEEKDAYS.index(match.group(2))
            if which == "next" or (future and which != "last"):
                ahead = (wanted - day.weekday()) % 7 or (7 if which == "next" else 0)
                when = _shifted(day, ahead)
            else:
                back = (day.weekday() - wanted) % 7 or (7 if which == "last" else 0)
                when = _shifted(day, -back)
            if when:
                found.append(Mention(match.start(), match.end(), _day(when), relative=True, future=future))
        for match in _SPAN_BACK.finditer(sentence):
            count, unit, after = match.group(1).lower(), match.group(2).lower(), match.group(3).lower() == "after"
            amount = int(count) if count.isdigit() else _NUMBERS[count]
            about = " ".join((match.group(4) or "").split()[:_ABOUT_WORDS]) if after else ""
            date = _back(day, amount, unit, approximate=after or unit != "day")
            found.append(Mention(match.start(), match.end(3), date, about=about, relative=True))
        for match in _RECENT.finditer(sentence):
            start = _back(day, RECENT_UNITS, match.group(1).lower())
            found.append(Mention(match.start(), match.end(), start, until=_day(day), relative=True))
        return _without_overlaps(found)

    def _counted_from(self, found: list[Mention], sentence: str) -> list[Mention]:
        """"N after X" counted from the sentence's own calendar date when it gives one ("on 17
        August, 11 days after launching the operation": the operation about 6 August), or
        forward from X where X is a date ("11 days after 6 August")."""
        anchor = next((m for m in found if not m.about and m.until is None and m.date.day is not None), None)
        counted = []
        for mention in found:
            span = _SPAN_BACK.match(sentence, mention.start) if mention.about else None
            if span:
                amount = int(span.group(1)) if span.group(1).isdigit() else _NUMBERS[span.group(1).lower()]
                unit = span.group(2).lower()
                dated = [m for m in self._calendar(mention.about) if m.until is None]
                if dated and (self.published is not None or not dated[0].relative):
                    origin = dated[0].date
                    mention = replace(mention, date=_forward(origin, amount, unit), about="", relative=dated[0].relative)
                elif anchor:
                    mention = replace(mention, date=_back(anchor.date.earliest, amount, unit, approximate=True), relative=anchor.relative)
            counted.append(mention)
        return counted

    def _calendar(self, sentence: str) -> list[Mention]:
        """Calendar dates, a year guessed from the publication date and the tense where the words give none."""
        found: list[Mention] = []
        taken: list[tuple[int, int]] = []  # words read, as a date or as one that cannot be ("31 February")
        for kind, pattern in _CALENDAR:
            for match in pattern.finditer(sentence):
                if any(match.start() < end and start < match.end() for start, end in taken):
                    continue
                taken.append(match.span())
                if re.match(r",?\s*\d{5}", sentence[match.end() :]):
                    continue  # "1 January 10000": a year this app cannot hold
                future = bool(_FUTURE.search(_fact_clause(sentence, match.start())))  # "after it joins the court on April 1, it will press charges"
                try:
                    mention = self._calendar_mention(kind, match.groups(), future)
                except ValueError:  # "31 February": no such day; what dateparser makes of it is checked by _mended
                    continue
                if mention:
                    found.append(Mention(match.start(), match.end(), *mention, future=future))
        if self.published:
            for match in _THIS.finditer(sentence):
                if not any(match.start() < end and start < match.end() for start, end in taken):
                    months = self.published.year * 12 + self.published.month - 1
                    try:
                        if match.group(2).lower() == "month":
                            months -= match.group(1).lower() == "last"
                            date = FuzzyDate(months // 12, months % 12 + 1)
                        else:
                            date = FuzzyDate(self.published.year - (match.group(1).lower() == "last"))
                    except ValueError:  # last year of the year 1
                        continue
                    found.append(Mention(match.start(), match.end(), date, relative=True))
        return found

    def _calendar_mention(self, kind: str, groups: tuple[str | None, ...], future: bool) -> tuple[Any, ...] | None:
        """(date, until, about, relative) for the groups of a _CALENDAR pattern; None if there is none."""
        parts: dict[str, list[str]] = {}
        for letter, group in zip(kind if len(kind) == len(groups) else kind + "y", groups):
            if group is not None:
                parts.setdefault(letter, []).append(group)
        years = [int(y) for y in parts.get("y", [])]
        if "m" not in parts:  # from one year to another
            return (FuzzyDate(years[0]), FuzzyDate(years[1]), "", False) if years[0] < years[1] else None
        month = _month_number(parts["m"][0])
        days = [int(d) for d in parts.get("d", [])] or [None]
        if years:
            dates = [FuzzyDate(years[0], month, d) for d in days]
        elif self.published is None:
            return None
        else:
            dates = [self._nearest(month, d, future) for d in days]
        until = dates[1] if len(dates) > 1 else None
        if until and until.earliest <= dates[0].earliest:
            return None
        return dates[0], until, "", not years

    def _nearest(self, month: int, day: int | None, future: bool) -> FuzzyDate:
        """The month (and day) nearest the publication date on its side of it: on or before
        it, or on or after it for the future."""
        published = self.published
        assert published is not None
        year = published.year
        candidate = FuzzyDate(year, month, day)
        if future and candidate.latest < published:
            year += 1
        elif not future and candidate.earliest > published:
            year -= 1
        return FuzzyDate(year, month, day)

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
            future = _is_future(sentence, start)
            date = self._date(words, future)
            if date is not None and not _mended(sentence, start, start + len(words), date):
                found.append(Mention(start, start + len(words), date, relative=not _HAS_YEAR.search(words), future=future))
        return found

    def _date(self, words: str, future: bool = False) -> FuzzyDate | None:
        """The words as a date at the precision they have."""
        try:
            data: Any = self._periods[future].get_date_data(words)
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


def _month_number(word: str) -> int:
    prefix = word.rstrip(".")[:3].capitalize()
    return next(n for n, name in enumerate(MONTHS, 1) if name.startswith(prefix))


def _fact_clause(sentence: str, at: int) -> str:
    """The part of ``sentence`` that holds character ``at`` and tells one fact: up to a
    semicolon, a dash or a ", and" or ", but" that starts another."""
    bounds = [0, *(m.start() for m in _FACT_BREAK.finditer(sentence)), len(sentence)]
    return sentence[max(b for b in bounds if b <= at) : min((b for b in bounds if b > at), default=len(sentence))]


def _is_future(sentence: str, at: int) -> bool:
    """Whether the clause holding character ``at`` speaks of what is to come; a clause of a
    few words ("Then, on Friday, CEOs will...") takes the tense of the one after it."""
    bounds = [0, *(m.end() for m in _CLAUSE.finditer(sentence)), len(sentence) + 1]
    for n in range(len(bounds) - 1):
        if bounds[n] <= at < bounds[n + 1]:
            clause = sentence[bounds[n] : bounds[n + 1]]
            if len(clause.split()) <= _BARE_CLAUSE_WORDS and n + 2 < len(bounds):
                clause += sentence[bounds[n + 1] : bounds[n + 2]]
            return bool(_FUTURE.search(clause))
    return False


def _mended(sentence: str, start: int, end: int, date: FuzzyDate) -> bool:
    """Whether dateparser read only part of a date it could not make sense of ("29
    February 2023", "1 January 10000" give "February", "January"): a year right after
    the words that is not the date's, or a day right before them that the date lacks."""
    after = _YEAR_AFTER.match(sentence, end)
    before = _DAY_BEFORE.search(sentence, 0, start)
    return bool(after and int(after[1]) != date.year) or bool(before and date.day is None)


def _day(day: dt.date) -> FuzzyDate:
    return FuzzyDate(day.year, day.month, day.day)


def _shifted(day: dt.date, days: int) -> dt.date | None:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:  # past the calendar's ends
        return None


def _back(day: dt.date, amount: int, unit: str, approximate: bool = True) -> FuzzyDate:
    """``amount`` hours, days, weeks, months or years before ``day``, at that unit's
    precision; months and years approximate, days and weeks if ``approximate``."""
    if unit in ("hour", "day", "week"):
        days = amount * 7 if unit == "week" else amount if unit == "day" else amount // 24
        earlier = day - dt.timedelta(days=min(days, day.toordinal() - 1))
        return FuzzyDate(earlier.year, earlier.month, earlier.day, approximate=approximate and unit != "hour")
    if unit == "month":
        months = max(day.year * 12 + day.month - 1 - amount, 12)
        return FuzzyDate(months // 12, months % 12 + 1, approximate=True)
    return FuzzyDate(max(day.year - amount, 1), approximate=True)


def _forward(origin: FuzzyDate, amount: int, unit: str) -> FuzzyDate:
    """``amount`` units after ``origin``, at the precision of both, approximate as it is."""
    if unit in ("hour", "day", "week") and origin.day is not None:
        days = amount * 7 if unit == "week" else amount if unit == "day" else amount // 24
        later = _shifted(origin.earliest, days) or origin.earliest
        return FuzzyDate(later.year, later.month, later.day, approximate=origin.approximate)
    months = origin.year * 12 + (origin.month or 1) - 1 + (amount if unit == "month" else 12 * amount if unit == "year" else 0)
    if origin.month is None or unit == "year":
        return FuzzyDate(min(months // 12, 9999), approximate=True)
    return FuzzyDate(min(months // 12, 9999), months % 12 + 1, approximate=True)


def _refines(finer: Mention, coarser: Mention, sentence: str) -> bool:
    """Whether ``finer`` says more precisely when ``coarser`` is ("May 2024" read as "May" and "2024")."""
    if finer.until or coarser.until or finer.about or coarser.about:
        return False
    between = sentence[min(finer.end, coarser.end) : max(finer.start, coarser.start)]
    if not re.fullmatch(r"[\s,]*", between):
        return False  # "last month; this year": two dates, not one read in parts
    a, b = finer.date, coarser.date
    return b.earliest <= a.earliest and a.latest <= b.latest and a.latest - a.earliest < b.latest - b.earliest


def _without_overlaps(found: list[Mention]) -> list[Mention]:
    """Where two rules read the same words, the first (the longer, by the rules' order) wins."""
    kept: list[Mention] = []
    for mention in found:
        if all(mention.end <= other.start or other.end <= mention.start for other in kept):
            kept.append(mention)
    return kept
