"""Copies of the database kept beside it: rolling backups, and named copies set aside.

Rolling backups live in ``<name>.backups/`` as ``<stem>-<UTC time><suffix>``; the newest
``KEEP`` distinct copies stay, as long as together they hold no more than ``KEEP_BYTES``
(the newest always stays): at a million events a copy is 243 MB, and five would be 1.2 GB. Names carry the time so that copying a backup elsewhere
does not lose when it was taken, and so that sorting them by name sorts them by age.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..fileio import atomic_write, fs, fsync_dir
from ..fileio import remove_temporaries as _remove_temporaries

KEEP = 5
KEEP_BYTES = 512 * 2**20
_STAMP = "%Y%m%dT%H%M%S.%fZ"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime  # UTC

    def when(self) -> str:
        """The time it was taken, on the user's clock."""
        return self.taken.astimezone().strftime("%Y-%m-%d %H:%M")


def folder(db: Path) -> Path:
    return db.parent / f"{db.name}.backups"


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime(_STAMP)


def beside(db: Path, label: str) -> Path:
    """A new, dated name beside the database for a copy of it: ``<name>.<label>-<time>``."""
    return db.with_name(f"{db.name}.{label}-{_stamp()}")


def remove_temporaries(db: Path) -> int:
    """Remove the temporary files of backups a crash interrupted."""
    return _remove_temporaries(folder(db), re.escape(f"{db.stem}-") + r"[0-9TZ.]+" + re.escape(db.suffix))


def backups(db: Path) -> list[Backup]:
    """The rolling backups of ``db``, newest first; other files in the folder are ignored."""
    prefix, suffix = f"{db.stem}-", db.suffix
    found = []
    try:
        names = [entry.name for entry in folder(db).iterdir()]
    except OSError:  # no folder yet, or one that cannot be listed: no backups to offer
        return []
    for name in names:
        if name.startswith(prefix) and name.endswith(suffix):
            try:
                taken = datetime.strptime(name[len(prefix) : len(name) - len(suffix)], _STAMP)
            except ValueError:
                continue
            found.append(Backup(folder(db) / name, taken.replace(tzinfo=timezone.utc)))
    return sorted(found, key=lambda backup: backup.taken, reverse=True)


# The file's head: its _meta document comes first (keys are sorted), with the generation,
# a random id each whole write of the file renews.
_HEAD = 64 * 2**10
_GENERATION = b'"generation":"'


def _same_bytes(a: Path, b: Path) -> bool:
    """Whether two copies of a database hold the same bytes, without reading them whole
    (at a million events each is 243 MB, and this runs at every opening and closing):
    the same size and the same head naming a generation are the same write of the file."""
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as first, b.open("rb") as second:
        head = first.read(_HEAD)
        if head != second.read(_HEAD):
            return False
        if _GENERATION in head:
            return True
        return first.read() == second.read()  # a file from before generations


_COPIED = 8 * 2**20  # bytes read and written at once


def copy(source: Path, target: Path) -> None:
    """A crash-safe copy, read and written a few megabytes at a time: at a million events
    the database is gigabytes, which read whole would be held whole."""
    with source.open("rb") as file:
        atomic_write(target, iter(lambda: file.read(_COPIED), b""))


def save(db: Path, keep: int = KEEP, keep_bytes: int = KEEP_BYTES) -> Path | None:
    """Copy the database into its backups folder, unless the newest backup already holds
    the same bytes, then drop all but the newest ``keep`` that fit in ``keep_bytes``.
    Returns the new copy, if any."""
    existing = backups(db)
    if existing and _same_bytes(db, existing[0].path):
        return None
    target = folder(db) / f"{db.stem}-{_stamp()}{db.suffix}"
    if not target.parent.exists():
        fs.mkdir(target.parent)
        fsync_dir(db.parent)  # the folder's name must last as long as the copies in it
    copy(db, target)
    held = 0
    for n, backup in enumerate(backups(db)):
        held += backup.path.stat().st_size
        if n >= keep or (n > 0 and held > keep_bytes):
            fs.unlink(backup.path)
    return target
