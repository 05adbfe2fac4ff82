"""What a sync reads and looks at, which decides its time at 100,000 events: a merge of the
others' edits reads back the files the merge changed, not the whole working copy; new
files are looked for as git's untracked cache finds them, folder by folder; a merge git
refuses to begin moves nothing."""
import dataclasses
import shutil

import pytest
from git_repos import delete_event, first_events, git

from desktop.model.edits import Change
from desktop.share import form
from desktop.share import sync as share
from desktop.share.form import record_path
from desktop.store import Store

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def path_of(event) -> str:
    return record_path("events", event.id)


@pytest.mark.parametrize("mine_too", [False, True], ids=["fast-forward", "merge"])
def test_a_merge_of_the_others_edits_reads_back_only_the_files_it_changed(ana, ben, monkeypatch, mine_too):
    edited, deleted, mine = first_events(ben, 3)
    store = Store.open(ana.db)
    try:
        share.sync_database(ana.db, store)  # what the working copy holds is known from here on
        ben.edit("events", edited.id, notes="Ben's notes")
        delete_event(ben, deleted)
        ben.sync()
        theirs = set(git(ben.repo, "diff", "--name-only", "HEAD~1", "HEAD").split())
        if mine_too:
            store.apply([Change("events", mine.id, mine, dataclasses.replace(mine, title="Ana's title"))])
        read = []
        bytes_of = form._bytes
        monkeypatch.setattr(form, "_bytes", lambda path: read.append(str(path)) or bytes_of(path))
        synced = share.sync_database(ana.db, store)
    finally:
        store.close()
    assert synced.edit is not None and synced.lines[-1] == ("Pushed to origin/main" if mine_too else "Up to date")
    assert {path_of(edited), path_of(deleted)} < theirs
    assert read and set(read) <= {str(ana.repo / path) for path in [form.HEAD, *theirs]}
    timeline = ana.timeline()
    assert timeline.events[edited.id].notes == "Ben's notes" and deleted.id not in timeline.events
    assert timeline == form.timeline_of(form.read_tree(ana.repo))


def test_a_file_made_by_hand_in_a_folder_the_timeline_has_no_files_in_yet_is_refused(ana, capsys):
    made = ana.repo / "periods" / "by-hand.json"
    made.parent.mkdir()
    made.write_text('{"id": "by-hand"}\n')
    before = ana.db.read_bytes()
    assert ana.cli("sync") == 2
    assert "periods/by-hand.json: added by hand in the working copy" in capsys.readouterr().err
    assert made.read_text() == '{"id": "by-hand"}\n' and ana.db.read_bytes() == before


def test_a_merge_git_refuses_to_begin_is_refused_moving_nothing(ana, ben, monkeypatch):
    """Git may refuse to begin a merge (a file it would overwrite): no fast-forward is
    recorded over a working copy that still holds the old commit."""
    bens = first_events(ben, 1)[0]
    ben.edit("events", bens.id, title="Ben's title")
    ben.sync()
    before_db, before_head = ana.db.read_bytes(), git(ana.repo, "rev-parse", "HEAD")
    run = share.run

    def refusing(repo, *args, **kwargs):
        if args[0] == "merge" and "--no-commit" in args:
            return run(repo, "merge", "--no-such-option", check=False)
        return run(repo, *args, **kwargs)

    monkeypatch.setattr(share, "run", refusing)
    with pytest.raises(share.ShareError, match="cannot merge origin/main"):
        ana.sync()
    assert (ana.db.read_bytes(), git(ana.repo, "rev-parse", "HEAD")) == (before_db, before_head)
    monkeypatch.undo()
    ana.sync()
    assert ana.timeline().events[bens.id].title == "Ben's title"
    assert git(ana.repo, "status", "--porcelain") == ""


def test_a_shared_repository_splits_its_index_so_a_sync_writes_only_the_entries_it_staged(ana):
    ana.edit("events", first_events(ana, 1)[0].id, title="Staged alone")
    ana.sync()
    shared = git(ana.repo, "rev-parse", "--shared-index-path").strip()  # nothing when the index is whole
    assert shared and (ana.repo / shared).is_file()


@pytest.mark.parametrize("in_process", [True, False], ids=["after a sync in this process", "first after opening"])
def test_a_sync_writes_the_records_edited_and_refuses_files_edited_by_hand_reading_no_file_back(ana, monkeypatch, in_process):
    """Knowing what the last sync wrote (in the same process) or not (the first sync after
    the app opens, which tells the files from the blob ids git's index holds), a sync
    writes only the records edited in the database and refuses files edited by hand."""
    edited, removed, by_hand = first_events(ana, 3)
    ana.edit("events", edited.id, title="Edited in the app")
    delete_event(ana, removed)
    (ana.repo / path_of(by_hand)).write_text("{ by hand")
    if not in_process:
        share._known.clear()
    read = []
    bytes_of = form._bytes
    monkeypatch.setattr(form, "_bytes", lambda path: read.append(str(path)) or bytes_of(path))
    with pytest.raises(share.ShareError, match=f"{path_of(by_hand)}: changed by hand in the working copy"):
        ana.sync()
    git(ana.repo, "checkout", "--", path_of(by_hand))
    ana.sync()  # the refusal forgot what was written: the files are told from the index
    assert read == []
    changed = git(ana.repo, "show", "--name-status", "--format=", "HEAD").splitlines()
    assert f"M\t{path_of(edited)}" in changed and f"D\t{path_of(removed)}" in changed
    assert not any(path_of(by_hand) in line for line in changed)
    assert git(ana.repo, "status", "--porcelain") == ""
