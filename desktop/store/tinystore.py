"""The timeline database: a TinyDB file of tables, written crash-safely.

This package is the only code that imports TinyDB. Tables: ``_meta`` (one document:
schema version, title, lane order), ``events``, ``sources``, ``citations``, ``periods``,
``notes``; each document is the model object's ``to_dict()``.

The parsed file lives in memory (``MemoryStorage``), so reads never touch the disk; once
the timeline is loaded, its records take the place of the parsed documents they were
built from (records are immutable, so the model and the store share them). An
edit is saved as one line appended to the journal beside the file (journal.py), at a
cost that does not grow with the database. Compaction writes the whole file the crash-safe
way (a temporary file, fsynced, renamed over it; TinyDB's own JSONStorage rewrites in
place, and a crash mid-write leaves broken JSON), then removes the journal; for a large
file only once its journal holds a good share of it (LARGE_FILE), so that a small import
or edit never rewrites it whole. Opening reads the file, then replays the journal.

Identity: ``_meta`` holds the file's ``generation``, a random id renewed by each
compaction, and the journal's header names the generation its edits were made to, so a
journal is replayed only onto its own file: any other is set aside, kept and reported
(the file also names the generation it ``absorbed``, whose journal a crash may have left,
and how much of it, ``absorbed_end``: those edits are in the file already, the lines past
them are replayed; see compaction.py). ``_meta`` also keeps the highest document number
each table has given, so that numbers are never given twice, even after reopening.
"""
from __future__ import annotations

import contextlib
import logging
import operator
import os
import re
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from types import NoneType
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from ..bulk import collector_paused
from ..fileio import atomic_write, fs, fsync_dir, put_in_place, remove_temporaries, resolved, same_file
from ..model import ModelError, Timeline
from ..model.entities import forget_shared_texts, usual_citation, usual_event
from ..model.edits import Change
from ..model.heading import HEADING
from ..model.timeline import KINDS
from . import backups, columns, journal, layout, migrations
from .compaction import Compaction
from . import labels as labels_log
from .journal import COMPACT_AT, MAX_NUMBER, META, Contents, Entry, Journal, JournalError, journal_path
from .lock import DatabaseLock, HeldElsewhere

log = logging.getLogger(__name__)

# 2: periods and notes tables, events' annotation field; 3: events' status_auto and
# corroborated_as, citations' confidence; 4: events' attributes; 5: automatic statuses of
# uncited events become "unsourced"; 6: times of day; 7: link records; 8: _meta's
# absorbed_end (see migrations.py).
SCHEMA_VERSION = migrations.CURRENT
_DOC_KEYS = re.compile(r"(?:[1-9][0-9]{0,%d}\n)+" % (len(str(MAX_NUMBER)) - 2))  # numbers below MAX_NUMBER, a line each
_ID = operator.attrgetter("id")
_BOM = b"\xef\xbb\xbf"
# A reader without the lock that keeps meeting compactions waits longer between tries, up to this in all.
READ_PATIENCE_S = 30.0
# Past this size the file is rewritten only once its journal holds a sixteenth of it:
# at a million events (243 MB) a rewrite costs seconds, which a small import or a pause
# in editing would otherwise pay every time, while the journal it leaves costs opening
# milliseconds.
LARGE_FILE = 64 * 2**20
JOURNAL_SHARE = 16


def _check_writable(data: dict[str, Any]) -> None:
    """Raises orjson.JSONEncodeError if ``data`` could not be written back. Document by
    document, at the depth each has in the file: a copy of the whole file at once would
    add its size to opening's peak memory."""
    for name, table in data.items():
        if isinstance(table, dict) and _all_records(name, table):  # a record holds only what orjson read
            continue
        for number, document in table.items() if isinstance(table, dict) else [("1", table)]:
            if type(document) is not KINDS.get(name):
                layout.dumps({name: {number: document}})


def _all_records(name: str, table: dict[str, Any]) -> bool:
    """Whether every document of ``table`` is the model's record already (the usual case,
    decided in one pass in C, as the checks below are: opening reads a million documents)."""
    return set(map(type, table.values())) <= {KINDS.get(name)}


class StoreError(Exception):
    """The database cannot be used; ``problem`` says why in words meant for the user."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)
        self.problem = problem


class CorruptDatabase(StoreError):
    def __init__(self, path: Path, problem: str, in_journal: bool = False) -> None:
        super().__init__(path, problem)
        self.in_journal = in_journal  # the file itself is sound: the damage is in its journal


class UnsupportedSchema(StoreError):
    pass


class UnsavableEdit(StoreError, ModelError):
    """An edit the store could never write, whatever the disk: refused at once."""


class DatabaseLocked(StoreError):
    """Another process has the database open for writing; ``holder`` says which."""

    def __init__(self, path: Path, holder: str, waited: float = 0) -> None:
        still = f", still after waiting {waited:g} s" if waited else ""
        super().__init__(path, f"it is open in another window or program ({holder}){still}")
        self.holder = holder


class MemoryStorage(Storage):
    """The database in memory (parsed documents, or the records loaded from them). Nothing writes through TinyDB: its Table
    rebuilds a whole table for every upsert or remove (``_update_table``), a cost that grows
    with the database, so the store changes this dict itself (``_replay``)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        raise NotImplementedError("the store saves through its journal, not through TinyDB")


def _replay(data: dict[str, Any], edits: Iterable[Iterable[Entry]]) -> None:
    # TinyDB's query cache needs no clearing: only Table.search fills it, and the store
    # reads by document number or whole tables, which read this dict directly.
    for entries in edits:
        for table, number, document in entries:
            if table == META:  # the title or lanes: those fields of the one document
                data[META]["1"] = {**data[META]["1"], **document}
            elif document is None:
                data[table].pop(str(number), None)
            else:
                data[table][str(number)] = document


def _replay_numbered(data: dict[str, Any], edits: list[list[Entry]]) -> None:
    _replay(data, edits)
    numbers = data["_meta"]["1"].setdefault("numbers", {})  # a removal's number is given, even though its record is gone
    for entries in edits:
        for table, number, _ in entries:
            if table != META:  # the title and lanes: no table, no numbers
                numbers[table] = max(numbers.get(table, 0), number)


def _read_at_one_moment(
    path: Path, progress: Progress | None = None, made: layout.Made | None = None,
) -> tuple[dict[str, Any] | bytes, Contents] | None:
    """The file's contents (parsed if laid out a document a line, else its bytes) and its
    journal's as they were at one moment; None if a compaction replaced the file between
    the opening of the two (try again).

    A compaction renames a new file over the old one, then removes the journal, and the
    next edit starts a new journal: a journal opened while the file still names the one
    opened first is that file's, whatever happens to either name afterwards. So only the
    two openings, not the reading, need a quiet moment. ``progress`` is told the share of
    the file read as blocks of it are; ``made``: what each block's documents become (the
    model's records unless told otherwise)."""
    beside = journal_path(path)
    try:
        if path.is_dir():
            raise StoreError(path, "this is a folder, not a database file")
        if not path.is_file():  # reading a pipe or a device would wait or run forever
            raise StoreError(path, "not a regular file (a pipe or a device?)")
        with path.open("rb") as file:
            try:
                lines = journal.open_regular(beside)
            except journal.NotAFile as error:  # not damage: nothing to move aside, only to move away
                raise StoreError(path, f"its journal {beside.name} {error}; move it out of the way") from None
            except OSError as error:
                raise StoreError(path, f"its journal {beside.name} cannot be read ({error.strerror or error})") from None
            with lines or contextlib.nullcontext():
                if _identity(os.fstat(file.fileno())) != _identity(os.stat(path)):
                    return None
                if (raw := layout.decode(file, _told(made or _as_records, file, progress))) is None:
                    file.seek(0)
                    raw = file.read()
                try:
                    found = journal.parse(lines.read()) if lines else Contents()
                except JournalError as error:
                    raise CorruptDatabase(path, f"its journal {beside.name} is damaged: {error}", in_journal=True) from None
    except PermissionError:
        raise StoreError(path, "permission denied: the file cannot be read") from None
    except OSError as error:
        raise StoreError(path, f"the file cannot be read ({error.strerror or error})") from None
    return raw, found


def _read_steadily(
    path: Path, progress: Progress | None = None, made: layout.Made | None = None,
) -> tuple[dict[str, Any] | bytes, Contents]:
    """``_read_at_one_moment``'s reading. A reader without the lock may meet the writer
    compacting between opening the file and its journal: it tries again, waiting longer
    each time, for up to READ_PATIENCE_S."""
    pause, deadline = 0.001, time.monotonic() + READ_PATIENCE_S
    while (read := _read_at_one_moment(path, progress, made)) is None:
        if time.monotonic() + pause > deadline:
            raise StoreError(path, f"it kept being rewritten while it was read, for {READ_PATIENCE_S:.0f} s; try again")
        time.sleep(pause)
        pause = min(pause * 2, 0.5)
    return read


def _as_records(name: str, documents: dict[str, Any], data: dict[str, Any]) -> None:
    """Reading a file of this version's schema (its _meta comes first), each document
    becomes the model's record at once: the parsed documents are never all held at once,
    which at 300,000 events would take 1.4 GB. One the model refuses stays a document, for
    loading to say what is wrong with it; an older schema's are upgraded first."""
    meta = data.get("_meta", {}).get("1")
    if (kind := KINDS.get(name)) is None or not isinstance(meta, dict) or meta.get("schema") != SCHEMA_VERSION:
        return
    usual = _USUAL.get(name)  # in C, but for the building itself
    records = list(map(usual, documents.values())) if usual else [None] * len(documents)
    if NoneType not in set(map(type, records)):
        documents.update(zip(list(documents), records))
        return
    for (number, document), record in zip(list(documents.items()), records):
        if record is not None:
            documents[number] = record
        elif type(document) is dict:
            try:  # not contextlib.suppress: a context manager per document costs a tenth of the building
                documents[number] = kind.from_dict(document)
            except ValueError:
                pass


# Told the share of the file read so far (0 to 1), from the thread that reads it.
Progress = Callable[[float], None]


def _told(made: layout.Made, file: Any, progress: Progress | None) -> layout.Made:
    """``made``, then ``progress`` told how far ``file`` has been read."""
    if progress is None:
        return made
    size = max(os.fstat(file.fileno()).st_size, 1)

    def telling(name: str, documents: dict[str, Any], data: dict[str, Any]) -> None:
        made(name, documents, data)
        progress(min(file.tell() / size, 1.0))

    return telling


# The records most documents are, built without a call around each (see _as_records).
_USUAL: dict[str, Callable[[Any], Any]] = {"events": usual_event, "citations": usual_citation}


def _read_checked(path: Path, contents: dict[str, Any] | bytes) -> dict[str, Any]:
    """Parse (unless ``layout`` did) and check the file's contents."""
    data = contents if isinstance(contents, dict) else _parsed(path, contents)
    meta = data.get("_meta", {}).get("1") if isinstance(data, dict) and isinstance(data.get("_meta"), dict) else None
    if not isinstance(meta, dict) or type(meta.get("schema")) is not int:
        raise CorruptDatabase(path, "not a timeline database (no schema version found)")
    if meta["schema"] < 1:
        raise CorruptDatabase(path, f"schema version {meta['schema']} does not exist: no version of the app writes it")
    if meta["schema"] > SCHEMA_VERSION:
        raise UnsupportedSchema(
            path,
            f"schema version {meta['schema']} is not supported; this version of the app reads "
            f"schema {SCHEMA_VERSION}: open it with the newer version that wrote it",
        )
    for name, kind in KINDS.items():
        table = data.setdefault(name, {})
        # TinyDB reads keys as document numbers: "01" and "1" would be one document. All
        # keys at once: a key holding a line break adds to the count of lines.
        keys = "\n".join(table) + "\n" if isinstance(table, dict) else ""
        if not isinstance(table, dict) or not set(map(type, table.values())) <= {kind, dict} or (
            table and (keys.count("\n") != len(table) or not _DOC_KEYS.fullmatch(keys))
        ):
            raise CorruptDatabase(path, f"table '{name}' is not a set of numbered documents (1 to {MAX_NUMBER - 1})")
    if not isinstance(meta.get("generation", ""), str) or type(meta.get("absorbed_end", 0)) is not int or not _numbers_fit(meta.get("numbers", {})):
        raise CorruptDatabase(path, "its _meta document is not that of a timeline database")
    return data


def _parsed(path: Path, raw: bytes) -> Any:
    raw = raw.removeprefix(_BOM)  # some editors write one; imports accept it too
    if not raw.strip():
        raise CorruptDatabase(path, "the file is empty")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise CorruptDatabase(path, f"not valid JSON ({error})") from None


def _numbers_fit(numbers: Any) -> bool:
    return isinstance(numbers, dict) and all(
        name in KINDS and type(top) is int and 0 <= top < MAX_NUMBER for name, top in numbers.items()
    )


def _data_of(timeline: Timeline) -> dict[str, Any]:
    """The database's contents for a new file holding ``timeline``: its records, which the
    file holds as their ``to_dict()``."""

    def table(items: Any) -> dict[str, Any]:
        return {str(n): item for n, item in enumerate(items, start=1)}

    meta = {"schema": SCHEMA_VERSION, "title": timeline.title, "lanes": timeline.lanes, "generation": _new_generation()}
    data = {"_meta": {"1": meta}}
    data.update((kind, table(timeline.table(kind).values())) for kind in KINDS)
    return data


class Store:
    """One open database file, with its journal."""

    def __init__(self, path: Path, data: dict[str, Any], lock: DatabaseLock | None = None) -> None:
        self.path = path
        self.lock = lock  # None: opened read-only
        self.keep_backups = False  # see open
        self.notices: list[str] = []  # what opening did that the user should know of, one line each
        generation = data["_meta"]["1"].get("generation")
        # A reader writes no journal; it must not change the generation a writer here writes.
        self._journal = Journal(path, generation) if lock is None else Journal.of(path, generation)
        self._dirty = False  # the journal holds edits (or a torn end) the file does not
        self._loaded: Timeline | None = None  # see load
        self._compact_at = COMPACT_AT  # journal size past which an edit compacts
        self.compaction: Compaction | None = None  # a whole write under way (see start_compaction)
        self.compacts_in_background = False  # whether an edit past COMPACT_AT starts one rather than writing at once
        try:
            self._size = os.stat(path).st_size  # of the file written whole (see LARGE_FILE)
        except OSError:  # read-only, not created
            self._size = 0
        try:
            if lock is not None:  # orjson reads deeper nesting than it writes: such a file could never be compacted
                _check_writable(data)
        except orjson.JSONEncodeError as error:
            problem = "nests data deeper than a timeline database does" if "Recursion" in str(error) else f"holds a value that cannot be written back ({error})"
            raise CorruptDatabase(path, f"the file {problem}") from None
        self._db = TinyDB(storage=MemoryStorage, data=data)
        self._data: dict[str, Any] = data
        self._doc_ids: dict[str, dict[str, int]] = {}  # record id → document number, kept after a delete
        for name in KINDS:
            table = data[name]  # not TinyDB's all(): it copies every document
            if _all_records(name, table):  # each id is text: the records are built so
                ids = self._doc_ids[name] = dict(zip(map(_ID, table.values()), map(int, table)))
                if len(ids) == len(table):
                    continue
            ids = self._doc_ids[name] = {}  # document by document, to say which is wrong
            for number, doc in table.items():
                key = doc.get("id") if isinstance(doc, dict) else doc.id
                if not isinstance(key, str):
                    raise CorruptDatabase(path, f"{name} document {number} has no id, or one that is not text")
                if key in ids:
                    raise CorruptDatabase(path, f"{name} documents {ids[key]} and {number} have the same id")
                ids[key] = int(number)
        # The highest number each table has given: a new record gets the next, never the
        # number of a deleted one, which stays its own should the deletion be undone.
        given = data["_meta"]["1"].get("numbers", {})
        self._top = {name: max(given.get(name, 0), *ids.values(), 0) for name, ids in self._doc_ids.items()}

    @property
    def read_only(self) -> bool:
        return self.lock is None

    @classmethod
    def open(
        cls,
        path: Path | str,
        seed: Callable[[], Timeline] | None = None,
        *,
        read_only: bool = False,
        keep_backups: bool = False,
        wait: float = 0,
        held: DatabaseLock | None = None,
        progress: Progress | None = None,
    ) -> Store:
        """Open ``path`` and replay its journal; if there is no file yet, create it holding
        ``seed()`` (or nothing). Raises DatabaseLocked if another process has it open for
        writing (after waiting up to ``wait`` seconds for it to close), unless
        ``read_only``: then it is read without the lock and never written. An older schema
        is upgraded (in memory only when ``read_only``); with ``keep_backups`` a rolling
        backup is made now and on close. ``notices`` says what else opening did. ``held``:
        the lock, taken already (``locked``); ``progress``: told how much has been read."""
        path = cls._resolved(path)
        lock = None if read_only else held or cls._lock(path, wait)
        try:
            with collector_paused():  # the parsed file: millions of objects that all live on
                return cls._opened(path, lock, seed, read_only, keep_backups, progress)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        finally:
            forget_shared_texts()

    @classmethod
    def _opened(
        cls, path: Path, lock: DatabaseLock | None, seed: Callable[[], Timeline] | None, read_only: bool, keep_backups: bool,
        progress: Progress | None,
    ) -> Store:
        data, found, verdict = cls._read(path, seed, create=not read_only, progress=progress)
        older = migrations.upgrade(data)
        store = cls(path, data, lock)
        if lock is not None:
            store._settle(older, found, verdict, keep_backups)
        elif verdict == "foreign":
            store.notices.append(f"Its journal {journal_path(path).name} belongs to another version of the file: its edits were not read.")
        return store

    def _settle(self, older: int | None, found: Contents, verdict: str, keep_backups: bool) -> None:
        """Write what opening calls for: the upgraded file, after a copy of the original
        beside it; the journal a crash (or, for a large file, a closing) left, compacted
        when it is due (or set aside if it is another file's); a rolling backup, unless the
        journal holds edits the file does not. The whole database is read first, so that a bad one is
        neither copied nor rewritten. Temporary files a crash left are removed."""
        self.keep_backups = keep_backups
        self._remove_temporaries()
        if verdict == "foreign":
            self._keep_journal(
                "foreign", f"its journal {self._journal.path.name} belongs to another version of the file (a backup copied "
                "back, or another database's?) and was not replayed", move=True,
            )
        elif verdict == "absorbed":  # a compaction wrote its edits, then was stopped before removing it
            self._settle_absorbed(found)
        elif found.end is not None:
            self._dirty = True
            if found.damaged_end:  # compaction would destroy its bytes: keep a copy
                self._keep_journal("damaged", f"the last line of its journal {self._journal.path.name} is damaged and was left out", move=False)
            self._journal.cut = found.end  # should compaction fail: no line after a torn one
            self._journal.size = found.end
        unnamed = "generation" not in self._data["_meta"]["1"]
        if unnamed:
            self._dirty = True  # a file from before generations: given one now, before any journal names it
        if older is None and not keep_backups and not self._dirty:
            return
        self._loaded = self.load()
        if older is not None:
            try:
                backups.copy(self.path, backups.beside(self.path, f"v{older}-backup"))
                self._write_whole()
            except OSError as error:
                raise StoreError(
                    self.path, f"cannot upgrade it from schema version {older} ({error.strerror or error}); it has not been changed"
                ) from None
        self.compact(whatever_size=unnamed)
        self._backup()

    def _settle_absorbed(self, found: Contents) -> None:
        """Finish what a compaction a crash stopped left of the journal it absorbed: remove
        it, or cut it down to the edits past what the file holds, under the file's generation."""
        held = self._data["_meta"]["1"].get("absorbed_end", found.end)
        if found.end is None or found.end <= held:
            try:
                self._journal.remove()
            except OSError as error:
                log.warning("cannot remove %s, whose edits %s holds: %s", self._journal.path, self.path, error)
                self._journal.cut = 0  # the next line starts it again, with this file's generation
            return
        self._dirty = True
        try:
            self._journal.replace(self._journal_bytes(held, found.end))
        except OSError as error:  # edits go on to the journal as it is, which opening reads the same way
            log.warning("cannot cut down %s, part of whose edits %s holds: %s", self._journal.path, self.path, error)
            self._journal.generation, self._journal.cut, self._journal.size = found.generation, found.end, found.end

    def _journal_bytes(self, start: int, end: int) -> bytes:
        with self._journal.path.open("rb") as lines:
            lines.seek(start)
            return lines.read(end - start)

    def _remove_temporaries(self) -> None:
        """Temporary files of writes a crash interrupted: only the lock holder writes them."""
        try:
            # The file's own, its columns', and those of copies beside it (backups.beside: a migration's, a journal's).
            copies = r"(\.[a-z0-9-]+-[0-9]{8}T[0-9]{6}\.[0-9]{6}Z)?(\.journal|\.columns)?"
            removed = remove_temporaries(self.path.parent, re.escape(self.path.name) + copies)
            removed += backups.remove_temporaries(self.path)
        except OSError as error:
            log.warning("cannot remove the temporary files beside %s: %s", self.path, error)
            return
        if removed:
            log.info("removed %d temporary files of interrupted writes beside %s", removed, self.path)

    def _keep_journal(self, label: str, why: str, move: bool) -> None:
        """Keep the journal's bytes as ``<name>.<label>-<time>.journal``: moved there, never to
        be replayed, or copied, before compaction removes it; the user is told ``why``."""
        kept = journal_path(backups.beside(self.path, label))
        try:
            if move:
                fs.rename(self._journal.path, kept)
                fsync_dir(self.path.parent)
            else:
                atomic_write(kept, self._journal.path.read_bytes())
        except OSError as error:
            raise StoreError(self.path, f"{why}, and it cannot be kept aside ({error.strerror or error}); nothing has been changed") from None
        self.notices.append(f"{why[0].upper()}{why[1:]}; it is kept as {kept.name}.")

    def _backup(self) -> None:
        if self.keep_backups and not self._dirty:  # never a copy missing the journal's edits
            try:
                backups.save(self.path)
            except OSError as error:  # the database itself is fine: go on without this copy
                log.warning("cannot back up %s: %s", self.path, error)

    @classmethod
    def locked(cls, path: Path | str) -> DatabaseLock:
        """The lock of ``path`` for ``open(held=…)``, taken now: DatabaseLocked is raised
        before anything is read."""
        return cls._lock(cls._resolved(path), 0)

    @staticmethod
    def _resolved(path: Path | str) -> Path:
        # Through symlinks first: the lock, the journal and the backups are named from
        # the file itself, so two names of one file can never make two writers.
        try:
            return resolved(Path(path))
        except OSError as error:
            raise StoreError(Path(path), f"the file cannot be reached ({error.strerror or error})") from None

    @staticmethod
    def _lock(path: Path, wait: float) -> DatabaseLock:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)  # the lock file lives beside the database
        except OSError as error:
            raise StoreError(path, f"the file cannot be reached ({error.strerror or error})") from None
        lock = DatabaseLock(path)
        try:
            return lock.acquire(wait)
        except HeldElsewhere as held:
            raise DatabaseLocked(path, held.holder, wait) from None
        except OSError as error:
            raise StoreError(path, f"its lock file {lock.path.name} cannot be written ({error.strerror or error})") from None

    @classmethod
    def _read(
        cls, path: Path, seed: Callable[[], Timeline] | None, create: bool, progress: Progress | None = None
    ) -> tuple[dict[str, Any], Contents, str]:
        """The database with its journal replayed if it is the file's ("replay"); the
        journal as read; and "replay", "absorbed" or "foreign" (see the module's notes)."""
        beside = journal_path(path)
        try:
            exists, journaled = path.exists(), os.path.lexists(beside)
        except OSError as error:  # a name too long, a folder that cannot be searched
            raise StoreError(path, f"the file cannot be reached ({error.strerror or error})") from None
        if not exists:
            if journaled:  # its edits belong to a file that is gone: never replay them onto a new one
                raise CorruptDatabase(path, f"the file is missing but its journal {beside.name} is there")
            data = _data_of(seed() if seed else Timeline())
            if create:  # else read-only: what a new file would hold, without writing it
                cls._create(path, data)
            # What was written, as records: reading it back would build each again (seconds for a large import).
            return data, Contents(), "replay"
        read = _read_steadily(path, progress)
        data, found = _read_checked(path, read[0]), read[1]
        meta = data["_meta"]["1"]
        if not found.edits:
            return data, found, "replay"
        if found.generation == meta.get("generation"):
            _replay_numbered(data, found.edits)
            return data, found, "replay"
        if found.generation is not None and found.generation == meta.get("absorbed"):
            # A compaction put its file in place but was stopped before it cut the journal
            # down to the edits made while it wrote: those are still to replay.
            held = meta.get("absorbed_end", found.end)
            _replay_numbered(data, [edits for edits, end in zip(found.edits, found.ends) if end > held])
            return data, found, "absorbed"
        return data, found, "foreign"

    @staticmethod
    def _create(path: Path, data: dict[str, Any]) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, layout.encoded(data))
        except OSError as error:
            raise StoreError(path, f"cannot create the database ({error.strerror or error})") from None

    def load(self) -> Timeline:
        """The timeline the database holds (the one opening read, if it had to)."""
        if self._loaded is not None:  # read and checked while opening: reading it again costs a second at 100k
            timeline, self._loaded = self._loaded, None
            return timeline
        with collector_paused():  # hundreds of thousands of records that all live on
            try:
                return self._timeline()
            finally:
                forget_shared_texts()

    def _timeline(self) -> Timeline:
        meta = self._data["_meta"]["1"]
        tables: dict[str, dict[str, Any]] = {}
        for name, kind in KINDS.items():
            records = tables[name] = {}
            # In the order the records were made (the file's keys are sorted as text). The
            # parsed dict itself, not TinyDB's all(), which copies every document first.
            documents = self._data[name]
            numbers = sorted(documents, key=int)
            if _all_records(name, documents):  # read as records already: their ids are checked (see __init__)
                made = list(map(documents.__getitem__, numbers))
                tables[name] = dict(zip(map(_ID, made), made))
                continue
            for number in numbers:
                document = documents[number]
                try:
                    record = document if type(document) is kind else kind.from_dict(document)
                except ValueError as error:  # ModelError and DateError say which field
                    raise CorruptDatabase(self.path, f"{name} document {number} is invalid: {error}") from None
                # The record takes the parsed document's place, which is freed: the two
                # together would hold every event twice (compaction writes the record).
                records[record.id] = documents[number] = record
        try:
            return Timeline(
                title=meta.get("title", "Untitled timeline"),
                lanes=meta.get("lanes", []),  # Timeline checks both: the file is not trusted
                **tables,
            )
        except ValueError as error:
            raise CorruptDatabase(self.path, str(error)) from None

    def check_savable(self, changes: Iterable[Change]) -> None:
        """Raises UnsavableEdit if the records could never be written (text that is not
        valid Unicode, say), so that such an edit is refused before it is queued."""
        for change in changes:
            if change.after is not None:
                self._encoded(change.after.to_dict())

    def _encoded(self, payload: Any) -> bytes:
        try:
            return journal.encode(payload)
        except orjson.JSONEncodeError as error:
            why = "it holds a character that is not valid Unicode (a lone surrogate)" if "surrogates" in str(error) else str(error)
            raise UnsavableEdit(self.path, f"this edit cannot be saved: {why}") from None

    def apply(self, changes: Iterable[Change], labels: Sequence[str] = ()) -> None:
        """Save the changes' ``after`` records (None: remove) as one line of the journal;
        durable on disk when this returns. ``labels``: the undo labels of the edits they
        make, kept for a shared timeline's next commit message (see labels.py). On an
        error nothing is applied, in memory or on
        disk: UnsavableEdit for records that could never be written, OSError for a disk
        that refuses them. The cost does not grow with the database (but see COMPACT_AT)."""
        if self.read_only:
            raise StoreError(self.path, "opened read-only: another window or program is editing it")
        entries: list[Entry] = []
        kept: list[tuple[str, int, Any]] = []  # the records themselves, for the tables in memory
        new: dict[tuple[str, str], int] = {}  # numbers given, once the line is saved
        top = dict(self._top)
        for change in changes:
            if change.kind == HEADING:
                entries.append((META, 1, change.after.to_dict()))
                kept.append((META, 1, change.after.to_dict()))
                continue
            number = self._doc_ids[change.kind].get(change.id) or new.get((change.kind, change.id))
            if change.after is not None and number is None:
                number = new[change.kind, change.id] = top[change.kind] = top[change.kind] + 1
            if number is not None:
                entries.append((change.kind, number, None if change.after is None else change.after.to_dict()))
                kept.append((change.kind, number, change.after))
        if not entries:
            return
        line = self._encoded(entries)
        labelled = labels_log.append(self.path, labels)  # first: a saved edit never lacks its label
        try:
            self._journal.append(line)
        except BaseException:
            labels_log.cut(self.path, labelled)
            raise
        for (kind, record), number in new.items():
            self._doc_ids[kind][record] = number
        self._top = top
        self._dirty = True
        self._loaded = None  # no longer the timeline the database holds
        _replay(self._data, [kept])
        if self._journal.size > self._compact_at:
            self.start_compaction() if self.compacts_in_background else self.compact()

    def compact(self, whatever_size: bool = False) -> None:
        """Write the whole file, as a new generation, and remove the journal, so that opening
        replays nothing and a backup copies every edit; a compaction running on a worker
        thread is waited for first. A large file waits until its journal is worth it
        (LARGE_FILE), unless ``whatever_size``. If the file cannot be written this is
        logged, and the journal keeps the edits."""
        self.finish_compaction(wait=True)
        if self._due(whatever_size):
            try:
                self._write_whole()
            except OSError as error:
                self._not_compacted(error)

    def start_compaction(self, whatever_size: bool = False) -> Compaction | None:
        """Start writing the whole file on a worker thread if it is due (as ``compact``
        decides); edits go on meanwhile, and ``finish_compaction`` puts the file in place.
        Returns the compaction under way, if any."""
        if self.compaction is None and self._due(whatever_size):
            self.compaction = self._snapshot()
            self.compaction.start()
        return self.compaction

    def finish_compaction(self, wait: bool = False) -> bool:
        """Put in place the file a compaction has written (waiting for it if ``wait``), on
        the thread that edits; whether none is under way any more."""
        compaction = self.compaction
        if compaction is None:
            return True
        if not compaction.wait(None if wait else 0):
            return False
        self.compaction = None
        try:
            self._switch(compaction)
        except OSError as error:
            self._not_compacted(error)
        return True

    def _due(self, whatever_size: bool) -> bool:
        if self.read_only or not self._dirty:
            return False
        return whatever_size or self._size <= LARGE_FILE or self._journal.size * JOURNAL_SHARE >= self._size

    def _not_compacted(self, error: OSError) -> None:
        log.warning("cannot compact %s (its journal keeps the edits): %s", self.path, error)
        self._compact_at = self._journal.size + COMPACT_AT  # not again at every edit of a full disk

    def _write_whole(self) -> None:
        compaction = self._snapshot()
        compaction.write()
        self._switch(compaction)

    def _snapshot(self) -> Compaction:
        """A compaction of the database as it is, not started: its tables copied (not their
        records, which are never changed in place) and its _meta renewed."""
        renewed = {**self._data["_meta"]["1"], "generation": _new_generation(), "numbers": dict(self._top), "absorbed_end": self._journal.size}
        renewed.pop("absorbed", None)
        if self._journal.generation is not None:  # the journal's, should removing or cutting it fail, is not foreign
            renewed["absorbed"] = self._journal.generation
        snapshot = {name: dict(table) if isinstance(table, dict) else table for name, table in self._data.items()}
        snapshot["_meta"] = {"1": renewed}
        return Compaction(self.path, snapshot, self._journal.size, self._size)

    def _switch(self, compaction: Compaction) -> None:
        """Put a compaction's file in place, then drop from the journal what it holds:
        the journal goes, or keeps only the edits saved while the file was written."""
        if compaction.temporary is None:
            raise compaction.error or OSError("the new file was not written")
        put_in_place(compaction.temporary, self.path, free_later=True)
        self._size = os.stat(self.path).st_size
        # The file's identity from the compaction; the rest (title, lanes) as the edits saved
        # while it was written left it: a rename meanwhile is in the journal, not the file.
        kept = {key: value for key, value in self._data["_meta"]["1"].items() if key not in _FILE_FIELDS}
        self._data["_meta"]["1"] = {**kept, **{key: value for key, value in compaction.meta.items() if key in _FILE_FIELDS}}
        self._compact_at = COMPACT_AT
        absorbed, self._journal.generation = self._journal.generation, compaction.meta["generation"]
        if self._journal.size > compaction.journal_end:
            try:
                self._journal.replace(self._journal_bytes(compaction.journal_end, self._journal.size))
            except OSError:
                self._journal.generation = absorbed  # edits go on to it as it is, which opening reads the same way
                raise
            return
        try:
            self._journal.remove()  # a crash before this only leaves lines the file already holds
        except OSError:
            self._journal.cut = 0  # the next line starts it again, with the new generation
            raise
        self._dirty = False

    def _keep_columns(self) -> None:
        """The columns the next opening draws first, if the file has none yet and holds
        what is in memory (a compaction writes them with the file)."""
        try:
            if not self._dirty and self._size >= columns.KEPT_FROM and not columns.is_current(self.path):
                columns.save(self.path, self._data, os.stat(self.path))
        except OSError as error:
            log.warning("cannot keep the timeline's columns beside %s: %s", self.path, error)

    def is_file(self, path: Path) -> bool:
        """Whether ``path`` names this database, so that nothing else is written over it."""
        return same_file(path, self.path)

    def close(self) -> None:
        self._db.close()
        if self.lock is not None:
            self.compact()  # while still holding the lock: no other writer mid-way (waits for one under way)
            self._keep_columns()
            self._backup()
            self.lock.release()


# What a whole write of the file sets in its _meta: which write it is, and which journal it holds.
_FILE_FIELDS = ("generation", "numbers", "absorbed", "absorbed_end")


def _new_generation() -> str:
    return secrets.token_hex(8)


def _identity(status: os.stat_result) -> tuple[int, int]:
    """Which file this is: a compaction renames another in its place."""
    return status.st_dev, status.st_ino
