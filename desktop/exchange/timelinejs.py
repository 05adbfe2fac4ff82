"""The timeline as TimelineJS 3 JSON, for publishing with the Knight Lab tool that newsrooms
use (timeline.knightlab.com), and back; TimelineJS 2 JSON and the first TimelineJS 3
files are read too.

Export: a slide per event, its lane as the slide's group. A date says no more than it
knows: a month-precision start has no day; an end without a day is its last day, since
TimelineJS reads a missing day as the first, with the date's own ``display_date``
('Mar 2025'); an approximate or uncertain one is shown by the slide's ``display_date``
('c. Aug 2024'), which TimelineJS prints instead of the date. The slide's text gives the
status, the notes and every quote, then on a line of its own who says it and where, the
source's title linked to its URL; a slide has no media, since TimelineJS would show an
article's page as a broken image. Periods become eras. The user's own annotations and
pinned notes stay out.

Import: a slide becomes an event (``unique_id``, headline, text as plain notes, dates,
group as lane), with the qualifiers and precision back if ``display_date`` is in this
app's form; eras become periods. A slide does not say who claims what, so no citation is
made up: its media (URL, caption, credit) is kept in the notes, and an event the
timeline holds keeps its citations, tags, annotation and links. A slide this app wrote
gives its status back from its first paragraph, and its links from the lines that name
them ("Disputes", "Caused by", a link to the other's slide); its quotes, which its
citations made, are left out of the notes, so that exporting and importing again changes
nothing. A slide dated outside the years 1 to 9999 is left out, and a time of day cut to
what an event holds (seconds, on a day), each said in the import's report.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import orjson

from ..model import Citation, Event, FuzzyDate, Link, LinkType, Period, Status, Timeline, span_label
from ..model.links import BY_PHRASE, made
from .importing import Cites, Imported
from .json_format import is_ours
from .reading import FormatError, JsonRecords, LeftOut, Progress, parse_json, tick


def escape(text: str) -> str:
    return html.escape(text, quote=False)  # text between tags, never an attribute's value


def timelinejs_bytes(timeline: Timeline, progress: Progress | None = None) -> bytes:
    return orjson.dumps(timelinejs_data(timeline, progress), option=orjson.OPT_INDENT_2) + b"\n"


def timelinejs_data(timeline: Timeline, progress: Progress | None = None) -> dict[str, Any]:
    """The timeline as TimelineJS 3 data: a title slide, the slides and the eras."""
    slides = []
    for index, event in enumerate(timeline.events.values()):  # TimelineJS puts them in date order itself
        tick(progress, index, index, len(timeline.events))
        slides.append(_slide(timeline, event))
    data: dict[str, Any] = {"title": {"text": {"headline": escape(timeline.title)}}, "events": slides}
    if timeline.periods:
        data["eras"] = [
            # TimelineJS reads no id on an era; ours lets a re-import update the period.
            {"unique_id": p.id, "start_date": _date(p.start), "end_date": _date(p.end, end=True), **_shown(p.start, p.end),
             "text": {"headline": escape(p.label)}}
            for p in timeline.periods.values()
        ]
    return data


def _slide(timeline: Timeline, event: Event) -> dict[str, Any]:
    citations = timeline.citations_for(event.id)
    slide: dict[str, Any] = {"unique_id": event.id, "start_date": _date(event.start)}
    if event.end:
        slide["end_date"] = _date(event.end, end=True)
    slide |= _shown(event.start, event.end)
    notes, media = split_media(event.notes)
    slide["text"] = {"headline": escape(event.title), "text": _html(timeline, event, notes, citations)}
    if media:  # the slide's own, from the file it came from
        slide["media"] = {key: escape(value) if key != "url" else value for key, value in media.items()}
    slide["group"] = event.lane
    return slide


# A slide's media, kept at the end of its event's notes, one line each, so that an export gives it back.
MEDIA_LINES = (("url", "Media: "), ("caption", "Media caption: "), ("credit", "Media credit: "))
_MEDIA_BLOCK = re.compile(r"(?:\A|\n\n)(Media: https?://[^\s]+(?:\nMedia caption: [^\n]*)?(?:\nMedia credit: [^\n]*)?)\Z")


def with_media(notes: str, media: dict[str, Any]) -> str:
    lines = [f"{label}{' '.join(text.split())}" for key, label in MEDIA_LINES if (text := plain_text(media.get(key)))]
    return "\n\n".join(part for part in (notes, "\n".join(lines)) if part)


def split_media(notes: str) -> tuple[str, dict[str, str]]:
    """The notes without the media that with_media put at their end, and that media; a
    web address only, since TimelineJS shows the media in the reader's page."""
    found = _MEDIA_BLOCK.search(notes)
    if not found:
        return notes, {}
    media = {key: line.removeprefix(label) for line in found[1].split("\n") for key, label in MEDIA_LINES if line.startswith(label)}
    return notes[:found.start()], media


def _shown(start: FuzzyDate, end: FuzzyDate | None) -> dict[str, str]:
    """The display_date of dates that TimelineJS would word otherwise: approximate, uncertain,
    at a time of day (TimelineJS has no zones), or ending without a day."""
    if any(d.approximate or d.uncertain or d.time for d in (start, end) if d) or (end and end.day is None):
        return {"display_date": span_label(start, end)}
    return {}


def _date(date: FuzzyDate, end: bool = False) -> dict[str, Any]:
    """TimelineJS's date object, with only the parts the date has; an end without a day
    as its last day (TimelineJS takes a missing day or month as the first), showing the
    date as it is."""
    if end and date.day is None:
        last = date.latest
        return {"year": last.year, "month": last.month, "day": last.day, "display_date": date.label()}
    parts = {"year": date.year, "month": date.month, "day": date.day}
    if date.time is not None:  # the place's clock, as the display_date says
        parts |= {"hour": date.time.hour, "minute": date.time.minute, "second": date.time.second}
    return {key: value for key, value in parts.items() if value is not None}


def _html(timeline: Timeline, event: Event, notes: str, citations: list[Citation]) -> str:
    parts = [f"<p><i>{escape(event.status.value.capitalize())}</i></p>"]
    if notes:
        parts.append(f"<p>{escape(notes).replace(chr(10), '<br>')}</p>")
    for c in citations:
        source = timeline.sources[c.source_id]
        title = escape(source.title)
        if source.url.startswith(("https://", "http://")):  # a link to read it; no other scheme runs in the reader's page
            title = f'<a href="{html.escape(source.url)}">{title}</a>'
        where = f"<i>{title}</i>" + (f", {escape(source.publisher)}" if source.publisher else "")
        rated = f"source reliability {source.reliability.value}, {c.confidence.value} confidence"
        # Who says it, after the quote: TimelineJS's stylesheet makes a <cite> inside a
        # blockquote a block of its own, which would break the line apart.
        parts.append(f"<blockquote>“{escape(c.quote)}”</blockquote>"
                     f'<p class="attribution">— {escape(c.claimant)} ({c.stance.value}), {where} ({rated})</p>')
    # Each link both ways, a link to the other's slide (TimelineJS's #event-<unique_id>).
    parts += [f'<p class="link">{phrase}: <a href="#event-{escape(other)}">{escape(timeline.events[other].title)}</a></p>'
              for phrase, _, other in timeline.links_of(event.id)]
    return "".join(parts)


def is_timelinejs(data: Any) -> bool:
    """Whether JSON looks like TimelineJS's: a list of events whose first has a start_date
    (TimelineJS 3), or a timeline with its slides (its first versions) or its dates (TimelineJS 2)."""
    if not isinstance(data, dict) or is_ours(data):
        return False
    if isinstance(events := data.get("events"), list):
        return all(isinstance(slide, dict) and "start_date" in slide for slide in events[:1])
    timeline = _member(data, "timeline")
    return isinstance(timeline.get("slides"), list) or isinstance(timeline.get("date"), list)


# A slide or era of the file: its list ("events" or "eras"), where that list is in the
# file (keys, for the line), its place in the list, and the item as the file has it.
Item = tuple[str, tuple[str, ...], int, Any]
KEPT = frozenset({"start_date", "end_date", "date", "display_date", "text", "media", "group", "unique_id", "uniqueid", "type"})
KEPT_V2 = frozenset({"startDate", "endDate", "headline", "text", "asset", "tag"})


def read_timelinejs(path: Path, text: str, progress: Progress | None = None) -> Imported:
    data = parse_json(path, text)
    title, items, convert = _version(path, data)
    read = Imported(path, title=plain_text(_member(title, "text").get("headline")) or None,
                    fields=frozenset({"title", "start", "end", "lane", "notes"}), cites=Cites.NONE)
    records = JsonRecords(path, text)
    lost: Counter[str] = Counter()
    seen: Counter[str] = Counter()  # slides with one start and headline, for their ids
    left_out: list[str] = []
    slides: list[dict[str, Any]] = []

    def event(item: Any) -> Event:
        slide = convert(item)
        made = event_of(slide, lost, seen)
        slides.append(slide)
        return made

    for done, (kind, at, index, item) in enumerate(items):
        tick(progress, done, done, len(items))
        try:
            if kind == "events":
                read.events.append(records.build(kind, index, item, event, at))
            else:
                read.periods.append(records.build(kind, index, item, lambda era: period_of(convert(era), lost, seen), at))
        except LeftOut as why:
            line = records.finder.line(*at, index) if at else records.finder.line(kind, index)
            left_out.append(f"{at[-1] if at else kind}[{index}] at line {line} ({why})")
    if made_here(slides):  # else the statuses are made up: keep the user's
        read.fields |= {"status"}
        read.links = slide_links(read.events, slides)
    read.line_of = records.line_of
    read.lost = lost_report(left_out, lost) + title_lost(title)
    if unkept := sorted({key for _, _, _, item in items if isinstance(item, dict) for key in item} - KEPT - KEPT_V2):
        read.lost.append(f"not kept: {', '.join(_quoted(key) for key in unkept[:8])} (slide members this app has no place for)")
    return read


def lost_report(left_out: list[str], lost: Counter[str]) -> list[str]:
    """What was left out or cut, in words for the import's report."""
    report = []
    if left_out:
        listed = ", ".join(left_out[:3]) + (f" and {len(left_out) - 3} more" if len(left_out) > 3 else "")
        report.append(f"{len(left_out)} slide{'' if len(left_out) == 1 else 's'} left out, dated outside the years 1 to 9999 that this app holds: {listed}")
    report += [f"{what} on {count} slide{'' if count == 1 else 's'}" for what, count in sorted(lost.items())]
    return report


def title_lost(slide: Any) -> list[str]:
    """What the title slide holds besides its headline, said as left out: a timeline here has a title only."""
    held = [what for what, value in (("text", _member(slide, "text").get("text")), ("media", _member(slide, "media").get("url"))) if plain_text(value)]
    return [f"the title slide's {' and '.join(held)} not kept"] if held else []


def _version(path: Path, data: Any) -> tuple[dict[str, Any], list[Item], Callable[[Any], dict[str, Any]]]:
    """The title slide, the slides and eras, and what makes a TimelineJS 3 slide of one."""
    if isinstance(data, dict) and isinstance(data.get("events"), list):
        eras = data.get("eras") if isinstance(data.get("eras"), list) else []
        items = [("events", (), i, s) for i, s in enumerate(data["events"])] + [("eras", (), i, e) for i, e in enumerate(eras)]
        return _member(data, "title"), items, lambda slide: slide
    timeline = _member(data, "timeline")
    if isinstance(slides := timeline.get("slides"), list):  # TimelineJS 3 in 2014: its title was the first slide, an "overview"
        first = slides[0] if slides and isinstance(slides[0], dict) and slides[0].get("type") in ("overview", "title") else None
        items = [("events", ("timeline", "slides"), i, s) for i, s in enumerate(slides) if i or first is None]
        return first or {}, items, _early
    if isinstance(dates := timeline.get("date"), list):
        eras = timeline.get("era") if isinstance(timeline.get("era"), list) else []
        items = [("events", ("timeline", "date"), i, d) for i, d in enumerate(dates)]
        items += [("eras", ("timeline", "era"), i, e) for i, e in enumerate(eras)]
        title = {"text": {"headline": timeline.get("headline"), "text": timeline.get("text")}, "media": {"url": _member(timeline, "asset").get("media")}}
        return title, items, _from_v2
    raise FormatError(path, 1, "events", "missing: TimelineJS JSON holds a list of events (TimelineJS 3), "
                      "timeline.slides (its first versions) or timeline.date (TimelineJS 2)")


def _early(slide: dict[str, Any]) -> dict[str, Any]:
    """A slide of the first TimelineJS 3 files, which named its date 'date' and its id 'uniqueid'."""
    slide = dict(slide)
    for old, new in (("date", "start_date"), ("uniqueid", "unique_id")):
        if old in slide and new not in slide:
            slide[new] = slide.pop(old)
    return slide


def _from_v2(item: dict[str, Any]) -> dict[str, Any]:
    """A TimelineJS 2 date ({"startDate": "2011,12,10", "asset": {...}, "tag": ...}) as a TimelineJS 3 slide."""
    asset = _member(item, "asset")
    slide = {
        "start_date": _v2_date(item.get("startDate"), "startDate"),
        "text": {"headline": item.get("headline"), "text": item.get("text")},
        "media": {"url": asset.get("media"), "credit": asset.get("credit"), "caption": asset.get("caption"), "thumbnail": asset.get("thumbnail")},
        "group": item.get("tag"),
    }
    if item.get("endDate") not in (None, ""):
        slide["end_date"] = _v2_date(item["endDate"], "endDate")
    return slide


_V2_DATE = re.compile(r"(-?\d+)((?:\s*,\s*\d*){0,5})")
_ISO_DATE = re.compile(r"(-?\d{1,4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?")


def _v2_date(value: Any, name: str) -> dict[str, str]:
    """'2011,12,10' (or '2011,12,10,14,30', '2011', '2011-12-10') as TimelineJS 3's date object."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if found := _V2_DATE.fullmatch(text):
        numbers = [found[1], *(part.strip() for part in found[2].split(",")[1:])]
    elif found := _ISO_DATE.fullmatch(text):
        numbers = [part or "" for part in found.groups()]
    else:
        raise ValueError(f"{name} {_quoted(value)} is not a date of the form year,month,day (2011,12,10)")
    return {part: number for part, number in zip(("year", "month", "day", "hour", "minute", "second"), numbers) if number}


def _quoted(value: Any) -> str:
    return repr(value[:40]) if isinstance(value, str) else "missing" if value is None else f"{type(value).__name__}"


# What _html writes before the notes, and after them for each citation (with the
# attribution inside the blockquote, as exports before this version had it).
_STATUS = re.compile(r"<p><i>([A-Z][a-z]+)</i></p>")
_QUOTE = re.compile(r'<blockquote>“[^<]*”(?:<br>— [^<]*<cite>[^<]*</cite>[^<]*</blockquote>|</blockquote><p class="attribution">—(?:(?!</p>).)*</p>)')
# "dispute" and its two phrases: what versions before typed links wrote.
_LINK = re.compile(r'<p class="(?:link|dispute)">([A-Za-z ]+): <a href="#event-([^"]*)">[^<]*</a></p>')
_PHRASES = {**BY_PHRASE, "denies": (LinkType.DISPUTES, True), "denied by": (LinkType.DISPUTES, False)}


def slide_links(events: list[Event], slides: list[Any]) -> list[Link]:
    """The links the slides name, each once (it is written on both its events' slides)."""
    found: dict[tuple[str, str, LinkType], Link] = {}
    for event, slide in zip(events, slides):
        for phrase, key in _LINK.findall(_member(slide, "text").get("text") or ""):
            if (kind := _PHRASES.get(phrase.casefold())) and (other := html.unescape(key)) != event.id:
                ends = (event.id, other) if kind[1] else (other, event.id)
                link = made(*ends, kind[0])
                found.setdefault(link.key, link)
    return list(found.values())


def _ours(slide: dict[str, Any]) -> tuple[Status | None, Any]:
    """The status a slide this app wrote gives, and its text without what the event's
    citations made; None and the text as it is for anyone else's slide."""
    markup = _member(slide, "text").get("text")
    found = _STATUS.match(markup) if isinstance(markup, str) else None
    if not found or found[1].lower() not in {s.value for s in Status}:
        return None, markup
    return Status(found[1].lower()), _LINK.sub("", _QUOTE.sub("", markup[found.end():]))


def made_here(slides: list[dict[str, Any]]) -> bool:
    """Whether every slide is one this app wrote, whose status and dispute can be read back."""
    return all(_ours(slide)[0] for slide in slides)


def title_of(slide: dict[str, Any]) -> str:
    return plain_text(_member(slide, "text").get("headline"))


def event_of(slide: dict[str, Any], lost: Counter[str] | None = None, seen: Counter[str] | None = None) -> Event:
    """The event a TimelineJS 3 slide gives; ValueError saying which field is wrong, LeftOut
    if it is dated outside the years the timeline holds. ``lost`` counts what was cut."""
    text = _member(slide, "text")
    status, markup = _ours(slide)
    markup_all = text.get("text") if isinstance(text.get("text"), str) else ""
    notes = plain_text(markup)
    title = title_of(slide) or notes.partition("\n")[0][:80] or "Untitled slide"
    # Exports before this version made a cited source the media: it is the citation's, not the event's.
    media = _member(slide, "media")
    if not (status and "<cite>" in markup_all):
        notes = with_media(notes, media)
    start, end = _dates(slide, lost)
    if lost is not None and status and _QUOTE.search(markup_all):
        lost["its quotes and who said them left out (this app's citations: its JSON or CSV export carries them)"] += 1
    if lost is not None and any(plain_text(media.get(key)) for key in ("thumbnail", "thumb")):
        lost["media thumbnail not kept"] += 1
    return Event(
        _id(slide, Counter() if seen is None else seen), title, start, end,
        lane=slide.get("group") if isinstance(slide.get("group"), str) else "", status=status or Status.REPORTED, notes=notes,
    )


def period_of(era: dict[str, Any], lost: Counter[str] | None = None, seen: Counter[str] | None = None) -> Period:
    label = title_of(era) or "Era"
    start, end = _dates(era, lost, end_required=True)
    return Period(_id(era, Counter() if seen is None else seen), label, start, end)


def _dates(item: dict[str, Any], lost: Counter[str] | None, end_required: bool = False) -> tuple[FuzzyDate, FuzzyDate | None]:
    lost = Counter() if lost is None else lost
    start, end = _fuzzy(item, "start_date", lost), _fuzzy(item, "end_date", lost, required=end_required)
    given = [d for d in (start, end) if d]
    dates = _qualified(given, shown := item.get("display_date"))
    if dates is given and isinstance(shown, str) and shown.strip():
        lost["its own wording of the date (display_date) not kept"] += 1
    return dates[0], dates[1] if end else None


def _id(item: dict[str, Any], seen: Counter[str]) -> str:
    """The slide's own id; without one, an id made from its start and headline (and how many
    slides before it have both), so that importing the sheet again, a slide's text, media or
    group edited, updates what the first import made instead of adding it twice."""
    if isinstance(item.get("unique_id"), str) and item["unique_id"]:
        return item["unique_id"]
    try:
        key = json.dumps([item.get("start_date"), title_of(item)], sort_keys=True)
    except RecursionError:
        raise ValueError("nested too deeply to be a slide") from None
    seen[key] += 1
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"timelinejs:{key}|{seen[key]}"))


def _member(item: Any, key: str) -> dict[str, Any]:
    value = item.get(key) if isinstance(item, dict) else None
    return value if isinstance(value, dict) else {}


_PARTS = ("year", "month", "day", "hour", "minute", "second")


def _fuzzy(item: dict[str, Any], key: str, lost: Counter[str], required: bool = True) -> FuzzyDate | None:
    """A TimelineJS date object: a year, then maybe a month, then maybe a day and a time
    of day (its zone unknown). Numbers may be written as text, as in sheets. A time
    without a day, or its milliseconds, are counted in ``lost``."""
    value = item.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, dict) or value.get("year") in (None, ""):
        raise ValueError(f"{key} needs a year")
    parts: list[int] = []
    for part in _PARTS:
        number = _number(key, part, value.get(part))
        if number is None:
            if part in ("minute", "second") and len(parts) > 3:
                number = 0  # "hour" alone: on the hour
            else:
                break
        parts.append(number)
    if not 1 <= parts[0] <= 9999:
        raise LeftOut(f"{key}: year {parts[0]}")
    if len(parts) < 4 and any(value.get(part) not in (None, "") for part in _PARTS[3:]):
        lost["time of day dropped, given without a day"] += 1
    if len(parts) > 3 and _number(key, "millisecond", value.get("millisecond")):
        lost["time of day cut to the second (this app holds no milliseconds)"] += 1
    time = None
    if len(parts) > 3:
        try:
            time = dt.time(*parts[3:])
        except ValueError as error:
            raise ValueError(f"{key}: {error}") from None
    try:
        date = FuzzyDate(*parts[:3], time=time) if len(parts) > 3 else FuzzyDate(*parts)
    except ValueError as error:
        raise ValueError(f"{key}: {error}") from None
    return _as_shown(date, value.get("display_date")) or date


def _number(key: str, part: str, number: Any) -> int | None:
    if number in (None, ""):
        return None
    if isinstance(number, str) and re.fullmatch(r"\s*-?\d+\s*", number):
        number = int(number)
    if type(number) is not int:
        raise ValueError(f"{key}: {part} {number!r} is not a whole number")
    return number


def _qualified(dates: list[FuzzyDate], shown: Any) -> list[FuzzyDate]:
    """The dates with the qualifiers and precision ``shown`` gives them, if it is a
    display_date in this app's form ('c. Aug 2024 – 26 Apr 2025 (?)'); anyone else's
    wording changes nothing."""
    parts = shown.split(" – ") if isinstance(shown, str) else []
    if len(parts) != len(dates):
        return dates
    qualified = [_as_shown(d, p) for d, p in zip(dates, parts)]
    return dates if None in qualified else qualified  # type: ignore[return-value]


_ZONE = re.compile(r" UTC(?:([+-])(\d\d):(\d\d))?$")


def _as_shown(date: FuzzyDate, shown: Any) -> FuzzyDate | None:
    """The date that ``shown`` labels in this app's form: ``date`` itself, qualified, at the
    UTC offset ``shown`` names, or the month or year that ``date`` is the last day of (an
    end, as _date writes it); None if ``shown`` is anyone else's wording."""
    if not isinstance(shown, str):
        return None
    candidates = [date]
    if date.day is not None and date.time is None:
        candidates += [c for c in (FuzzyDate(date.year, date.month), FuzzyDate(date.year)) if c.latest == date.earliest]
    elif zone := _ZONE.search(shown):  # TimelineJS has no zones: the clock time is the place's, its offset only in the words
        minutes = int(zone[2] or 0) * 60 + int(zone[3] or 0)
        candidates.append(replace(date, offset=-minutes if zone[1] == "-" else minutes))
    for candidate in candidates:
        try:
            qualified = replace(candidate, approximate=shown.startswith("c. "), uncertain=shown.endswith(" (?)"))
        except ValueError:  # a time cannot be approximate
            continue
        if qualified.label() == shown:
            return qualified
    return None


class _PlainText(HTMLParser):
    BLOCKS = {"p", "br", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, None)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(markup: Any) -> str:
    """HTML as plain text: one line per paragraph or line break, spaces collapsed."""
    if not isinstance(markup, str):
        return ""
    parser = _PlainText()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
