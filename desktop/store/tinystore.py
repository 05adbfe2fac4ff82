"""The timeline database: a TinyDB file of four tables, written crash-safely.

This package is the only code that imports TinyDB. Tables: ``_meta`` (one document:
schema version, title, lane order), ``events``, ``sources``, ``citations``; each
document is the model object's ``to_dict()``.

TinyDB's own JSONStorage rewrites the file in place, so a crash mid-write leaves
broken JSON. ``AtomicJSONStorage`` instead writes a temporary file, fsyncs it and
renames it over the database, and keeps the parsed data in memory so reads never
touch the disk.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from ..fileio import atomic_write, same_file
from ..model import Timeline
from ..model.edits import Change
from ..model.timeline import KINDS
from . import backups, migrations
from .lock import DatabaseLock, HeldElsewhere

log = logging.getLogger(__name__)

# 2: periods and notes tables, events' annotation field; 3: events' status_auto and
# corroborated_as, citations' confidence (see migrations.py).
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


class AtomicJSONStorage(Storage):
    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self._data = data
        self._saved = orjson.dumps(data)  # what the file holds, to roll memory back to
        self._deferred = False

    def read(self) -> dict[str, Any]:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        if not self._deferred:
            self._flush()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """TinyDB writes once per operation; inside a batch those writes stay in memory
        and reach the disk together, in one atomic write, when the batch ends."""
        self._deferred = True
        try:
            yield
        except BaseException:
            self._data = orjson.loads(self._saved)
            raise
        finally:
            self._deferred = False
        self._flush()

    def _flush(self) -> None:
        try:
            encoded = _encode(self._data)
            atomic_write(self.path, encoded)
        except BaseException:
            # TinyDB has already changed the dict it read from us; the file still holds the
            # last save, so memory goes back to it rather than keep an edit that never landed.
            self._data = orjson.loads(self._saved)
            raise
        self._saved = encoded


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
    """One open database file."""

    def __init__(self, path: Path, data: dict[str, Any], lock: DatabaseLock | None = None) -> None:
        self.path = path
        self.lock = lock  # None: opened read-only
        self.keep_backups = False  # see open
        try:
            self._db = TinyDB(storage=AtomicJSONStorage, path=path, data=data)
        except orjson.JSONEncodeError:  # orjson reads deeper nesting than it writes
            raise CorruptDatabase(path, "the file nests data deeper than a timeline database does") from None
        self._storage: AtomicJSONStorage = self._db.storage
        self._doc_ids: dict[str, dict[str, int]] = {}  # record id → document number, kept after a delete
        for name in KINDS:
            ids = self._doc_ids[name] = {}
            for doc in self._db.table(name).all():
                if not isinstance(doc.get("id"), str):
                    raise CorruptDatabase(path, f"{name} document {doc.doc_id} has no id, or one that is not text")
                if doc["id"] in ids:
                    raise CorruptDatabase(path, f"{name} documents {ids[doc['id']]} and {doc.doc_id} have the same id")
                ids[doc["id"]] = doc.doc_id
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
        """Open ``path``; if there is no file yet, create it holding ``seed()`` (or nothing).
        Raises DatabaseLocked if another process has it open for writing, unless
        ``read_only``: then it is read without the lock and never written.
        An older schema is upgraded (in memory only when ``read_only``); with
        ``keep_backups`` a rolling backup is made now and on close."""
        path = Path(path)
        lock = None if read_only else cls._lock(path)
        try:
            data = cls._read(path, seed, create=not read_only)
            older = migrations.upgrade(data)
            store = cls(path, data, lock)
            if lock is not None:
                store._settle(older, keep_backups)
            return store
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    def _settle(self, older: int | None, keep_backups: bool) -> None:
        """Write what opening calls for: the upgraded file, after a copy of the original
        beside it; a rolling backup. The whole file is read first, so that a bad one is
        neither copied nor rewritten."""
        self.keep_backups = keep_backups
        if older is None and not keep_backups:
            return
        self.load()
        if older is not None:
            try:
                atomic_write(backups.beside(self.path, f"v{older}-backup"), self.path.read_bytes())
                self._storage.write(self._storage.read())
            except OSError as error:
                raise StoreError(
                    self.path, f"cannot upgrade it from schema version {older} ({error.strerror or error}); it has not been changed"
                ) from None
        self._backup()

    def _backup(self) -> None:
        if self.keep_backups:
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
    def _read(cls, path: Path, seed: Callable[[], Timeline] | None, create: bool) -> dict[str, Any]:
        try:
            exists = path.exists()
        except OSError as error:  # a name too long, a folder that cannot be searched
            raise StoreError(path, f"the file cannot be reached ({error.strerror or error})") from None
        if not exists:
            timeline = seed() if seed else Timeline()
            if not create:  # read-only: what a new file would hold, without writing it
                return _data_of(timeline)
            cls._create(path, timeline)
        return _read_checked(path)

    @staticmethod
    def _create(path: Path, timeline: Timeline) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, _encode(_data_of(timeline)))
        except OSError as error:
            raise StoreError(path, f"cannot create the database ({error.strerror or error})") from None

    def load(self) -> Timeline:
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
        """Write the changes' ``after`` records (None: remove), all in one atomic write;
        durable on disk when this returns. On an error nothing is written."""
        if self.read_only:
            raise StoreError(self.path, "opened read-only: another window or program is editing it")
        with self._storage.batch():
            for change in changes:
                table = self._db.table(change.kind)
                doc_id = self._doc_ids[change.kind].get(change.id)
                if change.after is not None:
                    if doc_id is None:
                        doc_id = self._top[change.kind] = self._top[change.kind] + 1
                        self._doc_ids[change.kind][change.id] = doc_id
                    table.upsert(Document(change.after.to_dict(), doc_id=doc_id))  # inserted if absent
                elif doc_id is not None and table.contains(doc_id=doc_id):
                    table.remove(doc_ids=[doc_id])

    def is_file(self, path: Path) -> bool:
        """Whether ``path`` names this database, so that nothing else is written over it."""
        return same_file(path, self.path)

    def close(self) -> None:
        self._db.close()
        if self.lock is not None:
            self._backup()  # while still holding the lock: no other writer mid-way
            self.lock.release()
