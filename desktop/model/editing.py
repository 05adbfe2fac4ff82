"""The edits a user makes, built as ``Edit`` values from the timeline as it stands.

A builder raises ModelError or DateError for a gesture whose result could not exist
(an end dragged before its start, a date past the year 9999); whether the edit fits
the timeline (nothing left pointing at a deleted event) is ``Timeline.check``'s part.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from operator import attrgetter
from typing import Any

from .claims import is_corroborated, status_from
from .edits import Change, Edit
from .entities import Citation, ModelError, Status
from .quotes import anchor, locate
from .timeline import Timeline

QUOTE_IN_LABEL = 40  # characters of a quote that name a citation in the Undo menu


def name_of(records: list[Any]) -> str:
    """'Gornal recaptured' for one record (a citation by its quote), '3 events' or '2 citations' for several."""
    if len(records) == 1:
        record = records[0]
        name = getattr(record, "title", None) or getattr(record, "label", None) or getattr(record, "text", None)
        if name is None:
            name = record.quote if len(record.quote) <= QUOTE_IN_LABEL else record.quote[: QUOTE_IN_LABEL - 1] + "…"
        return f"'{name}'"
    return f"{len(records)} {'citations' if isinstance(records[0], Citation) else 'events'}"


def put(timeline: Timeline, kind: str, records: list[Any], verb: str) -> Edit:
    """Create or replace ``records`` in one step, labelled '<verb> <name>'; the events whose
    status follows their citations follow what this does to those or to their sources."""
    table = timeline.table(kind)
    changes = tuple(Change(kind, r.id, table.get(r.id), r) for r in records if table.get(r.id) != r)
    return following_citations(timeline, Edit(f"{verb} {name_of(records)}", changes))


def remove(timeline: Timeline, kind: str, ids: list[str]) -> Edit:
    """Remove records; an event takes its citations and its links with it."""
    table = timeline.table(kind)
    records = [table[i] for i in ids]
    changes: list[Change] = []
    if kind == "events":
        gone = set(ids)
        changes += [Change("links", k.id, k, None) for k in timeline.links.values() if {k.from_id, k.to_id} & gone]
        changes += [Change("citations", c.id, c, None) for i in ids for c in timeline.citations_for(i)]
    changes += [Change(kind, r.id, r, None) for r in records]
    return following_citations(timeline, Edit(f"Delete {name_of(records)}", tuple(changes)))


_HELD = object()  # an event the edit leaves as the timeline holds it
_stance_and_source = attrgetter("stance", "source_id")


def following_citations(timeline: Timeline, edit: Edit) -> Edit:
    """``edit`` with the status of each automatic event whose citations, or their sources, it
    changes brought in line with them, in the same step, so that one undo restores both."""
    # Sorted by kind in one pass: an import brings hundreds of thousands of changes.
    by_kind: dict[str, list[Change]] = defaultdict(list)
    for change in edit.changes:
        by_kind[change.kind].append(change)
    cited = by_kind["citations"]
    events = {c.id: c.after for c in by_kind["events"]}  # as the edit leaves them (None: removed)
    sources = {c.id: c.after for c in by_kind["sources"]}
    changed = {c.id for c in cited}
    new_citations: dict[str, list[Citation]] = defaultdict(list)  # by event
    for change in cited:
        if change.after is not None:
            new_citations[change.after.event_id].append(change.after)
    # Events whose citations change, in the order of the changes (which keeps the loop
    # below near in memory to what it reads).
    touched = dict.fromkeys([*new_citations, *(c.before.event_id for c in cited if c.before is not None)])
    # A source changed (its publisher renamed, say): its citations' events, found by a scan,
    # rarely made. A new one has none but the edit's own, whose events are touched already.
    if altered := {c.id for c in by_kind["sources"] if c.before is not None}:
        touched.update(dict.fromkeys(c.event_id for c in timeline.citations.values() if c.source_id in altered))
    if not touched:
        return edit
    sources = {**timeline.sources, **{key: after for key, after in sources.items() if after}}
    # Events cited alike (same stances of the same sources) have the same status: found once.
    found: dict[tuple[Any, ...], Status] = {}
    statuses: dict[str, Any] = {}
    for event_id in touched:
        event = events.get(event_id, _HELD)
        if event is _HELD:
            event = timeline.events.get(event_id)
        if event is None or not event.status_auto:
            continue
        its = new_citations.get(event_id, [])
        if event_id in timeline.events:  # a new event has no citations in the timeline: not looked for
            its = [c for c in timeline.citations_for(event_id) if c.id not in changed] + its
        key = (event.corroborated_as, *map(_stance_and_source, its))
        if (status := found.get(key)) is None:
            status = found[key] = status_from(its, sources, event.corroborated_as)
        if status != event.status:
            statuses[event_id] = replace(event, status=status)
    if not statuses:
        return edit
    changes = [replace(c, after=statuses.pop(c.id)) if c.kind == "events" and c.id in statuses else c for c in edit.changes]
    changes += [Change("events", key, timeline.events[key], after) for key, after in statuses.items()]
    return Edit(edit.label, tuple(changes))


def cite(timeline: Timeline, citation: Citation) -> Edit:
    """Add a citation, or change one (its stance, claimant, confidence)."""
    return put(timeline, "citations", [citation], "Change citation" if citation.id in timeline.citations else "Cite")


def uncite(timeline: Timeline, citation_ids: list[str]) -> Edit:
    """Remove citations; an automatic event left with none becomes unsourced."""
    return remove(timeline, "citations", citation_ids)


def set_status(timeline: Timeline, event_id: str, status: Status | None) -> Edit:
    """The user's status for an event, or (None) the one its citations give it from now on.
    For an automatic event that independent publishers report, choosing reported or
    confirmed is the user's call between the two, and the status keeps following."""
    event = timeline.events[event_id]
    citations = timeline.citations_for(event_id)
    if status is None:
        found = status_from(citations, timeline.sources, event.corroborated_as)
        return put(timeline, "events", [replace(event, status_auto=True, status=found)], "Let the sources set the status of")
    if event.status_auto and status in (Status.REPORTED, Status.CONFIRMED) and is_corroborated(citations, timeline.sources):
        changed = replace(event, status=status, corroborated_as=status)
    else:
        changed = replace(event, status=status, status_auto=False)
    return put(timeline, "events", [changed], "Change status of")


def replace_text(timeline: Timeline, source_id: str, text: str, **metadata: Any) -> Edit:
    """The source read again (a corrected copy of the same document): its new text and any
    new ``metadata`` (title, publisher...), and each of its citations anchored where its quote
    now stands. A quote that cannot be found keeps its old anchor and shows as lost
    (``quotes.locate`` finds nothing); it is never dropped."""
    source = timeline.sources[source_id]
    changes = [Change("sources", source_id, source, replace(source, text=text, sha256="", **metadata))]
    for citation in timeline.citations.values():
        if citation.source_id == source_id and (found := locate(text, citation.quote, citation.prefix, citation.suffix, citation.offset)):
            moved = anchor(text, *found)
            anchored = replace(citation, quote=moved.quote, prefix=moved.prefix, suffix=moved.suffix, offset=moved.offset)
            if anchored != citation:
                changes.append(Change("citations", citation.id, citation, anchored))
    if changes[0].after == source:
        changes.pop(0)
    return following_citations(timeline, Edit(f"Re-import '{source.title}'", tuple(changes)))


def move_events(timeline: Timeline, ids: list[str], days: int, lane: str | None = None, to_days: bool = False, minutes: int = 0) -> Edit:
    """Move events by ``days`` (each end at its own precision), or an end with a time of
    day by ``minutes`` if given, and, if ``lane``, into that lane."""

    def moved_date(date: Any, keep: str) -> Any:
        return date.moved_minutes(minutes) if minutes and date.time is not None else date.moved(days, to_days=to_days, keep=keep)

    moved = []
    for event in (timeline.events[i] for i in ids):
        # Made days (``to_days``), each end keeps the day it is drawn at: a point's mark
        # stands mid-window, a bar runs from its first day to its last.
        end = moved_date(event.end, "latest") if event.end else None
        start = moved_date(event.start, "earliest" if event.end else "middle")
        moved.append(replace(event, start=start, end=end, lane=event.lane if lane is None else lane))
    verb = "Move" if days or to_days or minutes else "Change lane of"
    return put(timeline, "events", moved, verb)


def resize(record: Any, which: str, days: int, to_days: bool = False) -> Any:
    """``record`` (an event range or a period) with one end moved by ``days``."""
    if which not in ("start", "end") or getattr(record, "end", None) is None:
        raise ModelError("only the start or the end of something with both can be dragged")
    keep = "earliest" if which == "start" else "latest"
    return replace(record, **{which: getattr(record, which).moved(days, to_days=to_days, keep=keep)})


def shift(record: Any, days: int, to_days: bool = False) -> Any:
    """A period or a note moved by ``days``."""
    if hasattr(record, "date"):
        return replace(record, date=record.date.moved(days, to_days=to_days, keep="middle"))
    return replace(record, start=record.start.moved(days, to_days=to_days), end=record.end.moved(days, to_days=to_days, keep="latest"))


def change_events(timeline: Timeline, ids: list[str], verb: str, change: Any) -> Edit:
    """Each of the events ``ids`` as ``change`` (Event → Event) makes it, in one step
    labelled '<verb> 3 events' after those it changes; an event it leaves alone is left out."""
    changed = [after for after in (change(timeline.events[i]) for i in ids) if after != timeline.events[after.id]]
    return put(timeline, "events", changed, verb) if changed else Edit(verb, ())


def set_statuses(timeline: Timeline, ids: list[str], status: Status | None) -> Edit:
    """``set_status`` for each of the events ``ids``, in one step."""
    changes = tuple(change for i in ids for change in set_status(timeline, i, status).changes)
    named = [c.after for c in changes if c.kind == "events"]
    return Edit(f"Change status of {name_of(named)}" if named else "Change status", changes)
