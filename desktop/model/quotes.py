"""Anchoring a quote in its document, and finding it again.

A quote is remembered by its exact words, the words around it and its character
offset, like the W3C Web Annotation TextQuoteSelector and TextPositionSelector.
The offset is tried first, if the words around it still match there; if the text has
moved, every occurrence of the exact words is scored by how well its surroundings still
match, and one whose surroundings do not match at all is not taken for it; if the words
themselves have changed a little, they are looked for between their prefix and suffix.
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
# difflib's ratio() costs about (quote length × stretch length) steps, ~15 ns each: the
# stretches compared for one quote may add up to this many, about a third of a second.
MAX_WORK = 20_000_000
AGREEING_CONTEXT = 8  # characters around an occurrence that must be as they were for it to be the quote


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
    if 0 <= offset and text.startswith(quote, offset) and _context_agrees(text, offset, offset + len(quote), prefix, suffix):
        return offset, offset + len(quote)
    # The same words elsewhere with nothing around them as it was are another mention, not
    # this quote moved: taking them would anchor the citation to a claim it never cited.
    needed = min(AGREEING_CONTEXT, len(prefix) + len(suffix))
    best: tuple[int, int] | None = None
    best_score = -1.0
    start = text.find(quote)
    while start >= 0:
        end = start + len(quote)
        before = text[max(0, start - len(prefix)) : start]
        after = text[end : end + len(suffix)]
        agreeing = _agreeing(before[::-1], prefix[::-1]) + _agreeing(after, suffix)
        score = float(agreeing)
        if offset >= 0:  # prefer the nearest of equally well surrounded matches
            score -= abs(start - offset) / (len(text) + 1)
        if agreeing >= needed and score > best_score:
            best, best_score = (start, end), score
        start = text.find(quote, start + 1)
    return best if best is not None else _reworded(text, quote, prefix, suffix, offset)


def _agreeing(now: str, then: str) -> int:
    """How many characters, read outward from the quote, are as they were; reading goes on
    past one changed character, such as a dash or quotation mark a corrected copy made
    typographic right next to the quote."""
    same = len(os.path.commonprefix([now, then]))
    if same < min(len(now), len(then)):
        same += len(os.path.commonprefix([now[same + 1 :], then[same + 1 :]]))
    return same


def _context_agrees(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Whether the words just before or just after ``text[start:end]`` are still the
    quote's prefix or suffix. An empty prefix (suffix) agrees only at the start (end) of
    the text, where the quote stood; a quote remembered with neither has nothing to check."""
    if not (prefix or suffix):
        return True
    before = text[:start].endswith(prefix) if prefix else start == 0
    after = text.startswith(suffix, end) if suffix else end == len(text)
    return before or after


def _reworded(text: str, quote: str, prefix: str, suffix: str, offset: int) -> tuple[int, int] | None:
    """The quote with a few of its own words changed: the likest stretch of text between
    where its prefix ends and its suffix starts, when those are still about as far apart."""
    if not (prefix or suffix) or len(quote) > MAX_REWORDED:
        return None
    shortest, longest = int(len(quote) * (1 - LENGTH_CHANGE)), int(len(quote) * (1 + LENGTH_CHANGE)) + 1
    stretches = []
    start = text.find(prefix) + len(prefix) if prefix else 0
    for _ in range(MAX_PLACES):
        if start < len(prefix):  # the prefix is not (or no longer) there
            break
        if suffix:
            end = text.find(suffix, start + shortest, start + longest + len(suffix))
        else:
            end = len(text) if shortest <= len(text) - start <= longest else -1
        if end > start:
            stretches.append((start, end))
        if not prefix:
            break
        start = text.find(prefix, start) + len(prefix)
    if offset >= 0:  # the likeliest first, in case MAX_WORK runs out
        stretches.sort(key=lambda stretch: abs(stretch[0] - offset))
    best, best_score = None, LIKENESS
    work = 0
    for start, end in stretches:
        matcher = difflib.SequenceMatcher(None, quote, text[start:end], autojunk=False)
        # The quick upper bounds rule most stretches out before the costly ratio().
        if matcher.real_quick_ratio() < best_score or matcher.quick_ratio() < best_score:
            continue
        work += len(quote) * (end - start)
        if work > MAX_WORK:
            break
        score = matcher.ratio()
        if offset >= 0:  # of equally like stretches, the nearest
            score -= abs(start - offset) / (len(text) + 1) / 100
        if score >= best_score:
            best, best_score = (start, end), score
    return best
