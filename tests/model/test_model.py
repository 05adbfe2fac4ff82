
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.model import Citation, Event, FuzzyDate, LinkType, ModelError, Source, Stance, Status, Timeline, new_id
from desktop.model.links import made
from desktop.model.quotes import anchor, anchor_quote, locate

from strategies import fuzzy_dates


def test_event_needs_a_title_and_an_end_after_its_start():
    with pytest.raises(ModelError, match="title"):
        Event(new_id(), "  ", FuzzyDate.parse("2025-04-26"))
    with pytest.raises(ModelError, match="ends .* before it starts"):
        Event(new_id(), "Backwards", FuzzyDate.parse("2025-04-26"), FuzzyDate.parse("2025-03"))
    # Same month at two precisions overlaps: not an error.
    Event(new_id(), "Within April", FuzzyDate.parse("2025-04-26"), FuzzyDate.parse("2025-04"))


events = st.builds(
    lambda title, start, status, tags, notes: Event(new_id(), title, start, None, "Russia", status, tuple(tags), notes),
    st.text(min_size=1).filter(str.strip),
    fuzzy_dates,
    st.sampled_from(Status),
    st.lists(st.text()),
    st.text(),
)


@given(events)
def test_event_round_trips_through_its_dict(event):
    assert Event.from_dict(event.to_dict()) == event


def test_unknown_status_is_named():
    data = Event(new_id(), "x", FuzzyDate.parse("2025")).to_dict() | {"status": "rumoured"}
    with pytest.raises(ModelError, match="rumoured.*confirmed, reported, claimed, disputed"):
        Event.from_dict(data)


STORED_EVENT = Event("e1", "Gornal", FuzzyDate.parse("2024-08-06~"), FuzzyDate.parse("2024-09"), "Russia", tags=("a",),
                     annotation="check", attributes=(("fatalities", "3"),)).to_dict()
STORED_CITATION = Citation("c1", "e1", "s1", "quote", "MoD", Stance.DENIES, "pre", "post", 4).to_dict()


@pytest.mark.parametrize("kind, stored", [(Event, STORED_EVENT), (Citation, STORED_CITATION)])
def test_a_stored_record_read_in_one_go_names_any_field_of_the_wrong_type(kind, stored):
    assert kind.from_dict(stored).to_dict() == stored
    for key, value in stored.items():
        wrong = 5 if not isinstance(value, int) or isinstance(value, bool) else "5"
        with pytest.raises(ValueError, match=key):
            kind.from_dict(stored | {key: wrong})
    with pytest.raises(ValueError, match="tags"):
        Event.from_dict(STORED_EVENT | {"tags": ["a", 5]})
    with pytest.raises(ValueError, match="start"):
        Event.from_dict(STORED_EVENT | {"start": "6 August"})


def test_source_fingerprints_its_text_and_refuses_a_mismatch():
    source = Source(new_id(), "Article", "Gornal, Курськ, 쿠르스크")
    assert len(source.sha256) == 64
    with pytest.raises(ModelError, match="sha256"):
        Source.from_dict(source.to_dict() | {"text": "Gornal, edited"})


def test_timeline_refuses_dangling_references():
    event = Event(new_id(), "x", FuzzyDate.parse("2025"))
    source = Source(new_id(), "s", "some text")
    orphan = Citation(new_id(), "missing", source.id, "some", "BBC News")
    with pytest.raises(ModelError, match="unknown event"):
        Timeline(events={event.id: event}, sources={source.id: source}, citations={orphan.id: orphan})
    dangling = made(event.id, "missing", LinkType.CAUSES)
    with pytest.raises(ModelError, match="joins an unknown event"):
        Timeline(events={event.id: event}, links={dangling.id: dangling})


def test_citation_needs_a_claimant():
    with pytest.raises(ModelError, match="who says so"):
        Citation(new_id(), "e", "s", "quote", "", Stance.ASSERTS)


TEXT = "Gerasimov said: Today, the village of Gornal has been liberated. Ukraine said Gornal is still held."


def test_quote_found_at_its_offset_and_again_after_the_text_moves():
    found = anchor_quote(TEXT, "Gornal")
    assert (found.offset, found.prefix[-10:], found.suffix[:5]) == (TEXT.index("Gornal"), "illage of ", " has ")
    edited = "UPDATED 10:00. " + TEXT.replace("Ukraine said Gornal", "Kyiv said that Gornal")
    start, end = locate(edited, found.quote, found.prefix, found.suffix, found.offset)
    assert edited[start:end] == "Gornal"
    # The first Gornal, not the second: its surroundings match better.
    assert edited[start - 11 : start] == "village of "


def test_second_occurrence_is_kept_apart_by_its_context():
    second = TEXT.rindex("Gornal")
    found = anchor(TEXT, second, second + len("Gornal"))
    moved = "Breaking. " + TEXT
    start, _ = locate(moved, found.quote, found.prefix, found.suffix, found.offset)
    assert start == moved.rindex("Gornal")


def test_a_vanished_quote_is_reported_as_gone():
    found = anchor_quote(TEXT, "liberated")
    assert locate(TEXT.replace("liberated", "recaptured"), found.quote, found.prefix, found.suffix, found.offset) is None


@given(st.text(), st.text(), st.text(min_size=1), st.text())
def test_anchored_quote_is_found_after_any_insertion_before_it(before, after, quote, inserted):
    text = before + quote + after
    found = anchor(text, len(before), len(before) + len(quote))
    start, end = locate(inserted + text, found.quote, found.prefix, found.suffix, found.offset)
    assert (inserted + text)[start:end] == quote


def test_a_period_keeps_its_colour_and_lanes_and_writes_them_only_when_chosen():
    from desktop.model import Period

    plain = Period("p", "Held", FuzzyDate.parse("2024-08"), FuzzyDate.parse("2025-03"))
    assert set(plain.to_dict()) == {"id", "label", "start", "end"}  # as files from before have it
    own = Period("p", "Held", FuzzyDate.parse("2024-08"), FuzzyDate.parse("2025-03"), "#1f5fa8", ("Ukraine", "Russia"))
    assert Period.from_dict(own.to_dict()) == own and Period.from_dict(plain.to_dict()) == plain
    with pytest.raises(ModelError, match="colour 'blue' is not of the form #rrggbb"):
        Period("p", "Held", FuzzyDate.parse("2024-08"), FuzzyDate.parse("2025-03"), "blue")


def test_a_month_made_a_day_keeps_the_day_it_is_drawn_at():
    august = FuzzyDate.parse("2024-08")
    assert august.moved(15, to_days=True, keep="middle") == FuzzyDate.parse("2024-08-31")
    assert august.moved(0, to_days=True, keep="latest") == FuzzyDate.parse("2024-08-31")
    assert august.moved(2, to_days=True) == FuzzyDate.parse("2024-08-03")  # a period's start: its first day
    assert august.moved(15) == august  # without Alt, by whole months: half a month is none


def test_counts_are_written_in_words():
    from desktop.model.wording import counted

    assert [counted(n, "source") for n in (0, 1, 2)] == ["0 sources", "1 source", "2 sources"]
    assert counted(3, "copy", "copies") == "3 copies"
    assert counted(300_000, "event") == "300,000 events"  # as the status bar and the filter count say it


def test_values_that_repeat_are_kept_once_when_read():
    # At 300,000 events the parser's copy of each lane, claimant and dataset fact would take hundreds of megabytes.
    def read(number: int) -> Event:
        return Event.from_dict(orjson.loads(orjson.dumps(Event(
            f"e{number}", "Shelling", FuzzyDate.parse("2024-08-06"), lane="Russia", tags=("Shelling",),
            attributes=(("country", "Ukraine"), ("latitude", str(number)))).to_dict())))

    first, second = read(1), read(2)
    assert first.lane is second.lane and first.tags is second.tags
    assert first.attributes[0] is second.attributes[0]  # ("country", "Ukraine")
    assert first.attributes[1] == ("latitude", "1") and second.attributes[1] == ("latitude", "2")
    cited = [Citation.from_dict(orjson.loads(orjson.dumps(Citation(f"c{n}", "e1", "s1", "quote", "Reuters").to_dict()))) for n in (1, 2)]
    assert cited[0].claimant is cited[1].claimant and cited[0].source_id is cited[1].source_id


@pytest.mark.parametrize("value", [["a", "b"], 5, None])
def test_a_fact_that_is_not_text_is_refused_by_name(value):
    document = Event("e1", "Shelling", FuzzyDate.parse("2024-08-06")).to_dict() | {"attributes": {"place": value}}
    with pytest.raises(ModelError, match="attributes"):
        Event.from_dict(document)


@pytest.mark.parametrize("asked_first", [True, False])
def test_an_events_citations_follow_edits_whether_asked_for_before_or_after(asked_first):
    from desktop.model.edits import Change

    source = Source("s", "Report", "Shelling hit the bridge.")
    events = {i: Event(i, f"Event {i}", FuzzyDate(2024, 8, 6)) for i in ("a", "b")}
    old = Citation("c1", "a", "s", "Shelling", "Kyiv")
    timeline = Timeline(events=dict(events), sources={"s": source}, citations={"c1": old})
    if asked_first:
        assert timeline.citations_for("a") == [old]
    moved, new = Citation("c1", "b", "s", "Shelling", "Kyiv"), Citation("c2", "a", "s", "bridge", "Kyiv")
    timeline.apply((Change("citations", "c1", old, moved), Change("citations", "c2", None, new)))
    assert timeline.citations_for("a") == [new]
    assert timeline.citations_for("b") == [moved]


def test_a_snapshot_keeps_the_timeline_as_it_was_while_edits_go_on(kursk):
    from dataclasses import replace as replaced

    from desktop.model.edits import Change

    timeline = Timeline.from_dict(kursk.to_dict())
    snapshot = timeline.snapshot()
    event = next(iter(timeline.events.values()))
    timeline.apply((Change("events", event.id, event, replaced(event, title="Renamed")),))
    timeline.apply((Change("events", "e-new", None, replaced(event, id="e-new")),))
    assert snapshot.events[event.id].title == event.title and "e-new" not in snapshot.events
    assert snapshot.to_dict() == kursk.to_dict()
