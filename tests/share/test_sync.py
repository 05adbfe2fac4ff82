"""Sharing through git: a local bare repository stands for the remote, and two people each
have a clone and a database of their own."""
import dataclasses
import json
import shutil
import signal
import subprocess
import sys

import pytest
from git_repos import Person, cloner, delete_event, first_events, git, identify, published_flat, second_source_shared

from desktop.cli import main
from desktop.model.edits import Change
from desktop.model.source_edits import delete_source
from desktop.share import sync as share
from desktop.share.form import read_tree, record_path, timeline_of
from desktop.store import Store

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_publish_then_clone_gives_the_same_timeline_and_remembers_the_repository(ana, ben, remote, capsys):
    assert ben.timeline() == ana.timeline()
    assert share.linked_repo(ben.db) == ben.repo.resolve()
    assert git(remote, "log", "--format=%ae", "main").split() == ["ana@newsroom.example"]
    assert ben.cli("sync") == 0
    assert "Up to date" in capsys.readouterr().out


def test_edits_to_different_events_reach_both(ana, ben):
    one, two = first_events(ana)
    ana.edit("events", one.id, title="Ana's title")
    ben.edit("events", two.id, title="Ben's title")
    assert "Pushed to origin/main" in ana.sync().lines
    synced = ben.sync()
    assert synced.edit is not None and synced.edit.label == "Sync with origin: 1 event changed by ana@newsroom.example"
    assert [change.id for change in synced.edit.changes] == [one.id]
    ana.sync()
    for person in (ana, ben):
        events = person.timeline().events
        assert (events[one.id].title, events[two.id].title) == ("Ana's title", "Ben's title")
    assert ana.timeline() == ben.timeline()
    # The commit lists the edit, with the author from the user's git identity.
    log = git(ana.repo, "log", "--format=%ae %s", "-3")
    assert "ben@newsroom.example 1 event changed" in log


def test_edits_to_different_fields_of_one_event_merge(ana, ben):
    event = first_events(ana, 1)[0]
    ana.edit("events", event.id, title="Ana's title")
    ben.edit("events", event.id, notes="Ben's notes")
    ana.sync()
    ben.sync()
    ana.sync()
    for person in (ana, ben):
        merged = person.timeline().events[event.id]
        assert (merged.title, merged.notes) == ("Ana's title", "Ben's notes")


def test_the_same_field_changed_on_both_sides_is_refused_listing_each_conflict_leaving_database_and_repository_as_they_were(ana, ben, capsys):
    one, two = first_events(ana)
    ana.edit("events", one.id, title="Ana's title")
    ana.edit("events", two.id, notes="Ana's\nnotes")
    ben.edit("events", one.id, title="Ben's title")
    ben.edit("events", two.id, notes="Ben's notes")
    ana.sync()
    before_db, before_head = ben.db.read_bytes(), git(ben.repo, "rev-parse", "HEAD")
    assert ben.cli("sync") == 2
    said = capsys.readouterr().err.splitlines()
    assert "both sides changed the same field of 2 records" in said[0] and "--take mine" in said[0]
    assert sorted(said[1:]) == sorted([
        f"kursk-timeline: conflict: {record_path('events', one.id)}: field 'title': mine \"Ben's title\", theirs \"Ana's title\"",
        f"kursk-timeline: conflict: {record_path('events', two.id)}: field 'notes': mine \"Ben's notes\", theirs \"Ana's\\nnotes\""])
    assert ben.db.read_bytes() == before_db
    assert git(ben.repo, "rev-parse", "HEAD") == before_head
    assert not (ben.repo / ".git" / "MERGE_HEAD").exists()
    assert ben.timeline().events[one.id].title == "Ben's title"


def test_an_event_edited_on_one_side_and_deleted_on_the_other_is_kept(ana, ben):
    event = first_events(ana, 1)[0]
    delete_event(ana, event)
    ben.edit("events", event.id, title="Ben's title")
    ana.sync()
    assert f"Removed event '{event.title}'" in git(ana.repo, "log", "-1", "--format=%B")
    synced = ben.sync()
    assert any(line.startswith(f"Kept {record_path('events', event.id)}") for line in synced.lines)
    ana.sync()
    for person in (ana, ben):
        assert person.timeline().events[event.id].title == "Ben's title"


def test_a_push_refused_because_someone_pushed_first_is_fetched_merged_and_pushed_again(ana, ben, monkeypatch):
    one, two = first_events(ana)
    ana.edit("events", one.id, title="Ana's title")
    ben.edit("events", two.id, title="Ben's title")
    fetch, fetched = share._fetch, []

    def ana_pushes_first(repo, result):
        done = fetch(repo, result)
        if repo == ben.repo and not fetched:  # between Ben's fetch and his push
            fetched.append(repo)
            monkeypatch.setattr(share, "_fetch", fetch)
            ana.sync()
            monkeypatch.setattr(share, "_fetch", ana_pushes_first)
        return done

    monkeypatch.setattr(share, "_fetch", ana_pushes_first)
    synced = ben.sync()
    assert fetched and synced.lines[-1] == "Pushed to origin/main"
    assert ben.timeline().events[one.id].title == "Ana's title"
    ana.sync()
    assert ana.timeline() == ben.timeline()


def test_a_merge_brought_in_before_a_retry_refused_stays_in_the_history_with_the_edits_it_merged(ana, ben, tmp_path, remote, monkeypatch):
    """Ana deletes an event Ben edited: her first try merges it (kept, flagged), but Carl
    pushes before her, and her second try meets his title: refused. Her deletion and the
    merge she already holds stay committed, as they were made, not squashed into her next
    commit as if she had never deleted it."""
    carl = cloner(tmp_path, remote, "carl")
    one, two = first_events(ana)
    ben.edit("events", one.id, title="Ben's title")
    ben.sync()
    carl.edit("events", two.id, title="Carl's title")
    delete_event(ana, one)
    ana.edit("events", two.id, title="Ana's title")
    push, pushed = share._push, []

    def carl_pushes_first(repo, branch):
        if repo == ana.repo and not pushed:
            pushed.append(carl.sync())
        return push(repo, branch)

    monkeypatch.setattr(share, "_push", carl_pushes_first)
    with pytest.raises(share.ShareError, match="both sides changed the same field"):
        ana.sync()
    assert pushed and ana.timeline().events[one.id].tags[-1] == "sync: kept, deleted by ana@newsroom.example"
    ana.sync(share.take_mine)
    path = record_path("events", one.id)
    assert git(remote, "log", "--diff-filter=D", "--format=%ae", "main", "--", path).split() == ["ana@newsroom.example"]
    assert "ben@newsroom.example" in git(remote, "log", "--format=%ae", "main", "--", path).split()


def test_offline_the_commits_wait_and_the_next_sync_sends_them(ana, remote, tmp_path, capsys):
    event = first_events(ana, 1)[0]
    ana.edit("events", event.id, title="Written offline")
    moved = tmp_path / "away.git"
    remote.rename(moved)
    assert ana.cli("sync") == 0
    out = capsys.readouterr().out
    assert "Not synced: cannot reach origin" in out and "1 commit of yours waiting" in out
    moved.rename(remote)
    assert ana.cli("sync") == 0
    assert "Pushed to origin/main" in capsys.readouterr().out
    assert "Written offline" in git(remote, "show", f"main:{record_path('events', event.id)}")


def test_cloning_a_repository_that_is_not_a_timeline_is_refused_and_leaves_nothing(tmp_path, capsys):
    other = tmp_path / "other"
    subprocess.run(["git", "init", "--quiet", str(other)], check=True)
    identify(other, "cat")
    (other / "README.md").write_text("a novel")
    git(other, "add", "README.md")
    git(other, "commit", "--quiet", "-m", "start")
    target, db = tmp_path / "copy", tmp_path / "copy.json"
    assert main(["share", "clone", str(other), str(target), "--db", str(db)]) == 2
    assert "not a shared timeline (it has no timeline.json)" in capsys.readouterr().err
    assert not target.exists() and not db.exists()


def test_without_the_git_program_each_command_says_so(ana, monkeypatch, capsys):
    monkeypatch.setenv("PATH", "")
    before = ana.db.read_bytes()
    assert ana.cli("sync") == 2
    assert "the git program is not installed" in capsys.readouterr().err
    assert ana.db.read_bytes() == before


def test_without_a_git_identity_publishing_says_so_and_can_be_tried_again(tmp_path, capsys):
    db, repo = tmp_path / "alone.json", tmp_path / "repo"
    assert main(["share", "init", str(repo), "--db", str(db)]) == 2
    assert "git does not know who you are" in capsys.readouterr().err
    assert not share.link_path(db).exists()
    identify(repo, "cat")
    assert main(["share", "init", str(repo), "--db", str(db)]) == 0
    assert "No remote 'origin' yet" in capsys.readouterr().out
    assert git(repo, "log", "--format=%ae").split() == ["cat@newsroom.example"]


def test_syncing_a_database_never_shared_says_how_to_share_it(tmp_path, capsys):
    assert main(["share", "sync", "--db", str(tmp_path / "alone.json")]) == 2
    assert "no such database" in capsys.readouterr().err
    store = Store.open(tmp_path / "alone.json")
    store.close()
    assert main(["share", "sync", "--db", str(tmp_path / "alone.json")]) == 2
    assert "not shared yet: publish it with 'share init REPO_DIR'" in capsys.readouterr().err


def test_a_repository_that_is_not_a_timeline_is_refused_on_sync(ana, capsys):
    git(ana.repo, "rm", "--quiet", "-r", "timeline.json")
    git(ana.repo, "commit", "--quiet", "-m", "gone")
    assert ana.cli("sync") == 2
    assert "not a shared timeline (it has no timeline.json)" in capsys.readouterr().err


def test_a_broken_file_someone_pushed_is_refused_naming_it_and_nothing_is_merged(ana, ben, capsys):
    event = first_events(ana, 1)[0]
    path = record_path("events", event.id)
    broken = (ben.repo / path).read_text().replace('"lane":', '"lane"', 1)
    (ben.repo / path).write_text(broken)
    git(ben.repo, "commit", "--quiet", "-am", "edited by hand")
    git(ben.repo, "push", "--quiet", "origin", "main")
    before_db, before_head = ana.db.read_bytes(), git(ana.repo, "rev-parse", "HEAD")
    assert ana.cli("sync") == 2
    said = capsys.readouterr().err
    assert f"{path}: not valid JSON (line " in said and len(said.strip().splitlines()) == 1
    assert ana.db.read_bytes() == before_db
    assert git(ana.repo, "rev-parse", "HEAD") == before_head


def test_a_file_edited_by_hand_in_the_working_copy_is_refused_never_written_over(ana, capsys):
    event = first_events(ana, 1)[0]
    path = ana.repo / record_path("events", event.id)
    path.write_text("{ not json")
    before = ana.db.read_bytes()
    assert ana.cli("sync") == 2
    assert f"{record_path('events', event.id)}: changed by hand in the working copy" in capsys.readouterr().err
    assert path.read_text() == "{ not json" and ana.db.read_bytes() == before
    git(ana.repo, "checkout", "--", str(path))
    assert ana.cli("sync") == 0


def test_a_detached_working_copy_is_refused(ana, capsys):
    git(ana.repo, "checkout", "--quiet", "--detach")
    assert ana.cli("sync") == 2
    assert "detached HEAD" in capsys.readouterr().err


KILLED_IN_BRING = """
import os, signal, sys
from pathlib import Path
from desktop.share import sync
from desktop.store import Store
db, saved = Path(sys.argv[1]), sys.argv[2] == "saved"
store = Store.open(db)
def bring(edit):
    if saved:
        store.apply(edit.changes)
    os.kill(os.getpid(), signal.SIGKILL)
sync.sync(sync.linked_repo(db), store.load(), bring)
"""


@pytest.mark.parametrize("ben_edited", [False, True], ids=["fast-forward", "merge"])
@pytest.mark.parametrize("when", ["unsaved", "saved"])
def test_a_sync_killed_while_bringing_the_others_edits_in_loses_no_edit_and_the_next_completes(ana, ben, when, ben_edited):
    anas, bens = first_events(ana)
    ana.edit("events", anas.id, title="Changed by Ana")
    ana.sync()
    if ben_edited:
        ben.edit("events", bens.id, title="Changed by Ben")
    killed = subprocess.run([sys.executable, "-c", KILLED_IN_BRING, str(ben.db), when], capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    ben.sync()
    ana.sync()
    for person in (ana, ben):
        events = person.timeline().events
        assert events[anas.id].title == "Changed by Ana"
        assert events[bens.id].title == ("Changed by Ben" if ben_edited else bens.title)
    assert ana.timeline() == ben.timeline()


@pytest.mark.parametrize("first_to_sync", ["deleter", "editor"])
def test_a_source_edited_on_one_side_and_deleted_on_the_other_is_kept_with_its_text(ana, ben, first_to_sync):
    source = second_source_shared(ana, ben)
    deleter, editor = (ana, ben) if first_to_sync == "deleter" else (ben, ana)
    deleter.edit("sources", source.id, delete=True)
    editor.edit("sources", source.id, title="Renamed")
    first, second = (deleter, editor) if first_to_sync == "deleter" else (editor, deleter)
    first.sync()
    synced = second.sync()
    assert any(line.startswith(f"Kept {record_path('sources', source.id)}") for line in synced.lines)
    ana.sync()
    ben.sync()
    for person in (ana, ben):
        kept = person.timeline().sources[source.id]
        assert (kept.title, kept.text) == ("Renamed", source.text)


def test_publishing_a_database_shared_already_says_to_sync_and_keeps_its_repository(ana, tmp_path, capsys):
    for repo in (ana.repo, tmp_path / "elsewhere"):
        assert ana.cli("init", str(repo)) == 2
        assert f"shared through {ana.repo.resolve()} already" in capsys.readouterr().err
        assert share.linked_repo(ana.db) == ana.repo.resolve()
    assert not (tmp_path / "elsewhere").exists()
    shutil.rmtree(ana.repo)  # moved or deleted: it may be published again
    subprocess.run(["git", "init", "--quiet", str(tmp_path / "elsewhere")], check=True)
    identify(tmp_path / "elsewhere", "ana")
    assert ana.cli("init", str(tmp_path / "elsewhere")) == 0
    assert share.linked_repo(ana.db) == (tmp_path / "elsewhere").resolve()


def test_a_git_lock_left_by_a_crash_is_named_in_the_message(ana, capsys):
    (ana.repo / ".git" / "index.lock").touch()
    ana.edit("events", first_events(ana, 1)[0].id, title="Waiting")
    assert ana.cli("sync") == 2
    assert f"{ana.repo}/.git/index.lock': File exists" in capsys.readouterr().err
    (ana.repo / ".git" / "index.lock").unlink()
    assert ana.cli("sync") == 0
    assert ana.timeline() == share._tree_timeline(ana.repo)


def test_a_timeline_published_on_a_branch_other_than_the_remotes_default_is_cloned(remote, tmp_path):
    repo = tmp_path / "ana"
    subprocess.run(["git", "init", "--quiet", "-b", "master", str(repo)], check=True)
    identify(repo, "ana")
    git(repo, "remote", "add", "origin", str(remote))  # the remote's default branch is main
    ana = Person(tmp_path / "ana.json", repo)
    assert ana.cli("init", str(repo)) == 0
    ben = Person(tmp_path / "ben.json", tmp_path / "ben")
    assert main(["share", "clone", str(remote), str(ben.repo), "--db", str(ben.db)]) == 0
    identify(ben.repo, "ben")
    assert ben.timeline() == ana.timeline()
    ben.edit("events", first_events(ben, 1)[0].id, title="Ben's title")
    assert "Pushed to origin/master" in ben.sync().lines


def test_a_source_deleted_on_one_side_while_cited_on_the_other_is_kept(ana, ben):
    source = second_source_shared(ana, ben)
    ana.edit("sources", source.id, delete=True)
    ana.sync()
    citation = next(iter(ben.timeline().citations.values()))
    citing = dataclasses.replace(citation, id="citing-the-second", source_id=source.id)
    ben.apply(Change("citations", citing.id, None, citing))
    synced = ben.sync()
    assert f"Kept {record_path('sources', source.id)}: deleted on one side, cited or linked on the other" in synced.lines
    ana.sync()
    for person in (ana, ben):
        timeline = person.timeline()
        assert (timeline.sources[source.id], timeline.citations[citing.id]) == (source, citing)


def test_a_source_deleted_with_its_citations_while_cited_anew_on_the_other_side_comes_back_with_them_all(ana, ben):
    timeline = ana.timeline()
    source = next(iter(timeline.sources.values()))
    ana.apply(*delete_source(ana.timeline(), source.id).changes)
    ana.sync()
    cited_anew = first_events(ana, 1)[0]  # its status may change with the new citation
    citing = dataclasses.replace(next(iter(timeline.citations.values())), id="citing-anew", event_id=cited_anew.id)
    ben.apply(Change("citations", citing.id, None, citing))
    synced = ben.sync()
    assert f"Kept {record_path('sources', source.id)}: deleted on one side, cited or linked on the other" in synced.lines
    ana.sync()
    for person in (ana, ben):
        kept = person.timeline()
        assert kept.sources[source.id] == source and kept.citations == {**timeline.citations, citing.id: citing}
        assert {key: e.status for key, e in kept.events.items() if key != cited_anew.id} == \
               {key: e.status for key, e in timeline.events.items() if key != cited_anew.id}
    assert ana.timeline() == ben.timeline()


def test_an_event_deleted_on_one_side_while_linked_on_the_other_is_kept(ana, ben):
    event, other = first_events(ana)
    delete_event(ana, event)
    ana.sync()
    link = dataclasses.replace(next(iter(ben.timeline().links.values())), id="linking-the-deleted", from_id=other.id, to_id=event.id)
    ben.apply(Change("links", link.id, None, link))
    synced = ben.sync()
    assert f"Kept {record_path('events', event.id)}: deleted on one side, cited or linked on the other" in synced.lines
    tag = "sync: kept, deleted by ana@newsroom.example"  # flagged as an event kept against an edit is
    assert f"Kept {record_path('events', event.id)}: deleted by ana@newsroom.example, cited or linked on the other side; tagged '{tag}'" in synced.lines
    ana.sync()
    for person in (ana, ben):
        timeline = person.timeline()
        assert (timeline.events[event.id], timeline.links[link.id]) == (dataclasses.replace(event, tags=(*event.tags, tag)), link)


def test_a_timeline_shared_flat_by_the_version_before_is_synced_and_merged_as_it_lies(tmp_path, remote, kursk):
    """Version 7 kept each folder's files side by side: teammates who updated the app go on
    sharing such a repository with those who have not, and it stays as it was laid out."""
    eve = published_flat(tmp_path, remote, kursk)
    ana, ben = cloner(tmp_path, remote, "ana"), cloner(tmp_path, remote, "ben")
    one, two = first_events(ana)
    ana.edit("events", one.id, title="Ana's title")
    ana.sync()
    ben.edit("events", two.id, notes="Ben's notes")
    assert any(line.startswith("Sync with origin: 1 event changed") for line in ben.sync().lines)  # a merge
    git(eve, "pull", "--quiet", "--ff-only")
    assert json.loads((eve / "timeline.json").read_bytes())["schema"] == 7
    assert {path.count("/") for path in git(remote, "ls-tree", "-r", "--name-only", "main").split()} == {0, 1}
    shared = timeline_of(read_tree(eve))
    assert (shared.events[one.id].title, shared.events[two.id].notes) == ("Ana's title", "Ben's notes")
    assert shared == ben.timeline()
