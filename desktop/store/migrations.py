"""Bringing a database written by an older version up to the current schema.

Each step takes the parsed file from one version to the next, in memory; the store
checks the result like any file and writes it only after keeping the original bytes.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any


def _periods_notes_and_annotations(data: dict[str, Any]) -> None:
    for name in ("periods", "notes"):
        data.setdefault(name, {})
    for event in data["events"].values():
        event.setdefault("annotation", "")


def _status_following_and_confidence(data: dict[str, Any]) -> None:
    # Every status stored so far was chosen by hand: it stays the user's, not the citations'.
    for event in data["events"].values():
        event.setdefault("status_auto", False)
        event.setdefault("corroborated_as", "reported")
    for citation in data["citations"].values():
        citation.setdefault("confidence", "normal")


def _attributes(data: dict[str, Any]) -> None:
    # Facts a dataset gives of an event (ACLED's fatalities, place, actors); none so far.
    for event in data["events"].values():
        event.setdefault("attributes", {})


def _times_of_day(data: dict[str, Any]) -> None:
    """Nothing to change: a date may now carry a time of day (2024-08-06T14:30:00+03:00),
    which an older version would take for a damaged file, so such a file is version 5."""


def _unsourced(data: dict[str, Any]) -> None:
    # Statuses following the citations gave an event with none the one it had (often
    # "reported"); now they give "unsourced". A status the user chose stays theirs.
    cited = {citation.get("event_id") for citation in data["citations"].values()}
    for event in data["events"].values():
        if event.get("status_auto") is True and event.get("id") not in cited:
            event["status"] = "unsourced"


def _links(data: dict[str, Any]) -> None:
    # An event's "disputes" field becomes a link record of its own, one of several types.
    # The id is made from what it joins, as the model's link_id makes it (kept here as it
    # was when this step was written).
    links = data.setdefault("links", {})
    number = max(map(int, links), default=0)
    for event in data["events"].values():
        target = event.pop("disputes", None)
        if isinstance(target, str) and target != event.get("id"):
            number += 1
            key = str(uuid.uuid5(uuid.NAMESPACE_URL, f"link:disputes:{event.get('id')}:{target}"))
            links[str(number)] = {"id": key, "from_id": event.get("id"), "to_id": target, "type": "disputes", "note": ""}


def _absorbed_end(data: dict[str, Any]) -> None:
    """Nothing to change: a file may now say how much of the journal it absorbed it holds
    (``absorbed_end``, when a compaction ran while edits went on), and an older version,
    which takes that journal as wholly held, would drop the edits past it; so such a file
    is version 8."""


# STEPS[n - 1] takes a file from version n to n + 1.
STEPS: list[Callable[[dict[str, Any]], None]] = [
    _periods_notes_and_annotations,
    _status_following_and_confidence,
    _attributes,
    _times_of_day,
    _unsourced,
    _links,
    _absorbed_end,
]
CURRENT = len(STEPS) + 1


def upgrade(data: dict[str, Any]) -> int | None:
    """Bring ``data`` (already checked for its shape) to ``CURRENT``; returns the version it
    had when that was older, else None."""
    meta = data["_meta"]["1"]
    original = meta["schema"]
    if original >= CURRENT:
        return None
    for step in STEPS[original - 1 :]:
        step(data)
    meta["schema"] = CURRENT
    return original
