"""Lanes as records: a name, a colour kept whatever the lane's place, whether it is shown,
and its place in the order. A timeline without them orders its lanes as declared, then
as its events name them (``Timeline.lane_order``); the first edit of a lane records
every lane, so that the order and the colours stay as they were seen.

Colours default to Okabe and Ito's palette, told apart with any colour vision."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from .edits import Change, Edit
from .editing import remove
from .entities import Lane, ModelError

# Okabe & Ito (2008), "Color Universal Design"; black and the pale yellow left out, which
# marks and labels on white cannot use.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


def default_colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


class LaneExists(ModelError):
    """A lane renamed to the name of another: the two may be merged instead."""

    def __init__(self, name: str) -> None:
        super().__init__(f"there is a lane named '{name}' already")
        self.name = name


def styles(timeline: Any) -> list[tuple[str, str, bool]]:
    """Each lane in order: its name, colour and whether it is hidden."""
    return styles_of(timeline.lane_order(), timeline.lane_records)


def styles_of(order: list[str], lane_records: dict[str, Lane]) -> list[tuple[str, str, bool]]:
    """``styles`` of the lanes in ``order``, given their records."""
    records = {lane.name: lane for lane in lane_records.values()}
    found = []
    for index, name in enumerate(order):
        lane = records.get(name)
        found.append((name, lane.colour, lane.hidden) if lane else (name, default_colour(index), False))
    return found


def _recorded(timeline: Any) -> dict[str, Lane]:
    """Every lane as a record, by name, in order: those recorded, and those not yet."""
    records = {lane.name: lane for lane in timeline.lane_records.values()}
    return {name: records.get(name) or Lane(name, name, colour, k, hidden) for k, (name, colour, hidden) in enumerate(styles(timeline))}


def _edit(timeline: Any, label: str, lanes: dict[str, Lane | None], events: list[Change] = ()) -> Edit:
    """Lane records as ``lanes`` leave them (None: removed), each at its place in their order."""
    kept = [lane for lane in lanes.values() if lane is not None]
    placed = {lane.id: replace(lane, position=k) for k, lane in enumerate(kept)}
    changes = []
    for key in [*placed, *(key for key in timeline.lane_records if key not in placed)]:
        before, after = timeline.lane_records.get(key), placed.get(key)
        if before != after:
            changes.append(Change("lane_records", key, before, after))
    return Edit(label, (*changes, *events))


def _known(lanes: dict[str, Lane], name: str) -> Lane:
    if name not in lanes:
        raise ModelError(f"there is no lane named '{name}'")
    return lanes[name]


def rename(timeline: Any, name: str, new: str) -> Edit:
    """Its events follow. Raises LaneExists for another lane's name."""
    lanes = _recorded(timeline)
    lane, new = _known(lanes, name), new.strip()
    if not new:
        raise ModelError("a lane needs a name")
    if new != name and new in lanes:
        raise LaneExists(new)
    lanes[name] = replace(lane, name=new)
    moved = [Change("events", e.id, e, replace(e, lane=new)) for e in timeline.events.values() if e.lane == name]
    return _edit(timeline, f"Rename lane '{name}' to '{new}'", lanes, moved)


def restyle(timeline: Any, name: str, colour: str | None = None, hidden: bool | None = None) -> Edit:
    """The lane's colour, or whether it is hidden."""
    lanes = _recorded(timeline)
    lane = _known(lanes, name)
    lanes[name] = replace(lane, colour=lane.colour if colour is None else colour, hidden=lane.hidden if hidden is None else hidden)
    verb = "Colour" if colour is not None else ("Hide" if hidden else "Show")
    return _edit(timeline, f"{verb} lane '{name}'", lanes)


def show_all(timeline: Any) -> Edit:
    lanes = {name: replace(lane, hidden=False) for name, lane in _recorded(timeline).items()}
    return _edit(timeline, "Show hidden lanes", lanes)


def move(timeline: Any, name: str, place: int) -> Edit:
    """The lane to ``place`` in the order (0: first)."""
    lanes = _recorded(timeline)
    _known(lanes, name)
    order = [key for key in lanes if key != name]
    order.insert(max(0, min(place, len(order))), name)
    return _edit(timeline, f"Move lane '{name}'", {key: lanes[key] for key in order})


def merge(timeline: Any, name: str, into: str) -> Edit:
    """The events of ``name`` into ``into``, which stays; ``name`` goes."""
    lanes = _recorded(timeline)
    _known(lanes, name), _known(lanes, into)
    if name == into:
        raise ModelError("a lane cannot be merged with itself")
    lanes[name] = None
    moved = [Change("events", e.id, e, replace(e, lane=into)) for e in timeline.events.values() if e.lane == name]
    return _edit(timeline, f"Merge lane '{name}' into '{into}'", lanes, moved)


def delete(timeline: Any, name: str) -> Edit:
    """The lane with its events (their citations too; counter-claims let go of them)."""

    lanes = _recorded(timeline)
    _known(lanes, name)
    if len(lanes) == 1:
        raise ModelError(f"'{name}' is the last lane: a timeline needs one")
    lanes[name] = None
    events = [e.id for e in timeline.events.values() if e.lane == name]
    removed = remove(timeline, "events", events).changes if events else ()
    return _edit(timeline, f"Delete lane '{name}'", lanes, list(removed))


def renames(timeline: Any, edit: Edit) -> dict[str, str]:
    """The lanes an edit (a rename, or the undo of one) gave another name, old → new, in
    ``timeline`` as the edit leaves it. A record's id is the name it was first recorded
    under: a lane recorded by its first rename has no record before it, and loses it when
    that rename is undone."""
    renamed = {}
    for change in edit.changes:
        if change.kind != "lane_records":
            continue
        before, after = change.before, change.after
        if before is not None and after is not None:
            renamed[before.name] = after.name
        elif after is not None:
            renamed[after.id] = after.name
        else:
            renamed[before.name] = before.id
    if not renamed:  # the order is a pass over the events: not for every drag
        return renamed
    order = set(timeline.lane_order())
    return {old: new for old, new in renamed.items() if old != new and new in order and old not in order}


def removals(timeline: Any, edit: Edit) -> set[str]:
    """The lanes an edit took away (deleted, merged into another, emptied), by name: those
    a record or an event left, and that ``timeline``, as the edit leaves it, no longer has."""
    left = set()
    for change in edit.changes:
        before, after = change.before, change.after
        if change.kind == "lane_records" and before is not None and (after is None or after.name != before.name):
            left.add(before.name)
        elif change.kind == "events" and before is not None and (after is None or after.lane != before.lane):
            left.add(before.lane)
    return left - set(timeline.lane_order()) if left else left  # the order is a pass over the events: not for every drag
