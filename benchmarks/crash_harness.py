"""Crash harness: SIGKILL a writer at random moments and check that no saved edit is lost.

    python benchmarks/crash_harness.py --kills 200 [--seed N] [--folder DIR]

A child process opens the database through the real store and applies an endless,
varied stream of edits made by the model's builders (add, move, edit notes of very
different lengths, delete events; add, move and stretch periods; pin and unpin notes),
printing each edit's number once ``Store.apply`` has returned, i.e. once it is saved.
Each edit is one line appended to the journal; after about one edit in ten the child
also compacts (writes the whole file, then removes the journal), at once as the command
line does, or, half the time, on a worker thread as the window does, going on with its
edits meanwhile and putting the file in place once it is written (``compacting`` and
``compacted`` on its output say when, so that the kills inside one are counted). The parent kills it after a random delay (some almost none), reopens the
database and replays the same stream in memory: the file and its journal must open,
pass the timeline's checks and equal the timeline after the last edit reported saved,
or after the one after it (saved, killed before it could say so). Anything else is a
loss. The database is made big enough (about 2 MB) that kills land inside compactions,
and notes of up to 60 KB make journal lines long enough to be torn.
"""
from __future__ import annotations

import argparse
import dataclasses
import itertools
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.dataset import load_dataset  # noqa: E402
from desktop.model import Edit, Event, FuzzyDate, PinnedNote, Period, Timeline, new_id  # noqa: E402
from desktop.model.editing import move_events, put, remove, resize, shift  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.store.journal import journal_path  # noqa: E402

FILLER = 5000  # events of about 300 characters: a 2 MB file, a write long enough to land in


def seeded() -> Timeline:
    timeline = load_dataset()
    for n in range(FILLER):
        event = Event(new_id(), f"Filler event {n} " + "x" * 300, FuzzyDate.parse("2025-01"), lane="Russia")
        timeline.events[event.id] = event
    return timeline


def _day(rng: random.Random) -> FuzzyDate:
    return FuzzyDate(2024, 8, 6).moved(rng.randint(0, 260))


def _add_event(t: Timeline, rng: random.Random, key: str) -> Edit:
    return put(t, "events", [Event(key, f"Event {key}", _day(rng), lane=rng.choice(t.lane_order()))], "Add")


def _move(t: Timeline, rng: random.Random, key: str) -> Edit:
    ids = rng.sample(sorted(t.events), rng.randint(1, 3))
    return move_events(t, ids, rng.randint(-40, 40), lane=rng.choice([None, *t.lane_order()]))


def _edit_notes(t: Timeline, rng: random.Random, key: str) -> Edit:
    # From nothing to 60 KB: the file shrinks and grows, so a torn write could not parse.
    event = t.events[rng.choice(sorted(t.events))]
    notes = f"notes {key} " + "n" * rng.choice([0, rng.randint(1, 500), rng.randint(1, 60_000)])
    return put(t, "events", [dataclasses.replace(event, notes=notes)], "Edit")


def _delete(t: Timeline, rng: random.Random, key: str) -> Edit:
    return remove(t, "events", [rng.choice(sorted(t.events))])


def _period(t: Timeline, rng: random.Random, key: str) -> Edit:
    if not t.periods or rng.random() < 0.3:
        start = _day(rng)
        return put(t, "periods", [Period(key, f"Period {key}", start, start.moved(rng.randint(0, 90)))], "Add")
    period = t.periods[rng.choice(sorted(t.periods))]
    days = rng.randint(-30, 30)
    moved = shift(period, days) if rng.random() < 0.5 else resize(period, rng.choice(["start", "end"]), days)
    return put(t, "periods", [moved], "Move")


def _note(t: Timeline, rng: random.Random, key: str) -> Edit:
    if t.notes and rng.random() < 0.4:
        return remove(t, "notes", [rng.choice(sorted(t.notes))])
    return put(t, "notes", [PinnedNote(key, _day(rng), f"Note {key}")], "Pin")


BUILDERS: list[Callable[[Timeline, random.Random, str], Edit]] = [_add_event, _move, _edit_notes, _delete, _period, _note]


def edit_stream(timeline: Timeline, seed: int) -> Iterator[Edit]:
    """The same endless stream of edits for the same timeline and seed; each is applied to
    ``timeline`` before it is yielded, so the parent can replay what the child saved."""
    rng = random.Random(seed)
    for n in itertools.count():
        try:
            edit = rng.choice(BUILDERS)(timeline, rng, f"crash-{seed:x}-{n}")
        except ValueError:  # a drag that would end a period before it starts: another gesture
            continue
        if edit.changes:
            timeline.apply(edit.changes)
            yield edit


def child(db: Path, seed: int) -> None:
    store = Store.open(db)
    pauses = random.Random(~seed)  # apart from the stream's own draws, which the parent replays
    print("ready", flush=True)
    under_way = False  # a compaction on the worker thread
    for number, edit in enumerate(edit_stream(store.load(), seed), start=1):
        store.apply(edit.changes)
        print(number, flush=True)
        store.finish_compaction()  # if the worker is done, as the window's timer does
        if pauses.random() < 0.1:
            store.start_compaction() if pauses.random() < 0.5 else store.compact()
        if (store.compaction is not None) != under_way:
            under_way = not under_way
            print("compacting" if under_way else "compacted", flush=True)


def _saved_count(replay: Timeline, seed: int, reported: int, on_disk: Timeline) -> int | None:
    """How many of the stream's edits the file holds, ``reported`` or one more; None if it
    holds neither. ``replay`` (the file before the child ran) is moved on to that state."""
    stream = edit_stream(replay, seed)
    for count in range(reported + 2):
        if count >= reported and replay == on_disk:
            return count
        next(stream)
    return None


def _load(db: Path) -> Timeline:
    store = Store.open(db)  # raises StoreError if the kill left a file that does not open
    try:
        return store.load()  # raises CorruptDatabase unless it passes the timeline's checks
    finally:
        store.close()


def run(kills: int, seed: int, folder: Path) -> int:
    db = folder / "crash.json"
    db.unlink(missing_ok=True)
    Store.open(db, seed=seeded).close()
    timeline, rng = _load(db), random.Random(seed)
    edits = losses = torn = mid_compaction = mid_background = leaks = 0
    began = time.monotonic()
    for _ in range(kills):
        stream_seed = rng.randrange(2**32)
        process = subprocess.Popen([sys.executable, __file__, "--child", str(db), str(stream_seed)], stdout=subprocess.PIPE, text=True)
        process.stdout.readline()  # "ready": the first write is starting
        time.sleep(rng.choice([0, rng.uniform(0, 0.005), rng.uniform(0, 0.3)]))
        process.send_signal(signal.SIGKILL)
        said = process.stdout.read().split()
        reported = max((int(word) for word in said if word.isdigit()), default=0)
        mid_background += [word for word in said if not word.isdigit()][-1:] == ["compacting"]
        process.wait()
        # A journal that does not end in a newline: the kill landed inside a line. A
        # temporary file left beside the database: it landed inside a compaction.
        journal = journal_path(db)
        torn += journal.exists() and not journal.read_bytes().endswith(b"\n")
        stale = list(folder.glob(f".{db.name}.*.tmp"))
        mid_compaction += bool(stale)
        on_disk = _load(db)  # opening removes the temporary files of the interrupted compaction
        if any(path.exists() for path in stale):
            leaks += 1
            print(f"LEAK: {len(stale)} temporary files left after reopening", flush=True)
        saved = _saved_count(timeline, stream_seed, reported, on_disk)
        if saved is None:
            losses += 1
            print(f"LOSS: edit {reported} was reported saved; the file does not hold it", flush=True)
            timeline = on_disk
        edits += reported
    print(f"kills: {kills}  edits reported saved: {edits}  losses: {losses}  kills inside a journal line: {torn}  "
          f"inside a compaction: {mid_compaction}  inside one on a worker thread: {mid_background}  temporary files left: {leaks}  time: {time.monotonic() - began:.0f} s")
    return 1 if losses or leaks else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20250426)
    parser.add_argument("--folder", type=Path, help="where the database is made (default: a new temporary folder)")
    parser.add_argument("--child", nargs=2, metavar=("DB", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(Path(args.child[0]), int(args.child[1]))
        return 0
    if args.folder:
        return run(args.kills, args.seed, args.folder)
    with tempfile.TemporaryDirectory() as folder:
        return run(args.kills, args.seed, Path(folder))


if __name__ == "__main__":
    sys.exit(main())
