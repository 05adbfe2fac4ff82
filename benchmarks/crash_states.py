"""Crash-state explorer: every state a crash may leave on disk, opened by the real code.

    python benchmarks/crash_states.py [--workloads edit compaction ...] [--budget N]

A SIGKILL (crash_harness.py) leaves the page cache to the kernel, which writes it out in
the end: it never shows what a power loss leaves. Here, in the spirit of ALICE ("All
File Systems Are Not Created Equal", OSDI 2014), each workload (saving edits, a
compaction, edits either side of a compaction, edits saved while a compaction writes
on a worker thread, opening with a backup, an import, a schema migration) runs once for real while ``fileio.fs`` records the file-system
operations it makes: creations, writes, truncations, fsyncs, renames, removals, folder
creations and folder fsyncs. Then, for
every crash point (every prefix of the operations), every state a POSIX file system may
leave is built: the operations an fsync has made durable (a file's data by an fsync of
it, a name by an fsync of its folder) are there, and of the others any subset, as ext4
with data=writeback or btrfs may persist renames and appends in another order than they
were made. A write not made durable may be on disk whole, not at all, in part (split at
page boundaries into at most three pieces, the pieces left out reading as zeros), or as
its new length alone, all zeros. Each distinct state is materialised in a folder of its
own and opened with the real store, which must open it, and find in it the timeline after
the last edit acknowledged before the crash point, or after the one being made: every
acknowledged edit, and no half edit. Backups the state lists must open too.

It prints, per workload, the crash points, the crash states generated, the distinct ones
opened and the violations, and exits 1 if there is any. ``--budget`` opens at most that
many distinct states per workload, spread over the crash points (the tests use a small one).
"""
from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop import fileio  # noqa: E402
from desktop.database import import_into  # noqa: E402
from desktop.dataset import load_dataset  # noqa: E402
from desktop.exchange.formats import read_file  # noqa: E402
from desktop.model import Event, FuzzyDate, Timeline  # noqa: E402
from desktop.model.edits import Change  # noqa: E402
from desktop.store import Store, StoreError  # noqa: E402
from desktop.store import compaction as compaction_module  # noqa: E402
from desktop.store.backups import backups  # noqa: E402

PAGE = 4096
DB = "timeline.json"
V1 = Path(__file__).resolve().parent.parent / "tests" / "data" / "timeline_v1.json"

Op = tuple  # ("create", path) ("write", path, offset, data) ("truncate", path, size) ("fsync", path)
# ("rename", source, target) ("unlink", path) ("mkdir", path) ("fsync_dir", folder); paths relative to the folder


class Recorder:
    """Observes ``fileio.fs`` and keeps the operations made inside one folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.ops: list[Op] = []
        self.acks: list[int] = []  # after how many operations each edit was acknowledged
        self._fds: dict[int, str] = {}
        self._names = {str(p.relative_to(root)) for p in root.rglob("*")}

    def _rel(self, path: Path | str) -> str | None:
        rel = os.path.relpath(os.path.realpath(path), self.root)
        return None if rel.startswith("..") else rel

    def acknowledged(self) -> None:
        self.acks.append(len(self.ops))

    def __call__(self, name: str, args: tuple, result: object) -> None:
        if name == "open":
            rel = self._rel(args[0])
            if rel is None:
                return
            self._fds[result] = rel
            if args[1] & os.O_CREAT and rel not in self._names:
                self._names.add(rel)
                self.ops.append(("create", rel))
        elif name in ("write", "truncate", "fsync", "close"):
            rel = self._fds.get(args[0])
            if rel is None:
                return
            if name == "write":
                end = os.lseek(args[0], 0, os.SEEK_CUR)
                self.ops.append(("write", rel, end - result, bytes(args[1][:result])))
            elif name == "truncate":
                self.ops.append(("truncate", rel, args[1]))
            elif name == "fsync":
                self.ops.append(("fsync", rel))
            else:
                del self._fds[args[0]]
        elif name == "replace":
            source, target = self._rel(args[0]), self._rel(args[1])
            if source is not None and target is not None:
                self._names.discard(source)
                self._names.add(target)
                self.ops.append(("rename", source, target))
        elif name in ("unlink", "mkdir", "fsync_dir"):
            rel = self._rel(args[0])
            if rel is not None:
                if name == "unlink":
                    self._names.discard(rel)
                elif name == "mkdir":
                    self._names.add(rel)
                self.ops.append((name, rel))


def _folder_of(rel: str) -> str:
    return os.path.dirname(rel) or "."


def _durable(ops: list[Op], index: int, point: int) -> bool:
    """Whether an fsync before ``point`` has made operation ``index`` durable."""
    op = ops[index]
    if op[0] in ("write", "truncate"):
        return ("fsync", op[1]) in ops[index + 1 : point]
    folders = {_folder_of(path) for path in op[1:]}
    return all(("fsync_dir", folder) in ops[index + 1 : point] for folder in folders)


def _pieces(data: bytes) -> list[tuple[int, int]]:
    """A write split where a crash may split it: at page boundaries, into at most three."""
    first, last = min(PAGE, len(data)), max(PAGE, len(data) - len(data) % PAGE or len(data) - PAGE)
    bounds = sorted({0, first, max(first, last), len(data)})
    return list(itertools.pairwise(bounds))


def _outcomes(op: Op) -> list[object]:
    """What a crash may leave of an operation not yet durable (None: nothing)."""
    if op[0] != "write":
        return [None, "whole"]
    pieces = _pieces(op[3])
    subsets = [tuple(chosen) for n in range(1, len(pieces) + 1) for chosen in itertools.combinations(pieces, n)]
    return [None, "zeros", *subsets]


def _apply(files: dict[str, bytearray], folders: set[str], op: Op, outcome: object) -> None:
    kind = op[0]
    if kind == "create":
        if _folder_of(op[1]) in folders:
            files.setdefault(op[1], bytearray())
    elif kind == "write" and op[1] in files:
        content, offset, data = files[op[1]], op[2], op[3]
        pieces = _pieces(data) if outcome == "whole" else [] if outcome == "zeros" else outcome
        end = offset + (len(data) if outcome == "zeros" else max(b for _, b in pieces))
        if len(content) < end:
            content.extend(bytes(end - len(content)))
        for a, b in pieces:
            content[offset + a : offset + b] = data[a:b]
    elif kind == "truncate" and op[1] in files:
        del files[op[1]][op[2] :]
    elif kind == "rename" and op[1] in files:
        files[op[2]] = files.pop(op[1])
    elif kind == "unlink":
        files.pop(op[1], None)
    elif kind == "mkdir":
        folders.add(op[1])


def crash_states(initial: dict[str, bytes], ops: list[Op], point: int) -> Iterator[dict[str, bytes]]:
    """Every state a crash after the first ``point`` operations may leave."""
    changing = [i for i in range(point) if ops[i][0] not in ("fsync", "fsync_dir")]
    choices = [[("whole",)] if _durable(ops, i, point) else [(o,) for o in _outcomes(ops[i])] for i in changing]
    for picked in itertools.product(*choices):
        files = {path: bytearray(data) for path, data in initial.items() if data is not None}
        folders = {"."} | {path for path, data in initial.items() if data is None}
        for i, (outcome,) in zip(changing, picked):
            if outcome is not None:
                _apply(files, folders, ops[i], outcome)
        yield {**{f: None for f in folders}, **{path: bytes(data) for path, data in files.items()}}


@dataclass
class Workload:
    name: str
    prepare: Callable[[Path], None]  # makes the folder's starting state, unrecorded
    run: Callable[[Path, Recorder], list[Timeline]]  # the timelines it passes through, the first before it
    check_backups: bool = False


@dataclass
class Result:
    points: int = 0
    states: int = 0
    opened: int = 0
    violations: list[str] = field(default_factory=list)


def _event(n: int) -> Event:
    return Event(f"crash-state-{n}", f"Crash-state event {n} " + "x" * 9000, FuzzyDate(2025, 4, 26).moved(n), lane="Russia")


def _put(store: Store, event: Event) -> None:
    store.apply([Change("events", event.id, None, event)])


def _seeded(folder: Path) -> None:
    Store.open(folder / DB, seed=load_dataset).close()


def _with_journal(folder: Path) -> None:
    _seeded(folder)
    store = Store.open(folder / DB)
    for n in range(2):
        _put(store, _event(n))
    store.lock.release()  # as a crash leaves it: no compaction


def _edits(folder: Path, recorder: Recorder) -> list[Timeline]:
    store = Store.open(folder / DB)
    seen = [store.load()]
    for n in range(3):  # the first starts the journal, the others append to it
        _put(store, _event(n))
        recorder.acknowledged()
        seen.append(store.load())
    store.lock.release()
    return seen


def _edits_around_a_compaction(folder: Path, recorder: Recorder) -> list[Timeline]:
    store = Store.open(folder / DB)
    seen = [store.load()]
    _put(store, _event(0))
    recorder.acknowledged()
    seen.append(store.load())
    store.compact()  # a new generation: the next edit starts a journal that names it
    _put(store, _event(1))
    recorder.acknowledged()
    seen.append(store.load())
    store.lock.release()
    return seen


def _edits_during_a_background_compaction(folder: Path, recorder: Recorder) -> list[Timeline]:
    """An edit, a compaction started on its worker thread, an edit saved while the worker
    is held after creating its file, the worker let go and its file put in place, and an
    edit after: the threads' operations in that one order."""
    store = Store.open(folder / DB)
    seen = [store.load()]

    def saved(n: int) -> None:
        _put(store, _event(n))
        recorder.acknowledged()
        seen.append(store.load())

    reached, go = threading.Event(), threading.Event()
    compaction_module.PACE = lambda: (reached.set(), go.wait())
    try:
        saved(0)
        store.start_compaction()
        reached.wait()
        saved(1)
        go.set()
        store.finish_compaction(wait=True)
    finally:
        compaction_module.PACE = None
    saved(2)
    store.lock.release()
    return seen


def _compaction(folder: Path, recorder: Recorder) -> list[Timeline]:
    store = Store.open(folder / DB, read_only=True)  # replays the journal, writes nothing
    timeline = store.load()
    store = Store.open(folder / DB)  # replays it, then compacts: what is recorded
    store.lock.release()
    return [timeline]


def _opening_with_backup(folder: Path, recorder: Recorder) -> list[Timeline]:
    store = Store.open(folder / DB, keep_backups=True)  # compacts the journal, then backs up
    timeline = store.load()
    store.lock.release()
    return [timeline]


def _import(folder: Path, recorder: Recorder) -> list[Timeline]:
    before = Store.open(folder / DB, read_only=True).load()
    csv = folder.parent / f"{folder.name}.csv"
    csv.write_text("title,start,lane\nImported one,2025-01-01,Russia\nImported two,2025-01-02,Ukraine\n", encoding="utf-8")
    import_into(read_file(csv), folder / DB)
    recorder.acknowledged()
    return [before, Store.open(folder / DB, read_only=True).load()]


def _v1(folder: Path) -> None:
    shutil.copyfile(V1, folder / DB)


def _migration(folder: Path, recorder: Recorder) -> list[Timeline]:
    store = Store.open(folder / DB)  # keeps a copy of the version 1 file, then rewrites it
    timeline = store.load()
    store.lock.release()
    return [timeline]


WORKLOADS = {
    "edit": Workload("edit", _seeded, _edits),
    "compaction": Workload("compaction", _with_journal, _compaction),
    "edit-compaction-edit": Workload("edit-compaction-edit", _seeded, _edits_around_a_compaction),
    "background-compaction": Workload("background-compaction", _seeded, _edits_during_a_background_compaction),
    "backup": Workload("backup", _with_journal, _opening_with_backup, check_backups=True),
    "import": Workload("import", _seeded, _import, check_backups=True),
    "migration": Workload("migration", _v1, _migration),
}


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """The folder's files (their bytes) and folders (None)."""
    return {str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes() for p in sorted(folder.rglob("*"))}


def _materialise(state: dict[str, bytes | None], folder: Path) -> None:
    for path, data in sorted(state.items(), key=lambda item: item[0].count(os.sep)):
        if data is None:
            (folder / path).mkdir(parents=True, exist_ok=True)
        else:
            (folder / path).write_bytes(data)


def _check(folder: Path, valid: list[Timeline], check_backups: bool) -> str | None:
    """What is wrong with the crash state in ``folder``; None: nothing."""
    try:
        store = Store.open(folder / DB)
        timeline = store.load()
        store.close()
    except StoreError as error:
        return f"does not open: {error.problem}"
    if timeline not in valid:
        return "holds neither the last acknowledged edit's timeline nor the next one's"
    if check_backups:
        for backup in backups(folder / DB):
            try:
                Store.open(backup.path, read_only=True).load()
            except StoreError as error:
                return f"backup {backup.path.name} does not open: {error.problem}"
    return None


def explore(workload: Workload, budget: int | None = None, work: Path | None = None) -> Result:
    with tempfile.TemporaryDirectory(dir=work) as scratch:
        scratch = Path(scratch)
        folder = scratch / "run"
        folder.mkdir()
        workload.prepare(folder)
        initial = _snapshot(folder)
        recorder = Recorder(folder.resolve())
        fileio.fs.observer = recorder
        try:
            timelines = workload.run(folder, recorder)
        finally:
            fileio.fs.observer = None
        ops, result = recorder.ops, Result(points=len(recorder.ops) + 1)
        seen: set[int] = set()  # states already opened, with what they had to hold
        per_point = None if budget is None else max(1, budget // result.points)
        for point in range(len(ops) + 1):
            acked = sum(1 for at in recorder.acks if at <= point)
            valid = timelines[acked : acked + 2]  # done, or the one under way done too
            opened_here = 0
            for state in crash_states(initial, ops, point):
                result.states += 1
                key = hash((acked, tuple(sorted(state.items()))))  # a state may be right before an acknowledgement, not after
                if key in seen or (per_point is not None and opened_here >= per_point):
                    continue
                seen.add(key)
                opened_here += 1
                result.opened += 1
                there = scratch / f"state-{result.opened}"
                _materialise(state, there)
                problem = _check(there, valid, workload.check_backups)
                if problem:
                    result.violations.append(f"{workload.name}: crash after operation {point} of {len(ops)} ({_name(ops, point)}): {problem}")
                shutil.rmtree(there)
        return result


def _name(ops: list[Op], point: int) -> str:
    return "before the first" if point == 0 else " ".join(str(part) for part in ops[point - 1][:2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workloads", nargs="+", choices=list(WORKLOADS), default=list(WORKLOADS))
    parser.add_argument("--budget", type=int, help="open at most this many distinct states per workload")
    args = parser.parse_args(argv)
    failed = False
    for name in args.workloads:
        began = time.monotonic()
        result = explore(WORKLOADS[name], args.budget)
        print(f"{name:21} crash points: {result.points:3}  crash states: {result.states:6}  distinct, opened: {result.opened:5}  "
              f"violations: {len(result.violations)}  time: {time.monotonic() - began:.0f} s", flush=True)
        for violation in result.violations[:20]:
            print("  VIOLATION", violation)
        failed |= bool(result.violations)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
