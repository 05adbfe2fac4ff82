"""Anchoring a quote in its document, and finding it again.

A quote is remembered by its exact words, the words around it and its character
offset, like the W3C Web Annotation TextQuoteSelector and TextPositionSelector.
The offset is tried first; if the text has moved, every occurrence of the exact
words is scored by how well its surroundings still match; if the words themselves have
changed a little, they are looked for between their prefix and suffix.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass

CONTEXT_CHARS = 32
LIKENESS = 0.8  # how much of a quote reworded in place must still be its own words (difflib ratio)
LENGTH_CHANGE = 0.25  # and how much longer or shorter it may have grown
MAX_REWORDED = 5_000  # longer quotes are only found word for word: comparing them costs too much
MAX_PLACES = 200  # places where the prefix stands that are tried


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
    return best if best is not None else _reworded(text, quote, prefix, suffix, offset)


def _reworded(text: str, quote: str, prefix: str, suffix: str, offset: int) -> tuple[int, int] | None:
    """The quote with a few of its own words changed: the likest stretch of text between
    where its prefix ends and its suffix starts, when those are still about as far apart."""
    if not (prefix or suffix) or len(quote) > MAX_REWORDED:
        return None
    shortest, longest = int(len(quote) * (1 - LENGTH_CHANGE)), int(len(quote) * (1 + LENGTH_CHANGE)) + 1
    best, best_score = None, LIKENESS
    start = text.find(prefix) + len(prefix) if prefix else 0
    for _ in range(MAX_PLACES):
        if start < len(prefix):  # the prefix is not (or no longer) there
            break
        if suffix:
            end = text.find(suffix, start + shortest, start + longest + len(suffix))
        else:
            end = len(text) if shortest <= len(text) - start <= longest else -1
        if end > start:
            score = difflib.SequenceMatcher(None, quote, text[start:end], autojunk=False).ratio()
            if offset >= 0:  # of equally like stretches, the nearest
                score -= abs(start - offset) / (len(text) + 1) / 100
            if score >= best_score:
                best, best_score = (start, end), score
        if not prefix:
            break
        start = text.find(prefix, start) + len(prefix)
    return best
