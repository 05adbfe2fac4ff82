"""Committing the form's files at the scale of 100,000 events (a quarter of a million
files): only the paths that changed are staged (``git add --all`` looks at every file),
a first publish's blobs go into one pack through ``git fast-import`` while the files are
written (``git add`` writes a file per blob, and creating files is what costs most here),
and the commit is made from the index by ``write-tree`` and ``commit-tree`` (``git
commit`` looks at every file again first)."""
from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from . import form
from .git import GitError, Result, program, run

BULK = 1000  # files staged at once past which their blobs are packed, not written a file each
CHUNK = 1 << 20  # bytes of blobs written for git fast-import at once


@contextmanager
def packing(repo: Path, blobs: list[bytes]) -> Iterator[None]:
    """The blobs go into the repository as one pack, through git fast-import, while the
    caller writes their files (git finds blobs by their hash): git hashes and compresses on
    one core while the files are created on the other. Git reads the blobs from a
    temporary file, not from a thread of ours: a Python thread feeding it held the
    interpreter's lock between the file creations, which then took four times as long. On
    the way out git is waited for; GitError if it failed. If the caller failed, git is
    stopped and nothing is said."""
    with tempfile.TemporaryFile() as stream, tempfile.TemporaryFile() as said:
        _write_stream(stream, blobs)
        stream.seek(0)
        process = subprocess.Popen([program(), "-C", str(repo), "fast-import", "--quiet", "--done"], stdin=stream,
                                   stdout=said, stderr=said, env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
        try:
            yield
        except BaseException:
            process.kill()
            raise
        finally:
            process.wait()
        if process.returncode != 0:
            said.seek(0)
            raise GitError(f"git fast-import failed: {Result(process.returncode, '', said.read().decode(errors='replace')).said}")


def _write_stream(file: IO[bytes], blobs: list[bytes]) -> None:
    """The blobs as fast-import's commands, in writes of a megabyte, not three small writes a blob."""
    chunk: list[bytes] = []
    size = 0
    for raw in blobs:
        chunk += (b"blob\ndata %d\n" % len(raw), raw, b"\n")
        size += len(raw)
        if size >= CHUNK:
            file.write(b"".join(chunk))
            chunk, size = [], 0
    file.write(b"".join([*chunk, b"done\n"]))


def is_flat(repo: Path) -> bool:
    """Whether the repository's last commit lays the timeline out as version 7 (none yet is
    not): what was committed decides, not a working copy a stopped publish may have left."""
    committed = run(repo, "cat-file", "blob", f"HEAD:{form.HEAD}", check=False)
    return committed.code == 0 and form.is_flat(committed.raw)


def stage(repo: Path, paths: list[str], packed: bool = False) -> None:
    """Make the index hold the working copy's ``paths`` (those no longer there removed);
    ``packed``: the blobs of those there are in the repository already, not to be written a file each."""
    if not paths:
        return
    # Many entries replaced: a new shared index of them all. Git makes one when entries are
    # added, not replaced, so the split part would keep them, read and written at every step.
    bulk = ["--split-index"] if len(paths) > BULK else []
    run(repo, "update-index", "--add", "--remove", *(["--info-only"] if packed else []), *bulk, "-z", "--stdin",
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
