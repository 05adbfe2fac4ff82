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
import threading
from pathlib import Path

from .git import GitError, Result, program, run

BULK = 1000  # files staged at once past which their blobs are packed, not written a file each
CHUNK = 1 << 20  # bytes of blobs handed to git fast-import at once


class Packing:
    """Blobs going into the repository as one pack, through git fast-import fed from a
    thread: the working copy's files are written meanwhile (git finds blobs by their hash)."""

    def __init__(self, repo: Path, blobs: list[bytes]) -> None:
        self._said = tempfile.TemporaryFile()  # a pipe git filled while we write to it could block both
        self._process = subprocess.Popen([program(), "-C", str(repo), "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE,
                                         stdout=self._said, stderr=self._said, env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
        self._feeding = threading.Thread(target=self._feed, args=(blobs,), daemon=True)
        self._feeding.start()

    def _feed(self, blobs: list[bytes]) -> None:
        # In writes of a megabyte: this thread then waits in the write, without Python's
        # lock, while the files are written. Writing each blob on its own held the lock
        # most of the time and made each file's open and write wait for it (a first publish
        # at 100,000 events spent most of its time there).
        stream = self._process.stdin
        try:
            chunk: list[bytes] = []
            size = 0
            for raw in blobs:
                chunk += (b"blob\ndata %d\n" % len(raw), raw, b"\n")
                size += len(raw)
                if size >= CHUNK:
                    stream.write(b"".join(chunk))
                    chunk, size = [], 0
            stream.write(b"".join([*chunk, b"done\n"]))
            stream.close()
        except (BrokenPipeError, ValueError):
            pass  # git stopped: its exit status and words say why

    def wait(self) -> None:
        self._feeding.join()
        code = self._process.wait()
        self._said.seek(0)
        said = self._said.read().decode(errors="replace")
        self._said.close()
        if code != 0:
            raise GitError(f"git fast-import failed: {Result(code, '', said).said}")


def stage(repo: Path, paths: list[str], packing: Packing | None = None) -> None:
    """Make the index hold the working copy's ``paths`` (those no longer there removed);
    with ``packing``, the blobs of those there are being packed, not written a file each."""
    if not paths:
        return
    if packing is not None:
        packing.wait()
    run(repo, "update-index", "--add", "--remove", *(["--info-only"] if packing else []), "-z", "--stdin",
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
