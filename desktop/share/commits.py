"""Committing the form's files at the scale of 100,000 events (a quarter of a million
files): only the paths that changed are staged (``git add --all`` looks at every file),
a first publish's blobs go into one pack through ``git fast-import`` (``git add`` writes
a file per blob, and creating files is what costs most here), and the commit is made
from the index by ``write-tree`` and ``commit-tree`` (``git commit`` looks at every file
again first)."""
from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .git import GitError, Result, program, run

BULK = 1000  # files staged at once past which their blobs are packed, not written a file each


def _pack_blobs(repo: Path, blobs: Iterable[bytes]) -> None:
    """Put the blobs into the repository as one pack (git finds them by their hash)."""
    with tempfile.TemporaryFile() as said:  # a pipe git filled while we write to it could block both
        process = subprocess.Popen([program(), "-C", str(repo), "fast-import", "--quiet", "--done"],
                                   stdin=subprocess.PIPE, stdout=said, stderr=said, env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
        try:
            for raw in blobs:
                process.stdin.write(b"blob\ndata %d\n" % len(raw))
                process.stdin.write(raw)
                process.stdin.write(b"\n")
            process.stdin.write(b"done\n")
            process.stdin.close()
        except BrokenPipeError:
            pass  # git stopped: its exit status and words say why
        if process.wait() != 0:
            said.seek(0)
            raise GitError(f"git fast-import failed: {Result(process.returncode, '', said.read().decode(errors='replace')).said}")


def stage(repo: Path, paths: list[str], files: dict[str, bytes]) -> None:
    """Make the index hold the working copy's ``paths`` (those no longer there removed);
    ``files`` holds the bytes of those that are there."""
    if not paths:
        return
    bulk = len(paths) > BULK
    if bulk:
        _pack_blobs(repo, (files[path] for path in paths if path in files))
    run(repo, "update-index", "--add", "--remove", *(["--info-only"] if bulk else []), "-z", "--stdin",
        input="".join(f"{path}\0" for path in paths))


def commit(repo: Path, message: str, parent: str | None) -> Result:
    """Commit the index on top of ``parent`` (None: the first commit) and move the branch
    there, unless it moved meanwhile; the result of commit-tree (its output: the commit)."""
    tree = run(repo, "write-tree").out.strip()
    made = run(repo, "commit-tree", tree, *(["-p", parent] if parent else []), "-F", "-", check=False, input=message)
    if made.code == 0:
        summary = message.split("\n", 1)[0]
        run(repo, "update-ref", "-m", f"commit: {summary}", "HEAD", made.out.strip(), parent or "")
    return made
