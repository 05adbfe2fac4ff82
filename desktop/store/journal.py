"""The journal: the edits saved since the database file was last written whole.

Rewriting the whole file for every edit cost 275 ms for 100,000 events of about 500
bytes each (54 MB); appending one line and fsyncing it costs a fifth of a millisecond at
any size.
So each edit is one line of ``<database>.journal``::

    <crc32 of the payload, 8 hex digits> <payload>\\n

the payload being ``[[table, document number, document or null], ...]`` in JSON, null
for a removal. The states are absolute and keyed by document number, so replaying a
line twice changes nothing: a crash after compaction has written the whole file but
before it has removed the journal is harmless.

A line is saved once it ends in a newline and is fsynced, and lines are written one at
a time, so a crash can tear only the last one, which was never reported saved: it is
left out. A bad line with lines after it is damage, not a crash.
"""
from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Any

import orjson

from ..fileio import fsync_dir, mode_for
from ..model.timeline import KINDS

Entry = tuple[str, int, dict[str, Any] | None]  # table, document number, document (None: removed)

# Past this, an edit also compacts (rewrites the file whole, then drops the journal). It
# bounds what opening replays (4 MB, some 8,000 event edits, read in about 40 ms) while
# keeping compaction, which costs what the old per-edit rewrite did, rare. The document
# compacts after a pause anyway: this matters in a long unbroken run of edits, or in a
# program that never pauses.
COMPACT_AT = 4 * 2**20


def journal_path(db: Path) -> Path:
    return db.with_name(db.name + ".journal")


class JournalError(ValueError):
    """A line that is not a saved edit, with lines after it."""


def read(path: Path) -> tuple[list[list[Entry]], int | None]:
    """The edits in the journal at ``path``, in order, and the length of the lines that hold
    them (a torn last line is left out); ([], None) if there is no journal."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], None
    *lines, tail = raw.split(b"\n")  # tail: empty, or a line never finished
    edits, end = [], 0
    for number, line in enumerate(lines, start=1):
        entries = _entries(line)
        if entries is None:
            if number == len(lines) and not tail:  # the last line, torn by a crash
                break
            raise JournalError(f"line {number} is damaged (its checksum does not match) and saved edits follow it")
        if not _well_formed(entries):
            raise JournalError(f"line {number} does not hold edits of a timeline database")
        edits.append(entries)
        end += len(line) + 1
    return edits, end


def _line(entries: list[Entry]) -> bytes:
    payload = orjson.dumps(entries)  # one line: orjson escapes newlines inside strings
    return b"%08x %s\n" % (zlib.crc32(payload), payload)


def _entries(line: bytes) -> Any:
    """The line's payload; None if its checksum does not match."""
    checksum, _, payload = line.partition(b" ")
    if checksum != b"%08x" % zlib.crc32(payload):
        return None
    try:
        return orjson.loads(payload)
    except orjson.JSONDecodeError:
        return None


def _well_formed(entries: Any) -> bool:
    return isinstance(entries, list) and all(
        isinstance(entry, list)
        and len(entry) == 3
        and entry[0] in KINDS
        and type(entry[1]) is int
        and entry[1] > 0
        and (entry[2] is None or isinstance(entry[2], dict))
        for entry in entries
    )


class Journal:
    """Writing ``<database>.journal``, one fsynced line per edit."""

    def __init__(self, db: Path) -> None:
        self.path = journal_path(db)
        self.size = 0  # its length after the last line written here
        self.cut: int | None = None  # where a torn end may start: cut there before the next line
        self._mode = mode_for(db)  # a private database keeps a private journal

    def append(self, entries: list[Entry]) -> None:
        """Write one line and fsync it (and the folder, for a new journal). On an error the
        journal is cut back to what it held, then or before the next line."""
        line = _line(entries)
        # Opened by name for each line: another store of this file in this process (the
        # command line, the tests) may have compacted it away since, and a descriptor kept
        # open would go on writing into the removed file.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), self._mode)
        try:
            start = os.fstat(fd).st_size if self.cut is None else self.cut
            try:
                if self.cut is not None:
                    os.ftruncate(fd, self.cut)
                    self.cut = None
                written = memoryview(line)
                while written:
                    written = written[os.write(fd, written) :]
                os.fsync(fd)
            except BaseException:
                self._cut_back(fd, start)
                raise
        finally:
            os.close(fd)
        if start == 0:
            fsync_dir(self.path.parent)  # the journal's name must last as long as its line
        self.size = start + len(line)

    def _cut_back(self, fd: int, start: int) -> None:
        """Drop what a failed line left, else a good line written after it would read as
        following damage; a journal this line created goes again."""
        try:
            if start == 0:
                os.unlink(self.path)
            else:
                os.ftruncate(fd, start)
        except OSError:
            self.cut = start

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
        fsync_dir(self.path.parent)
        self.size, self.cut = 0, None
