"""What an exported image shows, decided without Qt: the part of the timeline in a date
range, the title and dates above it, the credits for the sources its events cite and,
on request, who last changed each event and when.

The command line checks a request here before it loads Qt to draw it
(``desktop.ui.canvas.image_export``).
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import Event, FuzzyDate, Reliability, Source, Timeline, span_label

IMAGE_SUFFIXES = (".png", ".svg", ".pdf")
DEFAULT_WIDTH = 1600
MIN_WIDTH, MAX_WIDTH = 400, 20000  # narrower has no room for a label; wider is no longer a picture
SCREEN_DPI = 96  # the resolution the app is drawn at: text has its point size at it
READABLE_WIDTH = 1200  # a wider picture is drawn larger, not with text that shrinks away when it is shown
PAGE_SPAN_DAYS = 366  # a printed page shows a year at most: a longer range goes on several, equally long


def default_width(dpi: int | None) -> int:
    """Pixels for a picture of no stated width: at a resolution, as many as the default
    picture's room for the lanes takes there (a page as wide as the screen's picture)."""
    return DEFAULT_WIDTH if dpi is None else round(READABLE_WIDTH * dpi / SCREEN_DPI)


class ImageError(ValueError):
    """A request that cannot be drawn, with a message meant for the user."""


@dataclass(frozen=True)
class ImageRequest:
    width: int = DEFAULT_WIDTH  # pixels of the PNG and of the SVG's size
    dpi: int | None = None  # PNG: text at its point size for this resolution; None: see ``scale``
    first: FuzzyDate | None = None  # None: from the first event
    last: FuzzyDate | None = None  # None: to the last event
    title: str = ""  # empty: the timeline's title
    callouts: bool = True  # the user's remarks on events, as the window shows them
    links: bool = True  # the connectors between linked events, every one, each type in its look
    # By event id, who last changed it and when (a shared timeline's history), listed
    # under the picture; None: not asked for.
    last_changed: Mapping[str, tuple[str, str]] | None = field(default=None, hash=False)

    @property
    def scale(self) -> float:
        """Pixels of the picture per pixel of its layout, which has the app's sizes."""
        return self.dpi / SCREEN_DPI if self.dpi else max(1.0, self.width / READABLE_WIDTH)

    @property
    def layout_width(self) -> float:
        return self.width / self.scale

    def check(self) -> None:
        if not MIN_WIDTH <= self.width <= MAX_WIDTH:
            raise ImageError(f"a width of {self.width} px is not possible: choose between {MIN_WIDTH} and {MAX_WIDTH}")
        if self.dpi is not None and not 72 <= self.dpi <= 1200:
            raise ImageError(f"{self.dpi} dpi is not possible: choose between 72 and 1200")
        if self.layout_width < MIN_WIDTH:
            at_least = math.ceil(MIN_WIDTH * self.dpi / SCREEN_DPI)
            raise ImageError(f"at {self.dpi} dpi, {self.width} px leaves no room for the lanes: ask for {at_least} px or more")
        if self.first and self.last and self.last.latest < self.first.earliest:
            raise ImageError(f"the range ends ({self.last.label()}) before it starts ({self.first.label()})")


@dataclass(frozen=True)
class ImageContent:
    title: str
    subtitle: str  # the dates shown and how many events
    timeline: Timeline  # the part shown
    first_day: dt.date  # the days the time axis covers
    last_day: dt.date
    credits: tuple[str, ...]  # one per source cited by the events shown
    changed: tuple[str, ...] = ()  # "'<title>': <who>, <when>" per event shown, when asked for


def content_of(timeline: Timeline, request: ImageRequest) -> ImageContent:
    """The events ``request`` asks for (those overlapping its range) and what to say
    about them; raises ImageError when there is nothing to draw."""
    asked = (request.first.earliest if request.first else dt.date.min, request.last.latest if request.last else dt.date.max)
    events = [e for e in timeline.events.values() if _overlaps(e.start, e.end or e.start, *asked)]
    if not events:
        raise ImageError(f"no events {_asked(request)}" if timeline.events else "the timeline has no events yet")
    start = request.first or min((e.start for e in events), key=lambda d: d.earliest)
    end = request.last or max((e.end or e.start for e in events), key=lambda d: d.latest)
    count = f"{len(events)} event{'s' if len(events) != 1 else ''}"
    return ImageContent(
        title=request.title.strip() or timeline.title,
        subtitle=f"{span_label(start, end) if start != end else start.label()} · {count}",
        timeline=_part(timeline, events, start.earliest, end.latest),
        first_day=start.earliest,
        last_day=end.latest,
        credits=_credits(timeline, events),
        changed=_changed(events, request.last_changed) if request.last_changed is not None else (),
    )


def _changed(events: list[Event], last_changed: Mapping[str, tuple[str, str]]) -> tuple[str, ...]:
    ordered = sorted(events, key=lambda e: (e.start.earliest, e.title, e.id))
    return tuple(f"‘{e.title}’: " + ", ".join(filter(None, last_changed.get(e.id, ("unknown", "")))) for e in ordered)


def page_spans(first_day: dt.date, last_day: dt.date, most: int = PAGE_SPAN_DAYS) -> list[tuple[dt.date, dt.date]]:
    """``first_day`` to ``last_day`` cut into as few spans of equal length as keep each
    within ``most`` days, in order, every day in exactly one."""
    days = (last_day - first_day).days + 1
    pages = math.ceil(days / most)
    edges = [first_day + dt.timedelta(days=days * k // pages) for k in range(pages + 1)]
    return [(edges[k], edges[k + 1] - dt.timedelta(days=1)) for k in range(pages)]


def _overlaps(start: FuzzyDate, end: FuzzyDate, first_day: dt.date, last_day: dt.date) -> bool:
    return start.earliest <= last_day and end.latest >= first_day


def _part(timeline: Timeline, events: list[Event], first_day: dt.date, last_day: dt.date) -> Timeline:
    """``events`` with their citations, and the periods and notes that reach into the
    days shown. Every lane stays, in its order, so that each keeps its colour."""
    ids = {e.id for e in events}
    return Timeline(
        title=timeline.title,
        lanes=timeline.lane_order(),
        lane_records=dict(timeline.lane_records),  # their colours, and which are hidden
        events={e.id: e for e in events},
        # A link to an event outside the range is not drawn: nothing is left to point at it.
        links={k.id: k for k in timeline.links.values() if {k.from_id, k.to_id} <= ids},
        sources=dict(timeline.sources),
        citations={c.id: c for e in events for c in timeline.citations_for(e.id)},
        periods={k: p for k, p in timeline.periods.items() if _overlaps(p.start, p.end, first_day, last_day)},
        notes={k: n for k, n in timeline.notes.items() if _overlaps(n.date, n.date, first_day, last_day)},
    )


def _asked(request: ImageRequest) -> str:
    if request.first and request.last:
        return f"between {request.first.label()} and {request.last.label()}"
    return f"from {request.first.label()} on" if request.first else f"up to {request.last.label()}"


def _credits(timeline: Timeline, events: list[Event]) -> tuple[str, ...]:
    cited = {c.source_id: timeline.sources[c.source_id] for e in events for c in timeline.citations_for(e.id)}
    ordered = sorted(cited.values(), key=lambda s: (s.published.earliest if s.published else dt.date.max, s.title))
    return tuple(dict.fromkeys(map(_credit, ordered)))  # two records of one article are credited once


def _credit(source: Source) -> str:
    """'BBC News, ‘Russia claims…’ (26 Apr 2025), reliability B': who published it, what,
    when, and how reliable it has proved, once judged."""
    text = ", ".join(filter(None, [source.publisher or source.author, f"‘{source.title.strip()}’"]))
    text = f"{text} ({source.published.label()})" if source.published else text
    return text if source.reliability is Reliability.F else f"{text}, reliability {source.reliability.value}"
