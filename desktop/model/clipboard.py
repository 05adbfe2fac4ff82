"""Events on the clipboard, with their citations and the sources these cite, so that
they paste whole into this timeline or another; and the same events as lines of text
for an article draft.

Pasting makes new events and citations (new ids: the copies are new records). A source
comes along unless the timeline holds it already, known by its fingerprint, the sha256
of its text (a source without text by its title and publisher): its citations then cite
the timeline's own. A pasted event that disputes another copied with it disputes that
one's copy; one that disputes an event of the timeline keeps it, and otherwise nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from .dates import span_label
from .edits import Change, Edit
from .editing import following_citations, name_of
from .entities import Citation, Event, ModelError, Source, new_id
from .timeline import Timeline

MIME_TYPE = "application/x-kursk-timeline-events+json"


@dataclass(frozen=True)
class Clip:
    events: tuple[Event, ...]
    citations: tuple[Citation, ...]
    sources: tuple[Source, ...]

    def to_json(self) -> str:
        return json.dumps({kind: [r.to_dict() for r in getattr(self, kind)] for kind in ("events", "citations", "sources")}, ensure_ascii=False)

    @staticmethod
    def from_json(text: str) -> Clip:
        """The clip ``text`` holds; ModelError if it is not one (another program's data)."""
        try:
            data: Any = json.loads(text)
            clip = Clip(
                tuple(map(Event.from_dict, data["events"])),
                tuple(map(Citation.from_dict, data["citations"])),
                tuple(map(Source.from_dict, data["sources"])),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ModelError(f"the clipboard holds no events this app can read ({error})") from None
        return clip

    def timeline(self) -> Timeline:
        """The clip as a timeline of its own (to export as CSV rows); a dispute of an event
        left out is left out."""
        kept = {e.id for e in self.events}
        events = {e.id: e if e.disputes in kept else replace(e, disputes=None) for e in self.events}
        return Timeline(events=events, citations={c.id: c for c in self.citations}, sources={s.id: s for s in self.sources})


def clip_of(timeline: Timeline, ids: list[str]) -> Clip:
    """The events ``ids`` (in time order), their citations and the sources these cite."""
    events = sorted((timeline.events[i] for i in ids), key=lambda e: (e.start.earliest, e.title))
    citations = [c for e in events for c in timeline.citations_for(e.id)]
    sources = {c.source_id: timeline.sources[c.source_id] for c in citations}
    return Clip(tuple(events), tuple(citations), tuple(sources.values()))


def paste(timeline: Timeline, clip: Clip, verb: str = "Paste") -> tuple[Edit, list[str]]:
    """The edit that adds copies of the clip's events to ``timeline``, and their new ids."""
    sources: dict[str, str] = {}  # the clip's source id → the timeline's
    changes: list[Change] = []
    for source in clip.sources:
        if (held := _held(timeline, source)) is not None:
            sources[source.id] = held.id
        else:
            copy = source if source.id not in timeline.sources else replace(source, id=new_id())
            sources[source.id] = copy.id
            changes.append(Change("sources", copy.id, None, copy))
    ids = {event.id: new_id() for event in clip.events}
    events = []
    for event in clip.events:
        disputes = ids.get(event.disputes) or (event.disputes if event.disputes in timeline.events else None)
        events.append(replace(event, id=ids[event.id], disputes=disputes))
    changes += [Change("events", e.id, None, e) for e in events]
    for citation in clip.citations:
        if citation.event_id in ids and citation.source_id in sources:
            copy = replace(citation, id=new_id(), event_id=ids[citation.event_id], source_id=sources[citation.source_id])
            changes.append(Change("citations", copy.id, None, copy))
    label = f"{verb} {name_of(events)}" if events else verb
    return following_citations(timeline, Edit(label, tuple(changes))), list(ids.values())


def _held(timeline: Timeline, source: Source) -> Source | None:
    """The timeline's copy of ``source``: the same text, or for a source without text the same title and publisher."""
    for held in timeline.sources.values():
        if (held.sha256 == source.sha256 and source.text) or (
            not source.text and not held.text and (held.title, held.publisher) == (source.title, source.publisher)
        ):
            return held
    return None


def as_text(timeline: Timeline, ids: list[str]) -> str:
    """A line per event, in time order, for an article draft: '26 Apr 2025: Russia claims
    … (Russian military, asserts; BBC News)', each citation in its own brackets."""
    clip = clip_of(timeline, ids)
    lines = []
    for event in clip.events:
        cited = "".join(
            f" ({c.claimant}, {c.stance.value}; {timeline.sources[c.source_id].publisher or timeline.sources[c.source_id].title})"
            for c in timeline.citations_for(event.id)
        )
        lines.append(f"{span_label(event.start, event.end)}: {event.title}{cited}")
    return "\n".join(lines)
