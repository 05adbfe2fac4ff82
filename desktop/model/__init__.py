"""The timeline model: plain Python, no Qt and no storage engine."""
from .dates import DateError, FuzzyDate, Precision, span_label
from .entities import Citation, Event, ModelError, Source, Stance, Status, new_id, sha256_of
from .timeline import Timeline

__all__ = [
    "Citation", "DateError", "Event", "FuzzyDate", "ModelError", "Precision", "Source",
    "Stance", "Status", "Timeline", "new_id", "sha256_of", "span_label",
]
