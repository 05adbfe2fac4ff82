"""Synthetic ACLED-like timelines, for the benchmark and the scale tests.

Like a conflict-event export for one region: a few actors of very unequal activity,
most events dated to the day, some only to the month or approximately, a few that
last for days, and bursts when fighting flares up. ``acled_like`` makes bare events;
``acled_imported`` makes them as an ACLED import leaves them (attributes, notes,
citations to publishers quoting the notes), and ``real_acled_replicated`` copies the
events an import of the real rows in tests/data/real makes, over and over.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import random
from pathlib import Path

from desktop.model import Citation, Event, FuzzyDate, Source, Status, Timeline

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


# 20 lanes of very unequal size, as ACLED's first actors give them (lanes.py).
LANES_20 = (
    "Russia", "Ukraine", "Civilians", "Rioters", "Protesters", "Unidentified", "Wagner Group", "Belarus", "Police",
    "North Korea", "Kadyrovtsy", "Volunteers", "Donetsk People's Republic", "Luhansk People's Republic", "Partisans",
    "Private security", "Militia", "Border guards", "Observers", "Other",
)
LANE_WEIGHTS = (40, 30, 6, 2, 4, 3, 2, 1, 1, 1, 2, 1, 2, 2, 1, 0.5, 0.5, 1, 0.5, 0.5)
SUB_EVENTS = (
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"), ("Explosions/Remote violence", "Air/drone strike"),
    ("Battles", "Armed clash"), ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Strategic developments", "Disrupted weapons use"), ("Protests", "Peaceful protest"), ("Violence against civilians", "Attack"),
)
PUBLISHERS = 300
# ACLED's notes run from one sentence to a paragraph; most are two or three sentences.
SENTENCES = (
    "On {day}, {actor} forces shelled {place} and its surroundings.",
    "According to local authorities, several residential buildings and a power line were damaged.",
    "Casualties unknown.",
    "The regional military administration reported that air defence intercepted {k} drones over the district.",
    "{k} civilians were wounded, including a child, according to the head of the local council.",
    "Clashes continued near {place} as both sides claimed to have repelled assaults on their positions.",
    "[Size of the group not reported; coded as {k} fatalities split across {k} events.]",
)


def _notes(rng: random.Random, day: dt.date, actor: str, place: str) -> str:
    count = rng.choices((1, 2, 3, 4, 5), (10, 30, 30, 20, 10))[0]
    picked = [SENTENCES[0]] + rng.sample(SENTENCES[1:], count - 1)
    return " ".join(s.format(day=day.strftime("%-d %B %Y"), actor=actor, place=place, k=rng.randrange(1, 40)) for s in picked)


def acled_imported(n: int, seed: int = 1) -> Timeline:
    """``n`` events as an ACLED import makes them: 20 lanes, ACLED's attributes, notes of
    realistic length, and 1 to 3 citations each (1.46 on average, as in ACLED's Ukraine
    and Russia exports) to a few hundred publishers, quoting the notes."""
    rng = random.Random(seed)
    sources = {}
    for p in range(PUBLISHERS):
        name = f"Publisher {p} " + rng.choice(("Media", "News", "Telegram", "Ministry of Defence", "Pravda", "24"))
        source = Source(f"publisher-{p}", name, "", publisher=name)
        sources[source.id] = source
    publisher_ids = list(sources)
    # A few publishers carry most reports: weights fall off like a power law.
    publisher_weights = [1 / (rank + 1) for rank in range(PUBLISHERS)]
    bursts = [rng.randrange(DAYS) for _ in range(12)]
    events, citations = {}, {}
    for i in range(n):
        offset = rng.randrange(DAYS) if rng.random() < 0.7 else min(DAYS - 1, abs(rng.choice(bursts) + int(rng.gauss(0, 6))))
        day = FIRST_DAY + dt.timedelta(days=offset)
        roll = rng.random()
        if roll < 0.05:
            start = FuzzyDate(day.year, day.month, approximate=True)
        else:
            start = FuzzyDate(day.year, day.month, day.day, approximate=roll < 0.15)
        lane = rng.choices(LANES_20, LANE_WEIGHTS)[0]
        place = f"{rng.choice(PLACES)}-{rng.randrange(500)}"
        event_type, sub_event = rng.choice(SUB_EVENTS)
        notes = _notes(rng, day, lane, place)
        attributes = {
            "actor1": f"Military Forces of {lane} (2000-)", "actor2": rng.choice(("", "Civilians (Ukraine)", "Military Forces of Ukraine (2019-)")),
            "admin1": rng.choice(("Donetsk", "Kharkiv", "Kursk", "Zaporizhia", "Kherson")), "admin2": f"{place}skyi",
            "admin3": f"{place}ska", "country": "Ukraine", "disorder_type": "Political violence", "event_type": event_type,
            "fatalities": str(rng.choices((0, 1, 2, 5, 10), (70, 12, 8, 6, 4))[0]), "geo_precision": str(rng.randrange(1, 4)),
            "latitude": f"{rng.uniform(46, 52):.4f}", "location": place, "longitude": f"{rng.uniform(30, 40):.4f}",
            "source_scale": rng.choice(("National", "Subnational", "Other", "New media")), "sub_event_type": sub_event,
            "time_precision": "1" if start.day else "3",
        }
        event_id = f"acled:SYN{seed}-{i}"
        event = Event(
            event_id, f"{sub_event} in {place}", start, lane=lane, status=Status.REPORTED, tags=(event_type, sub_event),
            notes=notes, status_auto=True, attributes=tuple(sorted(attributes.items())),
        )
        events[event_id] = event
        count = rng.choices((1, 2, 3), (64, 26, 10))[0]
        for k, source_id in enumerate(rng.choices(publisher_ids, publisher_weights, k=count)):
            citation = Citation(f"{event_id}#{k:04d}", event_id, source_id, notes, sources[source_id].title)
            citations[citation.id] = citation
    return Timeline(f"{n} imported ACLED-like events", list(LANES_20), events, sources, citations)


def real_acled_replicated(n: int) -> Timeline:
    """``n`` events: those an import of the real ACLED rows in tests/data/real makes, copied
    over and over with ids of their own, with their citations (one set of publishers)."""
    from desktop.exchange.formats import read_file
    from desktop.exchange.importing import import_edit

    made: dict[str, list] = {"events": [], "sources": [], "citations": []}
    for change in import_edit(Timeline(), read_file(REAL_ACLED)).changes:
        made[change.kind].append(change.after)
    cited: dict[str, list[Citation]] = {}
    for citation in made["citations"]:
        cited.setdefault(citation.event_id, []).append(citation)
    events, citations = {}, {}
    for i in range(n):
        original = made["events"][i % len(made["events"])]
        copy = events[f"{original.id}-{i}"] = dataclasses.replace(original, id=f"{original.id}-{i}")
        for citation in cited.get(original.id, []):
            citations[f"{citation.id}-{i}"] = dataclasses.replace(citation, id=f"{citation.id}-{i}", event_id=copy.id)
    return Timeline(f"{n} real ACLED events, replicated", [], events, {s.id: s for s in made["sources"]}, citations)
