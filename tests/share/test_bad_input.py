"""Sharing against what a newsroom's repositories and networks really do: a merge git
refuses, a remote that refuses a push, no credentials, an old git, files added by hand.
Each is one clear line, and nothing is lost."""
import http.server
import os
import shutil
import subprocess
import threading

import pytest
from git_repos import first_events, git, identify

from desktop.cli import main
from desktop.model.dates import parse_date
from desktop.share.form import record_path

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _ben_pushes_a_readme(ben):
    (ben.repo / "README.md").write_text("How we work\n")
    git(ben.repo, "add", "README.md")
    git(ben.repo, "commit", "--quiet", "-m", "How we work")
    git(ben.repo, "push", "--quiet")


def _someone_replaces_the_remote(tmp_path, remote):
    other = tmp_path / "other"
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(other)], check=True)
    identify(other, "eve")
    (other / "README.md").write_text("another project\n")
    git(other, "add", "README.md")
    git(other, "commit", "--quiet", "-m", "another project")
    git(other, "push", "--quiet", "--force", str(remote), "main")


@pytest.mark.parametrize("ana_edited", [False, True], ids=["fast-forward", "merge"])
def test_a_file_of_ana_s_own_in_the_way_of_the_merge_is_named_and_nothing_is_merged(ana, ben, ana_edited, capsys):
    _ben_pushes_a_readme(ben)
    bens = first_events(ben, 1)[0]
    ben.edit("events", bens.id, title="Ben's title")
    ben.sync()
    (ana.repo / "README.md").write_text("my own notes\n")  # not part of the timeline: git would overwrite it
    if ana_edited:
        ana.edit("events", first_events(ana, 2)[1].id, title="Ana's title")
    before_db, before_head = ana.db.read_bytes(), git(ana.repo, "rev-parse", "HEAD")
    assert ana.cli("sync") == 2
    said = capsys.readouterr().err.strip()
    assert len(said.splitlines()) == 1
    assert "cannot merge origin/main" in said and "README.md" in said and "nothing was merged, your edits are kept" in said
    assert ana.db.read_bytes() == before_db and git(ana.repo, "rev-parse", "HEAD") == before_head
    assert (ana.repo / "README.md").read_text() == "my own notes\n"
    (ana.repo / "README.md").unlink()
    assert ana.cli("sync") == 0
    assert ana.timeline().events[bens.id].title == "Ben's title"


def test_a_remote_replaced_by_another_history_is_refused_and_nothing_is_merged(ana, ben, tmp_path, remote, capsys):
    _someone_replaces_the_remote(tmp_path, remote)
    ana.edit("events", first_events(ana, 1)[0].id, title="Ana's title")
    before_db = ana.db.read_bytes()
    assert ana.cli("sync") == 2
    said = capsys.readouterr().err.strip()
    assert len(said.splitlines()) == 1
    assert "cannot merge origin/main" in said and "unrelated histories" in said and "your edits are kept" in said
    assert ana.db.read_bytes() == before_db


def _refusing_hook(remote, words):
    """A remote that refuses every push, as a protected branch does; each try is counted."""
    hook = remote / "hooks" / "pre-receive"
    hook.write_text(f"#!/bin/sh\necho try >> '{remote}/tries'\necho '{words}' >&2\nexit 1\n")
    hook.chmod(0o755)
    return remote / "tries"


def test_a_push_the_remote_refuses_says_the_remote_s_reason_once_and_the_commits_wait(ana, remote, capsys):
    tries = _refusing_hook(remote, "protected branch: pushes to main need a review")
    event = first_events(ana, 1)[0]
    ana.edit("events", event.id, title="Ana's title")
    assert ana.cli("sync") == 0
    said = capsys.readouterr().out
    assert "Not pushed: origin refused it (pre-receive hook declined: protected branch: pushes to main need a review)" in said
    assert "your commits wait" in said
    assert tries.read_text().split() == ["try"]  # refused by the remote itself: trying again would not help
    (remote / "hooks" / "pre-receive").unlink()
    assert ana.cli("sync") == 0
    assert "Pushed to origin/main" in capsys.readouterr().out
    assert "Ana's title" in git(remote, "show", f"main:{record_path('events', event.id)}")


class _AsksForAPassword(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="newsroom"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def login_needed():
    """The URL of a git server that wants a user name and password."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _AsksForAPassword)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/timeline.git"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("needed_for", ["fetch", "push"])
def test_a_remote_that_wants_a_password_is_not_asked_for_one_and_says_to_set_up_credentials_in_git(ana, login_needed, needed_for, capsys):
    git(ana.repo, "remote", "set-url", *(["--push"] if needed_for == "push" else []), "origin", login_needed)
    ana.edit("events", first_events(ana, 1)[0].id, title="Ana's title")
    assert ana.cli("sync") == 0
    said = capsys.readouterr().out
    assert f"Not {'synced' if needed_for == 'fetch' else 'pushed'}: git could not log in to origin" in said
    assert "terminal prompts disabled" in said and "credential helper" in said and "the app never asks for passwords" in said
    assert "1 commit of yours waiting" in said if needed_for == "fetch" else "your commits wait" in said


def test_cloning_from_a_remote_that_wants_a_password_says_to_set_up_credentials_in_git(login_needed, tmp_path, capsys):
    assert main(["share", "clone", login_needed, str(tmp_path / "copy"), "--db", str(tmp_path / "copy.json")]) == 2
    said = capsys.readouterr().err
    assert f"{login_needed}: cannot be cloned: git could not log in to it" in said and "credential helper" in said
    assert not (tmp_path / "copy").exists() and not (tmp_path / "copy.json").exists()


def test_a_remote_url_that_leads_nowhere_is_named_with_git_s_reason_not_its_generic_last_words(ana, tmp_path, capsys):
    nowhere = tmp_path / "moved-away.git"
    git(ana.repo, "remote", "set-url", "origin", str(nowhere))
    assert ana.cli("sync") == 0
    said = capsys.readouterr().out
    assert f"Not synced: cannot reach origin (fatal: '{nowhere}' does not appear to be a git repository)" in said


OLD_GIT = """#!/bin/sh
# git 2.11 as far as sharing sees it: its version, and no --no-renames for status
case "$*" in
  --version) echo "git version 2.11.0"; exit 0 ;;
  *" status "*--no-renames*) echo "error: unknown option \\`no-renames'" >&2; exit 129 ;;
esac
exec {real} "$@"
"""


def test_a_git_too_old_is_named_with_the_version_needed_and_nothing_is_changed(ana, tmp_path, monkeypatch, capsys):
    old = tmp_path / "old-git"
    old.mkdir()
    (old / "git").write_text(OLD_GIT.format(real=shutil.which("git")))
    (old / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{old}:{os.environ['PATH']}")
    ana.edit("events", first_events(ana, 1)[0].id, title="Ana's title")
    before_db, before_head = ana.db.read_bytes(), git(ana.repo, "rev-parse", "HEAD")
    assert ana.cli("sync") == 2
    said = capsys.readouterr().err.strip()
    assert said.endswith(f"git 2.11.0 ({old / 'git'}) is too old for sharing: install git 2.18 or newer")
    assert ana.db.read_bytes() == before_db and git(ana.repo, "rev-parse", "HEAD") == before_head


def _advice(said: str) -> list[str]:
    """The git command a message says to run."""
    return said.split("git -C ", 1)[1].split()


def test_a_file_added_by_hand_among_the_records_is_named_and_the_advice_given_works(ana, capsys):
    (ana.repo / "events" / "photo-notes.md").write_text("who took the pictures\n")
    before = ana.db.read_bytes()
    assert ana.cli("sync") == 2
    said = capsys.readouterr().err.strip()
    assert "events/photo-notes.md: added by hand in the working copy" in said and "checkout" not in said
    assert "move it out of the folder or delete it" in said
    assert ana.db.read_bytes() == before
    (ana.repo / "events" / "photo-notes.md").unlink()
    assert ana.cli("sync") == 0


def test_the_team_s_own_files_beside_the_timeline_neither_stop_a_sync_nor_are_committed(ana, ben, capsys):
    _ben_pushes_a_readme(ben)
    assert ana.cli("sync") == 0
    (ana.repo / "README.md").write_text("How we work, being rewritten\n")
    (ana.repo / "drafts").mkdir()
    (ana.repo / "drafts" / "plan.md").write_text("call the mayor\n")
    event = first_events(ana, 1)[0]
    ana.edit("events", event.id, title="Retitled with notes lying around")
    capsys.readouterr()
    assert ana.cli("sync") == 0, capsys.readouterr().err
    assert git(ana.repo, "show", "--name-only", "--format=", "HEAD").split() == [record_path("events", event.id)]
    assert git(ana.repo, "status", "--porcelain").splitlines() == [" M README.md", "?? drafts/"]


def test_a_record_deleted_by_hand_is_named_and_the_advice_given_brings_it_back(ana, capsys):
    path = record_path("events", first_events(ana, 1)[0].id)
    (ana.repo / path).unlink()
    assert ana.cli("sync") == 2
    said = capsys.readouterr().err.strip()
    assert f"{path}: deleted by hand in the working copy" in said
    subprocess.run(["git", "-C", *_advice(said)], check=True)
    assert ana.cli("sync") == 0
    assert (ana.repo / path).exists()


def test_dates_each_side_changed_that_together_end_before_the_start_are_a_conflict_to_settle(ana, ben, capsys):
    event = first_events(ana, 1)[0]  # from August 2024, no end
    ana.edit("events", event.id, start=parse_date("2025-06-01"))  # valid on Ana's side
    ben.edit("events", event.id, end=parse_date("2025-05-01"))  # valid on Ben's side: together they end before they start
    ana.sync()
    assert ben.cli("sync") == 2
    said = capsys.readouterr().err
    path = record_path("events", event.id)
    assert f"{path}: field 'start': mine \"2024-08\", theirs \"2025-06-01\"" in said
    assert f"{path}: field 'end': mine \"2025-05-01\", theirs null" in said
    assert ben.cli("sync", "--take", "theirs") == 0
    ana.sync()
    for person in (ana, ben):
        merged = person.timeline().events[event.id]
        assert (merged.start.edtf, merged.end) == ("2025-06-01", None)


def test_publishing_into_a_detached_working_copy_is_refused_before_anything_is_committed(tmp_path, remote, capsys):
    repo = tmp_path / "newsroom"
    subprocess.run(["git", "clone", "--quiet", str(remote), str(repo)], check=True, capture_output=True)
    identify(repo, "ana")
    (repo / "README.md").write_text("How we work\n")
    git(repo, "add", "README.md")
    git(repo, "commit", "--quiet", "-m", "How we work")
    git(repo, "push", "--quiet", "origin", "HEAD:main")
    git(repo, "checkout", "--quiet", "--detach")
    before = git(repo, "rev-parse", "HEAD")
    db = tmp_path / "ana.json"
    assert main(["share", "init", str(repo), "--db", str(db)]) == 2
    assert "detached HEAD" in capsys.readouterr().err
    assert git(repo, "rev-parse", "HEAD") == before and not (tmp_path / "ana.json.share.json").exists()
    git(repo, "checkout", "--quiet", "main")  # as the message says
    assert main(["share", "init", str(repo), "--db", str(db)]) == 0
    assert "Pushed to origin/main" in capsys.readouterr().out


def test_a_merge_started_by_hand_is_left_for_its_author_to_finish(ana, ben, capsys):
    one = first_events(ben, 1)[0]
    ben.edit("events", one.id, title="Ben's title")
    ben.sync()
    git(ana.repo, "fetch", "--quiet", "origin")
    git(ana.repo, "merge", "--no-ff", "--no-commit", "origin/main")  # by hand, being looked over
    record = ana.repo / record_path("events", one.id)
    looked_over = record.read_bytes()
    before = ana.db.read_bytes()
    assert ana.cli("sync") == 2
    said = capsys.readouterr().err.strip()
    assert "a merge started by hand is under way" in said and "git merge --abort" in said
    assert (ana.repo / ".git" / "MERGE_HEAD").exists() and record.read_bytes() == looked_over  # not thrown away
    assert ana.db.read_bytes() == before
    git(ana.repo, "merge", "--abort")  # as the message says
    assert ana.cli("sync") == 0
    assert ana.timeline().events[one.id].title == "Ben's title"
