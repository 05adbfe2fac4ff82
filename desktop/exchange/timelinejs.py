"""The timeline as TimelineJS 3 JSON, for publishing with the Knight Lab tool that newsrooms
use (timeline.knightlab.com), and back.

Export: a slide per event, its lane as the slide's group. A date says no more than it
knows: a month-precision date has no day; an approximate or uncertain one is shown by
``display_date`` ('c. Aug 2024'), which TimelineJS prints instead of the date. The
slide's text gives the status, the notes and every quote with who says it and where;
the first cited source that has a URL is the slide's media, credited to its author and
publisher. Periods become eras. The user's own annotations and pinned notes stay out.

Import: a slide becomes an event (``unique_id``, headline, text as plain notes, dates,
group as lane), with the qualifiers back if ``display_date`` is in this app's form; eras
become periods. A slide does not say who claims what, so no citation is made up: its
media (URL, caption, credit) is kept in the notes, and an event the timeline holds keeps
its citations, tags, annotation and links. A slide this app wrote gives its status
back from its first paragraph, and its links from the lines that name them ("Disputes",
"Caused by", a link to the other's slide); its quotes and media, which its citations made, are left
out of the notes, so that exporting and importing again changes nothing.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import uuid
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import orjson

from ..model import Citation, Event, FuzzyDate, Link, LinkType, Period, Status, Timeline, span_label
from ..model.links import BY_PHRASE, made
from .importing import Cites, Imported
from .json_format import is_ours
from .reading import FormatError, JsonRecords, Progress, parse_json, tick


def escape(text: str) -> str:
    return html.escape(text, quote=False)  # text between tags, never an attribute's value


def timelinejs_bytes(timeline: Timeline, progress: Progress | None = None) -> bytes:
    slides = []
    for index, event in enumerate(timeline.events.values()):  # TimelineJS puts them in date order itself
        tick(progress, index, index, len(timeline.events))
        slides.append(_slide(timeline, event))
    data: dict[str, Any] = {"title": {"text": {"headline": escape(timeline.title)}}, "events": slides}
    if timeline.periods:
        data["eras"] = [
            # TimelineJS reads no id on an era; ours lets a re-import update the period.
            {"unique_id": p.id, "start_date": _date(p.start), "end_date": _date(p.end), "text": {"headline": escape(p.label)}}
            for p in timeline.periods.values()
        ]
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def _slide(timeline: Timeline, event: Event) -> dict[str, Any]:
    citations = timeline.citations_for(event.id)
    slide: dict[str, Any] = {"unique_id": event.id, "start_date": _date(event.start)}
    if event.end:
        slide["end_date"] = _date(event.end)
    if any(d.approximate or d.uncertain or d.time for d in (event.start, event.end) if d):  # TimelineJS has no zones: say it
        slide["display_date"] = span_label(event.start, event.end)
    slide["text"] = {"headline": escape(event.title), "text": _html(timeline, event, citations)}
    slide["group"] = event.lane
    sources = [timeline.sources[c.source_id] for c in citations]
    if linked := next((s for s in sources if s.url), None):
        credit = ", ".join(p for p in (linked.author, linked.publisher) if p) or linked.title
        slide["media"] = {"url": linked.url, "credit": escape(credit), "caption": escape(linked.title)}
    return slide


def _date(date: FuzzyDate) -> dict[str, int]:
    """TimelineJS's date object, with only the parts the date has."""
    parts = {"year": date.year, "month": date.month, "day": date.day}
    if date.time is not None:  # the place's clock, as the display_date says
        parts |= {"hour": date.time.hour, "minute": date.time.minute, "second": date.time.second}
    return {key: value for key, value in parts.items() if value is not None}


def _html(timeline: Timeline, event: Event, citations: list[Citation]) -> str:
    parts = [f"<p><i>{escape(event.status.value.capitalize())}</i></p>"]
    if event.notes:
        parts.append(f"<p>{escape(event.notes).replace(chr(10), '<br>')}</p>")
    for c in citations:
        source = timeline.sources[c.source_id]
        where = f"<cite>{escape(source.title)}</cite>" + (f", {escape(source.publisher)}" if source.publisher else "")
        rated = f"source reliability {source.reliability.value}, {c.confidence.value} confidence"
        parts.append(f"<blockquote>“{escape(c.quote)}”<br>— {escape(c.claimant)} ({c.stance.value}), {where} ({rated})</blockquote>")
    # Each link both ways, a link to the other's slide (TimelineJS's #event-<unique_id>).
    parts += [f'<p class="link">{phrase}: <a href="#event-{escape(other)}">{escape(timeline.events[other].title)}</a></p>'
              for phrase, _, other in timeline.links_of(event.id)]
    return "".join(parts)


def is_timelinejs(data: Any) -> bool:
    """Whether JSON looks like TimelineJS's: a list of events whose first has a start_date."""
    if not isinstance(data, dict) or is_ours(data) or not isinstance(events := data.get("events"), list):
        return False
    return all(isinstance(slide, dict) and "start_date" in slide for slide in events[:1])


def read_timelinejs(path: Path, text: str, progress: Progress | None = None) -> Imported:
    data = parse_json(path, text)
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise FormatError(path, 1, "events", "missing: TimelineJS JSON holds a list of events")
    title = _plain(_member(data.get("title"), "text").get("headline"))
    read = Imported(path, title=title or None, fields=frozenset({"title", "start", "end", "lane", "notes"}), cites=Cites.NONE)
    records = JsonRecords(path, text)
    eras = data.get("eras") if isinstance(data.get("eras"), list) else []
    items = [("events", i, slide) for i, slide in enumerate(data["events"])] + [("eras", i, era) for i, era in enumerate(eras)]
    for done, (kind, index, item) in enumerate(items):
        tick(progress, done, done, len(items))
        if kind == "events":
            read.events.append(records.build(kind, index, item, _event))
        else:
            read.periods.append(records.build(kind, index, item, _period))
    if all(_ours(slide)[0] for slide in data["events"]):  # else the statuses are made up: keep the user's
        read.fields |= {"status"}
        read.links = _links(read.events, data["events"])
    read.line_of = records.line_of
    return read


# What _html writes before the notes, and after them for each citation.
_STATUS = re.compile(r"<p><i>([A-Z][a-z]+)</i></p>")
_QUOTE = re.compile(r"<blockquote>“[^<]*”<br>— [^<]*<cite>[^<]*</cite>[^<]*</blockquote>")
# "dispute" and its two phrases: what versions before typed links wrote.
_LINK = re.compile(r'<p class="(?:link|dispute)">([A-Za-z ]+): <a href="#event-([^"]*)">[^<]*</a></p>')
_PHRASES = {**BY_PHRASE, "denies": (LinkType.DISPUTES, True), "denied by": (LinkType.DISPUTES, False)}


def _links(events: list[Event], slides: list[Any]) -> list[Link]:
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


def _event(slide: dict[str, Any]) -> Event:
    text = _member(slide, "text")
    status, markup = _ours(slide)
    notes = _plain(markup)
    title = _plain(text.get("headline")) or notes.partition("\n")[0][:80] or "Untitled slide"
    media = _member(slide, "media")
    described = [_plain(media.get("caption")), _plain(media.get("credit")), _plain(media.get("url"))]
    if any(described) and status is None:  # in a slide of ours, the media is a cited source's
        notes = f"{notes}\n\nMedia: {' — '.join(p for p in described if p)}".strip()
    start, end = _fuzzy(slide, "start_date"), _fuzzy(slide, "end_date", required=False)
    dates = _qualified([d for d in (start, end) if d], slide.get("display_date"))
    return Event(
        _id(slide), title, dates[0], dates[1] if end else None,
        lane=slide.get("group") if isinstance(slide.get("group"), str) else "", status=status or Status.REPORTED, notes=notes,
    )


def _period(era: dict[str, Any]) -> Period:
    label = _plain(_member(era, "text").get("headline")) or "Era"
    return Period(_id(era), label, _fuzzy(era, "start_date"), _fuzzy(era, "end_date"))


def _id(item: dict[str, Any]) -> str:
    """The slide's own id; without one, an id made from its content, so that importing the
    same file again updates what the first import made."""
    if isinstance(item.get("unique_id"), str) and item["unique_id"]:
        return item["unique_id"]
    try:
        content = json.dumps(item, sort_keys=True)
    except RecursionError:
        raise ValueError("nested too deeply to be a slide") from None
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "timelinejs:" + content))


def _member(item: Any, key: str) -> dict[str, Any]:
    value = item.get(key) if isinstance(item, dict) else None
    return value if isinstance(value, dict) else {}


def _fuzzy(item: dict[str, Any], key: str, required: bool = True) -> FuzzyDate | None:
    """A TimelineJS date object: a year, then maybe a month, then maybe a day and a time
    of day (its zone unknown). Numbers may be written as text, as in sheets."""
    value = item.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, dict) or value.get("year") in (None, ""):
        raise ValueError(f"{key} needs a year")
    parts: list[int] = []
    for part in ("year", "month", "day", "hour", "minute", "second"):
        number = value.get(part)
        if number in (None, ""):
            if part in ("minute", "second") and len(parts) > 3:
                number = 0  # "hour" alone: on the hour
            else:
                break
        if isinstance(number, str) and re.fullmatch(r"-?\d+", number.strip()):
            number = int(number)
        if type(number) is not int:
            raise ValueError(f"{key}: {part} {number!r} is not a whole number")
        parts.append(number)
    if len(parts) > 3:
        try:
            time = dt.time(*parts[3:])
        except ValueError as error:
            raise ValueError(f"{key}: {error}") from None
        return FuzzyDate(*parts[:3], time=time)
    return FuzzyDate(*parts)


def _qualified(dates: list[FuzzyDate], shown: Any) -> list[FuzzyDate]:
    """The dates with the qualifiers ``shown`` gives them, if it is a display_date in this
    app's form ('c. Aug 2024 – 26 Apr 2025 (?)'); anyone else's wording changes nothing."""
    parts = shown.split(" – ") if isinstance(shown, str) else []
    if len(parts) != len(dates):
        return dates
    qualified = [replace(d, approximate=p.startswith("c. "), uncertain=p.endswith(" (?)")) for d, p in zip(dates, parts)]
    return qualified if [d.label() for d in qualified] == parts else dates


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


def _plain(markup: Any) -> str:
    """HTML as plain text: one line per paragraph or line break, spaces collapsed."""
    if not isinstance(markup, str):
        return ""
    parser = _PlainText()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
