"""Items of vis-timeline (visjs.github.io/vis-timeline), the JavaScript timeline, as its
DataSets serialise them: a list of items (``[{id, content, start, end, group, type}]``)
or an object with the items and their groups (``{"items": [...], "groups": [...]}``).

An item is an event: its content (HTML, read as text on one line) the title, its
``title`` (the tooltip) the notes, a range if it has an end; its group is its lane, named by the
group's content. A background item is a period, over its group's lane if it has one.
Dates are ISO text (a day, or a moment with its zone or without) or milliseconds since
1970 (UTC). The item's id makes the event's, so that importing the file again updates
what the first import made. Styling (className, style) and subgroups are not kept.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path
from typing import Any

from ..model import DateError, Event, FuzzyDate, Period
from .importing import Cites, Imported, not_kept
from .reading import FormatError, LineFinder, Progress, parse_json, tick
from .timelinejs import plain_text

ID_PREFIX = "vis:"
KNOWN = {"id", "content", "start", "end", "group", "type", "title"}
_FRACTION = re.compile(r"(T\d\d:\d\d:\d\d)\.(\d+)")
_SPACED = re.compile(r"(\d{4}-\d\d-\d\d) (\d)")


def _items(data: Any) -> Any:
    return data.get("items") if isinstance(data, dict) else data


def is_vis_timeline(data: Any) -> bool:
    """Whether JSON is vis-timeline's: items whose first has a content and a start."""
    items = _items(data)
    return isinstance(items, list) and bool(items) and isinstance(items[0], dict) and {"content", "start"} <= items[0].keys()


def read_vis_timeline(path: Path, text: str, progress: Progress | None = None) -> Imported:
    data = parse_json(path, text)
    items, finder = _items(data), LineFinder(text)
    where = ("items",) if isinstance(data, dict) else ()
    if not isinstance(items, list):
        raise FormatError(path, 1, "items", "missing: vis-timeline JSON is a list of items, or an object with one under \"items\"")
    groups = data.get("groups", []) if isinstance(data, dict) else []
    if not isinstance(groups, list):
        raise FormatError(path, finder.line("groups"), "groups", "should be a list of groups, each with an id and a content")
    lanes: dict[Any, str] = {}
    for index, group in enumerate(groups):
        if not isinstance(group, dict) or "id" not in group:
            raise FormatError(path, finder.line("groups", index), f"groups[{index}]", "should be an object with an id and a content")
        lanes[_key(group["id"])] = plain_text(group.get("content")) or str(group["id"])
    read = Imported(path, lanes=list(dict.fromkeys(lanes.values())), fields=frozenset({"title", "start", "end", "lane", "notes"}), cites=Cites.NONE)
    seen: dict[str, int] = {}
    dropped: set[str] = set()
    ends = 0
    cut: list[str] = []  # the dates that lost a fraction of a second
    untitled = 0
    for index, item in enumerate(items):
        tick(progress, index, index, len(items))
        try:
            if not isinstance(item, dict):
                raise ValueError(f"should be an object, not {type(item).__name__}")
            record = _record(item, lanes, cut)
        except ValueError as error:
            raise FormatError(path, finder.line(*where, index), f"items[{index}]", str(error)) from None
        if record.id in seen:
            raise FormatError(path, finder.line(*where, index), f"items[{index}]", f"id {record.id[len(ID_PREFIX):]!r} is the id of items[{seen[record.id]}] already")
        seen[record.id] = index
        (read.periods if isinstance(record, Period) else read.events).append(record)
        dropped |= {str(name)[:40] for name in item.keys() - KNOWN}
        ends += item.get("end") is not None and record.end is None  # a box or point drawn at its start only
        untitled += item.get("content") is not None and not isinstance(item["content"], str)  # a DOM element, in vis
    read.line_of = lambda kind, key: finder.line(*where, seen[key]) if kind == "events" and key in seen else None
    read.lost = not_kept(([f"the items' {', '.join(sorted(dropped))}"] if dropped else []) + ([f"ends of box and point items ({ends})"] if ends else [])
                         + ([f"fractions of a second ({len(cut)})"] if cut else [])
                         + ([f"contents that are not text, titled by their kind ({untitled})"] if untitled else []))
    return read


def _key(value: Any) -> str:
    """A group's id as the items name it: 1 and "1" are different groups, as in vis-timeline."""
    return json.dumps(value, sort_keys=True)


def _record(item: dict[str, Any], lanes: dict[str, str], cut: list[str]) -> Event | Period:
    kind = item.get("type") or ("range" if item.get("end") is not None else "box")
    if kind not in ("box", "point", "range", "background"):
        raise ValueError(f"type {str(kind)[:20]!r} is not one of box, point, range or background")
    title, notes = " ".join(plain_text(item.get("content")).split()), plain_text(item.get("title"))
    start = _date(item, "start", cut)
    end = _date(item, "end", cut) if item.get("end") is not None and kind in ("range", "background") else None
    if kind in ("range", "background") and end is None:
        raise ValueError(f"a {kind} item needs an end")
    group = item.get("group")
    if group is not None and type(group) not in (str, int, float):
        raise ValueError(f"group: should be a group's id (text or a number), not {type(group).__name__}")
    lane = "" if group is None else lanes.get(_key(group), str(group))
    if kind == "background":
        return Period(_id(item), title or "Background", start, end, lanes=(lane,) if lane else ())
    return Event(_id(item), title or "Untitled item", start, end, lane=lane, notes=notes)


def _id(item: dict[str, Any]) -> str:
    """The item's id; without one, an id made from its content."""
    if isinstance(item.get("id"), (str, int)) and not isinstance(item["id"], bool) and str(item["id"]):
        return ID_PREFIX + str(item["id"])
    try:
        content = json.dumps(item, sort_keys=True)
    except (RecursionError, TypeError):
        raise ValueError("nested too deeply to be an item") from None
    return ID_PREFIX + str(uuid.uuid5(uuid.NAMESPACE_URL, "vis-timeline:" + content))


def _date(item: dict[str, Any], key: str, cut: list[str]) -> FuzzyDate:
    """The item's date at ``key``; a fraction of a second, which an event cannot hold, noted in ``cut``."""
    value = item.get(key)
    if type(value) in (int, float):  # milliseconds since 1970, UTC
        try:
            moment = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(milliseconds=value)
        except (OverflowError, ValueError):
            raise ValueError(f"{key}: {value!r} milliseconds since 1970 is out of range") from None
        if moment.hour == moment.minute == moment.second == 0:
            return FuzzyDate(moment.year, moment.month, moment.day)
        if moment.microsecond:
            cut.append(key)
        return FuzzyDate(moment.year, moment.month, moment.day, time=moment.time().replace(microsecond=0), offset=0)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key} needs a date: 2014-04-20, 2014-04-20T10:00:00 or milliseconds since 1970")
    text = _SPACED.sub(r"\1T\2", value.strip())
    if (fraction := _FRACTION.search(text)) and fraction[2].strip("0"):
        cut.append(key)
    text = _FRACTION.sub(r"\1", text)
    try:
        return FuzzyDate.parse(text)
    except DateError as error:
        raise ValueError(f"{key}: {error}") from None
