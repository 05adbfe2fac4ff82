"""Typed links between two events, each a record of its own: one event disputes, causes,
is part of or is the same as another. A link reads both ways: "Disputes X" on its own
event, "Disputed by Y" on the other."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from .edits import Change, Edit
from .entities import ModelError, _enum, _field


class LinkType(str, Enum):
    DISPUTES = "disputes"  # its event denies the claim of the other
    CAUSES = "causes"
    PART_OF = "part of"
    SAME_AS = "same as"  # one happening recorded twice, by different sources

    @property
    def phrases(self) -> tuple[str, str]:
        """What the link says on its own event, and on the other."""
        return PHRASES[self]


PHRASES = {
    LinkType.DISPUTES: ("Disputes", "Disputed by"),
    LinkType.CAUSES: ("Causes", "Caused by"),
    LinkType.PART_OF: ("Part of", "Has part"),
    LinkType.SAME_AS: ("Same as", "Same as"),
}
# A phrase names the link and the way it is read: the CSV column and TimelineJS text say it so.
BY_PHRASE = {phrase.casefold(): (kind, forward) for kind, pair in PHRASES.items() for phrase, forward in zip(pair, (True, False))}


@dataclass(frozen=True)
class Link:
    id: str
    from_id: str  # the event that disputes, causes, is part of or is the same as
    to_id: str
    type: LinkType
    note: str = ""

    def __post_init__(self) -> None:
        if self.from_id == self.to_id:
            raise ModelError("an event cannot be linked to itself")

    @property
    def key(self) -> tuple[str, str, LinkType]:
        """Two links with one key are one link twice; "same as" reads the same either way."""
        ends = sorted((self.from_id, self.to_id)) if self.type is LinkType.SAME_AS else (self.from_id, self.to_id)
        return (*ends, self.type)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "from_id": self.from_id, "to_id": self.to_id, "type": self.type.value, "note": self.note}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Link:
        return cls(_field(data, "id", str), _field(data, "from_id", str), _field(data, "to_id", str),
                   _enum(LinkType, data.get("type"), "link type"), _field(data, "note", str, ""))


def link_id(from_id: str, to_id: str, kind: LinkType) -> str:
    """The same for the same link wherever it is made: a migration run twice, or a file
    imported twice, makes it once."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"link:{kind.value}:{from_id}:{to_id}"))


def made(from_id: str, to_id: str, kind: LinkType, note: str = "") -> Link:
    return Link(link_id(from_id, to_id, kind), from_id, to_id, kind, note)


def link(timeline: Any, from_id: str, to_id: str, kind: LinkType, note: str = "") -> Edit:
    """The edit that links two events, named as the Undo menu says it: "Link 'A' disputes 'B'"."""
    new = made(from_id, to_id, kind, note)  # refuses a self-link
    title = timeline.events[from_id].title, timeline.events[to_id].title
    if any(held.key == new.key for held in timeline.links.values()):
        raise ModelError(f"'{title[0]}' {kind.value} '{title[1]}' already")
    return Edit(f"Link '{title[0]}' {kind.value} '{title[1]}'", (Change("links", new.id, None, new),))


def annotate(timeline: Any, link_id: str, note: str) -> Edit | None:
    """The edit that changes a link's note (why the two are linked, who says so); None if it
    says that already."""
    held = timeline.links[link_id]
    note = note.strip()
    if note == held.note:
        return None
    title = timeline.events[held.from_id].title, timeline.events[held.to_id].title
    return Edit(f"Note on link '{title[0]}' {held.type.value} '{title[1]}'", (Change("links", link_id, held, replace(held, note=note)),))


def unlink(timeline: Any, link_id: str) -> Edit:
    held = timeline.links[link_id]
    title = timeline.events[held.from_id].title, timeline.events[held.to_id].title
    return Edit(f"Unlink '{title[0]}' {held.type.value} '{title[1]}'", (Change("links", link_id, held, None),))
