"""Counts in words: "1 source", "6 events", never "1 sources" or "6 event(s)"."""
from __future__ import annotations


def counted(count: int, noun: str, plural: str = "") -> str:
    """``count`` (its thousands apart: 100,000) and ``noun``, in the plural (``noun`` + "s"
    unless ``plural`` is given) unless one."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
