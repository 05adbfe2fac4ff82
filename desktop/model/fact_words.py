"""The words of an article that tell its facts: page furniture (bylines, datelines,
timestamps, captions, related links) told apart from the story, and the words of one
dated fact, out of a sentence that may give several, made into an event's title."""
from __future__ import annotations

import re

TITLE_CHARS = 90  # an event's title is cut past this
STEM = 5  # letters that stand for a word when comparing
FURNITURE_WORDS = 14  # a byline or a timestamp is a short paragraph of its own
DATELINE_WORDS = 8  # and a dateline, with no word in lower case, a shorter one
CLAUSE_WORDS = 4  # a clause with fewer words than this says too little to title an event
_CLAUSE_BREAK = re.compile(r";|\s[—–]\s|,\s+(?=(?:and|but|while|whereas|when|as|after|before|where|since)\b)|\s(?=but\s)")
_RELATIVE = re.compile(r",\s+((?:who|which)\b)[^,;]*?(?=,|$)")  # ", who has led Zimbabwe since 1980"
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][\w’'-]*\s*){1,3}$")  # what an aside is about: a name, else the last words
_WORDS_BEFORE = re.compile(r"(?:\S+\s+){0,2}\S+$")
TITLE_WORDS = 14  # a fact's words are widened to take in its subject while they stay this few
_DANGLING = re.compile(r"(?:\s*\b(?:on|in|at|since|from|by|during|until|of|early|late|mid-?|as\s+early\s+as|the)\b)*\s*$", re.IGNORECASE)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]+(?:\([^)]*\))?\s+[—–-]\s+")
_BYLINE = re.compile(r"\s*(?:By|BY)\s+[A-Z]")
STAMP = re.compile(r"\b(?:\d+\s+(?:minutes?|mins?|hours?|hrs?|days?)\s+ago|(?:Published|Updated|Posted|Last updated|First published)\b)", re.IGNORECASE)
_CAPTION = re.compile(r"^\s*(?:In this (?:\w+\s)?(?:photo|image|picture)|Image (?:caption|copyright)|Photo(?:graph)?:|Picture:|Caption:|Credit:)"
                      r"|\((?:[^()]*\b(?:AP Photo|photo via|Getty Images|AFP|Reuters/|Photograph)\b[^()]*)\)\s*$", re.IGNORECASE)
_RELATED = re.compile(r"\s*(?:Read more|Related|See also|More on this story|Watch|Listen|READ MORE)\b\s*:?", re.IGNORECASE)
_COMMON = {"that", "this", "with", "from", "have", "been", "were", "said", "says", "will", "their", "they", "which", "about",
           "after", "before", "when", "into", "than", "there", "would", "could", "also"}


def paragraph_of(text: str, start: int, end: int) -> str:
    """The line (a paragraph of an article's text) that holds ``text[start:end]``."""
    return text[text.rfind("\n", 0, start) + 1 : (text.find("\n", end) + 1 or len(text) + 1) - 1]


def is_furniture(paragraph: str) -> bool:
    """Whether a paragraph is page furniture rather than the story: a byline, a dateline or
    timestamp on its own, a photo caption, a list of related links."""
    words = paragraph.split()
    if len(words) <= FURNITURE_WORDS and (_BYLINE.match(paragraph) or STAMP.search(paragraph)):
        return True
    if len(words) <= DATELINE_WORDS and not re.search(r"\b[a-z]{4,}", paragraph):
        return True  # a dateline of its own: "KYIV, Ukraine — Aug. 6, 2024", "Saturday 26 April 2025 09:12 BST"
    return bool(_CAPTION.search(paragraph) or _RELATED.match(paragraph))


def fact_of(sentence: str, date_start: int, date_end: int) -> str:
    """The words of ``sentence`` that give the fact dated by its characters ``date_start``
    to ``date_end``, not another the sentence
    also gives: its clause, and in it the part between commas that holds the date with
    the parts before it that it needs for a subject ("The attackers, clad in uniforms,
    stormed the museum on Wednesday"); an aside ("Mugabe, who has led Zimbabwe since
    1980,") is left out, unless it holds the date, when it is said of its subject."""
    for aside in _RELATIVE.finditer(sentence):
        if aside.start() <= date_start < aside.end():
            before = sentence[: aside.start()]
            subject = _NAME_BEFORE.search(before) or _WORDS_BEFORE.search(before)
            return (subject.group().strip() + " " if subject else "") + sentence[aside.end(1) : aside.end()]
    bounds = [0, *(m.start() for m in _CLAUSE_BREAK.finditer(sentence)), len(sentence)]
    start = max(b for b in bounds if b <= date_start)
    end = min((b for b in bounds if b > date_start), default=len(sentence))
    words = sentence[date_start : date_end]
    while len(without_date(sentence[start:end], words).split()) < 2 and end < len(sentence):
        end = min(b for b in bounds if b > end)  # "In 1991, when Shamir opposed the talks": the clause after
    clause = sentence[start:end]
    for aside in reversed(list(_RELATIVE.finditer(clause))):
        clause = clause[: aside.start()] + clause[aside.end() + clause.startswith(",", aside.end()) :]
    parts = [m.span() for m in re.finditer(r"[^,]+", clause)]
    if not parts:
        return clause
    at = clause.find(words)
    n = next((i for i, (a, b) in enumerate(parts) if a <= at < b), len(parts) - 1)
    first, last = n, n

    def said(first: int, last: int) -> list[str]:
        return without_date(clause[parts[first][0] : parts[last][1]], words).split()

    while first > 0 and (len(said(first, last)) < CLAUSE_WORDS or not said(first, last)[0][:1].isupper()):
        if len(said(first - 1, last)) > TITLE_WORDS and len(said(first, last)) >= CLAUSE_WORDS:
            break
        first -= 1
    while len(said(first, last)) < CLAUSE_WORDS and last < len(parts) - 1:
        last += 1
    return " ".join(clause[parts[first][0] : parts[last][1]].split())


def without_date(text: str, words: str) -> str:
    """``text`` less the date's words and what only made sense with them: "on", "in early",
    the "'s" of "Wednesday's attack" (then "the attack")."""
    at = text.find(words) if words else -1
    if at < 0:
        return text
    before, after = text[:at], text[at + len(words) :]
    if possessive := re.match(r"[’']s\b", after):
        return before.rstrip() + " the" + after[possessive.end() :]
    return _DANGLING.sub("", before) + " " + after


def stems(text: str) -> set[str]:
    """The words of ``text`` that carry meaning, cut to their first letters so that "launches"
    and "launched" agree."""
    return {word[:STEM] for word in re.findall(r"[^\W\d_]{4,}", text.casefold()) if word not in _COMMON}


def title_of(text: str) -> str:
    """Words cleaned into a title: no dateline ("CAIRO — "), no leading "But" or "that" or
    quote marks, spaces single, one capital, cut at a clause or a word past TITLE_CHARS."""
    text = re.sub(r"\s+([,;:.])", r"\1", " ".join(text.split()))  # where the date's words were taken out
    text = _DATELINE.sub("", text)
    text = re.sub(r"^[\s:,\"“”'‘’–—-]*(?:(?:but|and|then|so|yet|however|meanwhile)\b[\s,]*)?(?:that\s+)?[\"“‘]?", "", text, flags=re.IGNORECASE)
    text = text.rstrip(" .,;:\"”’'–—")
    if len(text) > TITLE_CHARS:
        cut = max(text.rfind(mark, TITLE_CHARS // 2, TITLE_CHARS) for mark in (",", ";", " —", " –"))
        text = text[:cut] if cut > 0 else text[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:–—") + "…"
    return (text[:1].upper() + text[1:]) or "Untitled event"
