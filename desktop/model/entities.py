"""Events, the documents that report them, and the citations that tie the two together.

All three are immutable: an edit builds a new value (``dataclasses.replace``), which
keeps undo a matter of swapping old and new.
"""
from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from enum import Enum
from operator import itemgetter
from typing import Any

from .dates import DateError, FuzzyDate, parse_date


class ModelError(ValueError):
    """A value the model refuses, with a message meant for the user."""


class Status(str, Enum):
    CONFIRMED = "confirmed"
    REPORTED = "reported"
    CLAIMED = "claimed"
    DISPUTED = "disputed"
    UNSOURCED = "unsourced"  # no citation yet: nobody is on record as saying it


class Stance(str, Enum):
    ASSERTS = "asserts"  # the claimant says it happened
    DENIES = "denies"  # the claimant says it did not
    REPORTS = "reports"  # a third party relays it


class Confidence(str, Enum):
    """How far the user trusts a citation: Gramps's five steps."""

    VERY_LOW = "very low"
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    VERY_HIGH = "very high"


class Reliability(str, Enum):
    """How far a source has proved reliable: the admiralty (NATO) scale analysts use,
    judged of the source as a whole, beside each citation's own confidence."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

    @property
    def meaning(self) -> str:
        return RELIABILITY_MEANINGS[self]


RELIABILITY_MEANINGS = {
    Reliability.A: "completely reliable",
    Reliability.B: "usually reliable",
    Reliability.C: "fairly reliable",
    Reliability.D: "not usually reliable",
    Reliability.E: "unreliable",
    Reliability.F: "reliability cannot be judged",
}


def new_id() -> str:
    return str(uuid.uuid4())


_REQUIRED = object()
_KIND_NAMES = {str: "text", int: "a whole number", list: "a list", bool: "true or false", dict: "an object"}


def _field(data: dict[str, Any], key: str, kind: type, default: Any = _REQUIRED) -> Any:
    """``data[key]`` checked to be of ``kind``; stored files are not trusted to be well formed."""
    value = data.get(key, default)
    if type(value) is kind and (kind not in (list, dict) or not value):  # the usual case, decided at once: opening reads a million fields
        return value
    if value is _REQUIRED:
        raise ModelError(f"field '{key}' is missing")
    if value is None and default is None:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ModelError(f"field '{key}' should be {_KIND_NAMES[kind]}, not {type(value).__name__}")
    if kind is list and not all(isinstance(item, str) for item in value):
        raise ModelError(f"field '{key}' should be a list of text")
    if kind is dict and not all(isinstance(item, str) for pair in value.items() for item in pair):
        raise ModelError(f"field '{key}' should map names to text")
    return value


def _date(data: dict[str, Any], key: str, required: bool = True) -> FuzzyDate | None:
    text = _field(data, key, str) if required else _field(data, key, str, None)
    if not text and not required:
        return None
    try:
        return FuzzyDate.parse(text)  # a required empty string is refused, not skipped
    except DateError as error:
        raise DateError(f"field '{key}': {error}") from None


def _in_order(name: str, start: FuzzyDate, end: FuzzyDate) -> None:
    if end.latest < start.earliest:
        raise ModelError(f"{name} ends ({end.label()}) before it starts ({start.label()})")


def _enum(kind: type[Enum], value: Any, what: str) -> Any:
    if isinstance(value, str) and (member := kind._value2member_map_.get(value)) is not None:
        return member  # the usual case, without Enum's slower call
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise ModelError(f"{what} {value!r} is not one of: {allowed}") from None


@dataclass(frozen=True, slots=True)  # slots: a hundred thousand of them take 40% less memory
class Event:
    id: str
    title: str
    start: FuzzyDate
    end: FuzzyDate | None = None
    lane: str = ""
    status: Status = Status.REPORTED
    tags: tuple[str, ...] = ()
    notes: str = ""
    annotation: str = ""  # the user's own remark, shown as a callout on the timeline
    # True: ``status`` follows the citations (model/claims.py); False: the user chose it,
    # as every status set before statuses could follow citations was.
    status_auto: bool = False
    # What the user makes of an event that independent publishers report: reported or confirmed.
    corroborated_as: Status = Status.REPORTED
    # Facts a dataset gives of the event beyond these fields, by name, as text: ACLED's
    # fatalities, place and actors. (name, value) pairs sorted by name, as the store keeps
    # them: a tuple keeps the event hashable and comparable.
    attributes: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ModelError("an event needs a title")
        if self.corroborated_as not in (Status.REPORTED, Status.CONFIRMED):
            raise ModelError(f"a corroborated event is reported or confirmed, not {self.corroborated_as.value}")
        if self.end is not None:
            _in_order(f"'{self.title}'", self.start, self.end)

    @property
    def is_range(self) -> bool:
        return self.end is not None

    def attribute(self, name: str) -> str:
        """The value of one of the dataset's facts, or "" if it gives none."""
        return next((value for key, value in self.attributes if key == name), "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "start": self.start.edtf,
            "end": self.end.edtf if self.end else None,
            "lane": self.lane,
            "status": self.status.value,
            "tags": list(self.tags),
            "notes": self.notes,
            "annotation": self.annotation,
            "status_auto": self.status_auto,
            "corroborated_as": self.corroborated_as.value,
            "attributes": dict(self.attributes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        return usual_event(data, cls) or cls(
            id=_field(data, "id", str),
            title=_field(data, "title", str),
            start=_date(data, "start"),
            end=_date(data, "end", required=False),
            lane=_field(data, "lane", str, ""),
            status=_enum(Status, data.get("status", "reported"), "status"),
            tags=tuple(_field(data, "tags", list, [])),
            notes=_field(data, "notes", str, ""),
            annotation=_field(data, "annotation", str, ""),
            status_auto=_field(data, "status_auto", bool, False),
            corroborated_as=_enum(Status, data.get("corroborated_as", "reported"), "corroborated_as"),
            attributes=tuple(sorted(_field(data, "attributes", dict, {}).items())),
        )


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Source:
    """A document as it was read: its metadata and its full text, fingerprinted."""

    id: str
    title: str
    text: str
    publisher: str = ""
    author: str = ""
    url: str = ""
    published: FuzzyDate | None = None
    sha256: str = field(default="")
    archived_url: str = ""  # a copy kept by an archive, should the page change or go
    reliability: Reliability = Reliability.F  # not judged until the user says

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ModelError("a source needs a title")
        actual = sha256_of(self.text)
        if not self.sha256:
            object.__setattr__(self, "sha256", actual)
        elif self.sha256 != actual:
            raise ModelError(f"the text of source '{self.title}' does not match its sha256")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "author": self.author,
            "url": self.url,
            "published": self.published.edtf if self.published else None,
            "sha256": self.sha256,
            "text": self.text,
            "archived_url": self.archived_url,
            "reliability": self.reliability.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls(
            id=_field(data, "id", str),
            title=_field(data, "title", str),
            text=_field(data, "text", str),
            publisher=_field(data, "publisher", str, ""),
            author=_field(data, "author", str, ""),
            url=_field(data, "url", str, ""),
            published=_date(data, "published", required=False),
            sha256=_field(data, "sha256", str, ""),
            archived_url=_field(data, "archived_url", str, ""),
            reliability=_enum(Reliability, data.get("reliability", "F"), "reliability"),
        )


@dataclass(frozen=True, slots=True)  # slots: made a quarter faster, and smaller, by the hundred thousand
class Citation:
    """An event backed by an exact quote of a source.

    The quote is anchored as a W3C Web Annotation TextQuoteSelector (prefix, exact,
    suffix) plus a TextPositionSelector start (``offset``), so it can be found again
    in a lightly edited copy of the text.
    """

    id: str
    event_id: str
    source_id: str
    quote: str
    claimant: str
    stance: Stance = Stance.REPORTS
    prefix: str = ""
    suffix: str = ""
    offset: int = -1
    confidence: Confidence = Confidence.NORMAL

    def __post_init__(self) -> None:
        if not self.quote:
            raise ModelError("a citation needs a quote")
        if not self.claimant.strip():
            raise ModelError("a citation needs a claimant: who says so?")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event_id": self.event_id,
            "source_id": self.source_id,
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "offset": self.offset,
            "claimant": self.claimant,
            "stance": self.stance.value,
            "confidence": self.confidence.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        return usual_citation(data, cls) or cls(
            id=_field(data, "id", str),
            event_id=_field(data, "event_id", str),
            source_id=_field(data, "source_id", str),
            quote=_field(data, "quote", str),
            claimant=_field(data, "claimant", str),
            stance=_enum(Stance, data.get("stance", "reports"), "stance"),
            prefix=_field(data, "prefix", str, ""),
            suffix=_field(data, "suffix", str, ""),
            offset=_field(data, "offset", int, -1),
            confidence=_enum(Confidence, data.get("confidence", "normal"), "confidence"),
        )


# Opening a database reads hundreds of thousands of events and citations: a document
# as the store writes it, every field there with its usual type, is read in one go at
# half the cost of checking field by field. Anything else (None) takes the checks
# that say which field is wrong.
_EVENT_KEYS = ("id", "title", "start", "end", "lane", "status", "tags", "notes", "annotation", "status_auto",
               "corroborated_as", "attributes")
_CITATION_KEYS = ("id", "event_id", "source_id", "quote", "claimant", "stance", "prefix", "suffix", "offset", "confidence")


# Values that repeat from record to record (lanes, tags, claimants, publishers, a dataset's
# (name, value) facts such as ("country", "Ukraine")) are kept once: at 300,000 events the
# copies the parser makes of each would take hundreds of megabytes. Bounded, as most
# values of some facts (a place's coordinates) are unique: emptied once it is full.
_SHARED: dict[Any, Any] = {}
_SHARED_MAX = 200_000
_share = _SHARED.setdefault


# Texts that repeat from table to table: an import quotes an event's notes in each of its
# citations, which the file holds before the events. Kept once, at a million events they
# take half a gigabyte less. Emptied by the store once a database is read.
_TEXTS: dict[str, str] = {}
_TEXTS_MAX = 2_000_000
_share_text = _TEXTS.setdefault


def forget_shared_texts() -> None:
    """Let go of the texts kept to be shared, once a database is read: a dict of a million
    entries, whose texts records made later rarely repeat."""
    _TEXTS.clear()


_IN_ORDER: set[tuple[str, ...]] = set()  # sets of names met in order already, as the store writes them


def shared_pairs(attributes: dict[str, Any]) -> tuple[tuple[str, str], ...] | None:
    """The (name, value) pairs of ``attributes`` sorted by name, as an event holds them, each
    kept once. None if a value is not text: the checks field by field say what is wrong."""
    if len(_SHARED) > _SHARED_MAX:
        _SHARED.clear()
        _IN_ORDER.clear()
    if len(_TEXTS) > _TEXTS_MAX:  # read other than by the store (a clone, an import), which empties it
        _TEXTS.clear()
    names = tuple(attributes)
    if names in _IN_ORDER:  # not sorted again: a fifth of the cost of sharing them
        pairs: Any = attributes.items()
    else:
        pairs = sorted(attributes.items())
        if names == tuple(name for name, _ in pairs):
            _IN_ORDER.add(names)
    try:
        "".join(attributes.values())  # TypeError unless every value is text: the quickest check, in C
        return tuple(map(_share, pairs, pairs))
    except TypeError:
        return None


_event_fields, _citation_fields = itemgetter(*_EVENT_KEYS), itemgetter(*_CITATION_KEYS)  # KeyError if one is missing
_status, _stance, _confidence = (kind._value2member_map_.get for kind in (Status, Stance, Confidence))


def usual_event(data: Any, cls: type[Event] = Event) -> Event | None:
    """The event ``data`` holds if it is a document as the store writes it, else None
    (``Event.from_dict`` says what is wrong with it)."""
    try:
        id_, title, start, end, lane, status, tags, notes, annotation, auto, corroborated, attributes = _event_fields(data)
    except (KeyError, TypeError):  # a field missing, or not a document at all
        return None
    status, corroborated = _status(status), _status(corroborated)
    if not (
        type(id_) is str and type(title) is str and type(start) is str and type(lane) is str and type(notes) is str
        and type(annotation) is str and type(auto) is bool and type(tags) is list and type(attributes) is dict
        and (end is None or type(end) is str)
        and status is not None and corroborated is not None and all(type(tag) is str for tag in tags)
    ):
        return None
    try:
        start, end = parse_date(start), parse_date(end) if end else None
    except DateError:
        return None
    tags, pairs = tuple(tags), shared_pairs(attributes)
    if pairs is None:
        return None
    notes = _share_text(notes, notes)
    return cls(id_, title, start, end, _share(lane, lane), status, _share(tags, tags), notes, annotation, auto, corroborated, pairs)


def usual_citation(data: Any, cls: type[Citation] = Citation) -> Citation | None:
    """As ``usual_event``, for a citation."""
    try:
        id_, event_id, source_id, quote, claimant, stance, prefix, suffix, offset, confidence = _citation_fields(data)
    except (KeyError, TypeError):
        return None
    stance, confidence = _stance(stance), _confidence(confidence)
    if not (
        type(id_) is str and type(event_id) is str and type(source_id) is str and type(quote) is str and type(claimant) is str
        and type(prefix) is str and type(suffix) is str and type(offset) is int and stance is not None and confidence is not None
    ):
        return None
    quote = _share_text(quote, quote)
    return cls(id_, event_id, _share(source_id, source_id), quote, _share(claimant, claimant), stance, prefix, suffix, offset, confidence)


# A lane as a record (model/lanes.py makes and edits them).
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass(frozen=True)
class Lane:
    id: str  # the lane's name when it was first recorded: stays when it is renamed
    name: str
    colour: str
    position: int
    hidden: bool = False

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ModelError("a lane needs a name")
        if not _COLOUR.fullmatch(self.colour):
            raise ModelError(f"a lane's colour is written #RRGGBB, not {self.colour!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "colour": self.colour, "position": self.position, "hidden": self.hidden}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lane:
        return cls(_field(data, "id", str), _field(data, "name", str), _field(data, "colour", str), _field(data, "position", int),
                   _field(data, "hidden", bool, False))
