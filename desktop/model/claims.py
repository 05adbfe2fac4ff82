"""How an event's status follows what its citations say.

A denial makes an event disputed, whoever else speaks for it. Otherwise a report in a
publisher's own voice (or relayed by it from an observer) makes it reported, and reports
from two independent publishers corroborate it: the user then decides whether that makes
it reported or confirmed. What only interested parties assert is claimed, however many
publishers relay it: the same party's claim printed twice is still one claim. An event
nobody is cited for is unsourced, never reported.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from .entities import Citation, Source, Stance, Status


def publisher_key(source: Source) -> str:
    """Who stands behind a document; one without a named publisher stands alone."""
    return source.publisher.strip().casefold() or f"#{source.id}"


def is_corroborated(citations: Iterable[Citation], sources: Mapping[str, Source]) -> bool:
    """Whether two independent publishers report it and nobody denies it."""
    citations = list(citations)
    if any(c.stance is Stance.DENIES for c in citations):
        return False
    return len({publisher_key(sources[c.source_id]) for c in citations if c.stance is Stance.REPORTS}) >= 2


def status_from(
    citations: Iterable[Citation], sources: Mapping[str, Source], corroborated_as: Status = Status.REPORTED
) -> Status:
    """The status the citations give an event."""
    citations = list(citations)
    if not citations:
        return Status.UNSOURCED
    stances = {c.stance for c in citations}
    if Stance.DENIES in stances:
        return Status.DISPUTED
    if is_corroborated(citations, sources):
        return corroborated_as
    return Status.REPORTED if Stance.REPORTS in stances else Status.CLAIMED
