from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from desktop.model import Citation, Event, FuzzyDate, Source, Status, Timeline
from desktop.model.search import EventFilter, facets, matching_events


def titled(timeline, words):
    return next(e.id for e in timeline.events.values() if words in e.title)


def test_empty_filter_passes_every_event(kursk):
    assert EventFilter().is_empty
    assert EventFilter(text="  \t ").is_empty
    assert matching_events(kursk, EventFilter()) == set(kursk.events)


def test_search_reaches_quotes_and_claimants_ignoring_case(kursk):
    # "propaganda" is only in a Ukrainian quote about the Gornal claim.
    assert matching_events(kursk, EventFilter("PROPAGANDA")) == {titled(kursk, "Gornal")}
    assert titled(kursk, "76,000") in matching_events(kursk, EventFilter("gerasimov"))
    by_claimant = matching_events(kursk, EventFilter("Institute for the Study"))
    assert by_claimant == {titled(kursk, "recent Russian advance"), titled(kursk, "Belgorod Oblast")}


def test_every_word_must_match_somewhere():
    event = Event("e", "Drone strike", FuzzyDate.parse("2025-04"), notes="near Sudzha", annotation="check date")
    timeline = Timeline(events={event.id: event})
    assert matching_events(timeline, EventFilter("sudzha DRONE check")) == {"e"}
    assert matching_events(timeline, EventFilter("sudzha tank")) == set()
    assert matching_events(timeline, EventFilter("strikenear")) == set()  # not across fields


def test_facets_combine_any_within_and_all_across(kursk):
    russia_claims = matching_events(kursk, EventFilter(lanes={"Russia"}, statuses={Status.CLAIMED}))
    assert russia_claims == {e.id for e in kursk.events.values() if e.lane == "Russia" and e.status is Status.CLAIMED}
    assert len(russia_claims) == 3
    either = matching_events(kursk, EventFilter(tags={"belgorod", "putin"}))
    assert either == {titled(kursk, "Belgorod Oblast"), titled(kursk, "Belgorod region"), titled(kursk, "Putin")}
    assert matching_events(kursk, EventFilter("Belgorod", tags={"putin"})) == set()


words = st.text(alphabet="abcAB ", max_size=6)
lanes = st.sampled_from(["East", "West", "Sea"])
tag_names = st.sampled_from(["a", "b", "c"])


@st.composite
def timelines(draw):
    events = {}
    for i in range(draw(st.integers(0, 8))):
        events[f"e{i}"] = Event(
            f"e{i}", "t" + draw(words), FuzzyDate(2025), None, draw(lanes), draw(st.sampled_from(Status)),
            tuple(draw(st.lists(tag_names, max_size=2))), draw(words), draw(words),
        )
    source = Source("s", "Source", "text")
    cited = draw(st.lists(st.sampled_from(sorted(events)), max_size=6)) if events else []
    citations = {
        f"c{n}": Citation(f"c{n}", event_id, "s", "q" + draw(words), "by " + draw(words)) for n, event_id in enumerate(cited)
    }
    return Timeline(events=events, sources={"s": source}, citations=citations)


filters = st.builds(
    EventFilter, words, st.frozensets(lanes), st.frozensets(st.sampled_from(Status)), st.frozensets(tag_names)
)


@given(timelines(), filters, filters)
def test_adding_a_restriction_never_grows_the_result(timeline, criteria, other):
    result = matching_events(timeline, criteria)
    assert result <= set(timeline.events)
    narrower = [
        replace(criteria, text=criteria.text + " " + other.text),
        replace(criteria, lanes=criteria.lanes or other.lanes),
        replace(criteria, statuses=criteria.statuses or other.statuses),
        replace(criteria, tags=criteria.tags or other.tags),
    ]
    for stricter in narrower:
        assert matching_events(timeline, stricter) <= result


@given(timelines(), filters, st.frozensets(lanes, min_size=1), st.frozensets(lanes, min_size=1))
def test_checking_more_lanes_adds_up_what_each_one_passes(timeline, criteria, some, more):
    def passing(chosen):
        return matching_events(timeline, replace(criteria, lanes=chosen))

    assert passing(some | more) == passing(some) | passing(more)


def test_search_reaches_a_datasets_facts_by_value_and_by_name():
    shelled = Event("a", "Shelling", FuzzyDate.parse("2024-01-01"), attributes=(("admin1", "Donetsk"), ("fatalities", "2")))
    quiet = Event("b", "Shelling", FuzzyDate.parse("2024-01-01"), attributes=(("admin1", "Sumy"), ("fatalities", "0")))
    timeline = Timeline(events={e.id: e for e in (shelled, quiet)})
    assert matching_events(timeline, EventFilter("donetsk")) == {"a"}
    assert matching_events(timeline, EventFilter("admin1:sum")) == {"b"}
    assert matching_events(timeline, EventFilter("fatalities>0")) == {"a"}
    assert matching_events(timeline, EventFilter("fatalities=0 shelling")) == {"b"}
    assert matching_events(timeline, EventFilter("location:sumy")) == set()  # no such fact
    assert matching_events(timeline, EventFilter("fatalities>x")) == set()  # a plain word, found nowhere


def test_a_datasets_facts_filter_exactly_by_value_and_by_deaths():
    shelled = Event("a", "Shelling", FuzzyDate.parse("2024-01-01"), attributes=(("admin1", "Donetsk"), ("event_type", "Explosions/Remote violence"), ("fatalities", "2")))
    clash = Event("b", "Clash", FuzzyDate.parse("2024-01-01"), attributes=(("admin1", "Sumy"), ("event_type", "Battles"), ("fatalities", "0")))
    ucdp = Event("c", "Violence", FuzzyDate.parse("2024-01-01"), attributes=(("best", "4"), ("type_of_violence", "state-based conflict")))
    kursk = Event("d", "Article", FuzzyDate.parse("2024-01-01"))
    timeline = Timeline(events={e.id: e for e in (shelled, clash, ucdp, kursk)})
    assert facets(timeline.events.values()) == (
        [("event_type", "Battles"), ("event_type", "Explosions/Remote violence"), ("type_of_violence", "state-based conflict"), ("admin1", "Donetsk"), ("admin1", "Sumy")],
        True,
    )
    assert facets([kursk]) == ([], False)
    assert matching_events(timeline, EventFilter(facts={("event_type", "Battles")})) == {"b"}
    assert matching_events(timeline, EventFilter(facts={("event_type", "Battles"), ("event_type", "Explosions/Remote violence")})) == {"a", "b"}
    assert matching_events(timeline, EventFilter(facts={("event_type", "Battles"), ("admin1", "Donetsk")})) == set()
    assert matching_events(timeline, EventFilter(facts={("admin1", "Sum")})) == set()  # a value, not words in it
    assert matching_events(timeline, EventFilter(with_deaths=True)) == {"a", "c"}
    assert not EventFilter(with_deaths=True).is_empty and not EventFilter(facts={("admin1", "Sumy")}).is_empty


def test_where_matched_names_the_fields_that_hold_a_word(kursk):
    from desktop.model.search import EventFilter, where_matched

    gornal = next(e for e in kursk.events.values() if "retaken Gornal" in e.title)
    assert where_matched(kursk, gornal.id, EventFilter("propaganda")) == ["quote"]
    assert where_matched(kursk, gornal.id, EventFilter("gerasimov")) == ["notes", "claimant"]
    assert where_matched(kursk, gornal.id, EventFilter("village")) == ["title", "quote"]
    assert where_matched(kursk, gornal.id, EventFilter("nothing-like-it")) == []
