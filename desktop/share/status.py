"""Where a shared timeline stands against its remote, as the status bar shows it: commits
to send and to receive (as the last fetch saw the remote), when the last sync reached it,
and how many edits wait for the next commit. A few cheap git calls, made once a sync ends
or the window opens; the edits waiting are counted from the labels the store keeps, with
no git call, so the count follows every edit."""
from __future__ import annotations

import datetime as dt
import re
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from ..store import labels
from .git import run
from .sync import MERGED, REMOTE, ShareError, linked_repo


@dataclass(frozen=True)
class Standing:
    ahead: int  # commits of ours the remote does not have
    behind: int  # commits of the remote's, as last fetched, not merged here
    last_sync: dt.datetime | None  # when a sync last reached the remote, local time


def standing(repo: Path) -> Standing:
    """Commits ahead and behind the remote's branch as last fetched, and when that was."""
    branch = run(repo, "symbolic-ref", "--quiet", "--short", "HEAD", check=False).out.strip()
    counted = run(repo, "rev-list", "--left-right", "--count", f"HEAD...{REMOTE}/{branch}", check=False)
    if counted.code == 0:
        ahead, behind = (int(n) for n in counted.out.split())
    else:  # never pushed: every commit is ours alone
        found = run(repo, "rev-list", "--count", "HEAD", check=False)
        ahead, behind = (int(found.out.strip()) if found.code == 0 else 0), 0
    return Standing(ahead, behind, _last_reached(repo, branch))


def _last_reached(repo: Path, branch: str) -> dt.datetime | None:
    """When a fetch or a push last reached the remote: the later of the last fetch (which
    writes FETCH_HEAD even when nothing came; one that could not reach the remote leaves
    it empty) and the last move of our copy of the remote's branch (a push moves it, as
    does a clone)."""
    times = []
    fetched = Path(repo, run(repo, "rev-parse", "--git-path", "FETCH_HEAD").out.strip())
    with suppress(OSError):
        if (found := fetched.stat()).st_size:
            times.append(found.st_mtime)
    moved = run(repo, "log", "-g", "-1", "--date=unix", "--format=%gd", f"refs/remotes/{REMOTE}/{branch}", check=False).out
    if match := re.search(r"@\{(\d+)\}", moved):
        times.append(int(match.group(1)))
    return dt.datetime.fromtimestamp(max(times)) if times else None


def edits_waiting(db: Path) -> int | None:
    """The edits saved since the last sync's commit; None if not known (no labels kept)."""
    kept = labels.read(db)
    return None if kept is None else sum(not label.startswith(MERGED) for label in kept)


def shared_repo(db: Path) -> Path | None:
    """The repository ``db`` is shared through, or None if it is not shared."""
    try:
        return linked_repo(db)
    except ShareError:
        return None
