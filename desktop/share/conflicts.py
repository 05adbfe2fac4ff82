"""Merging one record's three versions (the common ancestor's, mine, theirs) field by field,
and the lane order as a whole: what only one side changed is taken, what both changed
alike is taken once, and what both changed differently is a ``Conflict`` for the user (or
a ``Resolve`` function) to settle. Values are as in the record's JSON file. No git, no Qt."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_ABSENT = object()  # a field one version does not have
ORDER = "order"  # the field of the lane order's conflict
LANES = "lanes"  # its path: the folder of the lane records, whose positions it sets


@dataclass(frozen=True)
class Conflict:
    """One field both sides changed differently."""

    path: str  # the record's file: events/<id>.json, timeline.json; "lanes" for the lane order
    kind: str  # the table (events, sources, …), "timeline" for timeline.json
    record_id: str  # "" for timeline.json and the lane order
    field: str
    mine: Any
    theirs: Any
    base: Any = None  # None where the common ancestor has no such field or record


# Given every conflict of a merge, returns {(path, field): the value chosen} for each, or None to cancel.
Resolve = Callable[[list[Conflict]], "dict[tuple[str, str], Any] | None"]


def take_mine(conflicts: Iterable[Conflict]) -> dict[tuple[str, str], Any]:
    return {(c.path, c.field): c.mine for c in conflicts}


def take_theirs(conflicts: Iterable[Conflict]) -> dict[tuple[str, str], Any]:
    return {(c.path, c.field): c.theirs for c in conflicts}


def merge_fields(path: str, kind: str, base: Mapping[str, Any] | None, mine: Mapping[str, Any], theirs: Mapping[str, Any],
                 settled: Iterable[str] = ()) -> tuple[dict[str, Any], list[Conflict]]:
    """The record both sides changed, merged field by field (mine where both changed it:
    the conflicts list those, for a choice); ``settled`` fields are left as mine, without
    a conflict (the lane positions, which the lane order as a whole decides)."""
    base = base or {}
    merged, conflicts = {}, []
    for name in sorted(base.keys() | mine.keys() | theirs.keys()):
        b, m, t = (side.get(name, _ABSENT) for side in (base, mine, theirs))
        value = m if m == t or t == b or name in settled else t if m == b else m
        if m != t and m != b and t != b and name not in settled:
            conflicts.append(Conflict(path, kind, str(mine.get("id", "")), name, _present(m), _present(t), _present(b)))
        if value is not _ABSENT:
            merged[name] = value
    return merged, conflicts


def each_side_s_changes(path: str, kind: str, base: Mapping[str, Any] | None, mine: Mapping[str, Any], theirs: Mapping[str, Any],
                        settled: Iterable[str] = ()) -> list[Conflict]:
    """Each field one side changed, as a conflict: for a record that merges without one,
    field by field, into something the model refuses though each side's own is fine (a
    later start on one side, an earlier end on the other): the user picks what to keep."""
    base = base or {}
    return [Conflict(path, kind, str(mine.get("id", "")), name, _present(m), _present(t), _present(base.get(name, _ABSENT)))
            for name in sorted(mine.keys() | theirs.keys())
            if (m := mine.get(name, _ABSENT)) != (t := theirs.get(name, _ABSENT)) and name not in settled]


def _present(value: Any) -> Any:
    return None if value is _ABSENT else value


def chosen(record: dict[str, Any], conflicts: Iterable[Conflict], choices: Mapping[tuple[str, str], Any]) -> dict[str, Any]:
    """``record`` with each conflicting field as chosen (None: the field removed)."""
    record = dict(record)
    for conflict in conflicts:
        value = choices[conflict.path, conflict.field]
        if value is None:
            record.pop(conflict.field, None)
        else:
            record[conflict.field] = value
    return record


def lane_order(base: Mapping[str, dict], mine: Mapping[str, dict], theirs: Mapping[str, dict]) -> tuple[list[str], Conflict | None]:
    """The lane order (ids) to keep, from each side's lane records by id: of the lanes both
    sides have, the order the side that changed it gave (mine if neither did); a Conflict
    too where both changed it differently (its values: each side's order of ids). Lanes
    the ancestor had no record of (the first lane edit records them all) count as moved."""
    orders = [sorted(side, key=lambda key: (side[key].get("position", 0), key)) for side in (base, mine, theirs)]
    common = mine.keys() & theirs.keys()
    m, t = ([key for key in order if key in common] for order in orders[1:])
    b = [key for key in orders[0] if key in common] if common <= base.keys() else None
    if m != t and m != b and t != b:
        return orders[1], Conflict(LANES, "lane_records", "", ORDER, orders[1], orders[2], orders[0] or None)
    return (orders[2] if m == b else orders[1]), None


def placed(order: list[str], other: list[str], present: Iterable[str]) -> list[str]:
    """Every lane ``present`` in ``order``: those it leaves out (added on the other side)
    after it, in the ``other`` side's order."""
    present = set(present)
    kept = [key for key in order if key in present]
    rest = [key for key in other if key in present and key not in kept]
    return [*kept, *rest, *sorted(present - set(kept) - set(rest))]
