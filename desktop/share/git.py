"""The git program the user has, run as a subprocess: their SSH keys, credential helpers,
remotes and identity work as they do for them in a terminal, and the app stores nothing.
(A binding such as pygit2 brings its own libgit2, which knows neither their credential
helpers nor their ssh configuration.)"""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """Git could not do what was asked; the message is one line meant for the user."""


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def said(self) -> str:
        """Git's own last line of complaint, to quote in a message: its last "fatal:" or
        "error:" line (which names the file or ref), not the advice printed after it."""
        lines = [line.strip() for line in (self.err or self.out).splitlines() if line.strip()]
        complaints = [line for line in lines if line.startswith(("fatal:", "error:"))]
        return (complaints or lines or [f"exit status {self.code}"])[-1]


def program() -> str:
    found = shutil.which("git")
    if found is None:
        raise GitError("the git program is not installed (or not on PATH): install git to share timelines")
    return found


def run(repo: Path | None, *args: str, check: bool = True, input: str | None = None) -> Result:
    """``git -C repo args`` (``input`` on its stdin); GitError with git's own words if it fails and ``check``."""
    where = ["-C", str(repo)] if repo is not None else []
    # Never prompt on a terminal the app may not have: a missing credential is an error.
    env = {"GIT_TERMINAL_PROMPT": "0"}
    done = subprocess.run([program(), *where, *args], input=input, capture_output=True, text=True, env={**os.environ, **env})
    result = Result(done.returncode, done.stdout, done.stderr)
    if check and result.code != 0:
        raise GitError(f"git {args[0]} failed: {result.said}")
    return result

