"""The timeline model: plain Python, no Qt and no storage engine."""
from .annotations import PinnedNote, Period
from .dates import DateError, FuzzyDate, Precision, parse_range, span_label
from .entities import Citation, Confidence, Event, ModelError, Reliability, Source, Stance, Status, new_id, sha256_of
from .edits import Change, Edit
from .links import Link, LinkType
from .timeline import Timeline

__all__ = [
    "Change", "Citation", "Confidence", "DateError", "Edit", "Event", "FuzzyDate", "Link", "LinkType", "ModelError", "PinnedNote", "Period", "Precision", "Reliability", "Source",
    "Stance", "Status", "Timeline", "new_id", "parse_range", "sha256_of", "span_label",
]
