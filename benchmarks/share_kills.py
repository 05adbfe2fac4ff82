"""SIGKILL a sync at random moments and check that nothing is lost and the next sync completes.

    python benchmarks/share_kills.py --kills 100 [--events 2000] [--with-git] [--seed N] [--folder DIR]

Ana publishes ACLED-like events (benchmarks/synthetic.py) into a bare repository on the
local disk and Ben clones it. Before each kill Ana retitles a few events (now and then
moves a thousand at once, so that the sync packs its blobs) and Ben, more often than not,
changes the remarks of a few and syncs, so that Ana's sync has something to merge (a
remark's line is not next to a title's or a date's: git's line merge refuses changes to
neighbouring lines as it does changes to the same line). A child
process opens Ana's database and syncs; the parent kills it with SIGKILL after a random
delay (some almost none, some about a whole sync) and then checks:

- Ana's database opens and holds every title she saved (Ben never changes titles);
- the next sync, run at once in the parent, completes (pushed, or up to date);
- after it the remote holds every title Ana saved, and Ana's database every remark Ben pushed.

The git a killed sync was running is left to finish, as when the app is killed (git
runs on without it). With ``--with-git`` the whole process group is killed, git too,
as a power cut would: a lock git leaves then is named by the next sync, removed as its
message says, and counted. The kills are counted by what they left: a merge in
progress, files written but not staged, commits not pushed.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import acled_imported  # noqa: E402

from desktop.model.editing import move_events, put  # noqa: E402
from desktop.share import sync as share  # noqa: E402
from desktop.share.form import record_path  # noqa: E402
from desktop.share.git import GitError  # noqa: E402
from desktop.store import Store  # noqa: E402

MANY = 1100  # events moved at once now and then: past the count at which blobs are packed


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], check=check, capture_output=True, text=True)


def child(db: Path) -> None:
    store = Store.open(db)
    timeline = store.load()
    print("ready", flush=True)

    def bring(edit):
        store.apply(edit.changes)
        return True

    share.sync(share.linked_repo(db), timeline, bring)
    print("synced", flush=True)


def _sync(db: Path) -> list[str]:
    store = Store.open(db)
    try:
        return share.sync_database(db, store).lines
    finally:
        store.close()


def _edit(db: Path, make) -> None:
    store = Store.open(db)
    try:
        edit = make(store.load())
        if edit.changes:
            store.apply(edit.changes)
    finally:
        store.close()


def _identify(repo: Path, who: str) -> None:
    git(repo, "config", "user.name", who.capitalize())
    git(repo, "config", "user.email", f"{who}@newsroom.example")


@dataclasses.dataclass
class Tally:
    kills: int = 0
    finished: int = 0  # the sync ended before the kill
    merge_in_progress: int = 0
    written_not_staged: int = 0
    not_pushed: int = 0
    locks_removed: int = 0
    losses: int = 0
    failed_syncs: int = 0


def run(kills: int, events: int, seed: int, folder: Path, with_git: bool = False) -> Tally:
    rng = random.Random(seed)
    remote, ana_repo, ben_repo = folder / "remote.git", folder / "ana", folder / "ben"
    ana_db, ben_db = folder / "ana.json", folder / "ben.json"
    subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(remote)], check=True)
    subprocess.run(["git", "clone", "--quiet", str(remote), str(ana_repo)], check=True, capture_output=True)
    _identify(ana_repo, "ana")
    store = Store.open(ana_db, seed=lambda: acled_imported(events))
    try:
        share.publish(ana_repo, ana_db, store.load())
    finally:
        store.close()
    share.clone(str(remote), ben_repo, ben_db, lambda path, timeline: Store.open(path, seed=lambda: timeline).close())
    _identify(ben_repo, "ben")
    titles: dict[str, str] = {}  # what Ana saved
    remarks: dict[str, str] = {}  # what Ben pushed
    tally = Tally()
    sync_time = 0.0
    for number in range(kills + 1):
        if rng.random() < 0.7:
            ids = rng.sample(sorted(Store.open(ben_db, read_only=True).load().events), 3)
            changed = {key: f"Remark by Ben, round {number}" for key in ids}
            _edit(ben_db, lambda t: put(t, "events", [dataclasses.replace(t.events[k], annotation=n) for k, n in changed.items()], "Edit"))
            if any(line.startswith("Pushed") for line in _sync(ben_db)):
                remarks.update(changed)
        ids = rng.sample(sorted(Store.open(ana_db, read_only=True).load().events), 3)
        changed = {key: f"Title by Ana, round {number}" for key in ids}
        _edit(ana_db, lambda t: put(t, "events", [dataclasses.replace(t.events[k], title=n) for k, n in changed.items()], "Edit"))
        titles.update(changed)
        if rng.random() < 0.15:
            _edit(ana_db, lambda t: move_events(t, rng.sample(sorted(t.events), min(MANY, len(t.events))), rng.choice([-3, 3])))
        process = subprocess.Popen([sys.executable, __file__, "--child", str(ana_db)], stdout=subprocess.PIPE, text=True,
                                   start_new_session=True)
        process.stdout.readline()  # "ready": the sync starts
        began = time.perf_counter()
        if number == 0:  # not killed: how long a sync takes here, to kill the others anywhere in theirs
            process.stdout.readline()
            sync_time = time.perf_counter() - began
        time.sleep(rng.choice([0, rng.uniform(0, 0.05), rng.uniform(0, sync_time), rng.uniform(0, sync_time)]))
        os.killpg(process.pid, signal.SIGKILL) if with_git else process.send_signal(signal.SIGKILL)
        tally.finished += "synced" in process.stdout.read() or number == 0
        process.wait()
        tally.kills += number > 0
        _wait_for_session(process.pid)
        tally.merge_in_progress += git(ana_repo, "rev-parse", "--quiet", "--verify", "MERGE_HEAD", check=False).returncode == 0
        tally.written_not_staged += (ana_repo / ".git" / "timeline-writing").exists()
        tally.not_pushed += git(ana_repo, "rev-list", "--count", "origin/main..HEAD", check=False).stdout.strip() not in ("", "0")
        # The database opens with every title Ana saved.
        timeline = Store.open(ana_db, read_only=True).load()
        lost = [key for key, title in titles.items() if timeline.events[key].title != title]
        # The next sync completes.
        try:
            lines = _sync(ana_db)
        except (share.ShareError, GitError) as error:
            if "index.lock" not in str(error) or not with_git:
                raise
            (ana_repo / ".git" / "index.lock").unlink()  # as git's message says, once no git runs
            tally.locks_removed += 1
            lines = _sync(ana_db)
        if not any(line.startswith("Pushed") or line == "Up to date" for line in lines):
            tally.failed_syncs += 1
            print(f"SYNC DID NOT COMPLETE after kill {number}: {lines}", flush=True)
        timeline = Store.open(ana_db, read_only=True).load()
        lost += [key for key, remark in remarks.items() if timeline.events[key].annotation != remark]
        lost += [key for key, title in titles.items()
                 if json.loads(git(remote, "show", f"main:{record_path('events', key)}").stdout)["title"] != title]
        if lost:
            tally.losses += 1
            print(f"LOSS after kill {number}: {sorted(set(lost))[:5]}", flush=True)
    return tally


def _wait_for_session(pid: int) -> None:
    """Until the git the killed sync started has finished (or was killed with it)."""
    for _ in range(300):
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--with-git", action="store_true", help="kill the git the sync runs too, as a power cut would")
    parser.add_argument("--seed", type=int, default=20250426)
    parser.add_argument("--folder", type=Path, help="where the repositories are made (default: a new temporary folder)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    os.environ.setdefault("GIT_CONFIG_NOSYSTEM", "1")
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        tally = run(args.kills, args.events, args.seed, args.folder or Path(folder), args.with_git)
    print(f"kills: {tally.kills}  losses: {tally.losses}  syncs that did not complete: {tally.failed_syncs}  "
          f"left a merge in progress: {tally.merge_in_progress}  files written, not staged: {tally.written_not_staged}  "
          f"commits not pushed: {tally.not_pushed}  finished before the kill: {tally.finished}  "
          f"locks removed by hand: {tally.locks_removed}  time: {time.monotonic() - began:.0f} s")
    return 1 if tally.losses or tally.failed_syncs else 0


if __name__ == "__main__":
    sys.exit(main())
