"""Candidate events read from an article: each dated sentence, who it says acts or speaks,
a title, and the sentence itself anchored as the quote.

The user accepts, edits or rejects each; ``accept`` turns those accepted into one edit
that adds each event with its citation, its status following the citation.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterator

from .dates import FuzzyDate
from .edits import Change, Edit
from .editing import following_citations
from .entities import Citation, Event, Source, Stance, new_id
from .quotes import Anchor, anchor
from .text_dates import DateReader, Mention
from .timeline import Timeline

MAX_SUGGESTIONS = 200  # more than anyone reviews; and a long document is read no further
MAX_SENTENCE = 600  # characters: a longer "sentence" (a list, a table, no stops at all) is cut at spaces
TITLE_CHARS = 90


@dataclass(frozen=True)
class Actor:
    """Someone an article names: how, who they are in a citation and a title, their lane,
    and whether they are a party (who asserts) or an observer (who reports)."""

    pattern: str
    claimant: str
    short: str
    lane: str
    party: bool = True
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(rf"\b(?:{self.pattern})\b"))


# The people and places that stand for the sides of the Kursk timeline, people before their countries.
ACTORS = (
    Actor("Gerasimov", "Valery Gerasimov", "Gerasimov", "Russia"),
    Actor("Putin", "Vladimir Putin", "Putin", "Russia"),
    Actor("Zelensk(?:y|yy|iy)", "Volodymyr Zelensky", "Zelensky", "Ukraine"),
    Actor(r"Institute for the Study of War|ISW", "Institute for the Study of War (ISW)", "ISW", "Observers", party=False),
    Actor("North Korean?|Pyongyang|Kim Jong Un", "North Korea", "North Korea", "North Korea"),
    Actor(r"Ukrain\w*|Kyiv|Kiev", "Ukraine", "Ukraine", "Ukraine"),
    Actor(r"Russia\w*|Moscow|Kremlin", "Russia", "Russia", "Russia"),
)
_SPEECH = re.compile(r"\b(said|says|say|claimed|claims|claim|reported|reports|told|announced|insisted|insists|stated|added|warned|"
                     r"described|acknowledged|confirmed|(denied|denies|deny|rejected|rejects|dismissed))\b")
_TO_VERB = re.compile(r"[^.,;:!?\"“”–—]{0,40}")  # between a speaker and the verb: "('s military) says", "( (ISW) think-tank) said"
_BY_SPEAKER = re.compile(r"\b(according to|(denied|rejected|dismissed) by)\s+(?:the\s+)?$")
_DATEISH = re.compile(
    r"\d|\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)\b|(?i:\b(?:ago|today|tonight|now|yesterday|recent|last|past|after|week|month|year)s?\b)"
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "st", "prof", "sen", "rep", "gov", "jr", "sr",
                  "no", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "jan", "feb", "aug", "sept", "oct", "nov", "dec"}


@dataclass(frozen=True)
class Suggestion:
    """A candidate event; the user may change any field but the quote before accepting it."""

    title: str
    start: FuzzyDate
    end: FuzzyDate | None
    lane: str  # the actor's lane; "" when the sentence names none
    claimant: str  # who says so: the speaker, else the publisher
    stance: Stance
    quote: Anchor  # the sentence, anchored in the source's text
    words: str  # the date as the sentence gives it: "last August"


def suggest(source: Source, published: dt.date | None = None, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """Candidate events from the dated sentences of ``source``, in reading order. Relative
    dates are read against ``published``, else the source's publication date, else today."""
    if published is None:
        published = source.published.earliest if source.published else dt.date.today()
    reader: DateReader | None = None  # made only once a sentence looks dated: it loads dateparser
    publisher = source.publisher.strip() or source.title
    found: list[Suggestion] = []
    for start, end in sentences(source.text):
        sentence = source.text[start:end]
        if not _DATEISH.search(sentence):
            continue
        reader = reader or DateReader(published)
        quote = anchor(source.text, start, end)
        for mention in reader.read(sentence):
            found.append(_suggestion(sentence, mention, quote, publisher))
            if len(found) >= limit:
                return found
    return found


def accept(timeline: Timeline, source_id: str, suggestions: list[Suggestion]) -> Edit:
    """One edit adding an event for each suggestion, cited by its quote from the source,
    its status following that citation."""
    changes = []
    for s in suggestions:
        event = Event(new_id(), s.title, s.start, s.end, lane=s.lane, status_auto=True)
        citation = Citation(new_id(), event.id, source_id, s.quote.quote, s.claimant, s.stance,
                            prefix=s.quote.prefix, suffix=s.quote.suffix, offset=s.quote.offset)
        changes += [Change("events", event.id, None, event), Change("citations", citation.id, None, citation)]
    name = f"'{suggestions[0].title}'" if len(suggestions) == 1 else f"{len(suggestions)} events"
    return following_citations(timeline, Edit(f"Add {name} from '{timeline.sources[source_id].title}'", tuple(changes)))


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, without the spaces around it; a line break
    ends one too, and one longer than MAX_SENTENCE is cut at spaces."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()].split()
        word = before[-1].lower() if before else ""
        if match.group() != "\n" and (word.rstrip(".") in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word)):
            continue  # "Mr. Putin", "Valery V. Gerasimov"
        yield from _pieces(text, start, match.end())
        start = match.end()
    yield from _pieces(text, start, len(text))


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def _suggestion(sentence: str, mention: Mention, quote: Anchor, publisher: str) -> Suggestion:
    words = sentence[mention.start : mention.end]
    if mention.about:  # "eight months after Kyiv's surprise incursion": the incursion, as the writer puts it
        actor = _first_actor(mention.about)
        return Suggestion(_title(mention.about), mention.date, None, actor.lane if actor else "", publisher, Stance.REPORTS, quote, words)
    spoken = _speaker(sentence)
    if spoken:
        actor, stance, said = spoken
        title = f"{actor.short}: {_title(said.replace(words, ' '))}"
    else:
        actor, stance, title = _first_actor(sentence), Stance.REPORTS, _title(sentence.replace(words, " "))
    claimant = actor.claimant if spoken else publisher
    return Suggestion(title, mention.date, mention.until, actor.lane if actor else "", claimant, stance, quote, words)


def _first_actor(text: str) -> Actor | None:
    places = [(match.start(), n) for n, actor in enumerate(ACTORS) if (match := actor.regex.search(text))]
    return ACTORS[min(places)[1]] if places else None


def _speaker(sentence: str) -> tuple[Actor, Stance, str] | None:
    """Who the sentence says speaks (the actor nearest before its first verb of saying, or
    after "according to" or "denied by"), how, and what they say."""
    named = sorted((m.start(), m.end(), actor) for actor in ACTORS for m in actor.regex.finditer(sentence))
    for verb in _SPEECH.finditer(sentence):
        before = [(end, actor) for start, end, actor in named if end <= verb.start() and _TO_VERB.fullmatch(sentence[end : verb.start()])]
        if before:
            actor = max(before, key=lambda item: item[0])[1]
            return actor, _stance(actor, bool(verb.group(2))), sentence[verb.end() :]
    for start, _, actor in named:
        if by := _BY_SPEAKER.search(sentence[:start]):
            return actor, _stance(actor, bool(by.group(2))), sentence[: by.start()]
    return None


def _stance(actor: Actor, denial: bool) -> Stance:
    return Stance.DENIES if denial else Stance.ASSERTS if actor.party else Stance.REPORTS


def _title(text: str) -> str:
    """Words cleaned into a title: no leading "that" or quote marks, spaces single, one capital,
    cut at a word past TITLE_CHARS."""
    text = re.sub(r"\s+([,;:.])", r"\1", " ".join(text.split()))  # where the date's words were taken out
    text = re.sub(r"^[\s:,\"“”'‘’–—-]*(?:that\s+)?[\"“‘]?", "", text)
    text = text.rstrip(" .,;:\"”’'–—")
    if len(text) > TITLE_CHARS:
        text = text[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:–—") + "…"
    return (text[:1].upper() + text[1:]) or "Untitled event"
