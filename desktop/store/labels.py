"""The undo labels of the edits saved since they were last taken ("Move 'Gornal
recaptured'"), so that a shared timeline's next commit can list its edits by name, whether
made in the app, in an earlier session, or by a headless import.

They live in ``<database>.labels``, one JSON string a line, and only while that file
exists: sharing creates it, a database nobody shares keeps none. A label is appended and
fsynced just before its edit's journal line, and taken back if that line cannot be
written: a crash between the two leaves the label of an edit never saved, which the next
commit message lists in vain, but a saved edit's label is never lost. A torn last line is
left out.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

import orjson

from ..fileio import atomic_write

log = logging.getLogger(__name__)

def labels_path(db: Path) -> Path:
    return db.with_name(db.name + ".labels")


def keep(db: Path) -> None:
    """Start keeping the labels of the edits saved from now on."""
    if not labels_path(db).exists():
        atomic_write(labels_path(db), b"")


def append(db: Path, labels: Sequence[str]) -> int | None:
    """Add ``labels`` if they are kept, durably; the file's length before them (for
    ``cut``), or None if nothing was written. A disk that refuses a label costs the label,
    never the edit."""
    if not labels:
        return None
    try:
        fd = os.open(labels_path(db), os.O_WRONLY | os.O_APPEND)
    except FileNotFoundError:
        return None  # not shared: nothing is kept
    except OSError as error:
        log.warning("cannot keep the labels of an edit in %s: %s", labels_path(db), error)
        return None
    try:
        before = os.fstat(fd).st_size
        os.write(fd, b"".join(orjson.dumps(label) + b"\n" for label in labels))
        os.fsync(fd)
        return before
    except OSError as error:
        log.warning("cannot keep the labels of an edit in %s: %s", labels_path(db), error)
        return None
    finally:
        os.close(fd)


def cut(db: Path, length: int | None) -> None:
    """Take back the labels ``append`` added at ``length``: their edit was not saved."""
    if length is not None:
        with suppress(OSError):
            os.truncate(labels_path(db), length)


def read(db: Path) -> list[str] | None:
    """The labels kept, oldest first; None when none are kept (not shared, or shared
    before labels were)."""
    try:
        raw = labels_path(db).read_bytes()
    except FileNotFoundError:
        return None
    labels = []
    for line in raw.split(b"\n")[:-1]:  # the last piece is empty, or a torn line
        try:
            label = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if isinstance(label, str):
            labels.append(label)
    return labels


def drop(db: Path, taken: int) -> None:
    """Forget the first ``taken`` labels (committed); those saved since stay."""
    if (labels := read(db)) is not None:
        _write(db, labels[taken:])


def put_back(db: Path, taken: list[str]) -> None:
    """Keep again, before those saved since, labels dropped for a commit that was undone."""
    if taken and (labels := read(db)) is not None:
        _write(db, taken + labels)


def _write(db: Path, labels: list[str]) -> None:
    atomic_write(labels_path(db), b"".join(orjson.dumps(label) + b"\n" for label in labels))
