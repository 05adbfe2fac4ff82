"""Files shipped with the application: the default dataset and the articles it cites."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# Inside an installed wheel they live in desktop/_bundled; in a source checkout, at its top.
_ROOTS = (_PACKAGE / "_bundled", _PACKAGE.parent)


def bundled_path(relative: str) -> Path:
    for root in _ROOTS:
        candidate = root / relative
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"bundled file {relative} is missing from the installation")
