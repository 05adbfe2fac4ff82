"""Which events pass a search and a set of filters.

Within a facet (lanes, statuses, tags) any checked value will do; across facets and
across the words of the search, everything must hold. An empty facet restricts nothing.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .entities import Status
from .timeline import Timeline


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


def matching_events(timeline: Timeline, criteria: EventFilter) -> set[str]:
    """Ids of the events that pass ``criteria``. The search looks at the title, notes and
    annotation of an event, and at the quotes and claimants of its citations."""
    words = criteria.words
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
        if words:
            # Joined by newlines so that no word is found straddling two fields.
            text = "\n".join((event.title, event.notes, event.annotation, *cited.get(event.id, ()))).casefold()
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
