"""What citing a passage makes: the citation, anchored, and a new event's title, date and
claimants, computed without a window."""
import datetime as dt

from paths import SEED

from desktop.model import Confidence, Event, FuzzyDate, Source, Stance, Timeline, editing
from desktop.model.citing import citation_of, claimants, dates_of, title_from, with_citation
from desktop.model.quotes import locate

ARTICLE = SEED.read_text(encoding="utf-8")
SOURCE = Source("bbc", "Russia claims Kursk", ARTICLE, publisher="BBC News", published=FuzzyDate(2025, 4, 26))


def test_a_title_is_the_passage_s_first_words_without_quotation_marks():
    assert title_from("“Ukraine launched its surprise incursion”") == "Ukraine launched its surprise incursion"
    assert title_from("one two three four five six seven eight nine ten") == "one two three four five six seven eight…"


def test_a_passage_s_date_is_read_against_the_day_the_source_was_published():
    start = ARTICLE.index("last August")
    assert dates_of(ARTICLE[start - 80 : start + 20], SOURCE, dt.date(2030, 1, 1)) == "2024-08"
    assert dates_of("no date in these words", SOURCE, dt.date(2030, 1, 1)) == "2025-04-26"
    undated = Source("x", "Undated", "no date in these words")
    assert dates_of("no date in these words", undated, dt.date(2030, 1, 2)) == "2030-01-02"


def test_the_claimants_offered_are_the_publisher_the_lane_then_everyone_cited():
    event = Event("e", "Gornal", FuzzyDate(2025, 4, 26), lane="Russia")
    timeline = Timeline("t", ["Russia"], {event.id: event}, {SOURCE.id: SOURCE})
    cited = citation_of(SOURCE, 0, 20, event.id, "ukraine's general staff", Stance.DENIES, Confidence.NORMAL)
    timeline.apply(editing.cite(timeline, cited).changes)
    assert claimants(timeline, SOURCE, event) == ["BBC News", "Russia", "ukraine's general staff"]


def test_a_citation_of_a_passage_quotes_it_exactly_and_is_found_again_where_it_was():
    start = ARTICLE.index("Gornal")
    citation = citation_of(SOURCE, start, start + 40, "e", "Russia", Stance.ASSERTS, Confidence.HIGH)
    assert citation.quote == ARTICLE[start : start + 40] and citation.offset == start
    assert (citation.stance, citation.confidence, citation.claimant) == (Stance.ASSERTS, Confidence.HIGH, "Russia")
    assert locate(ARTICLE, citation.quote, citation.prefix, citation.suffix, citation.offset) == (start, start + 40)


def test_an_event_made_with_its_citation_is_one_edit_whose_status_follows_it():
    timeline = Timeline("t", [], {}, {SOURCE.id: SOURCE})
    event = Event("new", "Gornal retaken", FuzzyDate(2025, 4, 26), lane="Russia", status_auto=True)
    citation = citation_of(SOURCE, 0, 30, event.id, "Russia", Stance.ASSERTS, Confidence.NORMAL)
    edit = with_citation(timeline, event, citation)
    timeline.apply(edit.changes)
    assert timeline.citations_for(event.id) == [citation]
    assert timeline.events[event.id].status.value == "claimed"  # an assertion alone is a claim
