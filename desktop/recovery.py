"""What to do with a database that cannot be read: move it aside and find a backup.

Qt-free, so that the window and the command line decide alike; each then tells the user
in its own way and lets them choose (the window offers to restore the backup itself, or,
when only the journal is damaged, to replay the journal's whole lines).
"""
from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .fileio import atomic_write, fs, fsync_dir
from .store import CorruptDatabase
from .store.backups import Backup, backups, beside
from .store.journal import good_lines, journal_path
from .store.lock import DatabaseLock, HeldElsewhere

__all__ = ["Backup", "Recovery", "recover", "restore", "salvage"]


@dataclass(frozen=True)
class Recovery:
    path: Path
    problem: str
    moved_to: Path | None  # None: it could not be moved, and is still where it was
    why_not_moved: str
    backups: list[Backup]  # newest first
    # A sound file with a damaged journal: how many of the journal's edits are whole, of how
    # many (None: the file itself is damaged, or nothing was moved).
    edits: tuple[int, int] | None = None


@contextmanager
def _writer(path: Path) -> Iterator[None]:
    """Hold the database's lock: a window that has the file open may still be saving to
    it, and it is not ours to move or replace then."""
    lock = DatabaseLock(path)
    try:
        lock.acquire()
    except HeldElsewhere as held:
        raise OSError(errno.EBUSY, f"it is open in another window ({held.holder})") from None
    try:
        yield
    finally:
        lock.release()


def recover(error: CorruptDatabase) -> Recovery:
    """Rename the corrupt file to ``<name>.corrupt-<time>`` and its journal, if any, to
    ``<name>.corrupt-<time>.journal``, their bytes untouched (renames, never copies:
    nothing is lost if this is interrupted), and list the backups. The journal goes with
    the file: replayed onto a backup or a new file, its edits would not fit."""
    path = error.path
    target = beside(path, "corrupt")
    moved_to, why_not = None, ""
    pairs = ((path, target), (journal_path(path), journal_path(target)))
    try:
        with _writer(path):
            # Both, or whichever is there: a crash may have come between the two renames.
            moves = [(source, aside) for source, aside in pairs if source.exists()] or [(path, target)]
            for _, aside in moves:
                if aside.exists():  # a rename would replace it on POSIX
                    raise FileExistsError(17, "a file of that name is already there", str(aside))
            done: list[tuple[Path, Path]] = []
            try:
                for source, aside in moves:
                    fs.rename(source, aside)
                    done.append((source, aside))
            except OSError:
                for source, aside in reversed(done):  # neither is ever used without the other
                    fs.rename(aside, source)
                raise
            fsync_dir(path.parent)
        moved_to = moves[0][1]
    except OSError as failure:
        why_not = failure.strerror or str(failure)
    edits = None
    if moved_to is not None and error.in_journal:
        _, good, total = good_lines(journal_path(moved_to))
        edits = (good, total) if good else None
    return Recovery(path, error.problem, moved_to, why_not, backups(path), edits)


def salvage(recovery: Recovery) -> None:
    """Put the sound file that was moved aside back, with a journal of only the whole lines
    of its damaged one, to be replayed when it is opened; what was moved aside stays."""
    assert recovery.moved_to is not None and recovery.edits is not None
    lines, _, _ = good_lines(journal_path(recovery.moved_to))
    with _writer(recovery.path):
        atomic_write(journal_path(recovery.path), lines)  # first: a journal without its file is refused, never replayed
        atomic_write(recovery.path, recovery.moved_to.read_bytes())


def restore(backup: Backup, path: Path) -> None:
    """Put a copy of ``backup`` where the database was; the backup itself stays. A journal
    still beside it is renamed ``<name>.stale-<time>.journal``: its edits were made to
    another file and replayed onto the backup would overwrite records by number."""
    with _writer(path):
        stale = journal_path(path)
        if stale.exists():
            fs.rename(stale, journal_path(beside(path, "stale")))
            fsync_dir(path.parent)
        atomic_write(path, backup.path.read_bytes())
