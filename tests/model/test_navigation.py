"""Stepping from event to event by keyboard, in time and across lanes."""
from desktop.model import Event, FuzzyDate, Timeline
from desktop.model.navigation import across_lanes, step_in_time


def timeline() -> Timeline:
    events = [
        Event("a1", "A one", FuzzyDate(2024, 8, 6), lane="A"),
        Event("b1", "B one", FuzzyDate(2024, 8, 10), lane="B"),
        Event("a2", "A two", FuzzyDate(2024, 9), lane="A"),
        Event("c1", "C one", FuzzyDate(2025, 1, 1), lane="C"),
        Event("b2", "B two", FuzzyDate(2025, 4, 26), lane="B"),
    ]
    return Timeline(lanes=["A", "B", "C"], events={e.id: e for e in events})


def test_next_and_previous_in_time_in_all_lanes_or_one():
    t = timeline()
    every = list(t.events)
    assert step_in_time(t, every, None, 1) == "a1" and step_in_time(t, every, None, -1) == "b2"
    assert step_in_time(t, every, "a1", 1) == "b1"
    assert step_in_time(t, every, "b1", -1) == "a1"
    assert step_in_time(t, every, "b2", 1) is None
    assert step_in_time(t, every, "b1", 1, same_lane=True) == "b2"
    assert step_in_time(t, ["a1", "c1"], "a1", 1) == "c1"  # only among those shown


def test_the_lane_above_or_below_gives_the_event_nearest_in_time():
    t = timeline()
    every = list(t.events)
    assert across_lanes(t, every, "a2", 1) == "b1"  # September 2024: nearer 10 Aug than 26 Apr
    assert across_lanes(t, every, "b2", 1) == "c1"
    assert across_lanes(t, every, "b2", -1) == "a2"
    assert across_lanes(t, every, "c1", 1) is None
    assert across_lanes(t, ["a1", "c1"], "a1", 1) == "c1"  # a lane with nothing shown is skipped
