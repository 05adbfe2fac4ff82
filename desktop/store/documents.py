"""The database read for an export alone: each table's documents made into what the export
keeps of them as they are read (``slim``), with the journal's edits replayed, and none of
the records, checks and indexes an editor needs. Only for a file as this version writes
it (its schema, a document a line, a journal of its own generation, every document as
the store writes it): for anything else it returns None, and the caller takes the
store's own way, which reads every file there is and says what is wrong with a bad one."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..bulk import collector_paused
from .journal import META
from .tinystore import SCHEMA_VERSION, Store, _read_steadily, _replay

# A document → what the export keeps of it; None if it is not as the store writes it.
Slim = Callable[[Any], Any]


class _Unusual(Exception):
    """A file or a document the export leaves to the store's checked reading."""


def read_documents(path: Path, slim: Mapping[str, Slim]) -> dict[str, dict[str, Any]] | None:
    """The tables named in ``slim`` (and ``_meta``), each document as its ``slim`` made
    it, by document number; None if the file is not as this version writes it.
    StoreError if it cannot be read."""

    def made(name: str, documents: dict[str, Any], data: dict[str, Any]) -> None:
        if name == META:
            return
        meta = data[META].get("1") if isinstance(data.get(META), dict) else None
        if not isinstance(meta, dict) or meta.get("schema") != SCHEMA_VERSION:
            raise _Unusual
        if (keep := slim.get(name)) is not None:
            kept = list(map(keep, documents.values()))
            if None in kept:
                raise _Unusual
            tables[name].update(zip(documents, kept))
        documents.clear()  # left to the store's table: kept here instead (or, for a table the export does not read, not at all)

    tables: dict[str, dict[str, Any]] = {name: {} for name in slim}

    with collector_paused():  # millions of objects that all live until the rows are written
        try:
            data, found = _read_steadily(Store._resolved(path), made=made)
        except _Unusual:
            return None
        if not isinstance(data, dict):  # not a document a line
            return None
        meta = data[META].get("1") if isinstance(data.get(META), dict) else None
        if not isinstance(meta, dict) or meta.get("schema") != SCHEMA_VERSION:
            return None
        data.update(tables)
        if found.edits:
            if found.generation != meta.get("generation"):  # another file's, or half absorbed: the store knows what to do
                return None
            try:
                _replay(data, [[(table, number, _slimmed(slim[table], document) if table != META else document)
                                for table, number, document in entries if table == META or table in slim] for entries in found.edits])
            except _Unusual:
                return None
    return {**tables, META: data[META]}


def _slimmed(keep: Slim, document: Any) -> Any:
    if document is None:  # a removal
        return None
    if (kept := keep(document)) is None:
        raise _Unusual
    return kept
