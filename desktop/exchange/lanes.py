"""Which lane each actor of a dataset goes in.

ACLED and UCDP name actors exactly ("Military Forces of Russia (2000-)", "Military
Forces of Russia (2000-) Air Force", "Civilians (Ukraine)"), a timeline's lanes are
broader (Russia, Ukraine). An import groups actors into lanes by a mapping: the user's
for this import, else the one the timeline's own events show (an actor's events are in
the lane most of them are in: the mapping is remembered with the timeline, and follows
the user's moves), else a proposal: a lane the timeline has whose name the actor names,
else the country a state's forces belong to, else the actor's own name.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from ..model import Timeline
from .reading import FormatError, check_header, csv_rows, read_table_text

ACTOR_FACTS = ("actor1", "side_a")  # the attribute that names the actor an event's lane is for
_STATE_FORCES = re.compile(r"(?:Military|Police) Forces of (.+?) \(\d{4}-\d{0,4}\)")


def remembered(timeline: Timeline) -> dict[str, str]:
    """Actor → the lane most of its events are in."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for event in timeline.events.values():
        for name in ACTOR_FACTS:
            if actor := event.attribute(name):
                counts[actor][event.lane] += 1
    return {actor: lanes.most_common(1)[0][0] for actor, lanes in counts.items()}


def proposed(actor: str, lanes: list[str]) -> str:
    """A lane for an actor the timeline has none for yet."""
    words = actor.casefold()
    for lane in sorted(lanes, key=len, reverse=True):  # "North Korea" before "Korea"
        if lane.strip() and re.search(rf"\b{re.escape(lane.casefold())}\b", words):
            return lane
    if match := _STATE_FORCES.match(actor):
        return match[1]
    return actor


def lane_map(timeline: Timeline, actors: Iterable[str], chosen: dict[str, str] | None = None) -> dict[str, str]:
    """Actor → lane for each of ``actors``: as chosen, as remembered, or as proposed."""
    known, lanes = remembered(timeline), timeline.lane_order()
    chosen = chosen or {}
    return {actor: chosen.get(actor) or known.get(actor) or proposed(actor, lanes) for actor in dict.fromkeys(actors)}


def read_lane_map(path: Path) -> dict[str, str]:
    """A mapping the user wrote: a CSV with the columns actor,lane."""
    text = read_table_text(path)
    header, rows = csv_rows(path, text)
    header = [name.strip().lower() for name in header]
    check_header(path, header, ("actor", "lane"), ("actor", "lane"))
    mapping = {}
    for line, cells in rows:
        row = dict(zip(header, (cell.strip() for cell in cells)))
        if not row["actor"] or not row["lane"]:
            raise FormatError(path, line, "actor" if not row["actor"] else "lane", "empty: each line maps an actor to a lane")
        mapping[row["actor"]] = row["lane"]
    return mapping

