"""Publishing a timeline into a git repository, cloning one, and syncing: the database's
edits committed, the others' fetched and merged (by git's own line merge, and field by
field where both sides changed a record: merging.py), the result checked by the model and
brought into the database as one edit, then pushed.

Which repository a database shares through is remembered beside the database, in
``<database>.share.json`` (the repository's folder): the database's schema stays as it
is, and a copy of the database made by hand does not silently sync to the same place.
The repository's working copy is written from the database at every sync, so the
database is the one truth; the repository holds history and the others' edits.
"""
from __future__ import annotations

import json
import re
import shutil
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from ..bulk import collector_paused
from ..fileio import atomic_write
from ..model import ModelError, Timeline
from ..model.edits import Change, Edit
from ..model.heading import HEADING
from ..model.wording import counted
from ..store import Store
from ..store import labels as edit_labels
from . import commits, form, merging
from .conflicts import Conflict, Resolve, take_mine, take_theirs  # noqa: F401 (what a resolve is given, and two to pass)
from .form import FormError
from .blame import blob_id, object_format
from .git import GitError, Result, run, running

REMOTE = "origin"
LOCK_WAIT = 5  # seconds a sync waits for a git left running by one killed
LISTED = 50  # records named one by one in a commit message; past these, a count
MERGED = f"Sync with {REMOTE}:"  # how the label of the edit a merge brings in begins


Progress = Callable[[int, int], None]  # (steps done, of how many)
STEPS = 4  # commit, fetch, merge, push
Bring = Callable[[Edit], bool]  # saves the merge into the database as one edit; False: refused


class ShareError(Exception):
    """Publishing, cloning or syncing refused; one line for the user. Nothing was lost:
    the database and the repository are as they were."""


@dataclass
class Synced:
    lines: list[str] = field(default_factory=list)  # what happened, for the user
    edit: Edit | None = None  # the others' changes brought into the database, as one edit


def link_path(db: Path) -> Path:
    return db.with_name(db.name + ".share.json")


def linked_repo(db: Path) -> Path:
    try:
        repo = json.loads(link_path(db).read_text(encoding="utf-8"))["repo"]
    except FileNotFoundError:
        raise ShareError(f"{db}: not shared yet: publish it with 'share init REPO_DIR' or get one with 'share clone URL DIR'") from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ShareError(f"{link_path(db)}: field 'repo': cannot be read ({error})") from None
    return Path(repo)


def _remember(db: Path, repo: Path) -> None:
    atomic_write(link_path(db), (json.dumps({"repo": str(repo.resolve())}, indent=2) + "\n").encode("utf-8"))


def _is_work_tree(folder: Path) -> bool:
    """Whether ``folder`` is the top of a git working copy (not merely inside one)."""
    top = run(folder, "rev-parse", "--show-toplevel", check=False) if folder.is_dir() else None
    return bool(top and top.code == 0 and Path(top.out.strip()).resolve() == folder.resolve())


def _holds_timeline(repo: Path) -> bool:
    return run(repo, "cat-file", "-e", f"HEAD:{form.HEAD}", check=False).code == 0


def _has_remote(repo: Path) -> bool:
    return REMOTE in run(repo, "remote").out.split()


def _branch(repo: Path) -> str:
    found = run(repo, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    if found.code != 0:
        raise ShareError(f"{repo}: the working copy is on no branch (detached HEAD): check out the branch to sync, e.g. git checkout main")
    return found.out.strip()


def _merging(repo: Path) -> bool:
    """Whether a merge is under way in the working copy."""
    return run(repo, "rev-parse", "--quiet", "--verify", "MERGE_HEAD", check=False).code == 0


def _own_merge(repo: Path) -> Path:
    """A file in the repository's git folder while a merge of a sync's own is under way: a
    merge without it was started by hand, and a sync must not throw its resolution away."""
    return Path(run(repo, "rev-parse", "--absolute-git-dir").out.strip()) / "TIMELINE_SYNC_MERGE"


def _head(repo: Path) -> str | None:
    found = run(repo, "rev-parse", "--verify", "--quiet", "HEAD", check=False)
    return found.out.strip() if found.code == 0 else None


def _titled(timeline: Timeline, path: str) -> str:
    """The record a file holds, in words: event 'Gornal recaptured' for events/<xx>/<id>.json."""
    folder, name = path.partition("/")[0], path.rpartition("/")[2]
    kind = form.KIND_OF_FOLDER.get(folder)
    record = timeline.table(kind).get(form.record_id(path)) if kind else None
    what = folder[:-1]
    label = getattr(record, "title", None) or getattr(record, "name", None) or name.rsplit(".", 1)[0]
    return f"{what} '{label}'"


def _committed_title(repo: Path, path: str) -> str:
    """A removed record named as the last commit has it."""
    shown = run(repo, "show", f"HEAD:{path}", check=False)
    try:
        record = json.loads(shown.out) if shown.code == 0 else {}
    except ValueError:
        record = {}
    return f"{path.partition('/')[0][:-1]} '{record.get('title') or record.get('name') or form.record_id(path)}'"


def _commit_message(repo: Path, now: Timeline, staged: list[str], labels: list[str] | None = None) -> str:
    """The staged changes (``git diff --cached --name-status`` lines) listed: a summary line,
    then the edits by their undo labels (when known), then one line per record."""
    verbs = {"A": "added", "M": "changed", "D": "removed"}
    counts: Counter[str] = Counter()
    lines = []
    for row in staged:
        status, path = row.split("\t", 1)
        if not path.endswith(".json") or path == form.HEAD:
            continue
        verb = verbs.get(status[0], "changed")
        folder = path.split("/", 1)[0]
        counts[folder, verb] += 1
        if len(lines) < LISTED:
            lines.append(f"{verb.capitalize()} {_committed_title(repo, path) if status[0] == 'D' else _titled(now, path)}")
    summary = ", ".join(f"{n} {_named(folder, n)} {verb}" for (folder, verb), n in counts.items()) or "timeline settings changed"
    if (listed := sum(counts.values())) > LISTED:
        lines.append(f"and {listed - LISTED} more")
    if labels:
        if len(labels) == 1:
            return "\n".join([labels[0], "", *lines])
        edits = labels[:LISTED] + ([f"and {len(labels) - LISTED} more edits"] if len(labels) > LISTED else [])
        return "\n".join([f"{len(labels)} edits: {summary}", "", *edits, "", *lines])
    return "\n".join([summary, "", *lines]) if lines else summary


def _named(folder: str, n: int) -> str:
    return folder if n != 1 else folder[:-1]


# What lists the files that differ from the last commit. Untracked files as git lists them
# by default, a folder of nothing but new files as the folder, and no pathspec: git's
# untracked cache, which then looks again only in folders that changed, is used only
# for the whole working copy (with a pathspec git reads every folder: 0.3 s at 100,000 events).
_STATUS = ("status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=normal")


def _in_form(path: str) -> bool:
    """Whether ``path`` (a folder ends with /) lies where the form keeps its files."""
    return path in (form.HEAD, form.ATTRIBUTES) or path.partition("/")[0] in form.KIND_OF_FOLDER


def _working_changes(repo: Path, changed: str) -> tuple[list[str], list[str]]:
    """The form's files that differ from the last commit, from what _STATUS said
    (``changed``): (staged, that is written by a sync; changed in the working copy since,
    or new there). Files elsewhere in the repository are the team's own, left alone; one
    staged by hand would go into the sync's commit (made from the whole index): refused."""
    entries = [entry for entry in changed.split("\0") if entry]
    if theirs := [entry[3:] for entry in entries if not _in_form(entry[3:]) and entry[0] not in " ?!"]:
        raise ShareError(f"{repo}/{theirs[0]}: staged by hand beside the timeline, and a sync commits everything staged: "
                         f"commit it yourself (git -C {repo} commit) or unstage it (git -C {repo} restore --staged -- {theirs[0]}), then sync")
    entries = [entry for entry in entries if _in_form(entry[3:])]
    staged = [entry[3:] for entry in entries if entry[1] == " "]
    unstaged = [entry[3:] for entry in entries if entry[1] != " " and not entry.endswith("/")]
    if new_folders := [entry[3:] for entry in entries if entry.endswith("/")]:
        unstaged += [path for path in run(repo, "ls-files", "--others", "-z", "--", *new_folders).out.split("\0") if path]
    return staged, unstaged


def _git_files(repo: Path) -> tuple[Path, Path]:
    """The repository's index, and where a sync lists the files it is about to write (one
    stopped before staging them left files that are its own, not changed by hand)."""
    index, note = run(repo, "rev-parse", "--git-path", "index", "--git-path", "timeline-writing").out.split("\n")[:2]
    return repo / index, repo / note


def _stamp(index: Path) -> tuple[int, int, int] | None:
    """What tells that something else wrote the index: its inode, size and time of change."""
    try:
        found = index.stat()
    except FileNotFoundError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


def _wait_for_git(index: Path) -> None:
    """A sync killed while git held the index lock leaves that git to finish: wait a few seconds for it."""
    lock = index.with_name(index.name + ".lock")
    for _ in range(LOCK_WAIT * 10):
        if not lock.exists():
            return
        time.sleep(0.1)


def _refuse_hand_edits(repo: Path, unstaged: list[str], files: dict[str, bytes], note: Path) -> None:
    """ShareError naming the files changed in the working copy since a sync staged them,
    unless a sync stopped before staging wrote them (the note lists them) or they hold what
    the database would write. What was staged but not committed (a sync refused) is ours."""
    ours = set(note.read_text(encoding="utf-8").split("\0")) if note.exists() else set()
    if edited := [path for path in unstaged if path not in ours and files.get(path) != ((repo / path).read_bytes() if (repo / path).is_file() else None)]:
        first, more = edited[0], f" and {len(edited) - 1} more" if len(edited) > 1 else ""
        if not (repo / first).exists():
            what, undo = "deleted", f"to bring it back, git -C {repo} checkout -- {first}"
        elif run(repo, "ls-files", "--error-unmatch", "--", first, check=False).code != 0:  # git has never had it
            what, undo = "added", "move it out of the folder or delete it"
        else:
            what, undo = "changed", f"to drop the change, git -C {repo} checkout -- {first}"
        raise ShareError(f"{repo}/{first}{more}: {what} by hand in the working copy since the last sync: edit the timeline "
                         f"in the app instead; {undo}")


# What each working copy's form was last committed from, by repository: the commit, the
# index as the sync left it, and the records. A sync in the same process then finds what
# changed among 100,000 events by identity, without serialising them all or reading every
# file back; anything else that moved HEAD or wrote the index makes it compare everything.
_known: dict[Path, tuple[str, tuple[int, int, int] | None, form.Written]] = {}


def _commit_database(repo: Path, timeline: Timeline, labels: list[str] | None = None) -> str | None:
    """Write the database's form into the working copy and commit what differs, listing
    ``labels`` (the edits' undo labels, if known); the commit's summary line, or None if
    nothing differed. Files changed there by hand are refused, never written over; files a
    stopped sync wrote are committed now."""
    repo = repo.resolve()
    index, note = _git_files(repo)
    _wait_for_git(index)
    head = _head(repo)
    known = _known.pop(repo, None)  # put back once this commit is made: on any error, files are compared again
    flat = commits.is_flat(repo)
    as_left = known is not None and known[:2] == (head, _stamp(index))  # before git status, which may write the index
    # git stats the quarter of a million files while the records that changed are found.
    with running(repo, *_STATUS) as listed:
        if as_left:
            written_before = known[2]
            files, gone = written_before.changes(timeline)
        else:
            written_before, files, gone = None, form.files_of(timeline, flat), None
        staged, unstaged = _working_changes(repo, listed().out)
    if written_before:  # the files of the unchanged records changed by hand, to compare
        files = {**form.files_at(timeline, unstaged, flat), **files}
    _refuse_hand_edits(repo, unstaged, files, note)
    present = {} if written_before else _indexed(repo, files, unstaged, flat)
    packed: list[bool] = []
    with ExitStack() as pack:  # a first publish's blobs, packed while the files are written

        def announce(paths: list[str]) -> None:  # before any file is written
            note.write_text("\0".join(paths), encoding="utf-8")
            if len(paths) > commits.BULK:
                pack.enter_context(commits.packing(repo, [files[path] for path in {*paths, *staged, *unstaged} if path in files]))
                packed.append(True)

        written, removed = form.write_tree(repo, files, present, gone, announce)
    touched = sorted({*written, *removed, *staged, *unstaged})
    commits.stage(repo, touched, bool(packed))
    note.unlink()
    summary = None
    if committing := _staged(repo, head, touched, {path: files[path] for path in written}):
        message = _commit_message(repo, timeline, committing, labels)
        committed = commits.commit(repo, message, head)
        if committed.code != 0:
            if "tell me who you are" in committed.err or "empty ident" in committed.err:
                raise ShareError(f"{repo}: git does not know who you are: set it with git config --global user.name 'Your Name' and user.email you@example.org")
            raise GitError(f"git commit failed: {committed.said}")
        head, summary = committed.out.strip(), message.split("\n", 1)[0]
    if head is not None:
        _known[repo] = (head, _stamp(index), written_before or form.Written(timeline, flat))
    return summary


def _indexed(repo: Path, files: dict[str, bytes], unstaged: list[str], flat: bool) -> dict[str, bytes | None]:
    """The form's files the working copy holds, by path: their bytes where they are
    ``files``' own, else None. Told by the blob ids of git's index, which holds the working
    copy but where git status found a file changed (``unstaged``): hashing the bytes in
    memory, not reading a quarter of a million files back (seconds, more on a cold disk)."""
    listed = run(repo, "ls-files", "--stage", "-z").out  # "<mode> <blob> <stage>\t<path>"
    present: dict[str, bytes | None] = dict.fromkeys(path for path in unstaged if form.managed(path, flat))
    hashing = None
    for entry in filter(None, listed.split("\0")):
        info, path = entry.split("\t", 1)
        if path in present or not form.managed(path, flat):
            continue
        blob = info.split(" ", 2)[1]
        hashing = hashing or object_format(blob)
        raw = files.get(path)
        present[path] = raw if raw is not None and blob_id(raw, hashing) == blob else None
    return present


def _staged(repo: Path, head: str | None, paths: list[str], written: dict[str, bytes]) -> list[str]:
    """What staging ``paths`` changed from ``head``, as ``git diff --cached --name-status``
    lines ("M\tevents/x.json"), found from the files (those just ``written``: their bytes)
    and the commit's listing of those paths alone: git's diff would read the
    quarter-million-entry index once more."""
    if not paths:
        return []
    committed = {}
    if head is not None:
        # Past a few thousand paths the command line would be too long: their folders instead.
        named = paths if len(paths) <= commits.BULK else sorted({path.partition("/")[0] for path in paths})
        listed = run(repo, "--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", head, "--", *named).out
        for line in filter(None, listed.split("\0")):  # "<mode> blob <id>\t<path>"
            info, path = line.split("\t", 1)
            committed[path] = info.split()[2]
    hashing = object_format(next(iter(committed.values()), ""))
    lines = []
    for path in paths:
        before, raw = committed.get(path), written.get(path)
        if raw is None and not (repo / path).is_file():
            lines += [f"D\t{path}"] if before else []
        elif before is None:
            lines.append(f"A\t{path}")
        elif blob_id(raw if raw is not None else (repo / path).read_bytes(), hashing) != before:
            lines.append(f"M\t{path}")
    return lines


def _merged_known(repo: Path, edit: Edit) -> None:
    """After a merge the working copy holds the merged form, the database the edit's records."""
    repo = repo.resolve()
    if (known := _known.pop(repo, None)) is not None:
        known[2].take(edit.changes)
        _known[repo] = (_head(repo), _stamp(_git_files(repo)[0]), known[2])


def _tree_timeline(repo: Path) -> Timeline:
    try:
        return form.timeline_of(form.read_tree(repo))
    except FormError as error:
        raise ShareError(f"{repo}/{error}") from None


def publish(repo: Path, db: Path, timeline: Timeline) -> list[str]:
    """Put the database's timeline into ``repo`` (a new folder, or a git repository that holds
    no timeline yet), commit it, push it if the repository has a remote, and remember the link."""
    repo = repo.resolve()
    if shared := _shared_through(db):
        raise ShareError(f"{db}: shared through {shared} already: send your edits and get the others' with 'share sync'")
    if repo.exists() and not repo.is_dir():
        raise ShareError(f"{repo}: not a folder")
    if not _is_work_tree(repo):
        repo.mkdir(parents=True, exist_ok=True)
        run(repo, "init", "--quiet")
    if _holds_timeline(repo):  # committed: a publish stopped mid-way may be tried again
        raise ShareError(f"{repo}: holds a shared timeline already: get it with 'share clone {repo} DIR' instead")
    branch = _branch(repo)  # before committing: a commit on no branch would be lost at the next checkout
    _for_many_files(repo)
    # Linked before the commit: a publish killed once it committed is completed by the next
    # sync; killed before, the link names a repository without a timeline, which a
    # publish may be tried again into.
    _remember(db, repo)
    try:
        with collector_paused():  # a quarter of a million files' bytes, made while 100,000 records live on
            _commit_database(repo, timeline)
    except BaseException:
        link_path(db).unlink(missing_ok=True)
        raise
    lines = [f"Published '{timeline.title}' ({counted(len(timeline.events), 'event')}, {counted(len(timeline.sources), 'source')}) into {repo}"]
    edit_labels.keep(db)
    if _has_remote(repo):
        refused = _push(repo, branch)
        lines.append(f"Not pushed ({refused}): sync to try again" if refused else f"Pushed to {REMOTE}/{branch}")
    else:
        lines.append(f"No remote '{REMOTE}' yet: add one with git -C {repo} remote add {REMOTE} URL, then sync")
    return lines


def _for_many_files(repo: Path) -> None:
    """Git's settings for a quarter of a million files: a smaller index, untracked files
    looked for only in folders that changed, and an index split in two, so that staging a
    few files writes those few entries, not all 250,000 (17 MB) at each step."""
    run(repo, "config", "feature.manyFiles", "true")
    run(repo, "config", "core.splitIndex", "true")


def clone(url: str, directory: Path, db: Path, create: Callable[[Path, Timeline], None]) -> list[str]:
    """Clone ``url`` into ``directory`` (which must not exist) and make ``db`` (which must not
    exist either) hold its timeline; ``create(db, timeline)`` writes the new database."""
    if directory.exists():
        raise ShareError(f"{directory}: exists already: choose a new folder to clone into")
    if db.exists():
        raise ShareError(f"{db}: exists already: choose a new database file with --db")
    cloned = run(None, "clone", "--quiet", url, str(directory), check=False)
    if cloned.code != 0:
        shutil.rmtree(directory, ignore_errors=True)
        raise ShareError(f"{url}: cannot be cloned: {_no_login(cloned.said, 'it') or cloned.said}")
    try:
        _for_many_files(directory)
        _check_out_only_branch(directory)
        if not (directory / form.HEAD).exists():
            raise ShareError(f"{url}: not a shared timeline (it has no {form.HEAD}); nothing was kept")
        timeline = _tree_timeline(directory)
        create(db, timeline)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    _remember(db, directory)
    edit_labels.keep(db)
    return [f"Cloned '{timeline.title}' ({len(timeline.events)} events) into {directory}; database {db}"]


def _shared_through(db: Path) -> Path | None:
    """The repository ``db`` syncs through, if it still is a shared timeline (not moved or deleted)."""
    try:
        repo = linked_repo(db)
        _check_repo(repo)
    except ShareError:
        return None
    return repo


def _check_out_only_branch(repo: Path) -> None:
    """A remote whose default branch does not exist (published from a clone whose branch had
    another name, main against master) clones empty: its one branch is checked out instead."""
    if _head(repo) is not None:
        return
    branches = [name for name in run(repo, "branch", "--remotes", "--format=%(refname:lstrip=3)").out.split() if name != "HEAD"]
    if len(branches) == 1:
        run(repo, "checkout", "--quiet", branches[0])


def _check_repo(repo: Path) -> None:
    if not _is_work_tree(repo):
        raise ShareError(f"{repo}: not a git repository (moved or deleted?): share the database again with 'share init'")
    if not _holds_timeline(repo):
        raise ShareError(f"{repo}: not a shared timeline (it has no {form.HEAD})")


_FETCH = ("fetch", "--quiet", REMOTE)


def _fetch(repo: Path, fetched: Result) -> str | None:
    """None if ``fetched`` (_FETCH's result) fetched, else why not (offline, no remote)."""
    if not _has_remote(repo):
        return f"no remote '{REMOTE}'"
    return None if fetched.code == 0 else _no_login(fetched.said, REMOTE) or f"cannot reach {REMOTE} ({fetched.said}): sync again when online"


# git's words when it could not log in to a remote: it is never let ask (GIT_TERMINAL_PROMPT=0).
_NO_LOGIN = ("could not read Username", "could not read Password", "Authentication failed", "Permission denied (publickey",
             "Host key verification failed")


def _no_login(said: str, remote: str) -> str | None:
    """What to do when git could not log in to ``remote``, quoting ``said``; None if that was not why it failed."""
    if not any(words in said for words in _NO_LOGIN):
        return None
    return (f"git could not log in to {remote} ({said}): set up your credentials for it in git (a credential helper, "
            "or an SSH key and the server's host key), then sync again; the app never asks for passwords")


def _upstream(repo: Path, branch: str) -> str | None:
    name = f"{REMOTE}/{branch}"
    return name if run(repo, "rev-parse", "--verify", "--quiet", f"refs/remotes/{name}", check=False).code == 0 else None


def _contains(repo: Path, ancestor: str, descendant: str) -> bool:
    return run(repo, "merge-base", "--is-ancestor", ancestor, descendant, check=False).code == 0


def _record_files(path: str) -> list[str]:
    """The files of the record at ``path``: a source's text lies beside it."""
    return [path, path.removesuffix(".json") + ".txt"] if path.startswith(f"{form.FOLDERS['sources']}/") else [path]


def _revive_cited(repo: Path) -> dict[str, str]:
    """After a merge: the events and sources one side deleted while the other cited or linked
    them are brought back from the side that kept them (nothing pointed at is lost); their
    paths, and the side each was taken from."""
    revived = {}
    flat = commits.is_flat(repo)
    for kind, pointers in merging.POINTERS.items():
        for _, entry in form.record_entries(repo, form.FOLDERS[kind], flat):
            if not entry.name.endswith(".json"):
                continue
            try:
                record = json.loads(Path(entry.path).read_bytes())
            except ValueError:
                continue  # the tree's reading names it
            for name, target in pointers:
                path = form.record_path(target, str(record.get(name)), flat)
                if (repo / path).exists():
                    continue
                side = next((side for side in ("HEAD", "MERGE_HEAD") if run(repo, "cat-file", "-e", f"{side}:{path}", check=False).code == 0), None)
                if side is not None:
                    run(repo, "checkout", side, "--", *_record_files(path))
                    revived[path] = side
    return dict(sorted(revived.items()))


def _read_merge(repo: Path, timeline: Timeline) -> tuple[Timeline, tuple[Change, ...]]:
    """What a merge made of ``timeline``, read from the files it changed only: HEAD holds the
    database's form, committed just before. The merged timeline, checked by the model
    (ModelError), and the changes that make it; ShareError if a file cannot be taken."""
    listed = run(repo, "diff", "--cached", "--name-status", "--no-renames", "-z", "HEAD").out.split("\0")
    changed = dict(zip(listed[1::2], listed[::2]))  # path → A, M, D or U (unmerged)
    if unmerged := sorted(path for path, status in changed.items() if status == "U"):
        raise ShareError(f"{repo}/{unmerged[0]}: both sides changed it and it is no record of the timeline; "
                         "merge it by hand with git, then sync again")
    try:
        return form.reread(repo, changed, timeline)
    except FormError as error:
        raise ShareError(f"{repo}/{error}") from None


def _merge(repo: Path, upstream: str, timeline: Timeline, bring: Bring, resolve: Resolve | None) -> tuple[Timeline, Edit, list[str]]:
    """Merge ``upstream`` into the working copy (the records both sides changed field by
    field, conflicts settled by ``resolve``), check the result with the model and ``bring``
    it into the database as one edit, then commit the merge (a fast-forward when there is
    nothing of ours to merge). Returns the merged timeline, the edit and notes; ShareError
    (or Cancelled from ``resolve``), after undoing the merge, if it cannot be taken."""
    revived: dict[str, str] = {}
    fast = _contains(repo, "HEAD", upstream)  # a merge commit here would bounce between clones forever
    authors = _authors(repo, upstream)
    # Even a fast-forward starts as a merge not yet committed: HEAD stays put until the
    # database has the result, so a sync killed before that reverts nothing of theirs.
    own = _own_merge(repo)
    own.write_bytes(b"")
    started = run(repo, "merge", "--no-ff", "--no-commit", "--quiet", upstream, check=False)
    if started.code != 0 and not _merging(repo):  # not stopped on conflicts: refused outright
        own.unlink()
        raise ShareError(f"{repo}: git cannot merge {upstream} into the working copy ({started.said}); nothing was merged, your edits are kept")
    try:
        try:
            notes = [] if fast else merging.reconcile(repo, upstream, resolve)
        except merging.Refused as refused:
            raise ShareError(str(refused)) from None
        except FormError as error:
            raise ShareError(f"{repo}/{error}") from None
        try:
            try:
                merged, changes = _read_merge(repo, timeline)
            except ModelError:  # a citation or link may point at what the other side deleted
                if not (revived := _revive_cited(repo)):
                    raise
                notes += merging.revived_with(repo, upstream, revived)
                merged, changes = _read_merge(repo, timeline)
            if not fast and (followed := merging.follow_citations(repo, merged, changes)):
                notes += followed  # statuses the merged citations give, staged: read back with the rest
                merged, changes = _read_merge(repo, timeline)
        except ModelError as error:
            raise ShareError(f"{repo}: the merged timeline is refused: {error}; nothing was merged") from None
        edit = Edit(_label(changes, authors), changes)
        # Into the database before the commit: the repository is never ahead of it.
        if changes and not bring(edit):
            raise ShareError(f"{repo}: the merge could not be saved into the database; nothing was merged")
    except BaseException:
        run(repo, "merge", "--abort", check=False)
        if not _merging(repo):  # else the next sync, finding it, aborts it again
            own.unlink()
        raise
    if fast:  # the working copy and index are upstream's already: HEAD goes there, the merge is forgotten
        run(repo, "update-ref", "-m", f"merge {upstream}: Fast-forward", "HEAD", upstream)
        run(repo, "merge", "--quit")
    else:
        run(repo, "commit", "--quiet", "--no-verify", "-m", edit.label)
    own.unlink()
    return merged, edit, [*notes, *(f"Kept {path}: deleted on one side, cited or linked on the other" for path in revived)]


def _authors(repo: Path, upstream: str) -> list[str]:
    """The e-mail addresses of those whose commits ``upstream`` brings."""
    return sorted(set(run(repo, "log", "--format=%ae", f"HEAD..{upstream}").out.split()))


def _edits(labels: list[str] | None) -> list[str] | None:
    """The labels of the user's own edits: a merge brought in by a sync is committed already."""
    return None if labels is None else [label for label in labels if not label.startswith(MERGED)]


def _label(changes: tuple[Change, ...], authors: list[str]) -> str:
    """What the Undo menu and the merge commit say: "Sync with origin: 3 events changed by ana@…"."""
    counts = Counter(change.kind for change in changes if change.kind != HEADING)
    heading = [f"the {name}" for change in changes if change.kind == HEADING for name in ("title", "lanes")
               if getattr(change.before, name) != getattr(change.after, name)]
    what = ", ".join([*heading, *(f"{n} {_named(form.FOLDERS[kind], n)}" for kind, n in counts.items())]) or "nothing"
    return f"{MERGED} {what} changed" + (f" by {', '.join(authors)}" if authors else "")


# git's reason for a push refused because the remote has commits this clone has not.
_PUSHED_FIRST = ("fetch first", "non-fast-forward")
_REFUSED = re.compile(r"\s*! \[[^\]]*\].*\((.*)\)\s*$")  # " ! [remote rejected] HEAD -> main (pre-receive hook declined)"


def _push(repo: Path, branch: str) -> str | None:
    """Push the branch; None if pushed, else the reason: git's (most often "fetch first":
    someone pushed first), with the remote's own words (a protected branch, a permission)."""
    pushed = run(repo, "push", "--quiet", "--set-upstream", REMOTE, f"HEAD:refs/heads/{branch}", check=False)
    if pushed.code == 0:
        return None
    lines = pushed.err.splitlines()
    refused = next((found.group(1) for line in lines if (found := _REFUSED.match(line))), pushed.said)
    told = [line.removeprefix("remote:").strip() for line in lines if line.startswith("remote:")]
    return ": ".join([refused, "; ".join(filter(None, told))]) if any(told) else refused


def _waiting(repo: Path, branch: str) -> int:
    upstream = _upstream(repo, branch)
    return int(run(repo, "rev-list", "--count", f"{upstream}..HEAD" if upstream else "HEAD").out.strip())


def _as_the_database_has_it(repo: Path, timeline: Timeline) -> None:
    """The working copy and index after git was stopped mid-merge: no merge under way, and
    the form's files as the database holds them (a git stopped before it recorded the merge
    may have written some of the others' files), so that the next sync finds nothing
    changed by hand and merges again."""
    run(repo, "reset", "--quiet", "--merge", check=False)
    form.write_tree(repo, form.files_of(timeline, commits.is_flat(repo)))
    run(repo, "reset", "--quiet", check=False)


def sync(repo: Path, timeline: Timeline, bring: Bring, progress: Progress = lambda done, total: None, tries: int = 3,
         resolve: Resolve | None = None, db: Path | None = None) -> Synced:
    """Commit ``timeline`` (the database's) to ``repo``, fetch, merge, ``bring`` the merge
    into the database as one edit, push; again if someone pushed in between (up to
    ``tries`` times). Offline, the commits wait and the result says so. ShareError leaves
    the database and the repository as they were (the working copy is the database's form).
    ``progress(done, STEPS)`` is told between steps, where an exception it raises (a
    cancel) stops the sync without damage: the commits made wait for the next sync.
    ``resolve`` is given the fields both sides changed differently (conflicts.Conflict) and
    returns the value chosen for each, or None to cancel (Cancelled, as above); without it
    such a merge is refused, each conflict named on a line of the ShareError.
    ``db``: the database's file, whose edits' undo labels the commit message lists."""
    progress(0, STEPS)
    _check_repo(repo)
    branch = _branch(repo)
    own = _own_merge(repo)
    if _merging(repo):
        if not own.exists():
            raise ShareError(f"{repo}: a merge started by hand is under way in the working copy: finish it (git commit) "
                             "or give it up (git merge --abort), then sync again; nothing was changed")
        # A sync stopped mid-way. The database holds what it held, or the whole merge:
        # either way it is committed below and merged again, which git finds clean.
        run(repo, "merge", "--abort", check=False)
    own.unlink(missing_ok=True)
    start = _head(repo)
    done = Synced()
    kept = edit_labels.read(db) if db is not None else None
    # The first fetch runs while the edits are committed: it writes nothing a commit does.
    with running(repo, *_FETCH, check=False) as fetched:
        if committed := _commit_database(repo, timeline, _edits(kept)):
            done.lines.append(f"Committed your edits: {committed}")
        if kept:  # committed, or undone since: either way no longer waiting
            edit_labels.drop(db, len(kept))
        elif kept is None and db is not None:  # shared before labels were kept: from now on
            edit_labels.keep(db)
        progress(1, STEPS)
        offline = _fetch(repo, fetched())
    for again in range(tries):
        if again:
            progress(1, STEPS)
            offline = _fetch(repo, run(repo, *_FETCH, check=False))
        if offline:
            waiting = _waiting(repo, branch)
            done.lines.append(f"Not synced: {offline}; {waiting} commit{'' if waiting == 1 else 's'} of yours waiting")
            return done
        upstream = _upstream(repo, branch)
        progress(2, STEPS)
        if upstream and not _contains(repo, upstream, "HEAD"):
            try:
                timeline, edit, notes = _merge(repo, upstream, timeline, bring, resolve)
            except ShareError:
                if start is not None and _head(repo) != start:
                    run(repo, "reset", "--quiet", "--soft", start)  # the repository as it was; the database has the edits
                    if kept:  # so the next commit lists them again
                        edit_labels.put_back(db, kept)
                raise
            except BaseException:  # stopped (Cancel) while git merged
                _as_the_database_has_it(repo, timeline)
                raise
            _merged_known(repo, edit)
            # The merge is in the database: a later try refused keeps it, and the commits it
            # merged, rather than squashing them into the next commit of the user's edits.
            start, kept = _head(repo), None
            if edit.changes:
                done.edit = edit
            done.lines += [*notes, edit.label]
        if not _waiting(repo, branch):
            done.lines.append("Up to date")
            return done
        progress(3, STEPS)
        last = _push(repo, branch)
        if last is None:
            done.lines.append(f"Pushed to {REMOTE}/{branch}")
            return done
        if last not in _PUSHED_FIRST:  # the remote itself refused: trying again now would not help
            why = _no_login(last, REMOTE) or f"{REMOTE} refused it ({last}): sync again once it accepts them"
            done.lines.append(f"Not pushed: {why}; your commits wait")
            return done
        # Most often someone pushed first: fetch and merge again.
    done.lines.append(f"Not pushed after {tries} tries ({last}); your commits wait: sync again")
    return done


def sync_database(db: Path, store: Store, resolve: Resolve | None = None) -> Synced:
    """Sync the database open in ``store`` through the repository it is linked to (headless)."""
    repo = linked_repo(db)

    def bring(edit: Edit) -> bool:
        store.apply(edit.changes)  # one journal line: one edit
        return True

    return sync(repo, store.load(), bring, resolve=resolve, db=db)
