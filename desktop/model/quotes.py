"""Anchoring a quote in its document, and finding it again.

A quote is remembered by its exact words, the words around it and its character
offset, like the W3C Web Annotation TextQuoteSelector and TextPositionSelector.
The offset is tried first; if the text has moved, every occurrence of the exact
words is scored by how well its surroundings still match.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class Anchor:
    quote: str
    prefix: str
    suffix: str
    offset: int


def anchor(text: str, start: int, end: int) -> Anchor:
    """Anchor for the characters ``text[start:end]``."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"no text between characters {start} and {end}")
    return Anchor(
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        offset=start,
    )


def anchor_quote(text: str, quote: str) -> Anchor:
    """Anchor for the first occurrence of ``quote``; ValueError if it is not there."""
    start = text.find(quote) if quote else -1
    if start < 0:
        raise ValueError(f"quote not found in the text: {quote[:60]!r}")
    return anchor(text, start, start + len(quote))


def locate(text: str, quote: str, prefix: str = "", suffix: str = "", offset: int = -1) -> tuple[int, int] | None:
    """Where the quote stands in ``text`` now, as (start, end); None if it is gone."""
    if not quote:
        return None
    if 0 <= offset and text.startswith(quote, offset):
        return offset, offset + len(quote)
    best: tuple[int, int] | None = None
    best_score = -1.0
    start = text.find(quote)
    while start >= 0:
        end = start + len(quote)
        before = text[max(0, start - len(prefix)) : start]
        after = text[end : end + len(suffix)]
        score = len(os.path.commonprefix([before[::-1], prefix[::-1]])) + len(
            os.path.commonprefix([after, suffix])
        )
        if offset >= 0:  # prefer the nearest of equally well surrounded matches
            score -= abs(start - offset) / (len(text) + 1)
        if score > best_score:
            best, best_score = (start, end), score
        start = text.find(quote, start + 1)
    return best
