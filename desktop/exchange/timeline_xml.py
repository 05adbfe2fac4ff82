"""The ``.timeline`` files of Timeline (thetimelineproj, timeline.sourceforge.net), XML
format versions 0.x to 2.x, in and out, so that a user can move to and from that app.

Import: each ``<event>`` is an event: its text the title, its description the notes, a
start and end on the same moment a point, else a range. Timeline writes every moment to
the second: midnight is read as a day, any other time as that time of day (its zone
unknown). A category is a lane; a category nested in another is the lane of its
top category with the names below it as tags, and the other categories of an event
(``<categories>``, 2.x) are tags too. A hidden category is a hidden lane. Fuzzy ends
are approximate dates (without their time of day, which an approximate date cannot
have). A container (``[1]Name``) is a period over the lanes of its subevents, and each
subevent (``(1)Text``) keeps the container's name. Eras are periods. What Timeline
holds that the model has no field for (locked, ends today, progress, hyperlink, alert,
labels, colour, milestone) stays on the event as its attributes, for the export to
write back. Icons, container descriptions, an era's "ends today" and the view are not
kept: the import report says so.

Export writes the same XML as Timeline 2.5 does. Timeline has no ids: an event's id is
made from its text and moments, so that importing the same file again updates what the
first import made.
"""
from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..model import Event, FuzzyDate, Period, Timeline
from ..model.lanes import Lane, styles
from .detect import Content
from .importing import Cites, Imported, not_kept
from .reading import FormatError, Progress, tick

WRITTEN_AS = "2.5.0"  # the XML of Timeline 2.5, which every Timeline since reads
CONTAINER_PERIOD = "timeline-container:"  # id prefix of a period made from a container
# Timeline's fields the model has no field for, kept as the event's attributes by these names.
KEPT = ("progress", "locked", "ends_today", "labels", "alert", "hyperlink", "default_color", "milestone")
_DEFAULT_COLOUR = "200,200,200"  # what Timeline writes for an event given no colour
_MOMENT = re.compile(r"(-?\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)")
_VERSION = re.compile(r"(\d+)\.(\d+)\.(\d+)")
_COLOUR = re.compile(r"(\d{1,3}),(\d{1,3}),(\d{1,3})")
_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold
_TIME_TYPES = {"numtime": "numbers, not dates", "bosparaniantime": "the Bosparanian calendar", "coptictime": "the Coptic calendar",
               "pharaonictime": "the Pharaonic calendar"}


def is_timeline_xml(content: Content) -> bool:
    return content.kind == "markup" and content.root == "timeline"


class _Problem(ValueError):
    """A value of an element that cannot be read: its line, its name, and why."""

    def __init__(self, line: int | None, field: str, problem: str) -> None:
        self.line, self.field = line, field
        super().__init__(problem)


class _Fields:
    """An element's children by name, the first of each: an event has a dozen, each read once."""

    def __init__(self, element: etree._Element) -> None:
        self.tag, self.line = element.tag, element.sourceline
        self.children = {child.tag: child for child in reversed(element) if isinstance(child.tag, str)}

    def text(self, name: str, required: bool = False) -> str | None:
        child = self.children.get(name)
        if child is None:
            if required:
                raise _Problem(self.line, name, f"missing: every <{self.tag}> of a Timeline file has a <{name}>")
            return None
        return child.text or ""

    def problem(self, name: str, problem: str) -> _Problem:
        """What is wrong with the child ``name`` (or the element, if it has none), where it is."""
        child = self.children.get(name)
        return _Problem(child.sourceline if child is not None else self.line, name, problem)


@dataclass
class _Category:
    lane: str  # its top category's name
    path: tuple[str, ...]  # the names below the top one, down to it


@dataclass
class _Reading:
    read: Imported
    categories: dict[str, _Category] = field(default_factory=dict)
    containers: dict[str, tuple[str, _Fields]] = field(default_factory=dict)  # its number → (name, element)
    lost: Counter = field(default_factory=Counter)
    seen: Counter = field(default_factory=Counter)  # ids made so far, to tell apart events alike in everything


def read_timeline_xml(path: Path, text: str, progress: Progress | None = None) -> Imported:
    root = _parsed(path, text)
    read = Imported(path, title=path.stem.replace("_", " ") or None, fields=frozenset({"title", "start", "end", "lane", "tags", "notes", "attributes"}),
                    cites=Cites.NONE)
    reading = _Reading(read)
    lines: dict[str, int] = {}  # event id → the line of its <event>, for an error found later
    try:
        _check_version(root)
        _read_categories(reading, root)
        events = root.findall("events/event")
        for index, element in enumerate(events):
            tick(progress, index, index, len(events))
            if event := _event(reading, _Fields(element)):
                reading.read.events.append(event)
                lines[event.id] = element.sourceline
        _containers(reading)
        read.periods += [_era(_Fields(element)) for element in root.findall("eras/era")]
    except _Problem as problem:
        raise FormatError(path, problem.line, problem.field, str(problem)) from None
    read.line_of = lambda kind, key: lines.get(key) if kind == "events" else None
    if root.find("view/displayed_period") is not None:
        reading.lost["the view it was saved with"] += 1
    read.lost = not_kept([what if count == 1 else f"{what} ({count})" for what, count in reading.lost.items()])
    return read


def _parsed(path: Path, text: str) -> etree._Element:
    # lxml takes no text that declares an encoding; the text is decoded already.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(_DECLARATION.sub("", text, count=1), parser)
    except etree.XMLSyntaxError as error:
        raise FormatError(path, error.lineno or None, "syntax", error.msg.split(", line ")[0]) from None
    except ValueError as error:  # characters XML cannot hold
        raise FormatError(path, None, "syntax", str(error)) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):  # left unresolved, each would cut its text short
        raise FormatError(path, text.count("\n", 0, text.find("<!DOCTYPE")) + 1, "DOCTYPE",
                          "a Timeline file declares no entities of its own; this one does, and what they stand for would be lost")
    if root.tag != "timeline":
        raise FormatError(path, root.sourceline, "content", f"the root element is <{root.tag}>; a Timeline file's is <timeline>")
    return root


def _check_version(root: etree._Element) -> None:
    fields = _Fields(root)
    version = fields.text("version", required=True) or ""
    match = _VERSION.match(version.strip())
    if not match:
        raise fields.problem("version", f"{version[:40]!r} is not a version number like 2.5.0")
    if int(match[1]) > 2:
        raise fields.problem("version", f"Timeline {version.strip()[:40]} is newer than this app reads (format versions up to 2.x)")
    time_type = (fields.text("timetype") or "gregoriantime").strip()
    if time_type != "gregoriantime":
        counted = _TIME_TYPES.get(time_type, f"an unknown kind of time, {time_type[:40]!r}")
        raise fields.problem("timetype", f"this timeline counts time in {counted}; this app reads Timeline files of calendar dates (gregoriantime)")


def _read_categories(reading: _Reading, root: etree._Element) -> None:
    hidden = {(name.text or "").strip() for name in root.findall("view/hidden_categories/name")}
    for element in map(_Fields, root.findall("categories/category")):
        name = (element.text("name", required=True) or "").strip()
        if not name:
            raise element.problem("name", "empty: a category needs a name")
        parent = (element.text("parent") or "").strip()
        if parent and parent not in reading.categories:
            raise element.problem("parent", f"{parent[:40]!r} is not a category named before it")
        if any(element.text(other) not in (None, "0,0,0") for other in ("font_color", "progress_color", "done_color")):
            reading.lost["categories' text and progress colours"] += 1
        above = reading.categories.get(parent)
        reading.categories[name] = _Category(above.lane, above.path + (name,)) if above else _Category(name, ())
        if not above:
            colour = _colour(element, "color")
            reading.read.lane_records.append(Lane(name, name, colour or "#c8c8c8", len(reading.read.lane_records), hidden=name in hidden))
            reading.read.lanes.append(name)


def _colour(element: _Fields, name: str) -> str | None:
    value = element.text(name)
    if value is None:
        return None
    match = _COLOUR.fullmatch(value.strip())
    if not match or any(int(part) > 255 for part in match.groups()):
        raise element.problem(name, f"{value[:40]!r} is not a colour written r,g,b with numbers from 0 to 255")
    return "#" + "".join(f"{int(part):02x}" for part in match.groups())


def _moment(element: _Fields, name: str, fuzzy: bool) -> tuple[FuzzyDate, bool]:
    """The date, and whether a time of day was left out to make it approximate."""
    value = (element.text(name, required=True) or "").strip()
    match = _MOMENT.fullmatch(value)
    if not match:
        raise element.problem(name, f"{value[:40]!r} is not a moment written year-month-day hour:minute:second")
    year, month, day, *clock = map(int, match.groups())
    if not 1 <= year <= 9999:
        raise element.problem(name, f"year {year} is out of range: this app's dates are in the years 1 to 9999")
    try:
        timed = any(clock) and not fuzzy
        date = FuzzyDate(year, month, day, approximate=fuzzy, time=dt.time(*clock) if timed else None)
    except ValueError as error:
        raise element.problem(name, f"{value!r}: {error}") from None
    return date, fuzzy and any(clock)


def _flag(element: _Fields, name: str) -> bool:
    return (element.text(name) or "").strip() == "True"


def _event(reading: _Reading, element: _Fields) -> Event | None:
    """The event an <event> is; None for a container, which becomes a period."""
    text = element.text("text", required=True) or ""
    container = None
    if text.startswith("["):  # a container: [number]name
        number, _, text = text[1:].partition("]")
        reading.containers[number] = (text.strip() or "Container", element)
        return None
    if text.startswith("("):  # a subevent: (its container's number)text
        number, _, text = text[1:].partition(")")
        if number not in reading.containers:
            raise element.problem("text", f"a subevent of container {number[:20]!r}, which no event before it is")
        container = reading.containers[number][0]
    elif text[:2] in (" (", " ["):  # Timeline's escape of a text that starts like one of those
        text = text[1:]
    fuzzy = _flag(element, "fuzzy")
    start, lost_start = _moment(element, "start", fuzzy or _flag(element, "fuzzy_start"))
    end, lost_end = _moment(element, "end", fuzzy or _flag(element, "fuzzy_end"))
    if lost_start or lost_end:
        reading.lost["times of day of fuzzy events"] += 1
    if "icon" in element.children:
        reading.lost["icons"] += 1
    lane, tags = "", []
    listed = element.children.get("categories")
    for name in [element.text("category")] + [c.text for c in (listed.findall("category") if listed is not None else ())]:
        name = (name or "").strip()
        if not name:
            continue
        if name not in reading.categories:
            raise element.problem("category", f"{name[:40]!r} is not a category of the file")
        found = reading.categories[name]
        if not lane:
            lane, tags = found.lane, list(found.path)
        else:
            tags.append(name)
    attributes = {name: value.strip() for name in KEPT if (value := element.text(name)) is not None and value.strip()}
    attributes = {k: v for k, v in attributes.items() if (k, v) not in (("progress", "0"), ("locked", "False"), ("ends_today", "False"),
                                                                          ("milestone", "False"), ("default_color", _DEFAULT_COLOUR))}
    if container:
        attributes["container"] = container
    title = text.strip() or "Untitled"
    key = f"{title}|{start.edtf}|{end.edtf}"
    reading.seen[key] += 1
    try:
        return Event(
            str(uuid.uuid5(uuid.NAMESPACE_URL, f"thetimelineproj:{key}|{reading.seen[key]}")), title, start, None if end == start else end,
            lane=lane, tags=tuple(dict.fromkeys(tags)), notes=element.text("description") or "",
            attributes=tuple(sorted(attributes.items())),
        )
    except ValueError as error:
        raise element.problem("end", str(error)) from None


def _containers(reading: _Reading) -> None:
    """Each container as a period over the lanes of its subevents."""
    for name, element in reading.containers.values():
        start, _ = _moment(element, "start", False)
        end, _ = _moment(element, "end", False)
        if element.text("description"):
            reading.lost["container descriptions"] += 1
        lanes = tuple(dict.fromkeys(e.lane for e in reading.read.events if e.attribute("container") == name and e.lane))
        key = f"{name}|{start.edtf}|{end.edtf}"
        colour = _colour(element, "default_color") or ""
        try:
            reading.read.periods.append(Period(CONTAINER_PERIOD + str(uuid.uuid5(uuid.NAMESPACE_URL, key)), name, start, end, colour, lanes))
        except ValueError as error:
            raise element.problem("end", str(error)) from None


def _era(element: _Fields) -> Period:
    name = (element.text("name", required=True) or "").strip() or "Era"
    start, _ = _moment(element, "start", False)
    end, _ = _moment(element, "end", False)
    try:
        return Period(str(uuid.uuid5(uuid.NAMESPACE_URL, f"thetimelineproj-era:{name}|{start.edtf}|{end.edtf}")), name, start, end,
                      colour=_colour(element, "color") or "")
    except ValueError as error:
        raise element.problem("end", str(error)) from None


# Export

def timeline_xml_bytes(timeline: Timeline, progress: Progress | None = None) -> bytes:
    root = etree.Element("timeline")
    _add(root, "version", WRITTEN_AS)
    _add(root, "timetype", "gregoriantime")
    eras = [p for p in timeline.periods.values() if not p.id.startswith(CONTAINER_PERIOD)]
    if eras:
        parent = etree.SubElement(root, "eras")
        for era in eras:
            element = etree.SubElement(parent, "era")
            _add(element, "name", era.label)
            _add(element, "start", _written(era.start, end=False))
            _add(element, "end", _written(era.end, end=True))
            _add(element, "color", _rgb(era.colour or "#c8c8c8"))
            _add(element, "ends_today", "False")
    lanes = styles(timeline)
    categories = etree.SubElement(root, "categories")
    written: set[str] = set()

    def category(name: str, colour: str, parent: str | None = None) -> None:
        if name in written:
            return
        written.add(name)
        element = etree.SubElement(categories, "category")
        _add(element, "name", name)
        _add(element, "color", _rgb(colour))
        _add(element, "font_color", "0,0,0")
        if parent:
            _add(element, "parent", parent)

    colours = {name: colour for name, colour, _ in lanes}
    for name, colour, _ in lanes:
        if name:
            category(name, colour)
    events = etree.SubElement(root, "events")
    containers = list(dict.fromkeys(a for e in timeline.events.values() if (a := e.attribute("container"))))
    numbers = {name: n for n, name in enumerate(containers, 1)}
    boxes = {p.label: p for p in timeline.periods.values() if p.id.startswith(CONTAINER_PERIOD)}
    for name in containers:
        members = [e for e in timeline.events.values() if e.attribute("container") == name]
        start = min((e.start for e in members), key=lambda d: d.earliest)
        end = max((e.end or e.start for e in members), key=lambda d: d.latest)
        colour = ()
        if box := boxes.get(name):  # as it was read: Timeline fits it to its subevents again
            start, end = box.start, box.end
            colour = (("default_color", _rgb(box.colour)),) if box.colour else ()
        _event_element(events, f"[{numbers[name]}]{name}", start, end, None, (), "", colour)
    for index, event in enumerate(timeline.events.values()):
        tick(progress, index, index, len(timeline.events))
        tags = event.tags if event.lane else ()  # an event's other categories: each under its lane's, out of the lanes
        for tag in tags:
            category(tag, colours.get(event.lane, "#c8c8c8"), parent=event.lane)
        text = event.title if event.title[:1] not in "([" else " " + event.title
        if container := event.attribute("container"):
            text = f"({numbers[container]}){event.title}"
        _event_element(events, text, event.start, event.end or event.start, event.lane or None, tags, event.notes, event.attributes)
    view = etree.SubElement(root, "view")
    hidden = etree.SubElement(view, "hidden_categories")
    for name, _, is_hidden in lanes:
        if is_hidden and name:
            _add(hidden, "name", name)
    etree.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + etree.tostring(root, encoding="utf-8", pretty_print=True)


def _event_element(parent: etree._Element, text: str, start: FuzzyDate, end: FuzzyDate, lane: str | None, tags: tuple[str, ...], notes: str,
                   attributes: tuple[tuple[str, str], ...]) -> None:
    kept = dict(attributes)
    element = etree.SubElement(parent, "event")
    _add(element, "start", _written(start, end=False))
    _add(element, "end", _written(end, end=True))
    _add(element, "text", text)
    if "progress" in kept:
        _add(element, "progress", kept["progress"])
    _add(element, "fuzzy", "False")  # as Timeline 2.5 writes it: its fuzzy_start and fuzzy_end say which end is
    _add(element, "fuzzy_start", str(start.approximate or start.uncertain))
    _add(element, "fuzzy_end", str(end.approximate or end.uncertain))
    _add(element, "locked", kept.get("locked", "False"))
    _add(element, "ends_today", kept.get("ends_today", "False"))
    if lane:
        _add(element, "category", lane)
        if tags:
            listed = etree.SubElement(element, "categories")
            for name in tags:
                _add(listed, "category", name)
    if notes:
        _add(element, "description", notes)
    for name in ("labels", "alert", "hyperlink"):
        if name in kept:
            _add(element, name, kept[name])
    _add(element, "default_color", kept.get("default_color", _DEFAULT_COLOUR))
    if kept.get("milestone") == "True":
        _add(element, "milestone", "True")


def _add(parent: etree._Element, name: str, text: str) -> None:
    etree.SubElement(parent, name).text = _NOT_XML.sub("", text)


def _written(date: FuzzyDate, end: bool) -> str:
    """A moment as Timeline writes it: a month or year starts on its first day and ends on its last."""
    day = date.latest if end and date.day is None else date.earliest
    clock = date.time.strftime("%H:%M:%S") if date.time else "00:00:00"
    return f"{day.year}-{day.month:02d}-{day.day:02d} {clock}"


def _rgb(colour: str) -> str:
    return ",".join(str(int(colour[k:k + 2], 16)) for k in (1, 3, 5))

