"""Committing the form's files at the scale of 100,000 events (a quarter of a million
files): only the paths that changed are staged (``git add --all`` looks at every file),
a first publish's blobs go into one pack through ``git fast-import`` before the files are
written (``git add`` writes a file per blob, and creating files is what costs most here),
and the commit is made from the index by ``write-tree`` and ``commit-tree`` (``git
commit`` looks at every file again first)."""
from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from .git import GitError, Result, program, run

BULK = 1000  # files staged at once past which their blobs are packed, not written a file each
CHUNK = 1 << 20  # bytes of blobs handed to git fast-import at once


def pack(repo: Path, blobs: list[bytes]) -> None:
    """The blobs into the repository as one pack, through git fast-import, before their files
    are written (git finds blobs by their hash): on two cores shared with other work, doing
    both at once saved nothing (100,000 events: 56 to 58 s at once, 54 s one after the
    other) and took a thread."""
    with tempfile.TemporaryFile() as said:  # a pipe git filled while we write to it could block both
        process = subprocess.Popen([program(), "-C", str(repo), "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE,
                                   stdout=said, stderr=said, env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
        try:
            chunk: list[bytes] = []
            size = 0
            for raw in blobs:  # in writes of a megabyte, not three small writes a blob
                chunk += (b"blob\ndata %d\n" % len(raw), raw, b"\n")
                size += len(raw)
                if size >= CHUNK:
                    process.stdin.write(b"".join(chunk))
                    chunk, size = [], 0
            process.stdin.write(b"".join([*chunk, b"done\n"]))
            process.stdin.close()
        except BrokenPipeError:
            pass  # git stopped: its exit status and words say why
        if process.wait() != 0:
            said.seek(0)
            raise GitError(f"git fast-import failed: {Result(process.returncode, '', said.read().decode(errors='replace')).said}")


def stage(repo: Path, paths: list[str], packed: bool = False) -> None:
    """Make the index hold the working copy's ``paths`` (those no longer there removed);
    ``packed``: the blobs of those there are in the repository already, not to be written a file each."""
    if not paths:
        return
    run(repo, "update-index", "--add", "--remove", *(["--info-only"] if packed else []), "-z", "--stdin",
        feed="".join(f"{path}\0" for path in paths).encode())


def commit(repo: Path, message: str, parent: str | None) -> Result:
    """Commit the index on top of ``parent`` (None: the first commit) and move the branch
    there, unless it moved meanwhile; the result of commit-tree (its output: the commit)."""
    tree = run(repo, "write-tree").out.strip()
    made = run(repo, "commit-tree", tree, *(["-p", parent] if parent else []), "-F", "-", check=False, feed=message.encode())
    if made.code == 0:
        summary = message.split("\n", 1)[0]
        run(repo, "update-ref", "-m", f"commit: {summary}", "HEAD", made.out.strip(), parent or "")
    return made
