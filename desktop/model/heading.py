"""The timeline's heading: its title and declared lanes, changed by an edit like any
record (a Change of kind HEADING), so that a rename is undone, saved and shared as one."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .edits import Change, Edit
from .entities import ModelError

HEADING = "heading"  # the kind of a Change to the heading; its id is ""


@dataclass(frozen=True)
class Heading:
    title: str
    lanes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "lanes": list(self.lanes)}


def retitled(timeline: Any, title: str) -> Edit:
    """The timeline renamed ``title`` (stripped); ModelError if it is empty."""
    if not title.strip():
        raise ModelError("a timeline needs a title")
    before = timeline.heading()
    after = Heading(title.strip(), before.lanes)
    return Edit(f"Rename timeline to '{after.title}'", (Change(HEADING, "", before, after),))
