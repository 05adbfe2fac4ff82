"""The git-friendly form of a timeline: one file per record, so that git's own line
merge joins two people's edits to different fields of one record and shows a conflict
only where both changed the same field.

``timeline.json`` holds the schema version, title and declared lanes; each record is
``<folder>/<xx>/<id>.json``: pretty JSON, keys sorted, one field per line, a newline at
the end, so the same record always gives the same bytes. A source's text, often
thousands of words, lies beside it as ``sources/<xx>/<id>.txt``, exactly as read (its
sha256 checks it). ``<xx>``, the first two hex digits of the id's sha1, spreads a folder
over 256 subfolders, as git spreads its own objects: a commit of a few records rewrites
trees of a few hundred entries, not one of 100,000 (6 MB at each sync, to write, push
and keep).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import orjson

from ..model import Timeline
from ..model.edits import Change
from ..model.heading import HEADING, Heading
from ..model.timeline import KINDS

# The version of the form: 7, the store's schema version when a step last changed a record
# (links), kept each folder's files side by side; 8 spreads them over subfolders. A
# repository published flat stays flat (its teammates may not all have this version),
# so both are read and each is written as the repository has it.
SCHEMA_VERSION = 8
FLAT = 7
# The timeline's tables and the folder each lives in.
FOLDERS = {"events": "events", "sources": "sources", "citations": "citations", "periods": "periods",
           "notes": "notes", "lane_records": "lanes", "links": "links"}
KIND_OF_FOLDER = {folder: kind for kind, folder in FOLDERS.items()}
HEAD = "timeline.json"
# Every file is kept byte for byte: no end-of-line conversion on any platform (a source's
# text must keep its sha256), and .json files merge line by line.
ATTRIBUTES = ".gitattributes"
ATTRIBUTES_TEXT = b"* -text\n*.json merge=text diff\n"
# Characters of an id kept as they are in its file name; others (":" of "acled:…", "/",
# those Windows forbids) are written %XX, as in a URL.
_KEPT = "-_.~!$&'()+,;=@#"
_QUOTED = re.compile(r"[^A-Za-z0-9_.~" + re.escape(_KEPT) + "]+")  # what quote() changes
_LONGEST = 200  # bytes of a file name, below the 255 most file systems allow
_BUCKET = re.compile(r"[0-9a-f]{2}")


class FormError(ValueError):
    """A file of the shared form that cannot be read; the message names the file and the field."""


def _dumped(data: Any) -> bytes:
    # The bytes of json.dumps(indent=2, sort_keys=True, ensure_ascii=False) and a newline,
    # ten times faster: a sync writes every record's form to compare it.
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)


def files_of(timeline: Timeline, flat: bool = False) -> dict[str, bytes]:
    """The timeline as files: relative path (with /) → bytes; ``flat``: as version 7 lays them out."""
    files = {ATTRIBUTES: ATTRIBUTES_TEXT, HEAD: _head_bytes(timeline, flat)}
    for kind in FOLDERS:
        for key, record in timeline.table(kind).items():
            files.update(record_files(kind, key, record, flat))
    return files


def _head_bytes(timeline: Timeline, flat: bool) -> bytes:
    return _dumped({"schema": FLAT if flat else SCHEMA_VERSION, "title": timeline.title, "lanes": timeline.lanes})


def record_path(kind: str, key: str, flat: bool = False) -> str:
    """Where the record of ``kind`` with id ``key`` lies (its JSON file)."""
    name = file_name(key)
    if flat:
        return f"{FOLDERS[kind]}/{name}.json"
    return f"{FOLDERS[kind]}/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:2]}/{name}.json"


def record_files(kind: str, key: str, record: Any, flat: bool = False) -> dict[str, bytes]:
    """The files of one record: its JSON, and a source's text beside it."""
    path = record_path(kind, key, flat)
    if len(path.rpartition("/")[2].encode()) > _LONGEST:
        raise FormError(f"{kind} {key!r}: this id is too long to name a file")
    data = record.to_dict()
    files = {path.removesuffix(".json") + ".txt": data.pop("text").encode("utf-8")} if kind == "sources" else {}
    files[path] = _dumped(data)
    return files


_FLAT_SCHEMA = re.compile(rb'^  "schema": %d,?$' % FLAT, re.MULTILINE)


def is_flat(head: bytes) -> bool:
    """Whether the timeline whose ``timeline.json`` holds ``head`` is laid out as version 7
    (none yet is not). Its schema line alone is read: a merge under way may have left
    conflict markers on the lines of a title both sides changed."""
    return _FLAT_SCHEMA.search(head) is not None


def files_at(timeline: Timeline, paths: Iterable[str], flat: bool) -> dict[str, bytes]:
    """The files the timeline gives the form's ``paths``: those of their records (both of a
    source), its head; nothing for a record it does not hold."""
    files = {}
    for path in paths:
        if path in (HEAD, ATTRIBUTES):
            files.update({ATTRIBUTES: ATTRIBUTES_TEXT, HEAD: _head_bytes(timeline, flat)})
        elif (record := _record_path(path, flat)) is not None:
            _, kind, key = _record_of(record)
            if (found := timeline.table(kind).get(key)) is not None:
                files.update(record_files(kind, key, found, flat))
    return files


class Written:
    """The records whose files a working copy holds, as the very objects they were made
    from. Records are never changed in place (an edit makes a new one), so a record that is
    still the same object still has the same files: finding the few a sync must write
    among 100,000 events is a pass of identity checks, not every record serialised (2 s).
    A record equal to the one written (the same database loaded again) has the same files too."""

    def __init__(self, timeline: Timeline, flat: bool = False) -> None:
        self._records = {kind: dict(timeline.table(kind)) for kind in FOLDERS}
        self._flat = flat
        self._head = _head_bytes(timeline, flat)

    def changes(self, timeline: Timeline) -> tuple[dict[str, bytes], list[str]]:
        """The files of what changed since: (path → bytes to write, paths to remove);
        ``self`` then stands for ``timeline``."""
        files: dict[str, bytes] = {}
        gone: list[str] = []
        if (head := _head_bytes(timeline, self._flat)) != self._head:
            files[HEAD] = self._head = head
        for kind in FOLDERS:
            now, before = timeline.table(kind), self._records[kind]
            for key, record in now.items():
                if (held := before.get(key)) is not record and held != record:
                    files.update(record_files(kind, key, record, self._flat))
            for key in before.keys() - now.keys():
                gone += [path for path in record_files(kind, key, before[key], self._flat) if path not in files]
            self._records[kind] = dict(now)
        return files, sorted(gone)

    def take(self, changes: Iterable[Change]) -> None:
        """Records changed elsewhere (by a merge) whose files the working copy holds now."""
        for change in changes:
            if change.kind == HEADING:
                continue  # compared again below
            table = self._records[change.kind]
            if change.after is None:
                table.pop(change.id, None)
            else:
                table[change.id] = change.after
        self._head = b""  # the title and lanes as merged: compared again


def _quoted(found: re.Match) -> str:
    return quote(found.group(), safe="")


def file_name(key: str) -> str:
    """The file name (without suffix) of the record with id ``key``."""
    # quote(key, safe=_KEPT), but only the few characters that need it: quote() goes
    # through every character, a second per 100,000 ids.
    name = _QUOTED.sub(_quoted, key)
    return "%2E" + name[1:] if name.startswith(".") else name  # never "..", nor a hidden file


def _parsed(path: str, raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise FormError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise FormError(f"{path}: not valid JSON (line {error.lineno}: {error.msg}); a merge conflict left in it?") from None
    if not isinstance(data, dict):
        raise FormError(f"{path}: not a JSON object")
    return data


def timeline_of(files: Mapping[str, bytes]) -> Timeline:
    """The timeline the files hold; FormError names the first bad file and field."""
    title, lanes = head_of(files)
    tables = records_of(files)
    try:
        return Timeline(title=title, lanes=lanes, **tables)
    except ValueError as error:
        raise FormError(f"{HEAD}: {error}") from None


def head_of(files: Mapping[str, bytes]) -> tuple[str, list[str]]:
    """The title and declared lanes ``timeline.json`` holds, once its schema is known to be
    this app's; FormError if it cannot be read."""
    if HEAD not in files:
        raise FormError(f"{HEAD}: missing: this is not a shared timeline")
    head = _parsed(HEAD, files[HEAD])
    schema = head.get("schema")
    if type(schema) is not int:
        raise FormError(f"{HEAD}: field 'schema': missing or not a whole number")
    if schema not in (FLAT, SCHEMA_VERSION):
        newer = "a newer" if schema > SCHEMA_VERSION else "an older"
        raise FormError(f"{HEAD}: field 'schema': version {schema} was written by {newer} version of the app; this one reads {FLAT} and {SCHEMA_VERSION}")
    title, lanes = head.get("title", "Untitled timeline"), head.get("lanes", [])
    try:
        Timeline(title=title, lanes=lanes)  # the model's word on their types
    except ValueError as error:
        raise FormError(f"{HEAD}: {error}") from None
    return title, lanes


def records_of(files: Mapping[str, bytes]) -> dict[str, dict[str, Any]]:
    """The records the files hold, by kind and id (a source's text taken from the .txt beside
    it); FormError names the first bad file and field. Whether they point at each other
    rightly is the timeline's to check."""
    tables: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
    flat = is_flat(files.get(HEAD, b""))
    for path in sorted(files):
        if not managed(path, flat) or path in (HEAD, ATTRIBUTES) or not path.endswith(".json"):
            continue
        _, kind, named = _record_of(path)
        data = _parsed(path, files[path])
        key = data.get("id")
        if not isinstance(key, str) or record_path(kind, key, flat) != path:
            raise FormError(f"{path}: field 'id': {key!r} is not the one the file's path gives ({named!r})")
        if kind == "sources":
            text = files.get(text_path := path.removesuffix(".json") + ".txt")
            if text is None:
                raise FormError(f"{text_path}: missing: the text of source {key}")
            try:
                data["text"] = text.decode("utf-8")
            except UnicodeDecodeError as error:
                raise FormError(f"{text_path}: not UTF-8 text (byte {error.start})") from None
        try:
            tables[kind][key] = KINDS[kind].from_dict(data)
        except (ValueError, TypeError, KeyError) as error:  # the model's errors name the field
            raise FormError(f"{path}: {error}") from None
    return tables


def managed(path: str, flat: bool) -> bool:
    """Whether the file at ``path`` belongs to the form laid out ``flat`` or not: others in
    the repository, in folders of the form too, are the team's, left alone."""
    if path in (HEAD, ATTRIBUTES):
        return True
    folder, *buckets, name = path.split("/") if "/" in path else ("", path)
    suffixes = (".json", ".txt") if folder == FOLDERS["sources"] else (".json",)
    return (folder in KIND_OF_FOLDER and name.endswith(suffixes)
            and (not buckets if flat else len(buckets) == 1 and _BUCKET.fullmatch(buckets[0]) is not None))


def _bytes(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def read_tree(root: Path) -> dict[str, bytes]:
    """The form's files under ``root``, laid out as its ``timeline.json`` says."""
    files = {}
    for path in (HEAD, ATTRIBUTES):
        if (root / path).is_file():
            files[path] = _bytes(root / path)
    flat = is_flat(files.get(HEAD, b""))
    for folder in KIND_OF_FOLDER:
        for path, entry in record_entries(root, folder, flat):
            files[path] = _bytes(entry.path)
    return files


def record_entries(root: Path, folder: str, flat: bool) -> Iterator[tuple[str, os.DirEntry]]:
    """The form's files in ``folder`` of the working copy at ``root``: (path, entry), in the
    folder itself (``flat``, as version 7 lays them out) or in its subfolders."""
    if not (root / folder).is_dir():
        return
    for entry in os.scandir(root / folder):
        if flat:
            if entry.is_file() and managed(path := f"{folder}/{entry.name}", flat):
                yield path, entry
        elif entry.is_dir() and _BUCKET.fullmatch(entry.name):
            for inner in os.scandir(entry.path):
                if inner.is_file() and managed(path := f"{folder}/{entry.name}/{inner.name}", flat):
                    yield path, inner


def reread(root: Path, paths: Iterable[str], timeline: Timeline) -> tuple[Timeline, tuple[Change, ...]]:
    """``timeline``, whose form ``root`` held, with the files at ``paths`` (those changed there
    since) read again, and ``timeline.json`` whatever changed: the timeline they make, checked
    by the model (ModelError), and the record changes that make it. A merge of a few records
    among 100,000 reads those few, not a quarter of a million files."""
    try:
        head = _bytes(root / HEAD)
    except FileNotFoundError:
        head = b""  # refused by head_of below
    flat = is_flat(head)
    records = sorted({_record_path(path, flat) for path in paths} - {None})
    texts = [path.removesuffix(".json") + ".txt" for path in records if path.startswith(f"{FOLDERS['sources']}/")]
    files = {HEAD: head} if head else {}
    for path in [*records, *texts]:
        try:
            files[path] = _bytes(root / path)
        except FileNotFoundError:
            continue  # removed: its record goes
    title, lanes = head_of(files)
    tables = records_of(files)
    heading = Heading(title, tuple(lanes))
    changes = [] if heading == timeline.heading() else [Change(HEADING, "", timeline.heading(), heading)]
    for _, kind, key in sorted(_record_of(path) for path in records):  # in the order changes_between gives
        before, after = timeline.table(kind).get(key), tables[kind].get(key)
        if before != after:
            changes.append(Change(kind, key, before, after))
    merged = Timeline(title=timeline.title, lanes=timeline.lanes, **{kind: dict(timeline.table(kind)) for kind in KINDS})
    merged.apply(tuple(changes))
    return merged, tuple(changes)


_PLACE = {kind: place for place, kind in enumerate(KINDS)}


def record_id(path: str) -> str:
    """The id of the record whose JSON file lies at ``path``, in either layout."""
    return unquote(path.rpartition("/")[2].removesuffix(".json"))


def _record_of(path: str) -> tuple[int, str, str]:
    """The place of the record's kind among KINDS, its kind and its id."""
    kind = KIND_OF_FOLDER[path.partition("/")[0]]
    return _PLACE[kind], kind, record_id(path)


def _record_path(path: str, flat: bool) -> str | None:
    """The record file ``path`` belongs to (a source's text, its .json), if any."""
    if not managed(path, flat) or path in (HEAD, ATTRIBUTES):
        return None
    if path.endswith(".txt"):
        return path.removesuffix(".txt") + ".json" if path.startswith(f"{FOLDERS['sources']}/") else None
    return path


def write_tree(root: Path, files: Mapping[str, bytes], present: Mapping[str, bytes | None] | None = None,
               gone: Iterable[str] | None = None, announce: Callable[[list[str]], None] = lambda paths: None) -> tuple[list[str], list[str]]:
    """Make the form's files under ``root`` those given: only the files whose bytes change
    are written, and files of records no longer there are removed. ``present`` (what the
    folder holds: each file's bytes, or None where they are known to differ; read from it
    if not given) and ``gone`` (the paths to remove; all those
    present but not given, if not) let a sync that knows what changed touch only that.
    ``announce`` is told the paths before any is touched. Returns (written, removed)."""
    if present is None:
        present = read_tree(root)
    written = sorted(path for path, raw in files.items() if present.get(path) != raw)
    removed = sorted(path for path in (present if gone is None else gone) if path not in files and (root / path).exists())
    announce([*written, *removed])
    # Not fsynced one by one (10,000 fsyncs would take minutes): the database is what is
    # kept durably; a crash here leaves files the next sync writes again.
    for folder in {path.rpartition("/")[0] for path in written} - {""}:
        (root / folder).mkdir(parents=True, exist_ok=True)
    for path in written:  # os.open, not open(): fewer system calls a file, for 250,000 files
        descriptor = os.open(os.path.join(root, path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
        try:
            left = memoryview(files[path])
            while left:  # a write may take only part of a big file's bytes
                left = left[os.write(descriptor, left):]
        finally:
            os.close(descriptor)
    for path in removed:
        (root / path).unlink()
    return written, removed


def changes_between(old: Timeline, new: Timeline) -> tuple[Change, ...]:
    """The record changes that turn ``old`` into ``new`` (checked as one edit, in any order),
    its title and declared lanes too."""
    changes = [] if old.heading() == new.heading() else [Change(HEADING, "", old.heading(), new.heading())]
    for kind in KINDS:
        before, after = old.table(kind), new.table(kind)
        for key in sorted(before.keys() | after.keys()):
            if before.get(key) != after.get(key):
                changes.append(Change(kind, key, before.get(key), after.get(key)))
    return tuple(changes)


def event_bytes(event: Any) -> bytes:
    """The bytes of one event's file, as files_of writes them."""
    return _dumped(event.to_dict())
