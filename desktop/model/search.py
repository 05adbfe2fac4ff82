"""Which events pass a search and a set of filters.

Within a facet (lanes, statuses, tags) any checked value will do; across facets and
across the words of the search, everything must hold. An empty facet restricts nothing.

A word of the search may name one of a dataset's facts instead: ``admin1:donetsk``
holds where that fact's value contains the text, ``fatalities>0`` (or ``<``, ``=``)
where it is a number that compares so. Other words are looked for in the title,
notes and annotation of an event, the values of its facts, and the quotes and
claimants of its citations.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from .entities import Event, Status
from .timeline import Timeline

_FACT = re.compile(r"([a-z_0-9]+)([:<>=])(.+)")


@dataclass(frozen=True)
class EventFilter:
    text: str = ""
    lanes: frozenset[str] = field(default_factory=frozenset)
    statuses: frozenset[Status] = field(default_factory=frozenset)
    tags: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        # Callers may pass any iterable; freezing keeps the filter hashable and unshared.
        for name in ("lanes", "statuses", "tags"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))

    @property
    def words(self) -> list[str]:
        return self.text.casefold().split()

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.lanes or self.statuses or self.tags)


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
    found = set()
    for event in timeline.events.values():
        if criteria.lanes and event.lane not in criteria.lanes:
            continue
        if criteria.statuses and event.status not in criteria.statuses:
            continue
        if criteria.tags and criteria.tags.isdisjoint(event.tags):
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
