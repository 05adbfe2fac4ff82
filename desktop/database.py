"""Which database file to open, and opening it (seeded with the Kursk timeline when new)."""
from __future__ import annotations

from pathlib import Path

import platformdirs

from .dataset import load_dataset
from .store import Store

APP_ID = "kursk-timeline"


def default_db_path() -> Path:
    return platformdirs.user_data_path(APP_ID, appauthor=False) / "timeline.json"


def open_database(db_path: Path | None = None, *, empty: bool = False) -> Store:
    """Open or create the database; raises StoreError with a message meant for the user."""
    return Store.open(Path(db_path) if db_path else default_db_path(), seed=None if empty else load_dataset)
