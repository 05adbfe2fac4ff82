"""Sharing through git under stress: a sync killed at each of its steps, a sync after a
refused one, a first publish large enough to pack its blobs, a sync that compares by
identity, and the simulation and the kill harness of benchmarks/ in their short modes."""
import dataclasses
import importlib.util
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from git_repos import git
from paths import ROOT
from git_repos import Person, delete_event, first_events

from desktop.cli import main
from desktop.dataset import load_dataset
from desktop.model.edits import Change
from desktop.share import form
from desktop.share import sync as share
from desktop.share.commits import BULK
from desktop.share.form import record_path
from desktop.store import Store

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

KILLING = """
import contextlib, os, signal, sys
from pathlib import Path
from desktop.share import commits, git, sync
from desktop.store import Store
db, when, command = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
run, running = git.run, git.running
def killing(repo, *args, **kwargs):
    if when == "before" and args[0] == command:
        os.kill(os.getpid(), signal.SIGKILL)
    done = run(repo, *args, **kwargs)
    if when == "after" and args[0] == command:
        os.kill(os.getpid(), signal.SIGKILL)
    return done
@contextlib.contextmanager
def killing_running(repo, *args, **kwargs):  # a git started to run meanwhile: killed once it is done
    if when == "before" and args[0] == command:
        os.kill(os.getpid(), signal.SIGKILL)
    with running(repo, *args, **kwargs) as result:
        def waited():
            done = result()
            if when == "after" and args[0] == command:
                os.kill(os.getpid(), signal.SIGKILL)
            return done
        yield waited
sync.run = commits.run = killing
sync.running = killing_running
store = Store.open(db)
"""
KILLED_AT = KILLING + """
def bring(edit):
    store.apply(edit.changes)
    return True
sync.sync(sync.linked_repo(db), store.load(), bring)
"""

# Each step of a sync that leaves something behind: files written but not staged, staged
# but not committed, committed but not pushed, a merge in progress, a merge brought into
# the database but not committed.
POINTS = [("before", "status"), ("before", "update-index"), ("after", "update-index"), ("after", "write-tree"), ("after", "commit-tree"),
          ("after", "update-ref"), ("before", "fetch"), ("after", "fetch"), ("after", "merge"), ("before", "commit"), ("before", "push")]


@pytest.mark.parametrize("when, command", POINTS, ids=[f"{when}-{command}" for when, command in POINTS])
def test_a_sync_killed_at_each_step_loses_no_saved_edit_and_the_next_completes(ana, ben, when, command):
    anas, bens = first_events(ana)
    ana.edit("events", anas.id, title="Ana's title")
    ben.edit("events", bens.id, annotation="Ben's remark")
    ben.sync()
    killed = subprocess.run([sys.executable, "-c", KILLED_AT, str(ana.db), when, command], capture_output=True, cwd=ROOT)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert ana.timeline().events[anas.id].title == "Ana's title"
    # Edited again before the next sync: what the killed one wrote is no hand edit.
    ana.edit("events", anas.id, title="Ana's second title")
    assert ana.sync().lines[-1] == "Pushed to origin/main"
    ben.sync()
    for person in (ana, ben):
        events = person.timeline().events
        assert (events[anas.id].title, events[bens.id].annotation) == ("Ana's second title", "Ben's remark")
    assert ana.timeline() == ben.timeline() == share._tree_timeline(ana.repo)
    assert git(ana.repo, "status", "--porcelain") == ""


def refused_on_one_title(ana: Person, ben: Person) -> Any:
    """Ana's sync changes an event's title, Ben's sync of another title for it is refused
    (a conflict), leaving his form of it staged; the event as it was before both."""
    event = first_events(ana, 1)[0]
    ana.edit("events", event.id, title="Ana's title")
    ana.sync()
    ben.edit("events", event.id, title="Ben's title")
    with pytest.raises(share.ShareError, match="both sides changed the same field"):
        ben.sync()
    return event


def test_after_a_refused_sync_the_record_edited_again_in_the_app_syncs(ana, ben):
    """A sync refused (both changed the same field) leaves the database's form of then staged;
    the user settles the field in the app and the next sync takes it, not as a hand edit."""
    event = refused_on_one_title(ana, ben)
    ben.edit("events", event.id, title="Ana's title", notes="Agreed with Ana")
    assert ben.sync().lines[-1] == "Pushed to origin/main"
    ana.sync()
    for person in (ana, ben):
        merged = person.timeline().events[event.id]
        assert (merged.title, merged.notes) == ("Ana's title", "Agreed with Ana")


def test_an_edit_a_refused_sync_staged_and_taken_back_since_makes_no_commit(ana, ben):
    """The staged file holds the last commit's bytes again: nothing is committed, and the
    others' edit comes in."""
    event = refused_on_one_title(ana, ben)
    ben.edit("events", event.id, title=event.title)
    assert not any(line.startswith("Committed") for line in ben.sync().lines)
    assert "ben@newsroom.example" not in git(ben.repo, "log", "--format=%ae")
    assert ben.timeline().events[event.id].title == "Ana's title"


@pytest.mark.parametrize("bulk", [1000, 1], ids=["by path", "by folder"])
def test_the_commit_names_what_was_added_changed_and_removed(ana, bulk, monkeypatch):
    monkeypatch.setattr(share.commits, "BULK", bulk)  # past it, the last commit's files are listed by folder
    one, two = first_events(ana)
    ana.apply(Change("events", "sim-new", None, dataclasses.replace(one, id="sim-new", title="Brand new")))
    ana.edit("events", one.id, title="Retitled")
    delete_event(ana, two)
    ana.sync()
    message = git(ana.repo, "log", "-1", "--format=%B").splitlines()
    assert {"Added event 'Brand new'", "Changed event 'Retitled'", f"Removed event '{two.title}'"} <= set(message)
    assert "1 event added" in message[0] and "1 event changed" in message[0] and "1 event removed" in message[0]


def test_a_sync_in_the_same_process_writes_only_the_records_that_changed_and_notices_anything_else(ana, ben):
    theirs = first_events(ben, 3)[2]
    store = Store.open(ana.db)
    try:
        share.sync_database(ana.db, store)  # what the working copy holds is known from here on
        ben.edit("events", theirs.id, notes="Ben's notes")
        ben.sync()
        assert share.sync_database(ana.db, store).edit is not None  # merged: known still
        timeline = store.load()
        event = next(iter(timeline.events.values()))
        store.apply([Change("events", event.id, event, dataclasses.replace(event, title="Only this one"))])
        other = ana.repo / record_path("events", list(timeline.events)[1])
        before = other.stat().st_mtime_ns
        share.sync_database(ana.db, store)
        assert other.stat().st_mtime_ns == before  # not written again
        assert "Only this one" in git(ana.repo, "show", f"HEAD:{record_path('events', event.id)}")
        assert "Ben's notes" in git(ana.repo, "show", f"HEAD:{record_path('events', theirs.id)}")
        # Another program changes the repository between two syncs: everything is compared again.
        git(ana.repo, "rm", "--quiet", "--cached", str(other))
        other.unlink()
        share.sync_database(ana.db, store)
        assert other.exists() and git(ana.repo, "status", "--porcelain") == ""
        assert form.timeline_of(form.read_tree(ana.repo)) == store.load()
    finally:
        store.close()


def test_written_gives_the_files_of_the_records_that_changed_and_the_paths_of_those_removed():
    kursk = load_dataset()  # changed here: not the tests' shared one
    written = form.Written(kursk)
    events = list(kursk.events.values())
    source = next(iter(kursk.sources.values()))
    kursk.events[events[0].id] = dataclasses.replace(events[0], title="Retitled")
    kursk.events[events[1].id] = dataclasses.replace(events[1])  # a new object, the same record: the same files
    del kursk.events[events[2].id]
    del kursk.sources[source.id]
    kursk.title = "Renamed"
    files, gone = written.changes(kursk)
    first = record_path("events", events[0].id)
    assert set(files) == {form.HEAD, first}
    assert files[first] == form.files_of(kursk)[first]
    source_path = record_path("sources", source.id)
    assert gone == sorted([record_path("events", events[2].id), source_path, source_path.removesuffix(".json") + ".txt"])
    assert written.changes(kursk) == ({}, [])  # it now stands for the timeline given


def ready_to_publish(tmp_path: Path, remote: Path, events: int) -> tuple[Any, Path, Path]:
    """``events`` synthetic events in a database, and a clone of ``remote`` to publish them
    into: the timeline, the clone and the database."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import acled_imported
    timeline = acled_imported(events)
    repo, db = tmp_path / "big", tmp_path / "big.json"
    subprocess.run(["git", "clone", "--quiet", str(remote), str(repo)], check=True, capture_output=True)
    git(repo, "config", "user.name", "Ana")
    git(repo, "config", "user.email", "ana@newsroom.example")
    Store.open(db, seed=lambda: timeline).close()
    return timeline, repo, db


def published(tmp_path: Path, remote: Path, events: int) -> tuple[Any, Path, list[str]]:
    """The timeline ``ready_to_publish`` made, published: it, the clone, and what the publish said."""
    timeline, repo, db = ready_to_publish(tmp_path, remote, events)
    store = Store.open(db)
    try:
        return timeline, repo, share.publish(repo, db, store.load())
    finally:
        store.close()


def test_a_first_publish_of_more_files_than_are_staged_one_by_one_packs_them_and_clones_whole(tmp_path, remote):  # noqa: F811
    timeline, repo, said = published(tmp_path, remote, BULK)
    assert len(form.files_of(timeline)) > BULK
    assert said[-1] == "Pushed to origin/main"
    assert git(repo, "status", "--porcelain") == ""
    loose = [f"{folder.name}{entry.name}" for folder in (repo / ".git" / "objects").glob("[0-9a-f][0-9a-f]") for entry in folder.iterdir()]
    kinds = subprocess.run(["git", "-C", str(repo), "cat-file", "--batch-check=%(objecttype)"], input="\n".join(loose) + "\n",
                           capture_output=True, text=True, check=True).stdout.split()
    assert "blob" not in kinds and len(kinds) == len(loose)  # the blobs packed, not a file each
    git(repo, "fsck", "--no-progress")
    copy = Person(tmp_path / "copy.json", tmp_path / "copy")
    assert copy.cli("clone", str(remote), str(copy.repo)) == 0
    assert copy.timeline() == timeline


def test_a_first_publish_of_10000_events_commits_the_tree_git_makes_of_the_same_files_by_itself(tmp_path, remote):  # noqa: F811
    timeline, repo, _ = published(tmp_path, remote, 10_000)
    by_hand = tmp_path / "by-hand"
    git(tmp_path, "init", "--quiet", str(by_hand))
    files = form.files_of(timeline)
    form.write_tree(by_hand, files)
    subprocess.run(["git", "-C", str(by_hand), "update-index", "--add", "--info-only", "-z", "--stdin"], check=True,
                   input="".join(f"{path}\0" for path in files).encode())
    assert git(repo, "rev-parse", "HEAD^{tree}") == git(by_hand, "write-tree", "--missing-ok")
    assert git(repo, "status", "--porcelain") == ""
    git(repo, "fsck", "--no-progress")


PUBLISH_KILLED = KILLING + """
if command == "writing":  # at the hundredth file the publish writes
    opened, count = os.open, [0]
    def opening(*args):
        count[0] += 1
        if count[0] == 100:
            os.kill(os.getpid(), signal.SIGKILL)
        return opened(*args)
    os.open = opening
sync.publish(Path(sys.argv[4]), db, store.load())
"""
# A first publish packing its blobs killed before it wrote any file (setting git up), while it writes them,
# once they are staged, before and after the commit, and before the push.
PUBLISH_POINTS = [("after", "config"), ("during", "writing"), ("after", "update-index"), ("after", "commit-tree"),
                  ("after", "update-ref"), ("before", "push")]


@pytest.mark.parametrize("when, command", PUBLISH_POINTS, ids=[f"{when}-{command}" for when, command in PUBLISH_POINTS])
def test_a_first_publish_killed_at_each_step_leaves_the_database_as_it_was_and_publishing_again_or_a_sync_completes(
        tmp_path, remote, when, command, capsys):  # noqa: F811
    timeline, repo, db = ready_to_publish(tmp_path, remote, BULK)
    before = db.read_bytes()
    killed = subprocess.run([sys.executable, "-c", PUBLISH_KILLED, str(db), when, command, str(repo)], capture_output=True, cwd=ROOT)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert db.read_bytes() == before
    copy = Person(tmp_path / "copy.json", tmp_path / "copy")
    if command in ("update-ref", "push"):  # committed: the link was kept, and a sync pushes the commit
        assert main(["share", "init", str(repo), "--db", str(db)]) == 2
        assert "shared through" in capsys.readouterr().err
        assert Person(db, repo).sync().lines[-1] == "Pushed to origin/main"
    else:
        assert main(["share", "init", str(repo), "--db", str(db)]) == 0
        assert capsys.readouterr().out.strip().endswith("Pushed to origin/main")
    assert git(repo, "status", "--porcelain") == ""
    git(repo, "fsck", "--no-progress")
    assert copy.cli("clone", str(remote), str(copy.repo)) == 0
    assert copy.timeline() == timeline


def _benchmark(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = sys.modules[name] = importlib.util.module_from_spec(spec)  # dataclasses look it up
    spec.loader.exec_module(module)
    return module


def test_the_newsroom_simulation_loses_no_edit(tmp_path, monkeypatch):
    """Three users editing and syncing for fifteen seconds (benchmarks/share_simulation.py:
    ten users for minutes there)."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    report = _benchmark("share_simulation").run(users=3, events=300, seconds=15, seed=7, root=tmp_path)
    assert report["lost"] == 0, report["missing"]
    assert report["converged"] and report["errors"] == []
    assert report["syncs"] > 3 and report["merges"] > 0 and report["fields checked"] > 20


def test_the_simulation_expects_nothing_a_removal_before_the_next_sync_undid(tmp_path):
    """A record edited, or added, then removed before a sync is never committed as edited
    (or at all): the simulation must not count those edits as lost."""
    sim = _benchmark("share_simulation")
    user = sim.User(1, tmp_path / "user1.json", tmp_path / "user1", seed=1)
    user.store = Store.open(user.db, seed=load_dataset)
    try:
        timeline = user.store.load()
        kept, edited = list(timeline.events.values())[:2]
        added = dataclasses.replace(kept, id="sim-added", title="Added")
        user._save(sim.put(timeline, "events", [added, dataclasses.replace(edited, title="Edited")], "Edit"))
        user._save(sim.put(timeline, "events", [dataclasses.replace(kept, title="Kept")], "Edit"))
        user._save(sim.remove(user.store.load(), "events", [added.id, edited.id]))
    finally:
        user.store.close()
    assert [(e.path, e.line.strip(), e.deleted) for e in user.expected if e.path.startswith("events/")] == [
        (record_path("events", kept.id), '"title": "Kept"', False),
        (record_path("events", edited.id), "", True)]


def test_syncs_killed_at_random_moments_lose_nothing_and_the_next_completes(tmp_path, monkeypatch):
    """benchmarks/share_kills.py at three kills (a hundred there)."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    tally = _benchmark("share_kills").run(kills=3, events=300, seed=11, folder=tmp_path)
    assert tally.kills == 3 and tally.losses == 0 and tally.failed_syncs == 0
