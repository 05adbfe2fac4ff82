"""Sharing through git, timed: the first publish of a timeline and syncs of a few edits.

    python benchmarks/share_sync.py [--sizes 10000 100000]

For each size (ACLED-like events, benchmarks/synthetic.py; 100,000 takes some minutes,
most of them the floor's), a bare repository on the local disk stands for the remote. It
times turning the timeline into its files and back, the first publish (write every file,
pack, commit, push), a sync of 3 edited events as the app makes it (the timeline in
memory: commit, fetch, push), the same from the command line (the database loaded first),
a sync that merges 3 events another user changed, a sync of 3 edits as the first after
the app opens again (nothing known of what the last sync wrote: every record's file is
compared), and who last changed each event (the exports' option); each against a floor
measured on the same repository in the same run:
``git status`` (git comparing the working copy with its index, which every sync needs),
git add + commit + push of the same files made by hand (and writing the files alone, the
floor of any publish that leaves a working copy: "writing"), and git printing the events'
log with the files each commit changed. Targets at 100,000 events: publish under 30 s, a sync of a few edits under 1 s.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import acled_imported  # noqa: E402

from desktop.model.edits import Change, Edit  # noqa: E402
from desktop.share import sync as share  # noqa: E402
from desktop.share.blame import last_changes  # noqa: E402
from desktop.share.form import files_of, timeline_of, write_tree  # noqa: E402
from desktop.store import Store  # noqa: E402


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def clone_of(remote: Path, folder: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", str(remote), str(folder)], check=True, capture_output=True)
    git(folder, "config", "user.name", "Bench")
    git(folder, "config", "user.email", "bench@example.org")
    git(folder, "config", "gc.auto", "0")  # no packing behind the timings' back
    return folder


def _retitled(timeline, count: int, who: str) -> list[Change]:
    events = list(timeline.events.values())[:count]
    return [Change("events", e.id, e, dataclasses.replace(e, title=f"{who}: {e.title}")) for e in events]


def measure(n: int, root: Path) -> dict[str, float]:
    timeline = acled_imported(n)
    figures = {"files_of": timed(lambda: files_of(timeline))}
    files = files_of(timeline)
    figures["timeline_of"] = timed(lambda: timeline_of(files))
    # Floor: the same files written, added, committed and pushed by hand.
    for name in ("floor.git", "remote.git"):
        subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(root / name)], check=True)
    floor = clone_of(root / "floor.git", root / "floor")
    # Writing the files alone is the floor of any publish that leaves a working copy.
    figures["write_files"] = timed(lambda: write_tree(floor, files))
    figures["floor_publish"] = figures["write_files"] + timed(lambda: (git(floor, "add", "--all"), git(floor, "commit", "--quiet", "-m", "all"),
                                                                       git(floor, "push", "--quiet", "origin", "HEAD:main")))
    figures["floor_status"] = timed(lambda: git(floor, "status", "--porcelain"))
    del files
    # The floor's files flushed, and removed only at the end: deleting a quarter of a
    # million files keeps the disk busy for tens of seconds, which the publish would wait on.
    os.sync()
    repo, db = clone_of(root / "remote.git", root / "mine"), root / "mine.json"
    Store.open(db, seed=lambda: timeline).close()
    store = Store.open(db)
    try:
        figures["publish"] = timed(lambda: share.publish(repo, db, store.load()))
        # As the app syncs: its timeline in memory, each edit saved and applied to it.
        held = store.load()

        def bring(edit) -> bool:
            store.apply(edit.changes)
            held.apply(edit.changes)
            return True

        bring(Edit("Retitle", tuple(_retitled(held, 3, "Mine"))))
        figures["sync_3_edits"] = timed(lambda: share.sync(repo, held, bring))
        store.apply(_retitled(store.load(), 3, "Again"))
        figures["sync_3_headless"] = timed(lambda: share.sync_database(db, store))
        # Another user's 3 edits merged in.
        theirs, their_db = clone_of(root / "remote.git", root / "theirs"), root / "theirs.json"
        share.clone(str(root / "remote.git"), root / "their-copy", their_db, lambda path, t: Store.open(path, seed=lambda: t).close())
        shutil.rmtree(theirs)
        other = Store.open(their_db)
        try:
            events = list(other.load().events.values())[10:13]
            other.apply([Change("events", e.id, e, dataclasses.replace(e, notes=f"Theirs: {e.notes}")) for e in events])
            share.sync_database(their_db, other)
        finally:
            other.close()
        figures["sync_merge_3"] = timed(lambda: share.sync(repo, held, bring))
        bring(Edit("Retitle", tuple(_retitled(held, 3, "Reopened"))))
        share._known.clear()  # as after the app opens again: nothing known of what was written
        figures["sync_reopened"] = timed(lambda: share.sync(repo, held, bring))
        # Who last changed each event (the exports' option): one pass over the log, against
        # git printing that log alone.
        figures["last_changed"] = timed(lambda: last_changes(repo, held))
        figures["floor_log"] = timed(lambda: git(repo, "log", "--name-only", "--format=%an", "--", "events/"))
    finally:
        store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    args = parser.parse_args()
    os.environ.setdefault("GIT_CONFIG_NOSYSTEM", "1")
    print(f"{'events':>8} {'files_of':>9} {'read back':>9} {'publish':>8} {'writing':>8} {'floor':>7} {'ratio':>6} "
          f"{'sync 3':>7} {'status':>7} {'ratio':>6} {'headless':>9} {'merge 3':>8} {'reopened':>9}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            f = measure(n, Path(folder))
        print(f"{n:>8} {f['files_of']:>8.2f}s {f['timeline_of']:>8.2f}s {f['publish']:>7.2f}s {f['write_files']:>7.2f}s {f['floor_publish']:>6.2f}s "
              f"{f['publish'] / f['floor_publish']:>5.1f}x {f['sync_3_edits']:>6.2f}s {f['floor_status']:>6.2f}s "
              f"{f['sync_3_edits'] / f['floor_status']:>5.1f}x {f['sync_3_headless']:>8.2f}s {f['sync_merge_3']:>7.2f}s "
              f"{f['sync_reopened']:>8.2f}s", flush=True)
        print(f"{'':>8} last changed by / on, every event: {f['last_changed']:.2f}s; git log --name-only alone {f['floor_log']:.2f}s "
              f"({f['last_changed'] / f['floor_log']:.1f}x)", flush=True)


if __name__ == "__main__":
    main()
