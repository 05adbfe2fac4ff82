"""The shared form in both layouts (subfolders, version 8; flat, version 7) and what a
sync finds changed, in the same process as the last sync and in a fresh one: odd ids,
files edited by hand, the team's own files, packs of many records, sha256 repositories."""
import dataclasses
import json
import shutil
import subprocess
import time

import pytest
from git_repos import Person, first_events, git, identify

from desktop.model.edits import Change
from desktop.share import commits, form
from desktop.share import sync as share
from desktop.share.commits import BULK
from desktop.share.form import files_of, read_tree, record_path, timeline_of, write_tree
from desktop.store import Store

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _slow_pack(monkeypatch):
    """git fast-import started 3 s late, as on a busy machine: the files are written first."""
    popen = subprocess.Popen

    def slow_start(args, **kwargs):
        slowed = ["sh", "-c", 'sleep 3; exec "$@"', "slow", *args] if "fast-import" in args else args
        return popen(slowed, **kwargs)

    monkeypatch.setattr(commits.subprocess, "Popen", slow_start)


def test_a_first_publish_waits_for_its_pack_before_staging_blobs_it_has_not_written(tmp_path, remote, monkeypatch):
    """On a loaded machine fast-import may take longer than writing the files: the publish
    must wait for the pack before it stages the blobs as written (--info-only) and commits.
    The packing context is entered from write_tree's announce, after the ExitStack that
    should close it has already exited: nothing waits for git fast-import."""
    from test_sync_reliability import published  # noqa: PLC0415 (its setup, shared)

    _slow_pack(monkeypatch)
    timeline, repo, said = published(tmp_path, remote, BULK)
    assert said[-1] == "Pushed to origin/main"
    git(repo, "fsck", "--no-progress")
    copy = Person(tmp_path / "copy.json", tmp_path / "copy")
    assert copy.cli("clone", str(remote), str(copy.repo)) == 0
    assert copy.timeline() == timeline


def _flat_pair(tmp_path, remote, kursk):
    """Ana and Ben cloning a repository Eve published flat with the version before."""
    from git_repos import cloner, published_flat  # noqa: PLC0415

    published_flat(tmp_path, remote, kursk)
    return cloner(tmp_path, remote, "ana"), cloner(tmp_path, remote, "ben")


@pytest.fixture(params=["subfolders", "flat"])
def pair(request, tmp_path, remote, kursk):
    """Ana and Ben sharing a repository laid out in subfolders (version 8) or flat (version 7)."""
    if request.param == "flat":
        return _flat_pair(tmp_path, remote, kursk)
    from git_repos import cloner, publisher  # noqa: PLC0415

    ana = publisher(tmp_path, remote, "ana")
    return ana, cloner(tmp_path, remote, "ben")


def _path(person, kind, key):
    return record_path(kind, key, commits.is_flat(person.repo))


def _refused_after_another_edit(ana, in_process: bool, said: str) -> None:
    """Another edit made in the app, the sync is refused saying ``said``, and nothing is committed."""
    ana.edit("events", first_events(ana, 2)[1].id, title="Another edit")
    if not in_process:
        share._known.clear()
    head = git(ana.repo, "rev-parse", "HEAD")
    with pytest.raises(share.ShareError, match=said):
        ana.sync()
    assert git(ana.repo, "rev-parse", "HEAD") == head


ODD_IDS = ["a/b", "100%", "Курск-1", ".hidden", "..", "~tilde", "with space", "acled:42", "%2Enot-a-dot", "e\u0301"]


def test_odd_ids_round_trip_through_the_files_in_both_layouts():
    from desktop.dataset import load_dataset  # noqa: PLC0415

    kursk = load_dataset()  # its own: the fixture's is shared
    event = next(iter(kursk.events.values()))
    for key in ODD_IDS:
        kursk.apply((Change("events", key, None, dataclasses.replace(event, id=key)),))
    for flat in (False, True):
        files = files_of(kursk, flat)
        assert timeline_of(files) == kursk
        assert not any(part in ("", ".", "..") or part.startswith(".") and part != ".gitattributes"
                       for path in files for part in path.split("/"))


@pytest.mark.parametrize("in_process", [True, False], ids=["same process", "fresh process"])
def test_events_with_odd_ids_sync_and_merge_in_both_layouts(pair, in_process):
    ana, ben = pair
    event = first_events(ana, 1)[0]
    ana.apply(*(Change("events", key, None, dataclasses.replace(event, id=key)) for key in ODD_IDS))
    ana.sync()
    if not in_process:
        share._known.clear()
    ben.sync()
    assert set(ODD_IDS) <= set(ben.timeline().events)
    ben.edit("events", "a/b", title="Ben's slash")
    ana.edit("events", "..", title="Ana's dots")
    if not in_process:
        share._known.clear()
    ben.sync()
    ana.sync()
    ben.sync()
    assert ana.timeline() == ben.timeline()
    assert (ana.timeline().events["a/b"].title, ben.timeline().events[".."].title) == ("Ben's slash", "Ana's dots")
    for person in (ana, ben):
        assert git(person.repo, "status", "--porcelain") == ""


HAND_EDITS = ["deleted", "changed", "added in a subfolder", "added at the top", "source text deleted"]


@pytest.mark.parametrize("in_process", [True, False], ids=["same process", "fresh process"])
@pytest.mark.parametrize("edit", HAND_EDITS)
def test_files_edited_by_hand_are_refused_not_committed_in_both_layouts(pair, in_process, edit):
    ana, _ = pair
    event = first_events(ana, 1)[0]
    ana.edit("events", event.id, title="A title from the app")
    ana.sync()
    path = _path(ana, "events", event.id)
    if edit == "deleted":
        (ana.repo / path).unlink()
    elif edit == "changed":
        (ana.repo / path).write_bytes((ana.repo / path).read_bytes().replace(b"\n", b"\r\n"))  # CRLF, as an editor may
    elif edit == "added in a subfolder":
        path = "events/ab/made-by-hand.json"
        (ana.repo / "events" / "ab").mkdir(exist_ok=True)
        (ana.repo / path).write_bytes((ana.repo / _path(ana, "events", event.id)).read_bytes())
    elif edit == "added at the top":
        path = "events/made-by-hand.json"
        (ana.repo / path).write_bytes((ana.repo / _path(ana, "events", event.id)).read_bytes())
    else:
        source = next(iter(ana.timeline().sources))
        path = _path(ana, "sources", source).removesuffix(".json") + ".txt"
        (ana.repo / path).unlink()
    _refused_after_another_edit(ana, in_process, "by hand in the working copy")


def test_a_repository_in_sha256_tells_files_from_its_index_after_the_app_opens(tmp_path, kursk):
    repo, db = tmp_path / "sha", tmp_path / "sha.json"
    made = subprocess.run(["git", "init", "--quiet", "--object-format=sha256", str(repo)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("this git cannot make sha256 repositories")
    identify(repo, "ana")
    Store.open(db, seed=lambda: kursk).close()
    person = Person(db, repo)
    assert person.cli("init", str(repo)) == 0
    edited, by_hand = first_events(person, 2)
    person.edit("events", edited.id, title="Edited after opening")
    share._known.clear()
    person.sync()
    assert git(repo, "show", "--name-status", "--format=", "HEAD").split() == ["M", _path(person, "events", edited.id)]
    assert git(repo, "status", "--porcelain") == ""
    (repo / _path(person, "events", by_hand.id)).unlink()
    share._known.clear()
    with pytest.raises(share.ShareError, match="deleted by hand"):
        person.sync()


def test_a_source_with_an_empty_text_is_shared_and_its_text_edited(pair):
    ana, ben = pair
    first = next(iter(ana.timeline().sources.values()))
    empty = dataclasses.replace(first, id="empty-text", title="Nothing read yet", text="", sha256="")
    ana.apply(Change("sources", empty.id, None, empty))
    ana.sync()
    ben.sync()
    assert ben.timeline().sources[empty.id].text == ""
    filled = dataclasses.replace(empty, text="Read at last", sha256="")
    ben.apply(Change("sources", empty.id, empty, filled))
    share._known.clear()
    ben.sync()
    ana.sync()
    assert ana.timeline().sources[empty.id] == filled
    assert ana.timeline() == ben.timeline()


def test_lanes_reordered_on_both_sides_are_one_conflict_in_both_layouts(pair):
    from desktop.model import lanes as lane_edits  # noqa: PLC0415
    from desktop.share.conflicts import take_theirs  # noqa: PLC0415

    ana, ben = pair
    order = ana.timeline().lane_order()
    ana.apply(*lane_edits.move(ana.timeline(), order[-1], 0).changes)
    ana.sync()
    ben.sync()
    order = ana.timeline().lane_order()
    ana.apply(*lane_edits.move(ana.timeline(), order[-1], 0).changes)
    ben.apply(*lane_edits.move(ben.timeline(), order[0], len(order) - 1).changes)
    anas = ana.timeline().lane_order()
    ana.sync()
    with pytest.raises(share.ShareError, match="field 'order'"):
        ben.sync()
    ben.sync(take_theirs)
    ana.sync()
    for person in (ana, ben):
        assert person.timeline().lane_order() == anas
    assert ana.timeline() == ben.timeline()


def test_files_of_the_team_beside_the_timeline_are_left_alone(pair):
    ana, _ = pair
    (ana.repo / "docs").mkdir()
    (ana.repo / "docs" / "style.md").write_text("house style\n")
    (ana.repo / "README.md").write_text("our timeline\n")
    event = first_events(ana, 1)[0]
    ana.edit("events", event.id, title="Edited")
    share._known.clear()
    ana.sync()
    assert git(ana.repo, "show", "--name-only", "--format=", "HEAD").split() == [_path(ana, "events", event.id)]
    assert git(ana.repo, "status", "--porcelain").splitlines() == ["?? README.md", "?? docs/"]


def test_a_file_the_team_staged_beside_the_timeline_is_not_committed_by_a_sync(pair):
    """The sync commits the whole index (write-tree): a file a teammate staged by hand for a
    commit of their own is named, and nothing committed, until they commit or unstage it."""
    ana, _ = pair
    (ana.repo / "README.md").write_text("our timeline\n")
    git(ana.repo, "add", "README.md")  # staged by hand, for a commit of the user's own
    event = first_events(ana, 1)[0]
    ana.edit("events", event.id, title="Edited")
    head = git(ana.repo, "rev-parse", "HEAD")
    with pytest.raises(share.ShareError, match="README.md: staged by hand beside the timeline") as refused:
        ana.sync()
    assert git(ana.repo, "rev-parse", "HEAD") == head
    subprocess.run(["git", "-C", *str(refused.value).split("unstage it (git -C ", 1)[1].split(")")[0].split()], check=True)
    ana.sync()
    assert git(ana.repo, "show", "--name-only", "--format=", "HEAD").split() == [_path(ana, "events", event.id)]
    assert git(ana.repo, "status", "--porcelain") == "?? README.md\n"


def test_history_and_last_changes_of_an_event_in_both_layouts(pair):
    from desktop.share import blame, history  # noqa: PLC0415

    ana, ben = pair
    event = first_events(ben, 1)[0]
    ben.edit("events", event.id, title="Ben's title")
    ben.sync()
    ana.sync()
    timeline = ana.timeline()
    revisions = history.event_history(ana.repo, timeline, event.id)
    assert len(revisions) >= 2 and revisions[0].email == "ben@newsroom.example"
    assert blame.last_changes(ana.repo, timeline)[event.id].by == "Ben <ben@newsroom.example>"
    assert not history.unsynced(ana.repo, timeline, event.id)


@pytest.mark.parametrize("where", ["top of the folder", "a subfolder"])
def test_a_note_the_team_committed_in_the_events_folder_is_not_deleted_by_a_sync(pair, where):
    """A text file the team keeps among the records (committed by hand) is no record: a
    sync, the first after the app opens too, must not commit its deletion."""
    ana, _ = pair
    path = "events/README.txt" if where == "top of the folder" else "events/ab/README.txt"
    (ana.repo / path).parent.mkdir(exist_ok=True)
    (ana.repo / path).write_text("how we name events\n")
    git(ana.repo, "add", path)
    git(ana.repo, "commit", "--quiet", "-m", "How we name events")
    ana.edit("events", first_events(ana, 1)[0].id, title="Edited")
    share._known.clear()
    ana.sync()
    assert (ana.repo / path).read_text() == "how we name events\n"
    assert path in git(ana.repo, "ls-tree", "-r", "--name-only", "HEAD").split()


@pytest.mark.parametrize("in_process", [True, False], ids=["same process", "fresh process"])
def test_a_sync_of_more_records_than_are_staged_one_by_one_reaches_the_other_side_whole(pair, in_process, monkeypatch):
    """Fails one run in two without the slowed pack: the pack is not waited for."""
    ana, ben = pair
    _slow_pack(monkeypatch)
    event = first_events(ben, 1)[0]
    ben.apply(*(Change("events", f"bulk-{n}", None, dataclasses.replace(event, id=f"bulk-{n}", title=f"Bulk {n}"))
                for n in range(BULK + 100)))
    if not in_process:
        share._known.clear()
    assert ben.sync().lines[-1] == "Pushed to origin/main"
    git(ben.repo, "fsck", "--no-progress")
    assert git(ben.repo, "status", "--porcelain") == ""
    ana.sync()
    assert ana.timeline() == ben.timeline()
    ben.edit("events", "bulk-7", title="Edited after the bulk")
    share._known.clear()
    ben.sync()
    assert git(ben.repo, "show", "--name-only", "--format=", "HEAD").split() == [_path(ben, "events", "bulk-7")]
    assert git(ben.repo, "status", "--porcelain") == ""


def test_two_clones_publishing_into_one_remote_the_second_is_told_clearly(tmp_path, remote, kursk):
    """Ana publishes with this version, Eve (the version before: flat) into another clone of
    the same empty remote: Eve's sync can merge nothing and says why, changing nothing."""
    from git_repos import publisher  # noqa: PLC0415

    eve = tmp_path / "eve"
    subprocess.run(["git", "clone", "--quiet", str(remote), str(eve)], check=True, capture_output=True)
    identify(eve, "eve")
    publisher(tmp_path, remote, "ana")
    write_tree(eve, files_of(kursk, flat=True))
    git(eve, "add", "--all")
    git(eve, "commit", "--quiet", "-m", "Published flat")
    Store.open(tmp_path / "eve.json", seed=lambda: kursk).close()
    share._remember(tmp_path / "eve.json", eve)
    head = git(eve, "rev-parse", "HEAD")
    with pytest.raises(share.ShareError, match="unrelated histories"):
        Person(tmp_path / "eve.json", eve).sync()
    assert git(eve, "rev-parse", "HEAD") == head and git(eve, "status", "--porcelain") == ""


def test_a_sync_of_many_records_that_failed_is_completed_by_the_next(pair, monkeypatch):
    ana, ben = pair
    event = first_events(ben, 1)[0]
    ben.apply(*(Change("events", f"bulk-{n}", None, dataclasses.replace(event, id=f"bulk-{n}", title=f"Bulk {n}"))
                for n in range(BULK + 100)))
    with monkeypatch.context() as slowed:
        _slow_pack(slowed)
        try:
            ben.sync()
        except Exception:  # noqa: BLE001 (what the failure is, is another test's)
            pass
    time.sleep(4)  # the slowed git done, or stopped
    share._known.clear()
    assert ben.sync().lines[-1] in ("Pushed to origin/main", "Up to date")
    git(ben.repo, "fsck", "--no-progress")
    ana.sync()
    assert ana.timeline() == ben.timeline()


def _sha256_pair(tmp_path, kursk):
    """Ana publishes into a repository in sha256, pushed to a bare copy; Ben clones it."""
    from git_repos import cloner  # noqa: PLC0415

    repo, db, remote = tmp_path / "ana", tmp_path / "ana.json", tmp_path / "remote.git"
    if subprocess.run(["git", "init", "--quiet", "-b", "main", "--object-format=sha256", str(repo)]).returncode:
        pytest.skip("this git cannot make sha256 repositories")
    identify(repo, "ana")
    Store.open(db, seed=lambda: kursk).close()
    ana = Person(db, repo)
    assert ana.cli("init", str(repo)) == 0
    git(tmp_path, "clone", "--quiet", "--bare", str(repo), str(remote))  # an empty remote's clone would be sha1
    git(repo, "remote", "add", "origin", str(remote))
    assert ana.sync().lines[-1] in ("Pushed to origin/main", "Up to date")
    return ana, cloner(tmp_path, remote, "ben")


def _edited_on_both_sides(ana, ben):
    event = first_events(ana, 1)[0]
    ana.edit("events", event.id, title="Ana's title")
    ben.edit("events", event.id, notes="Ben's notes")
    ana.sync()
    share._known.clear()
    ben.sync()
    ana.sync()
    return event


def test_two_people_sharing_a_sha256_repository_merge_field_by_field(tmp_path, kursk):
    from desktop.share import blame, history  # noqa: PLC0415

    ana, ben = _sha256_pair(tmp_path, kursk)
    event = _edited_on_both_sides(ana, ben)
    for person in (ana, ben):
        got = person.timeline().events[event.id]
        assert (got.title, got.notes) == ("Ana's title", "Ben's notes")
        assert git(person.repo, "status", "--porcelain") == ""
    timeline = ana.timeline()
    assert not history.unsynced(ana.repo, timeline, event.id)
    assert blame.last_changes(ana.repo, timeline)[event.id].by == "Ben <ben@newsroom.example>"


def test_the_history_of_an_event_in_a_sha256_repository(tmp_path, kursk):
    """history._NO_BLOB is sha1's null id (40 zeros): in sha256 the null id of an added
    file (64 zeros) is asked of cat-file, which answers "missing", and the parse fails."""
    from desktop.share import history  # noqa: PLC0415

    ana, ben = _sha256_pair(tmp_path, kursk)
    event = _edited_on_both_sides(ana, ben)
    emails = {r.email for r in history.event_history(ana.repo, ana.timeline(), event.id)}
    assert emails >= {"ana@newsroom.example", "ben@newsroom.example"}


@pytest.mark.parametrize("first_to_sync", ["deleter", "citer"])
def test_a_source_deleted_on_one_side_and_cited_on_the_other_comes_back_in_both_layouts(pair, first_to_sync):
    """The source alone in its subfolder: git removes the folder with the deletion, and the
    source must come back into it."""
    from git_repos import second_source_shared  # noqa: PLC0415

    from desktop.model.source_edits import delete_source  # noqa: PLC0415

    ana, ben = pair
    source = second_source_shared(ana, ben)
    assert len([p for p in read_tree(ana.repo) if p.startswith(_path(ana, "sources", source.id).rpartition("/")[0] + "/")]) == 2 \
        or commits.is_flat(ana.repo)
    ana.apply(*delete_source(ana.timeline(), source.id).changes)
    cited = next(iter(ben.timeline().citations.values()))
    citation = dataclasses.replace(cited, id="cites-the-second", source_id=source.id)
    ben.apply(Change("citations", citation.id, None, citation))
    first, second = (ana, ben) if first_to_sync == "deleter" else (ben, ana)
    first.sync()
    second.sync()
    first.sync()
    for person in (ana, ben):
        timeline = person.timeline()
        assert source.id in timeline.sources and timeline.citations[citation.id] == citation
        assert git(person.repo, "status", "--porcelain") == ""
    assert ana.timeline() == ben.timeline()


def test_a_record_held_twice_in_both_layouts_at_once_is_not_silently_one_taken(kursk, ana):
    """A repository in subfolders that also holds a flat file of one record (copied by
    hand, or from a branch laid out flat) gives two versions of it: only the subfolder's is
    the form's, and in a working copy the flat one is named as added by hand."""
    files = files_of(kursk)
    event = next(iter(kursk.events.values()))
    flat_copy = dataclasses.replace(event, title="The flat copy")
    files[record_path("events", event.id, flat=True)] = form.event_bytes(flat_copy)
    assert timeline_of(files) == kursk
    (ana.repo / record_path("events", event.id, flat=True)).write_bytes(form.event_bytes(flat_copy))
    with pytest.raises(share.ShareError, match=record_path("events", event.id, flat=True).replace(".", r"\.") + ": added by hand"):
        ana.sync()


@pytest.mark.parametrize("in_process", [True, False], ids=["same process", "fresh process"])
def test_a_folder_the_team_made_where_a_new_event_s_subfolder_goes_keeps_their_files(ana, ben, in_process):
    key = "lands-in-the-team-folder"
    folder = record_path("events", key).rpartition("/")[0]
    (ana.repo / folder).mkdir(exist_ok=True)
    (ana.repo / folder / "map.png").write_bytes(b"\x89PNG")
    git(ana.repo, "add", f"{folder}/map.png")
    git(ana.repo, "commit", "--quiet", "-m", "A map")
    event = first_events(ana, 1)[0]
    ana.apply(Change("events", key, None, dataclasses.replace(event, id=key)))
    if not in_process:
        share._known.clear()
    ana.sync()
    ben.sync()
    assert key in ben.timeline().events
    for person in (ana, ben):
        assert (person.repo / folder / "map.png").read_bytes() == b"\x89PNG"
        assert git(person.repo, "status", "--porcelain") == ""


def test_a_first_publish_that_failed_writing_is_completed_by_publishing_again_in_the_same_process(tmp_path, remote, monkeypatch):
    from test_sync_reliability import ready_to_publish  # noqa: PLC0415

    from desktop.cli import main  # noqa: PLC0415

    timeline, repo, db = ready_to_publish(tmp_path, remote, BULK)
    opened, count = form.os.open, [0]

    def full_disk(*args):
        count[0] += 1
        if count[0] == 100:
            raise OSError(28, "No space left on device")
        return opened(*args)

    monkeypatch.setattr(form.os, "open", full_disk)
    assert main(["share", "init", str(repo), "--db", str(db)]) != 0
    monkeypatch.setattr(form.os, "open", opened)
    assert main(["share", "init", str(repo), "--db", str(db)]) == 0
    git(repo, "fsck", "--no-progress")
    assert git(repo, "status", "--porcelain") == ""
    copy = Person(tmp_path / "copy.json", tmp_path / "copy")
    assert copy.cli("clone", str(remote), str(copy.repo)) == 0
    assert copy.timeline() == timeline


@pytest.mark.parametrize("in_process", [True, False], ids=["same process", "fresh process"])
def test_a_title_changed_on_both_sides_in_a_flat_repository_keeps_it_flat(tmp_path, remote, kursk, in_process):
    from desktop.model.heading import HEADING, Heading  # noqa: PLC0415

    ana, ben = _flat_pair(tmp_path, remote, kursk)
    before = ana.timeline().heading()
    ana.apply(Change(HEADING, "", before, Heading("Ana's title", before.lanes)))
    ben.apply(Change(HEADING, "", before, Heading(before.title, (*before.lanes, "Ben's lane"))))
    ana.sync()
    if not in_process:
        share._known.clear()
    ben.sync()
    ana.sync()
    for person in (ana, ben):
        head = json.loads((person.repo / "timeline.json").read_bytes())
        assert (head["schema"], head["title"], head["lanes"][-1]) == (7, "Ana's title", "Ben's lane")
        assert {path.count("/") for path in git(person.repo, "ls-tree", "-r", "--name-only", "HEAD").split()} == {0, 1}
    assert ana.timeline() == ben.timeline()


def test_publishing_again_after_the_version_before_was_stopped_mid_publish_lays_out_subfolders(tmp_path, remote, kursk, capsys):
    """The version before, stopped mid-publish, left its flat files (and timeline.json,
    schema 7) uncommitted: publishing again with this version names them, and once they are
    moved away makes a new repository laid out as this version does, not taken for one shared flat."""
    repo, db = tmp_path / "ana", tmp_path / "ana.json"
    subprocess.run(["git", "clone", "--quiet", str(remote), str(repo)], check=True, capture_output=True)
    identify(repo, "ana")
    write_tree(repo, files_of(kursk, flat=True))  # written, not yet committed, when it stopped
    Store.open(db, seed=lambda: kursk).close()
    assert Person(db, repo).cli("init", str(repo)) == 2
    assert "timeline.json and " in capsys.readouterr().err
    for path in files_of(kursk, flat=True):
        (repo / path).unlink()
    assert Person(db, repo).cli("init", str(repo)) == 0
    assert json.loads(git(repo, "show", "HEAD:timeline.json"))["schema"] == form.SCHEMA_VERSION
    assert {path.count("/") for path in git(repo, "ls-tree", "-r", "--name-only", "HEAD").split()} == {0, 2}
    assert git(repo, "status", "--porcelain") == ""


def test_a_source_text_with_crlf_and_lone_cr_is_shared_exactly_and_causes_no_further_commit(pair):
    ana, ben = pair
    first = next(iter(ana.timeline().sources.values()))
    windows = dataclasses.replace(first, id="windows-text", title="Pasted on Windows", text="line one\r\nline two\rend\r\n", sha256="")
    ana.apply(Change("sources", windows.id, None, windows))
    ana.sync()
    ben.sync()
    assert ben.timeline().sources[windows.id] == windows
    for person in (ana, ben):
        head = git(person.repo, "rev-parse", "HEAD")
        share._known.clear()
        assert person.sync().lines[-1] == "Up to date"
        assert git(person.repo, "rev-parse", "HEAD") == head


def test_a_flat_repository_whose_team_keeps_json_in_a_two_hex_digit_folder_still_clones(tmp_path, remote, kursk):
    """The version before read only the files side by side: a folder of the team's own
    among them (here named like a subfolder of this version, "ab") was left alone."""
    eve = tmp_path / "eve"
    subprocess.run(["git", "clone", "--quiet", str(remote), str(eve)], check=True, capture_output=True)
    identify(eve, "eve")
    write_tree(eve, files_of(kursk, flat=True))
    (eve / "sources" / "ab").mkdir()
    (eve / "sources" / "ab" / "index.json").write_text('{"pages": 3}\n')
    git(eve, "add", "--all")
    git(eve, "commit", "--quiet", "-m", "Published, with an index of the scans")
    git(eve, "push", "--quiet", "origin", "HEAD:main")
    ana = Person(tmp_path / "ana.json", tmp_path / "ana")
    assert ana.cli("clone", str(remote), str(ana.repo)) == 0
    assert ana.timeline() == kursk


@pytest.mark.parametrize("in_process", [True, False], ids=["same process", "fresh process"])
def test_a_subfolder_deleted_by_hand_is_refused_not_committed(ana, in_process):
    event = first_events(ana, 1)[0]
    folder = ana.repo / record_path("events", event.id).rpartition("/")[0]
    shutil.rmtree(folder)
    _refused_after_another_edit(ana, in_process, "deleted by hand")
