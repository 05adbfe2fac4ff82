"""A whole timeline: its lanes, events, sources and citations, checked for consistency."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .entities import Citation, Event, ModelError, Source


@dataclass
class Timeline:
    title: str = "Untitled timeline"
    lanes: list[str] = field(default_factory=list)  # display order; one lane per actor
    events: dict[str, Event] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    citations: dict[str, Citation] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.title, str):
            raise ModelError("the timeline title should be text")
        if not isinstance(self.lanes, list) or not all(isinstance(lane, str) for lane in self.lanes):
            raise ModelError("the lanes should be a list of names")
        self.lanes = list(self.lanes)  # never share a list with whoever built us
        self._by_event: dict[str, list[str]] = defaultdict(list)
        for citation in self.citations.values():
            if citation.event_id not in self.events:
                raise ModelError(f"citation {citation.id} cites an unknown event {citation.event_id}")
            if citation.source_id not in self.sources:
                raise ModelError(f"citation {citation.id} cites an unknown source {citation.source_id}")
            self._by_event[citation.event_id].append(citation.id)
        for event in self.events.values():
            if event.disputes is not None and event.disputes not in self.events:
                raise ModelError(f"'{event.title}' disputes an unknown event {event.disputes}")

    def citations_for(self, event_id: str) -> list[Citation]:
        return [self.citations[cid] for cid in self._by_event.get(event_id, ())]

    def disputed_by(self, event_id: str) -> list[Event]:
        """Events recorded as counter-claims to this one."""
        return [e for e in self.events.values() if e.disputes == event_id]

    def lane_order(self) -> list[str]:
        """Declared lanes first, then any lane an event names that was not declared."""
        order = list(self.lanes)
        seen = set(order)
        for event in self.events.values():
            if event.lane not in seen:
                seen.add(event.lane)
                order.append(event.lane)
        return order

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "lanes": list(self.lanes),
            "sources": [s.to_dict() for s in self.sources.values()],
            "events": [e.to_dict() for e in self.events.values()],
            "citations": [c.to_dict() for c in self.citations.values()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Timeline:
        return cls(
            title=data.get("title", "Untitled timeline"),
            lanes=data.get("lanes", []),
            events={e.id: e for e in map(Event.from_dict, data.get("events", []))},
            sources={s.id: s for s in map(Source.from_dict, data.get("sources", []))},
            citations={c.id: c for c in map(Citation.from_dict, data.get("citations", []))},
        )
