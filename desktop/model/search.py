"""Which events pass a search and a set of filters.

Within a facet (lanes, statuses, tags) any checked value will do; across facets and
across the words of the search, everything must hold. An empty facet restricts nothing.

A dataset's facts are a facet too: ``facts`` holds (name, value) pairs, each name its
own facet, which an event passes with any of its checked values (event type Battles or
Explosions, and admin1 Donetsk); ``with_deaths``, those whose death count (ACLED's
``fatalities``, UCDP's best estimate) is above nought. ``FACET_FACTS`` are the facts
offered that way: those whose values are a few categories, not places or numbers.

A word of the search may name one of a dataset's facts instead: ``admin1:donetsk``
holds where that fact's value contains the text, ``fatalities>0`` (or ``<``, ``=``)
where it is a number that compares so. Other words are looked for in the title,
notes and annotation of an event, the values of its facts, and the quotes and
claimants of its citations.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter

from .entities import Event, Status
from .timeline import Timeline

_FACT = re.compile(r"([a-z_0-9]+)([:<>=])(.+)")
FACET_FACTS = ("disorder_type", "event_type", "sub_event_type", "civilian_targeting", "type_of_violence", "country", "admin1")
DEATH_FACTS = ("fatalities", "best")  # ACLED's count, UCDP's best estimate
_ATTRIBUTES = attrgetter("attributes")


@dataclass(frozen=True)
class EventFilter:
    text: str = ""
    lanes: frozenset[str] = field(default_factory=frozenset)
    statuses: frozenset[Status] = field(default_factory=frozenset)
    tags: frozenset[str] = field(default_factory=frozenset)
    facts: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    with_deaths: bool = False

    def __post_init__(self) -> None:
        # Callers may pass any iterable; freezing keeps the filter hashable and unshared.
        for name in ("lanes", "statuses", "tags", "facts"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))

    @property
    def words(self) -> list[str]:
        return self.text.casefold().split()

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.lanes or self.statuses or self.tags or self.facts or self.with_deaths)


def facets(events: Iterable[Event]) -> tuple[list[tuple[str, str]], bool]:
    """The (name, value) pairs of the ``FACET_FACTS`` the events have, by fact then value,
    and whether any has a death count to filter by."""
    pairs = set(chain.from_iterable(map(_ATTRIBUTES, events)))  # one set of them all: pairs repeat
    offered = sorted((pair for pair in pairs if pair[0] in FACET_FACTS), key=lambda pair: (FACET_FACTS.index(pair[0]), pair[1].casefold()))
    return offered, any(name in DEATH_FACTS for name, _ in pairs)


def has_deaths(event: Event) -> bool:
    """Whether a death count of the event's facts is above nought."""
    for name in DEATH_FACTS:
        try:
            if float(event.attribute(name) or 0) > 0:
                return True
        except ValueError:  # not a number
            continue
    return False


def _fact_test(word: str) -> Callable[[Event], bool] | None:
    """For ``name:text`` or ``name>number``: whether an event's fact passes; None for a plain word."""
    if not (match := _FACT.fullmatch(word)):
        return None
    name, op, wanted = match.groups()
    if op == ":":
        return lambda event: wanted in event.attribute(name).casefold()
    try:
        limit = float(wanted)
    except ValueError:
        return None
    compare = {"<": float.__lt__, ">": float.__gt__, "=": float.__eq__}[op]

    def test(event: Event) -> bool:
        try:
            return compare(float(event.attribute(name)), limit)
        except ValueError:  # no such fact, or not a number
            return False

    return test


def matching_events(timeline: Timeline, criteria: EventFilter) -> set[str]:
    """Ids of the events that pass ``criteria``."""
    facts = {word: test for word in criteria.words if (test := _fact_test(word))}
    words = [word for word in criteria.words if word not in facts]
    cited: dict[str, list[str]] = defaultdict(list)
    if words:  # one pass over the citations, not one per event
        for citation in timeline.citations.values():
            cited[citation.event_id] += (citation.quote, citation.claimant)
    wanted: dict[str, set[str]] = defaultdict(set)  # fact name → the values checked
    for name, value in criteria.facts:
        wanted[name].add(value)
    found = set()
    for event in timeline.events.values():
        if criteria.lanes and event.lane not in criteria.lanes:
            continue
        if criteria.statuses and event.status not in criteria.statuses:
            continue
        if criteria.tags and criteria.tags.isdisjoint(event.tags):
            continue
        if wanted and not all(event.attribute(name) in values for name, values in wanted.items()):
            continue
        if criteria.with_deaths and not has_deaths(event):
            continue
        if not all(test(event) for test in facts.values()):
            continue
        if words:
            # Joined by newlines so that no word is found straddling two fields.
            values = (value for _, value in event.attributes)
            text = "\n".join((event.title, event.notes, event.annotation, *values, *cited.get(event.id, ()))).casefold()
            if not all(word in text for word in words):
                continue
        found.add(event.id)
    return found


FIELDS = ("title", "notes", "annotation")


def where_matched(timeline: Timeline, event_id: str, criteria: EventFilter) -> list[str]:
    """Which of the event's fields hold a word of the search: 'title', 'notes',
    'annotation', 'quote', 'claimant' (each once, in that order)."""
    event = timeline.events[event_id]
    citations = timeline.citations_for(event_id)
    texts = {name: [getattr(event, name)] for name in FIELDS}
    texts["quote"] = [c.quote for c in citations]
    texts["claimant"] = [c.claimant for c in citations]
    words = criteria.words
    return [name for name, values in texts.items() if any(word in value.casefold() for value in values for word in words)]
