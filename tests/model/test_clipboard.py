"""Events on the clipboard: they paste whole, as new records, bringing the sources they
cite unless the timeline holds them already; and read as lines for an article draft."""
from dataclasses import replace

import pytest

from desktop.model import Event, FuzzyDate, LinkType, ModelError, Source, Timeline
from desktop.model.links import made
from desktop.model.clipboard import Clip, as_text, clip_of, paste


def gornal(kursk):
    return next(e for e in kursk.events.values() if "retaken Gornal" in e.title)


def test_a_copy_through_text_pastes_into_an_empty_timeline_with_its_sources(kursk):
    event = gornal(kursk)
    clip = Clip.from_json(clip_of(kursk, [event.id]).to_json())
    edit, (new_id,) = paste(Timeline(), clip)
    added = {(c.kind, c.id): c.after for c in edit.changes}
    assert all(c.before is None for c in edit.changes)
    pasted = added["events", new_id]
    assert new_id != event.id and replace(pasted, id=event.id) == event
    citations = [r for (kind, _), r in added.items() if kind == "citations"]
    assert sorted((c.quote, c.claimant) for c in citations) == sorted((c.quote, c.claimant) for c in kursk.citations_for(event.id))
    assert {c.event_id for c in citations} == {new_id}
    assert {r.sha256 for (kind, _), r in added.items() if kind == "sources"} == {kursk.sources[c.source_id].sha256 for c in citations}
    assert edit.label == f"Paste '{event.title}'"


def test_pasting_where_the_sources_are_held_cites_them_and_adds_none(kursk):
    event = gornal(kursk)
    edit, _ = paste(kursk, clip_of(kursk, [event.id]), "Duplicate")
    assert not [c for c in edit.changes if c.kind == "sources"]
    assert {c.after.source_id for c in edit.changes if c.kind == "citations"} <= set(kursk.sources)
    kursk.check(edit.changes)


def test_a_source_held_under_another_id_is_matched_by_its_fingerprint(kursk):
    event = gornal(kursk)
    (source,) = {kursk.sources[c.source_id] for c in kursk.citations_for(event.id)}
    other = Timeline(sources={"mine": replace(source, id="mine", title="My copy")})
    edit, _ = paste(other, clip_of(kursk, [event.id]))
    assert {c.after.source_id for c in edit.changes if c.kind == "citations"} == {"mine"}
    assert not [c for c in edit.changes if c.kind == "sources"]


def links_made(edit):
    return {(c.after.from_id, c.after.to_id, c.after.type) for c in edit.changes if c.kind == "links"}


def test_a_link_follows_the_copy_of_the_other_end_or_is_dropped():
    claim, denial, cause = (Event(key, title, FuzzyDate(2025, 4, 26)) for key, title in (("a", "Claim"), ("b", "Denial"), ("c", "Cause")))
    links = [made("b", "a", LinkType.DISPUTES), made("c", "a", LinkType.CAUSES)]
    timeline = Timeline(events={e.id: e for e in (claim, denial, cause)}, links={k.id: k for k in links})
    clip = Clip.from_json(clip_of(timeline, ["a", "b", "c"]).to_json())  # through the clipboard's text
    edit, ids = paste(timeline, clip)
    copy = dict(zip((e.id for e in clip.events), ids))
    assert links_made(edit) == {(copy["b"], copy["a"], LinkType.DISPUTES), (copy["c"], copy["a"], LinkType.CAUSES)}
    Timeline(events=timeline.events, links=timeline.links).apply(edit.changes)  # the model takes it
    here, (alone,) = paste(timeline, clip_of(timeline, ["b"]))
    assert links_made(here) == {(alone, "a", LinkType.DISPUTES)}  # the timeline holds the other end
    elsewhere, (kept,) = paste(Timeline(), clip_of(timeline, ["b"]))
    assert links_made(elsewhere) == set()


def test_text_for_a_draft_reads_date_title_and_who_says_what_where(kursk):
    event = gornal(kursk)
    line = as_text(kursk, [event.id])
    assert line.startswith(f"26 Apr 2025: {event.title} (Russian military, asserts; BBC News)")
    assert "(Ukraine, denies; BBC News)" in line


@pytest.mark.parametrize("text", ["", "[]", '{"events": [{"id": 1}]}', "not json"])
def test_what_is_not_a_clip_is_refused_with_a_reason(text):
    with pytest.raises(ModelError, match="the clipboard holds no events"):
        Clip.from_json(text)


def test_a_clip_is_a_timeline_of_its_own_for_csv_rows(kursk):
    event = gornal(kursk)
    timeline = clip_of(kursk, [event.id]).timeline()
    assert list(timeline.events) == [event.id] and len(timeline.citations) == len(kursk.citations_for(event.id))
    assert isinstance(next(iter(timeline.sources.values())), Source)
