"""The timeline database: a TinyDB file of tables, written crash-safely.

This package is the only code that imports TinyDB. Tables: ``_meta`` (one document:
schema version, title, lane order), ``events``, ``sources``, ``citations``, ``periods``,
``notes``; each document is the model object's ``to_dict()``.

The parsed file lives in memory (``MemoryStorage``), so reads never touch the disk. An
edit is saved as one line appended to the journal beside the file (journal.py), at a
cost that does not grow with the database. Compaction writes the whole file the crash-safe
way (a temporary file, fsynced, renamed over it; TinyDB's own JSONStorage rewrites in
place, and a crash mid-write leaves broken JSON), then removes the journal. Opening reads
the file, then replays the journal.
"""
from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from ..fileio import atomic_write, same_file
from ..model import Timeline
from ..model.edits import Change
from ..model.timeline import KINDS
from . import backups, journal, migrations
from .journal import COMPACT_AT, Entry, Journal, JournalError, journal_path
from .lock import DatabaseLock, HeldElsewhere

log = logging.getLogger(__name__)

# 2: periods and notes tables, events' annotation field; 3: events' status_auto and
# corroborated_as, citations' confidence; 4: automatic statuses of uncited events become
# "unsourced" (see migrations.py).
SCHEMA_VERSION = migrations.CURRENT
_DOC_KEY = re.compile(r"[1-9][0-9]*")


def _encode(data: dict[str, Any]) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


class StoreError(Exception):
    """The database cannot be used; ``problem`` says why in words meant for the user."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)
        self.problem = problem


class CorruptDatabase(StoreError):
    pass


class UnsupportedSchema(StoreError):
    pass


class DatabaseLocked(StoreError):
    """Another process has the database open for writing; ``holder`` says which."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(path, f"it is open in another window or program ({holder})")
        self.holder = holder


class MemoryStorage(Storage):
    """The parsed database, which TinyDB reads. Nothing writes through TinyDB: its Table
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
            if document is None:
                data[table].pop(str(number), None)
            else:
                data[table][str(number)] = document


def _read_checked(path: Path) -> dict[str, Any]:
    """Parse and check the file without ever writing to it."""
    try:
        if path.is_dir():
            raise StoreError(path, "this is a folder, not a database file")
        if not path.is_file():  # reading a pipe or a device would wait or run forever
            raise StoreError(path, "not a regular file (a pipe or a device?)")
        raw = path.read_bytes()
    except PermissionError:
        raise StoreError(path, "permission denied: the file cannot be read") from None
    except OSError as error:
        raise StoreError(path, f"the file cannot be read ({error.strerror or error})") from None
    if not raw.strip():
        raise CorruptDatabase(path, "the file is empty")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise CorruptDatabase(path, f"not valid JSON ({error})") from None
    meta = data.get("_meta", {}).get("1") if isinstance(data, dict) and isinstance(data.get("_meta"), dict) else None
    if not isinstance(meta, dict) or type(meta.get("schema")) is not int:
        raise CorruptDatabase(path, "not a timeline database (no schema version found)")
    if not 1 <= meta["schema"] <= SCHEMA_VERSION:
        raise UnsupportedSchema(
            path,
            f"schema version {meta['schema']} is not supported; this version of the app reads "
            f"schema {SCHEMA_VERSION}. Open it with the version that wrote it.",
        )
    for name in KINDS:
        table = data.setdefault(name, {})
        # TinyDB reads keys as document numbers: "01" and "1" would be one document.
        if not isinstance(table, dict) or not all(
            _DOC_KEY.fullmatch(key) and isinstance(doc, dict) for key, doc in table.items()
        ):
            raise CorruptDatabase(path, f"table '{name}' is not a set of numbered documents")
    return data


def _data_of(timeline: Timeline) -> dict[str, Any]:
    """The database's contents for a new file holding ``timeline``."""

    def table(items: Any) -> dict[str, Any]:
        return {str(n): item.to_dict() for n, item in enumerate(items, start=1)}

    data = {"_meta": {"1": {"schema": SCHEMA_VERSION, "title": timeline.title, "lanes": timeline.lanes}}}
    data.update((kind, table(timeline.table(kind).values())) for kind in KINDS)
    return data


class Store:
    """One open database file, with its journal."""

    def __init__(self, path: Path, data: dict[str, Any], lock: DatabaseLock | None = None) -> None:
        self.path = path
        self.lock = lock  # None: opened read-only
        self.keep_backups = False  # see open
        self._journal = Journal(path)
        self._dirty = False  # the journal holds edits (or a torn end) the file does not
        self._loaded: Timeline | None = None  # see load
        self._compact_at = COMPACT_AT  # journal size past which an edit compacts
        try:
            _encode(data)  # orjson reads deeper nesting than it writes: such a file could never be compacted
        except orjson.JSONEncodeError:
            raise CorruptDatabase(path, "the file nests data deeper than a timeline database does") from None
        self._db = TinyDB(storage=MemoryStorage, data=data)
        self._data: dict[str, Any] = data
        self._doc_ids: dict[str, dict[str, int]] = {}  # record id → document number, kept after a delete
        for name in KINDS:
            ids = self._doc_ids[name] = {}
            for number, doc in data[name].items():  # not TinyDB's all(): it copies every document
                if not isinstance(doc.get("id"), str):
                    raise CorruptDatabase(path, f"{name} document {number} has no id, or one that is not text")
                if doc["id"] in ids:
                    raise CorruptDatabase(path, f"{name} documents {ids[doc['id']]} and {number} have the same id")
                ids[doc["id"]] = int(number)
        # The highest number each table has given: a new record gets the next, never the
        # number of a deleted one, which stays its own should the deletion be undone.
        self._top = {name: max(ids.values(), default=0) for name, ids in self._doc_ids.items()}

    @property
    def read_only(self) -> bool:
        return self.lock is None

    @classmethod
    def open(
        cls, path: Path | str, seed: Callable[[], Timeline] | None = None, *, read_only: bool = False, keep_backups: bool = False
    ) -> Store:
        """Open ``path`` and replay its journal; if there is no file yet, create it holding
        ``seed()`` (or nothing). Raises DatabaseLocked if another process has it open for
        writing, unless ``read_only``: then it is read without the lock and never written.
        An older schema is upgraded (in memory only when ``read_only``); with
        ``keep_backups`` a rolling backup is made now and on close."""
        path = Path(path)
        lock = None if read_only else cls._lock(path)
        try:
            data, journal_end = cls._read(path, seed, create=not read_only)
            older = migrations.upgrade(data)
            store = cls(path, data, lock)
            if lock is not None:
                store._settle(older, journal_end, keep_backups)
            return store
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    def _settle(self, older: int | None, journal_end: int | None, keep_backups: bool) -> None:
        """Write what opening calls for: the upgraded file, after a copy of the original
        beside it; the journal a crash left, compacted; a rolling backup. The whole database
        is read first, so that a bad one is neither copied nor rewritten."""
        self.keep_backups = keep_backups
        if journal_end is not None:
            self._dirty = True
            self._journal.cut = journal_end  # should compaction fail: no line after a torn one
        if older is None and not keep_backups and not self._dirty:
            return
        self._loaded = self.load()
        if older is not None:
            try:
                atomic_write(backups.beside(self.path, f"v{older}-backup"), self.path.read_bytes())
                self._write_whole()
            except OSError as error:
                raise StoreError(
                    self.path, f"cannot upgrade it from schema version {older} ({error.strerror or error}); it has not been changed"
                ) from None
        self.compact()
        self._backup()

    def _backup(self) -> None:
        if self.keep_backups and not self._dirty:  # never a copy missing the journal's edits
            try:
                backups.save(self.path)
            except OSError as error:  # the database itself is fine: go on without this copy
                log.warning("cannot back up %s: %s", self.path, error)

    @staticmethod
    def _lock(path: Path) -> DatabaseLock:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)  # the lock file lives beside the database
            return DatabaseLock(path).acquire()
        except HeldElsewhere as held:
            raise DatabaseLocked(path, held.holder) from None
        except OSError as error:
            raise StoreError(path, f"the file cannot be reached ({error.strerror or error})") from None

    @classmethod
    def _read(cls, path: Path, seed: Callable[[], Timeline] | None, create: bool) -> tuple[dict[str, Any], int | None]:
        """The database with its journal replayed, and where the journal's saved lines end
        (None: no journal)."""
        beside = journal_path(path)
        try:
            exists, journaled = path.exists(), beside.exists()
        except OSError as error:  # a name too long, a folder that cannot be searched
            raise StoreError(path, f"the file cannot be reached ({error.strerror or error})") from None
        if not exists:
            if journaled:  # its edits belong to a file that is gone: never replay them onto a new one
                raise CorruptDatabase(path, f"the file is missing but its journal {beside.name} is there")
            timeline = seed() if seed else Timeline()
            if not create:  # read-only: what a new file would hold, without writing it
                return _data_of(timeline), None
            cls._create(path, timeline)
        # A reader without the lock may meet the writer compacting: a journal read after the
        # file was replaced would not belong to the file read. Read again until it stayed put.
        for _ in range(5):
            before = _identity(path)
            data = _read_checked(path)
            try:
                edits, end = journal.read(beside)
            except JournalError as error:
                raise CorruptDatabase(path, f"its journal {beside.name} is damaged: {error}") from None
            except OSError as error:
                raise StoreError(path, f"its journal {beside.name} cannot be read ({error.strerror or error})") from None
            if _identity(path) == before:
                _replay(data, edits)
                return data, end
        raise StoreError(path, "it kept being rewritten while it was read; try again")

    @staticmethod
    def _create(path: Path, timeline: Timeline) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, _encode(_data_of(timeline)))
        except OSError as error:
            raise StoreError(path, f"cannot create the database ({error.strerror or error})") from None

    def load(self) -> Timeline:
        """The timeline the database holds (the one opening read, if it had to)."""
        if self._loaded is not None:  # read and checked while opening: reading it again costs a second at 100k
            timeline, self._loaded = self._loaded, None
            return timeline
        meta = self._db.table("_meta").get(doc_id=1)
        records: dict[str, list[Any]] = {}
        for name, kind in KINDS.items():
            records[name] = []
            # In the order the records were made (the file's keys are sorted as text).
            for doc in sorted(self._db.table(name).all(), key=lambda doc: doc.doc_id):
                try:
                    records[name].append(kind.from_dict(doc))
                except ValueError as error:  # ModelError and DateError say which field
                    raise CorruptDatabase(self.path, f"{name} document {doc.doc_id} is invalid: {error}") from None
        try:
            return Timeline(
                title=meta.get("title", "Untitled timeline"),
                lanes=meta.get("lanes", []),  # Timeline checks both: the file is not trusted
                **{name: {record.id: record for record in found} for name, found in records.items()},
            )
        except ValueError as error:
            raise CorruptDatabase(self.path, str(error)) from None

    def apply(self, changes: Iterable[Change]) -> None:
        """Save the changes' ``after`` records (None: remove) as one line of the journal;
        durable on disk when this returns. On an error nothing is applied, in memory or on
        disk. The cost does not grow with the database (but see COMPACT_AT)."""
        if self.read_only:
            raise StoreError(self.path, "opened read-only: another window or program is editing it")
        entries: list[Entry] = []
        for change in changes:
            numbers = self._doc_ids[change.kind]
            number = numbers.get(change.id)
            if change.after is not None and number is None:
                number = self._top[change.kind] = self._top[change.kind] + 1
                numbers[change.id] = number
            if number is not None:
                entries.append((change.kind, number, None if change.after is None else change.after.to_dict()))
        if not entries:
            return
        self._journal.append(entries)
        self._dirty = True
        self._loaded = None  # no longer the timeline the database holds
        _replay(self._data, [entries])
        if self._journal.size > self._compact_at:
            self.compact()

    def compact(self) -> None:
        """Write the whole file and remove the journal, so that opening replays nothing and a
        backup copies every edit; the document calls this once edits pause. If the file
        cannot be written this is logged, and the journal keeps the edits."""
        if self.read_only or not self._dirty:
            return
        try:
            self._write_whole()
        except OSError as error:
            log.warning("cannot compact %s (its journal keeps the edits): %s", self.path, error)
            self._compact_at = self._journal.size + COMPACT_AT  # not again at every edit of a full disk

    def _write_whole(self) -> None:
        atomic_write(self.path, _encode(self._data))
        self._journal.remove()  # a crash before this only leaves lines the file already holds
        self._dirty = False
        self._compact_at = COMPACT_AT

    def is_file(self, path: Path) -> bool:
        """Whether ``path`` names this database, so that nothing else is written over it."""
        return same_file(path, self.path)

    def close(self) -> None:
        self._db.close()
        if self.lock is not None:
            self.compact()  # while still holding the lock: no other writer mid-way
            self._backup()
            self.lock.release()


def _identity(path: Path) -> tuple[int, int]:
    """Which file ``path`` names, and when it was written: a compaction changes both."""
    try:
        status = os.stat(path)
    except OSError as error:
        raise StoreError(path, f"the file cannot be reached ({error.strerror or error})") from None
    return status.st_ino, status.st_mtime_ns
