"""Hypothesis strategies shared by the tests."""
import dataclasses
import datetime as dt

from hypothesis import strategies as st

from desktop.model import Event, FuzzyDate, PinnedNote, Period, editing, new_id
from desktop.model.heading import retitled

fuzzy_dates = st.builds(
    lambda day, precision, approximate, uncertain: FuzzyDate(
        day.year,
        day.month if precision != "year" else None,
        day.day if precision == "day" else None,
        approximate,
        uncertain,
    ),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(["year", "month", "day"]),
    st.booleans(),
    st.booleans(),
)

LANES = ["Ukraine", "Russia", "North Korea", "Observers", "A new lane"]


def build_edit(timeline, op, a, b, c, flag):
    """One user edit chosen from the draws (a, b, c) against the timeline as it stands."""
    events = sorted(timeline.events)
    pick = events[a % len(events)] if events else None
    if op == "move" and events:
        ids = [pick] + ([events[b % len(events)]] if flag else [])
        return editing.move_events(timeline, list(dict.fromkeys(ids)), c, LANES[b % len(LANES)] if b % 3 == 0 else None, to_days=flag and b % 2 == 0)
    if op == "resize" and events and timeline.events[pick].end:
        changed = editing.resize(timeline.events[pick], "start" if flag else "end", c)
        return editing.put(timeline, "events", [changed], "Resize")
    if op == "edit" and events:
        event = timeline.events[pick]
        changed = dataclasses.replace(event, title=f"{event.title} ({c})", notes=event.notes + "·", annotation=f"note {b}" if flag else "")
        return editing.put(timeline, "events", [changed], "Edit")
    if op == "delete" and events:
        return editing.remove(timeline, "events", [pick])
    if op == "create":
        event = Event(new_id(), f"New {c}", FuzzyDate.parse("2024-09-01").moved(c), lane=LANES[b % len(LANES)])
        return editing.put(timeline, "events", [event], "Create")
    if op == "period":
        periods = sorted(timeline.periods)
        if periods and flag:
            return editing.put(timeline, "periods", [editing.shift(timeline.periods[periods[a % len(periods)]], c)], "Move")
        start = FuzzyDate.parse("2024-08").moved(b)
        return editing.put(timeline, "periods", [Period(new_id(), "Held", start, start.moved(abs(c)))], "Add")
    if op == "note":
        notes = sorted(timeline.notes)
        if notes and flag:
            return editing.remove(timeline, "notes", [notes[a % len(notes)]])
        return editing.put(timeline, "notes", [PinnedNote(new_id(), FuzzyDate.parse("2025-01-15").moved(c), f"Note {b}")], "Pin")
    if op == "rename":
        return retitled(timeline, f"Timeline {b}")
    return None


# Draws for build_edit: a random sequence of user edits.
operations = st.lists(
    st.tuples(
        st.sampled_from(["move", "resize", "edit", "delete", "create", "period", "note", "rename"]),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
        st.integers(-800, 800),
        st.booleans(),
    ),
    min_size=1,
    max_size=12,
)
