"""Who last changed each event, and when, for exports that carry it: one pass over
``git log --name-only`` of the events' folder, newest first, the first commit naming a
file being its last change (a record's file is named by its id, so no rename is followed).
A merge names the files it made of its own (a conflict settled field by field: the result
differs from every side it joined), so whoever settled it changed the event last.
An event whose record differs from the last commit's, edited since the last sync, is
"you, not synced": its git blob id, computed here, differs from the one committed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..model import Timeline
from . import form
from .git import run

NOT_SYNCED = "you, not synced"
_COMMIT, _FIELD = "\x1e", "\x1f"
_FOLDER = form.FOLDERS["events"] + "/"


@dataclass(frozen=True)
class LastChange:
    by: str  # "Ana <ana@example.org>", or NOT_SYNCED
    on: dt.datetime | None  # in UTC; None when not synced


def last_changes(repo: Path, timeline: Timeline) -> dict[str, LastChange]:
    """Each event's last change, by event id."""
    committed = _committed_blobs(repo)
    hashing = object_format(next(iter(committed.values()), ""))
    # Event ids from the committed files' names: unquoting is cheaper than quoting every id.
    ids = {path: key for path in committed if (key := form.record_id(path)) in timeline.events}
    in_commit = set(ids.values())
    found = {key: LastChange(NOT_SYNCED, None) for key in timeline.events if key not in in_commit}  # new since
    for path, key in ids.items():
        if committed[path] != blob_id(form.event_bytes(timeline.events[key]), hashing):
            found[key] = LastChange(NOT_SYNCED, None)
    logged = run(repo, "log", f"--format={_COMMIT}%an <%ae>{_FIELD}%at", "--name-only", "--no-renames",
                 "--diff-merges=dense-combined", "--", _FOLDER).out
    for commit in logged.split(_COMMIT)[1:]:
        header, _, paths = commit.partition("\n")
        by, stamp = header.split(_FIELD)
        for path in paths.split():
            key = ids.get(path)
            if key is not None and key not in found:
                found[key] = LastChange(by, dt.datetime.fromtimestamp(int(stamp), dt.UTC))
        if len(found) == len(timeline.events):
            break
    return found


def _committed_blobs(repo: Path) -> dict[str, str]:
    """The blob id of each event file the last commit holds, by path."""
    listed = run(repo, "ls-tree", "-r", "--full-tree", "HEAD", "--", _FOLDER, check=False)
    blobs = {}
    for line in listed.out.splitlines():  # "<mode> blob <id>\t<path>"
        info, path = line.split("\t", 1)
        blobs[path] = info.split()[2]
    return blobs


def object_format(blob: str) -> str:
    """The hash a repository names its objects by, told from one of its blob ids."""
    return "sha256" if len(blob) == 64 else "sha1"


def blob_id(data: bytes, hashing: str) -> str:
    """The id git gives a file holding ``data``."""
    return hashlib.new(hashing, b"blob %d\0" % len(data) + data).hexdigest()


def columns(found: dict[str, LastChange]) -> dict[str, tuple[str, str]]:
    """By event id: (last changed by, last changed on) as text, the time in UTC to the minute."""
    return {key: (change.by, f"{change.on:%Y-%m-%d %H:%M} UTC" if change.on else "") for key, change in found.items()}
