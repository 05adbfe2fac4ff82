"""Candidate events read from an article: each dated sentence, who it says acts or speaks,
a title, and the sentence itself anchored as the quote.

The user accepts, edits or rejects each; ``accept`` turns those accepted into one edit
that adds each event with its citation, its status following the citation.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Iterator

from .dates import FuzzyDate
from .edits import Change, Edit
from .editing import following_citations
from .entities import Citation, Event, Source, Stance, new_id
from .fact_words import STAMP, fact_of, is_furniture, paragraph_of, stems, title_of, without_date
from .quotes import Anchor, anchor
from .text_dates import DateReader, Mention
from .timeline import Timeline

MAX_SUGGESTIONS = 200  # more than anyone reviews; and a long document is read no further
MAX_SENTENCE = 600  # characters: a longer "sentence" (a list, a table, no stops at all) is cut at spaces


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
TICKED = 0.6  # a suggestion this sure or surer is offered ticked
NO_LANE = "Unassigned"  # the lane of an event whose sentence names no actor, until the user picks one
SAME_WORDS = 0.5  # share of an event's title words in a sentence that makes them the same event
_HEDGE = re.compile(r"\b(?:(?:could|might|may)\b(?!\s+not)|expected|likely|possibly|perhaps|seemed?|unclear)\b")
_PRESENT = re.compile(r"(?i:now|today|tonight|(?:earlier\s+|later\s+)?this\s+year)")  # a state now, or a year at most
_FIGURES = re.compile(r"%|\bpercent\b|\bper cent\b|[$£€]\s*\d|\b\d{1,3},\d{3}\b")  # statistics: "5,000 incidents since 1840"
_YEAR = re.compile(r"\b\d{4}\b")  # without a publication date, only a sentence with a year can be dated
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "st", "prof", "sen", "rep", "gov", "jr", "sr",
                  "no", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m", "jan", "feb", "aug", "sept", "oct", "nov", "dec"}


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
    confidence: float = 0.5  # how surely this is an event worth keeping, 0 to 1: see _confidence
    event_id: str = ""  # set: the sentence is cited for this event of the timeline instead of making one

    @property
    def ticked(self) -> bool:
        """Whether it is offered ticked: the obvious ones are, the doubtful not."""
        return self.confidence >= TICKED


def suggest(source: Source, published: dt.date | None = None, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """Candidate events from the dated facts of ``source``, in reading order, one for each
    date a sentence gives. Relative dates are read against ``published``, else the
    source's publication date; with neither, none is read (see DateReader)."""
    if published is None and source.published is not None:
        published = source.published.earliest
    reader: DateReader | None = None  # made only once a sentence looks dated: it loads dateparser
    publisher = source.publisher.strip() or source.title
    found: list[Suggestion] = []
    for start, end in sentences(source.text):
        sentence = source.text[start:end]
        if not (_DATEISH if published else _YEAR).search(sentence) or is_furniture(paragraph_of(source.text, start, end)):
            continue
        reader = reader or DateReader(published)
        quote = anchor(source.text, start, end)
        for mention in reader.read(sentence):
            if STAMP.fullmatch(sentence[mention.start : mention.end]):
                continue  # "10 hours ago": when the page was shown, not when anything happened
            suggestion = _suggestion(sentence, mention, quote, publisher)
            found.append(replace(suggestion, confidence=_confidence(sentence, mention, suggestion, found)))
            if len(found) >= limit:
                return found
    return found


def already_on_timeline(timeline: Timeline, suggestion: Suggestion) -> Event | None:
    """The event of the timeline that the suggestion seems to be: in its lane (any, for a
    suggestion without one), its dates overlapping, and most of the words of its title
    found in the suggestion's sentence, or its quotes sharing most of the sentence's
    words; of several, the one sharing most."""
    sentence = stems(suggestion.quote.quote)
    until = (suggestion.end or suggestion.start).latest
    best, best_share = None, SAME_WORDS
    for event in timeline.events.values():
        if suggestion.lane and event.lane != suggestion.lane:
            continue
        if event.start.earliest > until or (event.end or event.start).latest < suggestion.start.earliest:
            continue
        shares = [len(title & sentence) / len(title) for title in [stems(event.title)] if title]
        shares += [len(quoted & sentence) / min(len(quoted), len(sentence))
                   for c in timeline.citations_for(event.id) if (quoted := stems(c.quote)) and sentence]
        if shares and max(shares) >= best_share:
            best, best_share = event, max(shares)
    return best


def accept(timeline: Timeline, source_id: str, suggestions: list[Suggestion]) -> Edit:
    """One edit adding an event for each suggestion, cited by its quote from the source,
    its status following that citation."""
    changes = []
    for s in suggestions:
        event_id = s.event_id or new_id()
        if not s.event_id:
            changes.append(Change("events", event_id, None, Event(event_id, s.title, s.start, s.end, lane=s.lane or NO_LANE, status_auto=True)))
        citation = Citation(new_id(), event_id, source_id, s.quote.quote, s.claimant, s.stance,
                            prefix=s.quote.prefix, suffix=s.quote.suffix, offset=s.quote.offset)
        changes.append(Change("citations", citation.id, None, citation))
    made, cited = [s for s in suggestions if not s.event_id], sum(1 for s in suggestions if s.event_id)
    parts = [f"'{made[0].title}'" if len(made) == 1 else f"{len(made)} events"] if made else []
    parts += [f"{cited} citation{'s' if cited > 1 else ''}"] if cited else []
    name = " and ".join(parts)
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
        return Suggestion(title_of(mention.about), mention.date, None, actor.lane if actor else "", publisher, Stance.REPORTS, quote, words)
    spoken = _speaker(sentence)
    fact = fact_of(sentence, mention.start, mention.end)
    if spoken:
        actor, stance, said = spoken
        # What the speaker says: the fact's own words if they are part of the saying.
        title = f"{actor.short}: {title_of(without_date(fact if fact in said else said, words))}"
    else:
        actor, stance, title = _first_actor(fact) or _first_actor(sentence), Stance.REPORTS, title_of(without_date(fact, words))
    claimant = actor.claimant if spoken else publisher
    return Suggestion(title, mention.date, mention.until, actor.lane if actor else "", claimant, stance, quote, words)


def _confidence(sentence: str, mention: Mention, suggestion: Suggestion, earlier: list[Suggestion]) -> float:
    """Clear past facts with a calendar date score high; plans, hedges, quoted speech,
    figures, words of the present ("now"), a fact the article gave already, and dates
    counted roughly score lower."""
    fact = fact_of(sentence, mention.start, mention.end)
    score = 0.6
    if mention.date.day is not None and not mention.date.approximate:
        score += 0.15
    if mention.future:
        score -= 0.15
    if _HEDGE.search(fact):
        score -= 0.2
    before = sentence[: mention.start]
    if before.count("“") > before.count("”") or before.count('"') % 2:
        score -= 0.1  # the date is in a quotation
    if _FIGURES.search(fact):
        score -= 0.2
    if _PRESENT.fullmatch(suggestion.words):
        score -= 0.25
    if mention.about or (mention.until and mention.date.approximate) or (mention.date.approximate and mention.date.month is None):
        score -= 0.1  # counted roughly, or a span that runs until now ("in the past few days")
    if len(suggestion.title.split()) < 3:
        score -= 0.2
    said = stems(suggestion.title)
    for other in earlier:
        if (other.start, other.end) == (suggestion.start, suggestion.end) and len(said & stems(other.quote.quote)) >= len(said) * SAME_WORDS:
            score -= 0.25  # told again: "stormed the museum on Wednesday" after "opened fire at the museum on Wednesday"
            break
    return round(min(max(score, 0.0), 1.0), 2)


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
