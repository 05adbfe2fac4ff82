"""What git remembers of one event: every committed change to its file and to its
citations' files, who made it and when, field by field with old and new values.

A record's file is named by its id, which never changes, so history follows the path as it
is, with renames off (``--follow`` would join a deleted event to a new one that happens to
look like it). Citations are records of their own: those citing the event now are followed
by path, and those removed since are found by the event's id in them (git's ``-S``), so
"citation added / removed / changed" is part of the event's history. The commits a merge
brings are listed, each by its author, and every branch is walked (``--full-history``:
git would otherwise hide a side whose change the merge did not keep); a merge itself
shows only what it made of its own (a conflict settled field by field, an event kept
against a deletion), where the result differs from every side it joined; of an event kept
so, it shows too the citations it holds that the deleting side had removed, as restored.

Three git calls whatever the history's length (two logs and one ``cat-file --batch`` for
every version of every file), and two more where a merge kept the event.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ..model import Timeline
from . import form
from .blame import blob_id, object_format
from .commits import is_flat
from .git import run
from .merging import KEPT_TAG

_NO_BLOB = "0" * 40
_COMMIT, _FIELD = "\x1e", "\x1f"
_FORMAT = _COMMIT + _FIELD.join(("%H", "%P", "%an", "%ae", "%at", "%s"))
# A merge's row of an event kept against a deletion, and of a citation kept with it: K, R.
KEPT = KEPT_TAG.partition("{")[0]  # how the tag of an event kept against its deletion begins
_CHANGED = {"A": "added", "M": "changed", "D": "removed", "K": "kept", "R": "restored"}


@dataclass(frozen=True)
class Field:
    name: str
    old: Any  # None: not there before
    new: Any  # None: not there after


@dataclass(frozen=True)
class RecordChange:
    what: str  # "event" or "citation"
    how: str  # "added", "changed", "removed"; in a merge "kept" (an event, against its deletion), "restored" (its citation)
    fields: tuple[Field, ...]
    record: dict[str, Any]  # the record as it is after (as it was, if removed)


@dataclass(frozen=True)
class Revision:
    commit: str
    author: str
    email: str
    when: dt.datetime  # in UTC
    subject: str
    changes: tuple[RecordChange, ...]


def event_history(repo: Path, timeline: Timeline, event_id: str) -> list[Revision]:
    """The commits that changed the event or its citations, newest first."""
    citations = f"{form.FOLDERS['citations']}/"
    # Citations that ever held the event's id, as the form writes it: removed ones too.
    pointer = '"event_id": ' + orjson.dumps(event_id).decode()
    ever = run(repo, "log", "--format=", "--name-only", "--no-renames", "--full-history", f"-S{pointer}", "--", citations).out.split()
    flat = is_flat(repo)
    now = [form.record_path("citations", c.id, flat) for c in timeline.citations_for(event_id)]
    paths = [form.record_path("events", event_id, flat), *sorted(set(ever) | set(now))]
    logged = run(repo, "log", f"--format={_FORMAT}", "--raw", "--no-abbrev", "--no-renames", "--full-history",
                 "--diff-merges=dense-combined", "--", *paths).out
    commits = [_commit(text) for text in logged.split(_COMMIT)[1:]]
    blobs = _blobs(repo, {sha for *_, rows in commits for row in rows for sha in row[:2] if sha != _NO_BLOB})
    blobs.update(_blobs(repo, _restored(repo, commits, paths[1:], blobs)))
    revisions = []
    for commit, _, author, email, stamp, subject, rows in commits:
        changes = tuple(change for row in rows if (change := _record_change(row, blobs, event_id)) is not None)
        if changes:
            revisions.append(Revision(commit, author, email, dt.datetime.fromtimestamp(int(stamp), dt.UTC), subject, changes))
    return revisions


Row = tuple[str, str, str, str]  # old blob, new blob, status (as _CHANGED), path
Commit = tuple[str, list[str], str, str, str, str, list[Row]]  # commit, parents, author, email, time, subject, rows


def _commit(text: str) -> Commit:
    """One commit of the log: its header's fields, then a Row for each file it changed, from
    lines like ``:100644 100644 <old> <new> M\tevents/x.json`` or, for a merge,
    ``::<mode per parent> <mode> <blob per parent> <new> MM\tevents/x.json`` (the old blob:
    the first parent's, else the first that has the file; a file some parent lacks and the
    merge has is a record kept against its deletion there)."""
    header, *lines = text.strip("\n").split("\n")
    commit, parents, author, email, stamp, subject = header.split(_FIELD)
    rows = []
    for line in lines:
        if line.startswith(":"):
            info, path = line.split("\t", 1)
            count = len(info) - len(info.lstrip(":"))
            # git's null id, 40 zeros or (sha256) 64, read as one
            *olds, new = (_NO_BLOB if not sha.strip("0") else sha for sha in info.split()[count + 1:-1])
            old = next((sha for sha in olds if sha != _NO_BLOB), _NO_BLOB)
            kept = count > 1 and new != _NO_BLOB and old != _NO_BLOB and _NO_BLOB in olds
            rows.append((old, new, "A" if old == _NO_BLOB else "D" if new == _NO_BLOB else "K" if kept else "M", path))
    return commit, parents.split(), author, email, stamp, subject, rows


def _restored(repo: Path, commits: list[Commit], citations: list[str], blobs: dict[str, dict[str, Any]]) -> set[str]:
    """To each merge that kept the event against its deletion (tagged so: a side that merely
    never had it is no deletion), a row per citation of the event the merge holds and a side
    it joined had not: the citations the deletion took with it, kept with the event
    (unchanged from the keeping side, so not in the log). The blobs of those rows."""
    kept = []
    for commit, parents, *_, rows in commits:
        for at, (old, new, status, path) in enumerate(rows):
            if status == "K" and not any(str(tag).startswith(KEPT) for tag in blobs.get(new, {}).get("tags") or ()):
                rows[at] = (old, new, "M", path)
        if any(row[2] == "K" for row in rows):
            kept.append((commit, parents, rows))
    if not kept or not citations:
        return set()
    names = [f"{rev}:{path}" for commit, parents, _ in kept for rev in (commit, *parents) for path in citations]
    found = run(repo, "cat-file", "--batch-check", feed="".join(f"{name}\n" for name in names).encode()).out.splitlines()
    blob = {name: None if line.endswith(" missing") else line.split()[0] for name, line in zip(names, found)}
    for commit, parents, rows in kept:
        listed = {row[3] for row in rows}
        rows += [(_NO_BLOB, sha, "R", path) for path in citations if path not in listed and (sha := blob[f"{commit}:{path}"])
                 and any(blob[f"{parent}:{path}"] is None for parent in parents)]
    return {row[1] for *_, rows in kept for row in rows if row[2] == "R"}


def _blobs(repo: Path, shas: set[str]) -> dict[str, dict[str, Any]]:
    """Each version's record, read in one ``git cat-file --batch``."""
    if not shas:
        return {}
    raw = run(repo, "cat-file", "--batch", feed="".join(f"{sha}\n" for sha in shas).encode()).raw
    records, at = {}, 0
    while at < len(raw):  # "<sha> blob <size>\n<content>\n" for each
        end = raw.index(b"\n", at)
        sha, _, size = raw[at:end].decode().split()
        content = raw[end + 1:end + 1 + int(size)]
        at = end + 1 + int(size) + 1
        try:
            record = json.loads(content)
        except ValueError:
            record = {}  # a version broken by hand: shown as empty rather than hidden
        records[sha] = record if isinstance(record, dict) else {}
    return records


def _record_change(row: Row, blobs: dict[str, dict[str, Any]], event_id: str) -> RecordChange | None:
    old_sha, new_sha, status, path = row
    old, new = blobs.get(old_sha, {}), blobs.get(new_sha, {})
    what = "event" if path.startswith(f"{form.FOLDERS['events']}/") else "citation"
    if what == "citation" and event_id not in (old.get("event_id"), new.get("event_id")):
        return None  # a citation file that held the id in another field, or at another time
    fields = tuple(Field(name, old.get(name), new.get(name)) for name in sorted(old.keys() | new.keys()) if old.get(name) != new.get(name))
    return RecordChange(what, _CHANGED.get(status, "changed"), fields, new or old)


_SHOWN = 80  # characters of a value shown; a source's long quote is cut


def shown(value: Any) -> str:
    """A field's value as the history shows it: text quoted, nothing as a dash."""
    if value is None:
        return "—"
    text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"


def described(change: RecordChange, timeline: Timeline) -> list[str]:
    """A change in words: its headline, then a line per field changed (old → new)."""
    if change.what == "event":
        fields = [f"{field.name}: {shown(field.old)} → {shown(field.new)}" for field in change.fields]
        if change.how == "kept":
            return [f"event kept against its deletion on the other side: {shown(change.record.get('title'))}", *fields]
        return fields if change.how == "changed" else [f"event {change.how}: {shown(change.record.get('title'))}"]
    source = timeline.sources.get(change.record.get("source_id"))
    headline = f"citation of {shown(source.title if source else change.record.get('source_id'))} {change.how}"
    if change.how == "restored":
        return [headline + " with the event, kept against its deletion"]
    if change.how != "changed":
        return [headline]
    return [headline + ":", *(f"  {field.name}: {shown(field.old)} → {shown(field.new)}" for field in change.fields)]


def heading(revision: Revision) -> str:
    return f"{revision.when:%Y-%m-%d %H:%M} UTC  {revision.author} <{revision.email}>  {revision.commit[:7]}  {revision.subject}"


def unsynced(repo: Path, timeline: Timeline, event_id: str) -> bool:
    """Whether the event differs from what the last commit holds of it: edits not yet
    committed (the working copy may hold them already: a sync whose merge was refused
    leaves them written there, but not committed)."""
    path = form.record_path("events", event_id, is_flat(repo))
    committed = run(repo, "rev-parse", "--verify", "--quiet", f"HEAD:{path}", check=False).out.strip()
    return committed != blob_id(form.event_bytes(timeline.events[event_id]), object_format(committed))  # never committed: no id
