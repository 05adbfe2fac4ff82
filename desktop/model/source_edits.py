"""Edits of the source library: a source's details changed, a source deleted with its
citations, two copies of one document merged into one."""
from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from .editing import following_citations, put
from .edits import Change, Edit
from .entities import ModelError, Source
from .quotes import anchor, locate
from .timeline import Timeline


def check_url(url: str, what: str = "URL") -> str:
    """``url`` without surrounding spaces, if it is empty or a web address; else ModelError."""
    url = url.strip()
    if url:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise ModelError(f"the {what} '{url}' is not a web address: it should start with http:// or https://")
    return url


def edit_source(timeline: Timeline, source_id: str, **fields: Any) -> Edit:
    """The source with ``fields`` changed (title, publisher, author, published, url,
    archived_url, reliability), checked: a title, web addresses."""
    fields = {key: value.strip() if type(value) is str else value for key, value in fields.items()}  # not an enum's value
    for key, what in (("url", "URL"), ("archived_url", "archived copy's URL")):
        if key in fields:
            fields[key] = check_url(fields[key], what)
    return put(timeline, "sources", [replace(timeline.sources[source_id], **fields)], "Edit source")


def cited_by(timeline: Timeline, source_id: str) -> tuple[int, int]:
    """How many citations quote the source, and of how many events."""
    citations = [c for c in timeline.citations.values() if c.source_id == source_id]
    return len(citations), len({c.event_id for c in citations})


def delete_source(timeline: Timeline, source_id: str) -> Edit:
    """The source and every citation of it; automatic statuses follow."""
    source = timeline.sources[source_id]
    changes = [Change("citations", c.id, c, None) for c in timeline.citations.values() if c.source_id == source_id]
    changes.append(Change("sources", source_id, source, None))
    return following_citations(timeline, Edit(f"Delete source '{source.title}'", tuple(changes)))


def merge_sources(timeline: Timeline, keep_id: str, merged_id: str) -> Edit:
    """One document held twice: the citations of ``merged_id`` cite ``keep_id`` instead,
    each quote anchored where it stands in the kept text (a quote not found there keeps
    its anchor and shows as lost), the kept source takes the details it lacks from the
    other, and the other goes."""
    if keep_id == merged_id:
        raise ModelError("a source cannot be merged with itself")
    keep, merged = timeline.sources[keep_id], timeline.sources[merged_id]
    filled = {
        name: getattr(merged, name)
        for name in ("publisher", "author", "url", "archived_url", "published")
        if not getattr(keep, name) and getattr(merged, name)
    }
    changes = [Change("sources", keep_id, keep, replace(keep, **filled))] if filled else []
    for citation in timeline.citations.values():
        if citation.source_id == merged_id:
            moved = replace(citation, source_id=keep_id)
            if found := locate(keep.text, citation.quote, citation.prefix, citation.suffix, citation.offset):
                place = anchor(keep.text, *found)
                moved = replace(moved, quote=place.quote, prefix=place.prefix, suffix=place.suffix, offset=place.offset)
            changes.append(Change("citations", citation.id, citation, moved))
    changes.append(Change("sources", merged_id, merged, None))
    return following_citations(timeline, Edit(f"Merge '{merged.title}' into '{keep.title}'", tuple(changes)))


def sorted_for_merge(timeline: Timeline, source_id: str) -> list[Source]:
    """The other sources, by title: what ``source_id`` may be merged into."""
    return sorted((s for s in timeline.sources.values() if s.id != source_id), key=lambda s: s.title.casefold())
