"""A line of text asked for in a small dialog."""
from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget


def ask_text(parent: QWidget | None, title: str, prompt: str, text: str = "") -> str:
    """What the user typed, stripped; "" if cancelled."""
    value, ok = QInputDialog.getText(parent, title, prompt, text=text)
    return value.strip() if ok else ""
