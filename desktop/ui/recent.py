"""What the app remembers of each timeline, apart from the others: the files opened last
(File ▸ Open recent, and what a launch without a file reopens), and the settings key
under which a timeline keeps its view (range, selection, dock layout)."""
from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings

KEEP = 10


def _name(path: Path) -> str:
    return str(Path(path).expanduser().resolve())


def opened(settings: QSettings, path: Path) -> None:
    """``path`` first among the recent files."""
    name = _name(path)
    files = [name] + [f for f in recent_names(settings) if f != name]
    settings.setValue("recent/files", files[:KEEP])


def forget_recent(settings: QSettings, keep: Path) -> None:
    """File ▸ Open recent ▸ Clear list: none but the file open in this window."""
    settings.setValue("recent/files", [_name(keep)])


def recent_names(settings: QSettings) -> list[str]:
    files = settings.value("recent/files", [])
    return [files] if isinstance(files, str) else list(files or [])


def recent(settings: QSettings) -> list[Path]:
    """The files opened last, newest first, those still there."""
    return [Path(f) for f in recent_names(settings) if Path(f).is_file()]


def view_key(path: Path, name: str) -> str:
    """``name`` ("view/range") as ``path``'s own setting: a file's view is not another's."""
    return f"timelines/{hashlib.sha1(_name(path).encode()).hexdigest()[:16]}/{name}"
