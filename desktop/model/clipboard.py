"""Events on the clipboard, with their citations and the sources these cite, so that
they paste whole into this timeline or another; and the same events as lines of text
for an article draft.

Pasting makes new events and citations (new ids: the copies are new records). A source
comes along unless the timeline holds it already, known by its fingerprint, the sha256
of its text (a source without text by its title and publisher): its citations then cite
the timeline's own. A link between two copied events joins their copies; one to an event
of the timeline is kept, and otherwise left out.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from .dates import span_label
from .edits import Change, Edit
from .editing import following_citations, name_of
from .entities import Citation, Event, ModelError, Source, new_id
from .links import Link, made
from .timeline import Timeline

MIME_TYPE = "application/x-kursk-timeline-events+json"


@dataclass(frozen=True)
class Clip:
    events: tuple[Event, ...]
    citations: tuple[Citation, ...]
    sources: tuple[Source, ...]
    links: tuple[Link, ...] = ()  # those with at least one end among the events

    def to_json(self) -> str:
        return json.dumps({kind: [r.to_dict() for r in getattr(self, kind)] for kind in ("events", "citations", "sources", "links")}, ensure_ascii=False)

    @staticmethod
    def from_json(text: str) -> Clip:
        """The clip ``text`` holds; ModelError if it is not one (another program's data)."""
        try:
            data: Any = json.loads(text)
            clip = Clip(
                tuple(map(Event.from_dict, data["events"])),
                tuple(map(Citation.from_dict, data["citations"])),
                tuple(map(Source.from_dict, data["sources"])),
                tuple(map(Link.from_dict, data.get("links", []))),  # a clip copied before links were records has none
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ModelError(f"the clipboard holds no events this app can read ({error})") from None
        return clip

    def timeline(self) -> Timeline:
        """The clip as a timeline of its own (to export as CSV rows); a link to an event
        left out is left out."""
        kept = {e.id for e in self.events}
        return Timeline(events={e.id: e for e in self.events}, citations={c.id: c for c in self.citations}, sources={s.id: s for s in self.sources},
                        links={k.id: k for k in self.links if {k.from_id, k.to_id} <= kept})


def clip_of(timeline: Timeline, ids: list[str]) -> Clip:
    """The events ``ids`` (in time order), their citations and the sources these cite."""
    events = sorted((timeline.events[i] for i in ids), key=lambda e: (e.start.earliest, e.title))
    citations = [c for e in events for c in timeline.citations_for(e.id)]
    sources = {c.source_id: timeline.sources[c.source_id] for c in citations}
    chosen = set(ids)
    links = [k for k in timeline.links.values() if {k.from_id, k.to_id} & chosen]
    return Clip(tuple(events), tuple(citations), tuple(sources.values()), tuple(links))


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
    events = [replace(event, id=ids[event.id]) for event in clip.events]
    changes += [Change("events", e.id, None, e) for e in events]
    for link in clip.links:
        ends = [ids.get(end) or (end if end in timeline.events else None) for end in (link.from_id, link.to_id)]
        if None not in ends:
            copy = made(*ends, link.type, link.note)
            changes.append(Change("links", copy.id, None, copy))
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
