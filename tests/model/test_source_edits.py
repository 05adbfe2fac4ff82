"""Editing, deleting and merging sources: each one edit, checked, undone whole."""
from dataclasses import replace

import pytest

from desktop.model import Citation, Event, FuzzyDate, ModelError, Reliability, Source, Stance, Status, Timeline
from desktop.model.quotes import anchor
from desktop.model.timeline import KINDS
from desktop.model.source_edits import check_url, cited_by, delete_source, edit_source, merge_sources

TEXT = "Russia says it took Gornal on Saturday. Ukraine denies it."
WIRE = Source("wire", "Russia takes Gornal | Example Wire", TEXT, publisher="Example Wire")
# The same report, copied with a line of its own before it: its quotes stand elsewhere.
COPY = Source("copy", "Russia takes Gornal", "Moscow, 26 April. " + TEXT, publisher="", author="A. Writer", url="https://example.org/gornal")


def quoted(cid, source, words, event="e", stance=Stance.ASSERTS):
    start = source.text.index(words)
    place = anchor(source.text, start, start + len(words))
    return Citation(cid, event, source.id, place.quote, "Russia", stance, place.prefix, place.suffix, place.offset)


def timeline():
    events = {key: Event(key, f"Event {key}", FuzzyDate.parse("2025-04-26"), status=status, status_auto=True) for key, status in (("e", Status.DISPUTED), ("f", Status.CLAIMED))}
    citations = [quoted("c1", WIRE, "it took Gornal"), quoted("c2", COPY, "Ukraine denies it", stance=Stance.DENIES), quoted("c3", COPY, "took Gornal", event="f")]
    return Timeline(events=events, sources={s.id: s for s in (WIRE, COPY)}, citations={c.id: c for c in citations})


def state(t):
    return {kind: dict(t.table(kind)) for kind in KINDS}


def round_trip(t, edit):
    before = state(t)
    t.apply(edit.changes)
    after = state(t)
    t.apply(edit.inverse().changes)
    assert state(t) == before
    t.apply(edit.changes)
    assert state(t) == after


def test_every_field_of_a_source_can_be_edited_in_one_step():
    t = timeline()
    edit = edit_source(
        t, "wire", title=" Russia takes Gornal ", publisher="Example Wire", author="B. Writer", published=FuzzyDate.parse("2025-04-26"),
        url="https://wire.example/gornal", archived_url="https://web.archive.org/web/2025/https://wire.example/gornal", reliability=Reliability.B,
    )
    assert edit.label == "Edit source 'Russia takes Gornal'"
    round_trip(t, edit)
    source = t.sources["wire"]
    assert (source.title, source.author, source.published.edtf, source.reliability, source.text) == ("Russia takes Gornal", "B. Writer", "2025-04-26", Reliability.B, TEXT)
    assert source.archived_url.startswith("https://web.archive.org/") and source.reliability is Reliability.B


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"url": "ftp://wire.example/x"}, "the URL 'ftp://wire.example/x' is not a web address"),
        ({"url": "wire.example/x"}, "should start with http:// or https://"),
        ({"archived_url": "javascript:alert(1)"}, "the archived copy's URL 'javascript:alert(1)' is not a web address"),
        ({"title": "  "}, "a source needs a title"),
    ],
)
def test_a_bad_value_is_refused_in_words(fields, message):
    with pytest.raises(ModelError, match=message.replace("(", r"\(").replace(")", r"\)")):
        edit_source(timeline(), "wire", **fields)


def test_an_empty_url_is_no_url():
    assert check_url("  ") == "" and check_url(" https://a.example/b ") == "https://a.example/b"


def test_reliability_reads_back_and_is_not_judged_by_default():
    assert WIRE.reliability is Reliability.F and Reliability.F.meaning == "reliability cannot be judged"
    rated = replace(WIRE, reliability=Reliability.A)
    assert Source.from_dict(rated.to_dict()) == rated
    old = WIRE.to_dict()
    del old["reliability"], old["archived_url"]
    assert Source.from_dict(old) == WIRE
    with pytest.raises(ModelError, match="reliability 'G' is not one of: A, B, C, D, E, F"):
        Source.from_dict(old | {"reliability": "G"})


def test_deleting_a_source_takes_its_citations_and_the_statuses_follow():
    t = timeline()
    assert cited_by(t, "copy") == (2, 2)
    edit = delete_source(t, "copy")
    assert edit.label == "Delete source 'Russia takes Gornal'"
    round_trip(t, edit)
    assert set(t.sources) == {"wire"} and set(t.citations) == {"c1"}
    assert t.events["e"].status is Status.CLAIMED  # its denial is gone
    assert t.events["f"].status is Status.UNSOURCED  # nothing backs it any more


def test_merging_moves_the_citations_anchored_in_the_kept_text_and_fills_what_it_lacks():
    t = timeline()
    edit = merge_sources(t, "wire", "copy")
    assert edit.label == "Merge 'Russia takes Gornal' into 'Russia takes Gornal | Example Wire'"
    round_trip(t, edit)
    assert set(t.sources) == {"wire"}
    kept = t.sources["wire"]
    assert (kept.publisher, kept.author, kept.url) == ("Example Wire", "A. Writer", "https://example.org/gornal")
    for citation in t.citations.values():
        assert citation.source_id == "wire"
        assert TEXT[citation.offset : citation.offset + len(citation.quote)] == citation.quote
    with pytest.raises(ModelError, match="cannot be merged with itself"):
        merge_sources(t, "wire", "wire")
