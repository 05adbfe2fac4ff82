"""The whole database as one JSON file, to move a timeline between machines.

Every record exactly as the database keeps it (ids, quote anchors, text fingerprints),
in the order the records were made, and the timeline's title and lane order. The
``format`` member tells this file from other JSON, TimelineJS's included.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from ..model import LinkType, Timeline
from ..model.links import made
from ..model.timeline import KINDS
from .importing import Imported
from .reading import FormatError, JsonRecords, Progress, parse_json, tick

FORMAT = "kursk-timeline"
VERSION = 2  # 2: links between events are records of their own
TABLES = ("sources", "events", "citations", "periods", "notes", "lane_records", "links")  # what a record points at comes before it


def json_bytes(timeline: Timeline, progress: Progress | None = None) -> bytes:
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "title": timeline.title, "lanes": list(timeline.lanes)}
    total = sum(len(timeline.table(kind)) for kind in TABLES)
    done = 0
    for kind in TABLES:
        data[kind] = []
        for record in timeline.table(kind).values():
            tick(progress, done, done, total)
            done += 1
            data[kind].append(record.to_dict())
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def is_ours(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT


def read_json(path: Path, text: str, progress: Progress | None = None) -> Imported:
    data = parse_json(path, text)
    if not is_ours(data):
        found = f'its "format" is {data.get("format")!r}' if isinstance(data, dict) and "format" in data else 'it has no "format"'
        raise FormatError(path, 1, "format", f'not a timeline exported by this app: {found}, where this app writes "format": "{FORMAT}"')
    if type(data.get("version")) is not int or not 1 <= data["version"] <= VERSION:
        raise FormatError(path, 1, "version", f"{data.get('version')!r} is not a version this app reads (1 to {VERSION})")
    title, lanes = data.get("title"), data.get("lanes")
    if not isinstance(title, str):
        raise FormatError(path, 1, "title", "should be text")
    if not isinstance(lanes, list) or not all(isinstance(lane, str) for lane in lanes):
        raise FormatError(path, 1, "lanes", "should be a list of lane names")
    read = Imported(path, title=title, lanes=lanes, links=[])
    records = JsonRecords(path, text)
    total = sum(len(items) for kind in TABLES if isinstance(items := data.get(kind, []), list))
    done = 0
    for kind in TABLES:
        items = data.get(kind, [])
        if not isinstance(items, list):
            raise FormatError(path, records.finder.line(kind), kind, "should be a list")
        for index, item in enumerate(items):
            tick(progress, done, done, total)
            done += 1
            getattr(read, kind).append(records.build(kind, index, item, KINDS[kind].from_dict))
    for item in data.get("events", []):  # version 1: an event named the one it disputes
        if isinstance(item, dict) and isinstance(item.get("disputes"), str) and isinstance(item.get("id"), str):
            read.links.append(made(item["id"], item["disputes"], LinkType.DISPUTES))
    read.line_of = records.line_of
    return read
