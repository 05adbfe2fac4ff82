"""The built-in Kursk timeline is honest to its article."""
import datetime as dt
import hashlib
from pathlib import Path

from desktop.model import Precision, Stance, Status

ARTICLE = Path(__file__).parent.parent / "seeds" / "000_8d1f73bfa325e026.txt"


def by_title(timeline, words):
    matches = [e for e in timeline.events.values() if words in e.title]
    assert len(matches) == 1, words
    return matches[0]


def test_the_article_is_the_unchanged_seed(kursk):
    (source,) = kursk.sources.values()
    assert source.text == ARTICLE.read_text(encoding="utf-8")
    assert source.sha256 == hashlib.sha256(ARTICLE.read_bytes()).hexdigest()
    assert (source.publisher, source.author, source.published.edtf) == ("BBC News", "Ewan Somerville", "2025-04-26")


def test_every_quote_is_an_exact_substring_of_the_article_at_its_offset(kursk):
    text = ARTICLE.read_text(encoding="utf-8")
    assert len(kursk.citations) >= 10
    for citation in kursk.citations.values():
        assert citation.quote in text
        assert text[citation.offset : citation.offset + len(citation.quote)] == citation.quote
        assert text[: citation.offset].endswith(citation.prefix)
        assert text[citation.offset + len(citation.quote) :].startswith(citation.suffix)


def test_at_least_ten_events_from_the_incursion_to_the_claim_each_cited(kursk):
    assert len(kursk.events) >= 10
    assert min(e.start.earliest for e in kursk.events.values()) == dt.date(2024, 8, 1)
    assert max((e.end or e.start).latest for e in kursk.events.values()) == dt.date(2025, 4, 26)
    for event in kursk.events.values():
        assert kursk.citations_for(event.id), event.title
        assert event.lane in kursk.lanes


def test_precision_is_what_the_article_allows(kursk):
    incursion = by_title(kursk, "surprise incursion")
    assert incursion.start.precision is Precision.MONTH  # "last August", not a day
    assert (incursion.start.year, incursion.start.month) == (2024, 8)
    retreat = by_title(kursk, "retreat")
    assert retreat.start.approximate  # "in recent months"
    assert by_title(kursk, "Gornal").start.edtf == "2025-04-26"  # "on Saturday", the day of publication
    assert by_title(kursk, "fighting continues in Belgorod").start.edtf == "2025-04-25"


def test_claims_are_claims_with_claimants_and_the_denial_is_linked(kursk):
    for event in kursk.events.values():
        stances = {c.stance for c in kursk.citations_for(event.id)}
        if event.status in (Status.CLAIMED, Status.DISPUTED):
            assert Stance.ASSERTS in stances, event.title
        if event.status is Status.DISPUTED:
            assert Stance.DENIES in stances, event.title
    gornal = by_title(kursk, "Gornal")
    assert gornal.status is Status.DISPUTED
    assert {c.claimant for c in kursk.citations_for(gornal.id) if c.stance is Stance.ASSERTS} >= {"Valery Gerasimov"}
    denial = by_title(kursk, "still hold positions")
    assert denial.lane == "Ukraine"
    assert [(phrase, other) for phrase, _, other in kursk.links_of(gornal.id)] == [("Disputed by", denial.id)]
    assert [(phrase, other) for phrase, _, other in kursk.links_of(denial.id)] == [("Disputes", gornal.id)]
    losses = by_title(kursk, "76,000")
    assert losses.status is Status.CLAIMED and "not verified" in losses.notes.lower()
