"""The journal: the edits saved since the database file was last written whole.

Rewriting the whole file for every edit cost 275 ms for 100,000 events of about 500
bytes each (54 MB); appending one line and fsyncing it costs a fifth of a millisecond at
any size.
So each edit is one line of ``<database>.journal``::

    <crc32 of the payload, 8 hex digits> <payload>\\n

the payload being ``[[table, document number, document or null], ...]`` in JSON, null
for a removal; ``["_meta", 1, {"title": …, "lanes": […]}]`` renames the timeline or
declares its lanes (those fields of the file's ``_meta`` document). The states are absolute and keyed by document number, so replaying a
line twice changes nothing: a crash after compaction has written the whole file but
before it has removed the journal is harmless. The first line is a header,
``{"generation": "<id>"}``: the generation of the file the journal's edits were made to
(the store renews it at each compaction; null for a file from before generations), so
that a journal is never replayed onto a file it does not belong to.

A line is saved once it ends in a newline and is fsynced, and lines are written one at
a time, so a crash can tear only the last one, which was never reported saved: it is
left out. A bad line with lines after it is damage, not a crash; so is a bad last line
that ends in its newline, which is left out too, but reported, so that its bytes are
kept before the journal goes.
"""
from __future__ import annotations

import os
import stat
import weakref
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from ..fileio import atomic_write, fs, fsync_dir, mode_for
from ..model.timeline import KINDS

Entry = tuple[str, int, dict[str, Any] | None]  # table, document number, document (None: removed)
META = "_meta"  # the table of the file's one document of settings; an edit changes only its HEADING_FIELDS
HEADING_FIELDS = {"title", "lanes"}

# Past this, an edit also compacts (rewrites the file whole, then drops the journal). It
# bounds what opening replays (4 MB, some 8,000 event edits, read in about 40 ms) while
# keeping compaction, which costs what the old per-edit rewrite did, rare. The document
# compacts after a pause anyway: this matters in a long unbroken run of edits, or in a
# program that never pauses.
COMPACT_AT = 4 * 2**20
# Document numbers stay below this: orjson writes no integer past 64 bits, and a file or
# journal holding one would open, then refuse every edit that adds a record.
MAX_NUMBER = 10**18


def journal_path(db: Path) -> Path:
    return db.with_name(db.name + ".journal")


class JournalError(ValueError):
    """A line that is not a saved edit, with lines after it."""


class NotAFile(Exception):
    """The journal's name is taken by something else than a regular file."""


@dataclass
class Contents:
    generation: str | None = None  # the header's; None: no header (older than headers), or a file's without one
    edits: list[list[Entry]] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)  # where each edit's line ends
    end: int | None = None  # the length of the lines that hold them; None: no journal
    damaged_end: bool = False  # a complete last line that is not a saved edit was left out


def read(path: Path) -> Contents:
    """The journal at ``path`` (see ``parse``)."""
    handle = open_regular(path)
    if handle is None:
        return Contents()
    with handle:
        return parse(handle.read())


def parse(raw: bytes) -> Contents:
    """A journal's header generation, its edits in order, and where the lines that hold
    them end (a torn last line is left out)."""
    *lines, tail = raw.split(b"\n")  # tail: empty, or a line never finished
    contents = Contents(end=0)
    for number, line in enumerate(lines, start=1):
        entries = _entries(line)
        if entries is None:
            if number == len(lines):  # the last line: torn by a crash, or damaged
                contents.damaged_end = not tail
                break
            raise JournalError(f"line {number} is damaged (its checksum does not match) and saved edits follow it")
        if number == 1 and isinstance(entries, dict) and isinstance(entries.get("generation", 0), str | None):
            contents.generation = entries["generation"]
        elif not _well_formed(entries):
            raise JournalError(f"line {number} does not hold edits of a timeline database")
        else:
            contents.edits.append(entries)
            contents.ends.append(contents.end + len(line) + 1)
        contents.end += len(line) + 1
    return contents


def good_lines(path: Path) -> tuple[bytes, int, int]:
    """The complete lines of a damaged journal that pass their checksum and hold edits (with
    its header), and how many edits they hold of how many lines of edits it has."""
    handle = open_regular(path)
    raw = b""
    if handle is not None:
        with handle:
            raw = handle.read()
    kept, good, total = [], 0, 0
    for number, line in enumerate(raw.split(b"\n")[:-1], start=1):
        entries = _entries(line)
        if number == 1 and isinstance(entries, dict):
            kept.append(line)
            continue
        total += 1
        if entries is not None and _well_formed(entries):
            kept.append(line)
            good += 1
    return b"".join(line + b"\n" for line in kept), good, total


def open_regular(path: Path) -> BinaryIO | None:
    """The file open for reading (None: there is none), refusing anything but a regular
    file: a pipe would block the reader for ever, and a link could lead anywhere."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError:
        if os.path.islink(path):  # O_NOFOLLOW refused it
            raise NotAFile("is not a regular file but a link") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotAFile("is not a regular file (a pipe, a device or a folder?)")
    return os.fdopen(fd, "rb")


def encode(entries: Any) -> bytes:
    """One journal line; raises orjson.JSONEncodeError (a TypeError) for what JSON cannot hold."""
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
        and (
            entry[0] in KINDS and type(entry[1]) is int and 0 < entry[1] < MAX_NUMBER and (entry[2] is None or isinstance(entry[2], dict))
            or entry[0] == META and entry[1] == 1 and isinstance(entry[2], dict) and entry[2].keys() <= HEADING_FIELDS
        )
        for entry in entries
    )


class Journal:
    """Writing ``<database>.journal``, one fsynced line per edit.

    Every store of one file in this process (the command line and the tests open a file
    twice) shares one: a compaction by either renews the generation both write."""

    _shared: weakref.WeakValueDictionary[Path, Journal] = weakref.WeakValueDictionary()

    @classmethod
    def of(cls, db: Path, generation: str | None) -> Journal:
        """The journal of ``db`` (resolved), whose file has just been read at ``generation``."""
        journal = cls._shared.get(db)
        if journal is None:
            journal = cls._shared[db] = cls(db, generation)
        journal.generation = generation
        return journal

    def __init__(self, db: Path, generation: str | None) -> None:
        self.path = journal_path(db)
        self.generation = generation  # the file's, written as the header of a new journal
        self.size = 0  # its length after the last line written here
        self.cut: int | None = None  # where a torn end may start: cut there before the next line
        self._mode = mode_for(db)  # a private database keeps a private journal

    def append(self, line: bytes) -> None:
        """Write one ``encode``d line and fsync it (and the folder, for a new journal, which
        starts with its header). On an error the journal is cut back to what it held, then
        or before the next line."""
        # Opened by name for each line: another store of this file in this process (the
        # command line, the tests) may have compacted it away since, and a descriptor kept
        # open would go on writing into the removed file.
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = fs.open(self.path, flags, self._mode)
        try:
            start = os.fstat(fd).st_size if self.cut is None else self.cut
            if start == 0:
                line = encode({"generation": self.generation}) + line
            try:
                if self.cut is not None:
                    fs.truncate(fd, self.cut)
                    self.cut = None
                fs.write_all(fd, line)
                fs.fsync(fd)
            except BaseException:
                self._cut_back(fd, start)
                raise
        finally:
            fs.close(fd)
        if start == 0:
            fsync_dir(self.path.parent)  # the journal's name must last as long as its line
        self.size = start + len(line)

    def _cut_back(self, fd: int, start: int) -> None:
        """Drop what a failed line left, else a good line written after it would read as
        following damage; a journal this line created goes again."""
        try:
            if start == 0:
                fs.unlink(self.path)
            else:
                fs.truncate(fd, start)
        except OSError:
            self.cut = start

    def replace(self, tail: bytes) -> None:
        """Make the journal hold ``tail`` (lines read from it) under a header naming its
        ``generation``, crash-safely: written beside it, then renamed over it."""
        content = encode({"generation": self.generation}) + tail
        atomic_write(self.path, content)
        self.size, self.cut = len(content), None

    def remove(self) -> None:
        try:
            fs.unlink(self.path)
        except FileNotFoundError:
            pass
        fsync_dir(self.path.parent)
        self.size, self.cut = 0, None
