"""Moving the selection by keyboard: to the next or previous event in time, in all lanes
or in one, and to the nearest event in the lane above or below."""
from __future__ import annotations

from .entities import Event
from .timeline import Timeline


def _when(event: Event) -> tuple:
    return (event.start.earliest, event.start.latest, event.title, event.id)


def in_time_order(timeline: Timeline, ids) -> list[str]:
    """``ids`` by their events' start, earliest first (then title, for a stable order)."""
    return [e.id for e in sorted((timeline.events[i] for i in ids), key=_when)]


def step_in_time(timeline: Timeline, among: list[str], current: str | None, step: int, same_lane: bool = False) -> str | None:
    """The event ``step`` (+1 or -1) after ``current`` in time among ``among`` (in its lane
    if ``same_lane``); from no event, the first or the last; None past either end."""
    events = [timeline.events[i] for i in among]
    if current is not None and same_lane:
        events = [e for e in events if e.lane == timeline.events[current].lane]
    ordered = sorted(events, key=_when)
    if not ordered:
        return None
    if current is None or current not in {e.id for e in ordered}:
        return (ordered[0] if step > 0 else ordered[-1]).id
    index = [e.id for e in ordered].index(current) + step
    return ordered[index].id if 0 <= index < len(ordered) else None


def across_lanes(timeline: Timeline, among: list[str], current: str, step: int) -> str | None:
    """The event nearest in time to ``current`` in the nearest lane ``step`` lanes up (-1) or
    down (+1) that holds one of ``among``; None if no lane that way does."""
    event = timeline.events[current]
    lanes = timeline.lane_order()
    by_lane: dict[str, list[Event]] = {}
    for other in (timeline.events[i] for i in among):
        by_lane.setdefault(other.lane, []).append(other)
    index = lanes.index(event.lane) + step
    while 0 <= index < len(lanes):
        if candidates := by_lane.get(lanes[index]):
            return min(candidates, key=lambda e: (abs((e.start.earliest - event.start.earliest).days), _when(e))).id
        index += step
    return None
