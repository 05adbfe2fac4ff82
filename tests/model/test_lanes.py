"""Lanes as records: renamed, recoloured, hidden, moved, merged and deleted, each one edit
that undoes whole; refusals in words."""
import pytest

from desktop.model import Citation, Event, FuzzyDate, LinkType, ModelError, Source, Timeline
from desktop.model.links import made
from desktop.model.lanes import PALETTE, LaneExists, delete, merge, move, removals, rename, restyle, show_all, styles
from desktop.model.timeline import KINDS


def timeline():
    events = {f"e{n}": Event(f"e{n}", f"Event {n}", FuzzyDate.parse("2025-04-26"), lane=lane) for n, lane in enumerate(["Russia", "Russia", "Ukraine", "ISW"])}
    events["d"] = Event("d", "Denial", FuzzyDate.parse("2025-04-27"), lane="Ukraine")
    source = Source("s", "Article", "Russia took it.")
    citation = Citation("c", "e0", "s", "Russia took it.", "Russia")
    denial = made("d", "e0", LinkType.DISPUTES)
    return Timeline(lanes=["Ukraine", "Russia"], events=events, sources={"s": source}, citations={"c": citation}, links={denial.id: denial})


def state(t):
    return {kind: dict(t.table(kind)) for kind in KINDS}


def applied(t, edit):
    """``edit`` applied, after checking that its inverse restores the timeline exactly."""
    before = state(t)
    t.apply(edit.changes)
    after = state(t)
    t.apply(edit.inverse().changes)
    assert state(t) == before
    t.apply(edit.changes)
    assert state(t) == after
    return t


def test_lanes_start_in_the_colour_blind_safe_palette_by_place():
    assert styles(timeline()) == [("Ukraine", PALETTE[0], False), ("Russia", PALETTE[1], False), ("ISW", PALETTE[2], False)]


def test_a_rename_moves_the_events_and_keeps_colour_and_place():
    t = applied(timeline(), rename(timeline(), "Russia", "Russian Federation"))
    assert styles(t)[1] == ("Russian Federation", PALETTE[1], False)
    assert {e.lane for e in t.events.values()} == {"Russian Federation", "Ukraine", "ISW"}


def test_a_rename_is_refused_when_empty_and_offers_a_merge_for_a_name_taken():
    with pytest.raises(ModelError, match="a lane needs a name"):
        rename(timeline(), "Russia", "  ")
    with pytest.raises(LaneExists, match="there is a lane named 'Ukraine' already"):
        rename(timeline(), "Russia", "Ukraine")


def test_a_colour_stays_with_its_lane_when_lanes_move():
    t = timeline()
    t = applied(t, restyle(t, "ISW", colour="#123456"))
    t = applied(t, move(t, "ISW", 0))
    assert styles(t) == [("ISW", "#123456", False), ("Ukraine", PALETTE[0], False), ("Russia", PALETTE[1], False)]
    with pytest.raises(ModelError, match="#RRGGBB"):
        restyle(t, "ISW", colour="red")


def test_hidden_lanes_are_kept_and_shown_again():
    t = timeline()
    t = applied(t, restyle(t, "Russia", hidden=True))
    assert [hidden for _, _, hidden in styles(t)] == [False, True, False]
    t = applied(t, show_all(t))
    assert not any(hidden for _, _, hidden in styles(t))


def test_merging_moves_the_events_and_the_lane_goes():
    t = timeline()
    t = applied(t, merge(t, "ISW", "Ukraine"))
    assert t.lane_order() == ["Ukraine", "Russia"] and t.events["e3"].lane == "Ukraine"


def test_deleting_takes_the_events_their_citations_and_their_links():
    t = timeline()
    t = applied(t, delete(t, "Russia"))
    assert t.lane_order() == ["Ukraine", "ISW"]
    assert "e0" not in t.events and not t.citations and not t.links and "d" in t.events


def test_the_last_lane_cannot_be_deleted():
    t = Timeline(lanes=["Only"])
    with pytest.raises(ModelError, match="'Only' is the last lane: a timeline needs one"):
        delete(t, "Only")


def test_the_lanes_an_edit_takes_away_are_named_and_only_those():
    from dataclasses import replace

    from desktop.model import Edit
    from desktop.model.edits import Change

    t = timeline()
    merged = merge(t, "ISW", "Ukraine")
    t.apply(merged.changes)
    assert removals(t, merged) == {"ISW"}
    deleted = delete(t, "Russia")
    t.apply(deleted.changes)
    assert removals(t, deleted) == {"Russia"}
    t.apply(deleted.inverse().changes)
    assert removals(t, deleted.inverse()) == set()  # the undo brings it back
    renamed = rename(t, "Ukraine", "Ukrainian forces")
    t.apply(renamed.changes)
    assert removals(t, renamed) == {"Ukraine"}  # the name goes, which the caller follows as a rename
    moved = replace(t.events["d"], start=FuzzyDate.parse("2025-04-28"))
    assert removals(t, Edit("Move", (Change("events", "d", t.events["d"], moved),))) == set()
