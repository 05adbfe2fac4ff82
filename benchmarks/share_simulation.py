"""A newsroom sharing one timeline, simulated: users edit at random and sync every few
seconds against one bare repository; no edit a user saw saved may be lost.

    python benchmarks/share_simulation.py [--users 10] [--events 10000] [--minutes 3] [--seed N]
    python benchmarks/share_simulation.py --short     # 3 users, 300 events, 15 seconds

The first user publishes ACLED-like events (benchmarks/synthetic.py) into a bare
repository on the local disk; the others clone it, each into a folder and a database of
their own, as in tests/share. Each user (a process of its own) makes edits through the store and the model's builders: new
titles and notes, dates moved, events added and deleted, citations added, and now and then
the title of one of a few events every user edits, so that two change the same field. It
syncs every few seconds; when both sides changed the same field, the user takes theirs
(the record as the others left it) and syncs again. When time is up, every user syncs in
turn until all hold the same timeline.

Lost edits: for every edit whose ``Store.apply`` returned, each field it set must appear,
with that value, in a commit of the final history of the record's file (a record it added
in a commit adding the file, one it deleted in a commit deleting it), unless the same user
set that field again before syncing (only the last value is committed), removed the
record before syncing (then only its removal is committed, and nothing of a record added
since the last sync) or gave it up to take theirs. Walking the history once gives every line each commit added to each file.
It prints syncs, merges, conflicts, edits given up to theirs, lost edits (must be 0), and
the time per sync (median and worst).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import multiprocessing
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import acled_imported  # noqa: E402

from desktop.model import Citation, Edit, Event, FuzzyDate, Timeline  # noqa: E402
from desktop.model.editing import cite, move_events, put, remove  # noqa: E402
from desktop.model.edits import Change  # noqa: E402
from desktop.model.timeline import KINDS  # noqa: E402
from desktop.share import form  # noqa: E402
from desktop.share import sync as share  # noqa: E402
from desktop.share.git import GitError  # noqa: E402
from desktop.store import Store  # noqa: E402

# How a sync meets the same field changed on both sides. None: it refuses, and the user
# takes theirs by editing through the store, then syncs again (_take_theirs). Once sync
# resolves conflicts itself, this is the one line to change:
#     from desktop.share import take_theirs; RESOLVE = take_theirs
RESOLVE = None
SHARED = 8  # events every user edits the title of, now and then: conflicts
TRIES = 5  # syncs in a row a user makes before giving up for this round
ID_LINE = '  "id": '  # a record's id changes only when it is added
ROUNDS = 10  # rounds of everyone syncing in turn, once time is up, to end with the same timeline


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@dataclasses.dataclass
class Expected:
    """What the history must show of one field an edit set: a line the file gained, or the file added or removed."""
    path: str
    line: str  # "" for a file added or removed
    deleted: bool = False
    given_up: bool = False


def _form_lines(kind: str, record) -> tuple[str, dict[str, str]]:
    """The record's JSON file and its scalar fields' lines, as the form writes them."""
    path, raw = next((p, b) for p, b in form.record_files(kind, record.id, record).items() if p.endswith(".json"))
    lines = {}
    for line in raw.decode("utf-8").splitlines():
        name, colon, value = line.strip().partition(": ")
        if colon and line.startswith('  "') and not value.startswith(("[", "{")):
            lines[json.loads(name)] = line.rstrip(",")
    return path, lines


def expected_of(change: Change) -> list[Expected]:
    if change.after is None:
        return [Expected(_form_lines(change.kind, change.before)[0], "", deleted=True)]
    path, after = _form_lines(change.kind, change.after)
    if change.before is None:
        return [Expected(path, after["id"])]
    before = _form_lines(change.kind, change.before)[1]
    return [Expected(path, line) for name, line in after.items() if before.get(name) != line]


@dataclasses.dataclass
class Stats:
    syncs: int = 0
    merges: int = 0
    conflicts: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)
    times: list[float] = dataclasses.field(default_factory=list)
    unsettled: str = ""  # why the last sync did not go through, if it did not


class User:
    def __init__(self, number: int, db: Path, repo: Path, seed: int) -> None:
        self.name, self.db, self.repo = f"user{number}", db, repo
        self.store: Store | None = None  # open while the user works
        self.rng = random.Random(seed)
        self.edits = 0
        self.expected: list[Expected] = []
        self.unsynced: dict[tuple[str, str], Expected] = {}  # by (path, field line's name): only the last is committed
        self.stats = Stats()

    # Edits, made by the model's builders on the database's timeline, saved by the store.
    def edit(self, shared: list[str]) -> None:
        try:
            edit = self._random_edit(self.store.load(), shared)
        except ValueError:  # a gesture the model refuses (a date moved out of range): none this time
            return
        self._save(edit)

    def _random_edit(self, timeline: Timeline, shared: list[str]) -> Edit:
        self.edits += 1
        tag = f"{self.name}-{self.edits}"
        roll = self.rng.random()
        events = list(timeline.events)
        event = timeline.events[self.rng.choice(events)]
        if roll < 0.12:
            key = self.rng.choice([key for key in shared if key in timeline.events] or events)
            edit = put(timeline, "events", [dataclasses.replace(timeline.events[key], title=f"Shared title {tag}")], "Edit")
        elif roll < 0.35:
            edit = put(timeline, "events", [dataclasses.replace(event, title=f"{event.title.split(' [')[0]} [{tag}]")], "Edit")
        elif roll < 0.55:
            edit = put(timeline, "events", [dataclasses.replace(event, notes=f"{event.notes[:200]} Checked by {tag}.")], "Edit")
        elif roll < 0.72:
            edit = move_events(timeline, [event.id], self.rng.choice([-1, 1]) * self.rng.randint(1, 30))
        elif roll < 0.82:
            new = Event(f"sim-{tag}", f"New event {tag}", FuzzyDate(2024, 8, 6).moved(self.rng.randint(0, 200)), lane=event.lane)
            edit = put(timeline, "events", [new], "Add")
        elif roll < 0.87 and event.id not in shared:
            edit = remove(timeline, "events", [event.id])
        else:
            source = timeline.sources[self.rng.choice(list(timeline.sources))]
            quote = source.text[:40] or "quoted"
            edit = cite(timeline, Citation(f"sim-cite-{tag}", event.id, source.id, quote, claimant=f"Claimant {tag}"))
        return edit

    def _save(self, edit: Edit) -> None:
        if not edit.changes:
            return
        self.store.apply(edit.changes)
        for change in edit.changes:
            for expected in expected_of(change):
                if expected.deleted and self._forget_unsynced(expected.path):
                    continue  # added since the last sync: neither its addition nor its removal is committed
                key = (expected.path, expected.line.partition(":")[0] if expected.line else "file")
                if (earlier := self.unsynced.get(key)) is not None:
                    self.expected.remove(earlier)  # set again before a sync: only the last value is committed
                self.unsynced[key] = expected
                self.expected.append(expected)

    def _forget_unsynced(self, path: str) -> bool:
        """A record removed: its fields set since the last sync are never committed. Whether it was added since."""
        forgotten = [self.unsynced.pop(key) for key in [key for key in self.unsynced if key[0] == path]]
        for earlier in forgotten:
            self.expected.remove(earlier)
        return any(earlier.line.startswith(ID_LINE) for earlier in forgotten)

    # Syncing, with the user taking theirs where both changed the same field.
    def sync(self) -> None:
        last = ""
        self.stats.unsettled = ""
        for _ in range(TRIES):
            began = time.perf_counter()
            try:
                synced = share.sync(self.repo, self.store.load(), self._bring, **({"resolve": self._resolve} if RESOLVE else {}))
            except (share.ShareError, GitError) as error:
                self.stats.times.append(time.perf_counter() - began)
                self.stats.syncs += 1
                if "both sides changed the same field" not in str(error):
                    self.stats.errors.append(f"{self.name}: {error}")
                    return
                self.stats.conflicts += 1
                self._take_theirs()
                last = str(error)
                continue
            self.stats.times.append(time.perf_counter() - began)
            self.stats.syncs += 1
            self.stats.merges += synced.edit is not None
            if any(line.startswith("Pushed") or line == "Up to date" for line in synced.lines):
                self.unsynced.clear()  # committed, and in the shared history
                return
            if not any(line.startswith("Not pushed") for line in synced.lines):
                self.stats.errors.append(f"{self.name}: {synced.lines}")
                return
            self.unsynced.clear()  # committed: in the history once pushed
        else:
            self.stats.unsettled = f"{self.name}: {TRIES} syncs in a row refused, the last: {last}"

    def _resolve(self, *conflicts, **options):
        self.stats.conflicts += 1
        return RESOLVE(*conflicts, **options)

    def _bring(self, edit: Edit) -> bool:
        self.store.apply(edit.changes)
        return True

    def _take_theirs(self) -> None:
        """The records both sides changed since the common commit, as the others left them."""
        branch = git(self.repo, "symbolic-ref", "--short", "HEAD").strip()
        upstream = f"{share.REMOTE}/{branch}"
        base = git(self.repo, "merge-base", "HEAD", upstream).strip()
        theirs = set(git(self.repo, "diff", "--name-only", "--no-renames", base, upstream).split())
        # Mine: commits not pushed yet, and what the refused sync left staged (the database's form).
        mine = set(git(self.repo, "diff", "--name-only", "--no-renames", base).split()) & theirs
        timeline = self.store.load()
        changes = []
        for path in sorted(mine):
            folder, _, name = path.partition("/")
            kind = form.KIND_OF_FOLDER[folder]
            if kind == "sources" or not name.endswith(".json"):
                continue
            shown = subprocess.run(["git", "-C", str(self.repo), "show", f"{upstream}:{path}"], capture_output=True)
            if shown.returncode != 0:
                continue  # deleted there: the edit wins, no conflict
            after = KINDS[kind].from_dict(json.loads(shown.stdout))
            changes.append(Change(kind, after.id, timeline.table(kind).get(after.id), after))
            for key in [key for key in self.unsynced if key[0] == path]:
                self.unsynced.pop(key).given_up = True
        if changes:
            self.store.apply(changes)

    def timeline(self) -> Timeline:
        return self.store.load()

    def __getstate__(self) -> dict:  # sent between processes with the store closed
        return {**self.__dict__, "store": None}


def _work(user: User, shared: list[str], deadline: float, pace_seed: float, results) -> None:
    """One user's session, in a process of its own: edits, a sync every few seconds."""
    user.store = Store.open(user.db)
    pace = random.Random(pace_seed)
    next_sync = time.time() + pace.uniform(1, 5)
    while time.time() < deadline:
        time.sleep(pace.uniform(0.1, 0.6))
        user.edit(shared)
        if time.time() >= next_sync:
            user.sync()
            next_sync = time.time() + pace.uniform(2, 6)
    user.store.close()
    results.put(user)


def _setup(root: Path, users: int, events: int) -> list[User]:
    """The first user publishes, the others clone: each a folder and a database of their own."""
    remote = root / "remote.git"
    git(root, "init", "--quiet", "--bare", "-b", "main", str(remote))
    first_db, first_repo = root / "user0.json", root / "user0"
    git(root, "clone", "--quiet", str(remote), str(first_repo))
    _identify(first_repo, 0)
    store = Store.open(first_db, seed=lambda: acled_imported(events))
    try:
        share.publish(first_repo, first_db, store.load())
    finally:
        store.close()
    for number in range(1, users):
        db, repo = root / f"user{number}.json", root / f"user{number}"
        share.clone(str(remote), repo, db, lambda path, timeline: Store.open(path, seed=lambda: timeline).close())
        _identify(repo, number)
    return [User(number, root / f"user{number}.json", root / f"user{number}", seed=number) for number in range(users)]


def _identify(repo: Path, number: int) -> None:
    git(repo, "config", "user.name", f"User {number}")
    git(repo, "config", "user.email", f"user{number}@newsroom.example")


def _history_lines(remote: Path) -> tuple[dict[str, set[str]], set[str]]:
    """Every line each commit of the final history added to each file, and the files a commit removed."""
    added: dict[str, set[str]] = defaultdict(set)
    removed: set[str] = set()
    log = subprocess.run(["git", "-C", str(remote), "log", "-p", "--no-renames", "--format=commit %H", "-U0", "main"],
                         check=True, capture_output=True).stdout.decode("utf-8")
    path = None
    for line in log.splitlines():
        if line.startswith("diff --git "):
            path = None
        elif line.startswith("--- a/"):
            path = line[6:]
        elif line.startswith("+++ "):
            if line == "+++ /dev/null":
                removed.add(path)
            else:
                path = line[6:]
        elif line.startswith("+") and path is not None:
            added[path].add(line[1:].rstrip(","))
    return added, removed


def lost(users: list[User], remote: Path) -> list[str]:
    added, removed = _history_lines(remote)
    missing = []
    for user in users:
        for expected in user.expected:
            if expected.given_up:
                continue
            found = expected.path in removed if expected.deleted else expected.line in added.get(expected.path, ())
            if not found:
                missing.append(f"{user.name}: {expected.path}: {'its removal' if expected.deleted else expected.line.strip()}")
    return missing


def run(users: int, events: int, seconds: float, seed: int, root: Path) -> dict:
    began = time.monotonic()
    people = _setup(root, users, events)
    setup = time.monotonic() - began
    shared = list(Store.open(people[0].db, read_only=True).load().events)[:SHARED]
    rng = random.Random(seed)
    deadline = time.time() + seconds
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_work, args=(user, shared, deadline, rng.random(), results)) for user in people]
    for worker in workers:
        worker.start()
    people = sorted((results.get() for _ in workers), key=lambda user: int(user.name[4:]))
    for worker in workers:
        worker.join()
    for user in people:
        user.store = Store.open(user.db)
    # Everyone syncs in turn until all hold what the repository holds.
    converged = False
    for _ in range(ROUNDS):
        for user in people:
            user.sync()
        heads = {git(user.repo, "rev-parse", "HEAD").strip() for user in people}
        if converged := len(heads) == 1 and all(user.timeline() == people[0].timeline() for user in people):
            break
    missing = lost(people, root / "remote.git")
    times = [t for user in people for t in user.stats.times]
    report = {
        "users": users, "events": events, "seconds": seconds, "setup": setup,
        "edits": sum(user.edits for user in people),
        "fields checked": sum(not e.given_up for user in people for e in user.expected),
        "syncs": sum(user.stats.syncs for user in people),
        "merges": sum(user.stats.merges for user in people),
        "conflicts": sum(user.stats.conflicts for user in people),
        "given up to theirs": sum(e.given_up for user in people for e in user.expected),
        "lost": len(missing), "converged": converged,
        "sync median": statistics.median(times) if times else 0.0, "sync worst": max(times, default=0.0),
        "errors": [error for user in people for error in user.stats.errors] + [user.stats.unsettled for user in people if user.stats.unsettled],
        "missing": missing[:20],
    }
    for user in people:
        user.store.close()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--short", action="store_true", help="3 users, 300 events, 15 seconds (the tests run this)")
    parser.add_argument("--seed", type=int, default=20250426)
    parser.add_argument("--folder", type=Path, help="where the repositories are made (default: a new temporary folder)")
    args = parser.parse_args(argv)
    users, events, seconds = (3, 300, 15.0) if args.short else (args.users, args.events, args.minutes * 60)
    os.environ.setdefault("GIT_CONFIG_NOSYSTEM", "1")
    with tempfile.TemporaryDirectory() as folder:
        report = run(users, events, seconds, args.seed, args.folder or Path(folder))
    print(f"users: {report['users']}  events: {report['events']}  edits: {report['edits']}  "
          f"for {report['seconds']:.0f} s (setup {report['setup']:.0f} s)")
    print(f"syncs: {report['syncs']}  merges: {report['merges']}  conflicts: {report['conflicts']}  "
          f"fields given up to theirs: {report['given up to theirs']}  fields checked: {report['fields checked']}  "
          f"lost edits: {report['lost']}  converged: {'yes' if report['converged'] else 'NO'}")
    print(f"time per sync: median {report['sync median']:.2f} s, worst {report['sync worst']:.2f} s")
    for line in report["errors"][:10] + report["missing"]:
        print("  " + line)
    return 1 if report["lost"] or not report["converged"] else 0


if __name__ == "__main__":
    sys.exit(main())
