"""Which database file to open, and opening it (seeded with the Kursk timeline when new)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import platformdirs

from .dataset import load_dataset
from .exchange.importing import Imported, import_edit
from .model import Edit, Timeline
from .store import Store

APP_ID = "kursk-timeline"


def default_db_path() -> Path:
    return platformdirs.user_data_path(APP_ID, appauthor=False) / "timeline.json"


def open_database(
    db_path: Path | None = None, *, empty: bool = False, read_only: bool = False, keep_backups: bool = False, **opening: Any
) -> Store:
    """Open or create the database; raises StoreError with a message meant for the user
    (DatabaseLocked, unless ``read_only``, if another process is writing to it).
    ``opening``: Store.open's ``held`` and ``progress``."""
    return Store.open(
        Path(db_path) if db_path else default_db_path(),
        seed=None if empty else load_dataset,
        read_only=read_only,
        keep_backups=keep_backups,
        **opening,
    )


def import_into(read: Imported, db_path: Path | None = None, *, empty: bool = False, wait: float = 0, notices: list[str] | None = None) -> Edit:
    """Bring what was read into the database in one atomic write, and return the edit.
    ``wait``: seconds to wait for another program to close the database; ``notices``
    receives what opening it did that the user should know of.

    A database that does not exist yet is created holding the import, in that same write
    (seeded first, unless ``empty``: then named and laned as the file says), so that a
    file that cannot be imported leaves no new database behind either."""
    made: list[Edit] = []

    def seed() -> Timeline:
        timeline = Timeline(read.title or Timeline.title, read.lanes) if empty else load_dataset()
        made.append(import_edit(timeline, read))
        timeline.apply(made[0].changes)
        return timeline

    # Backed up before and after: an import can change much at once.
    store = Store.open(Path(db_path) if db_path else default_db_path(), seed=seed, keep_backups=True, wait=wait)
    if notices is not None:
        notices.extend(store.notices)
    try:
        if not made:
            made.append(import_edit(store.load(), read))
            if made[0].changes:  # a file that changes nothing leaves the database file as it was
                store.apply(made[0].changes, [made[0].label])
    finally:
        store.close()
    return made[0]
