"""Synthetic ACLED-like timelines, for the benchmark and the scale tests.

Like a conflict-event export for one region: a few actors of very unequal activity,
most events dated to the day, some only to the month or approximately, a few that
last for days, and bursts when fighting flares up.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path

from desktop.model import Event, FuzzyDate, Status, Timeline

ACTORS = ("Russia", "Ukraine", "North Korea", "Civilians", "Observers")
WEIGHTS = (45, 35, 8, 8, 4)
KINDS = ("Shelling", "Air strike", "Drone strike", "Armed clash", "Ground assault", "Evacuation")
PLACES = ("Sudzha", "Gornal", "Sverdlikovo", "Malaya Loknya", "Pogrebki", "Plekhovo", "Korenevo", "Kurilovka")
FIRST_DAY = dt.date(2022, 2, 24)
DAYS = 1100

# The statuses a cited event may have: the same draws, and so the same events, as before
# "unsourced" existed.
CITED_STATUSES = [s for s in Status if s is not Status.UNSOURCED]


def acled_like(n: int, seed: int = 1) -> Timeline:
    rng = random.Random(seed)
    bursts = [rng.randrange(DAYS) for _ in range(12)]
    events = {}
    for i in range(n):
        offset = rng.randrange(DAYS) if rng.random() < 0.7 else min(DAYS - 1, abs(rng.choice(bursts) + int(rng.gauss(0, 6))))
        day = FIRST_DAY + dt.timedelta(days=offset)
        roll = rng.random()
        if roll < 0.05:
            start = FuzzyDate(day.year, day.month, approximate=rng.random() < 0.5)
        else:
            start = FuzzyDate(day.year, day.month, day.day, approximate=roll < 0.15)
        end = None
        if start.day is not None and rng.random() < 0.03:
            last = day + dt.timedelta(days=rng.randrange(1, 30))
            end = FuzzyDate(last.year, last.month, last.day)
        title = f"{rng.choice(KINDS)} near {rng.choice(PLACES)} #{i}"
        event = Event(f"e{seed}-{i}", title, start, end, lane=rng.choices(ACTORS, WEIGHTS)[0], status=rng.choice(CITED_STATUSES))
        events[event.id] = event
    return Timeline(f"{n} synthetic events", list(ACTORS), events)


REAL_ACLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "real" / "acled_2024_ukraine.csv"


def acled_export(n: int) -> str:
    """An ACLED export of ``n`` rows: the real rows of tests/data/real, over and over, each with an id of its own."""
    rows = list(csv.DictReader(io.StringIO(REAL_ACLED.read_text(encoding="utf-8"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for i in range(n):
        writer.writerow({**rows[i % len(rows)], "event_id_cnty": f"UKR{i}"})
    return out.getvalue()
