"""The git program the user has, run as a subprocess: their SSH keys, credential helpers,
remotes and identity work as they do for them in a terminal, and the app stores nothing.
(A binding such as pygit2 brings its own libgit2, which knows neither their credential
helpers nor their ssh configuration.)"""
from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path


class GitError(Exception):
    """Git could not do what was asked; the message is one line meant for the user."""


# What git says last whenever it could not talk to a remote, whatever the reason.
_CANNOT_READ = "fatal: Could not read from remote repository."


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str
    raw: bytes = field(default=b"", repr=False)  # out as git wrote it

    @property
    def said(self) -> str:
        """Git's own last line of complaint, to quote in a message: its last "fatal:" or
        "error:" line (which names the file or ref), not the advice printed after it."""
        lines = [line.strip() for line in (self.err or self.out).splitlines() if line.strip()]
        complaints = [at for at, line in enumerate(lines) if line.startswith(("fatal:", "error:"))]
        if not complaints:
            return (lines or [f"exit status {self.code}"])[-1]
        at = complaints[-1]
        if lines[at] == _CANNOT_READ and at > 0:  # the line before says why: no such repository, refused, denied
            at -= 1
        # "error: The following untracked working tree files would be overwritten by merge:"
        # lists the files on the lines below: the first one named is what the user must see.
        return f"{lines[at]} {lines[at + 1]}" if lines[at].endswith(":") and at + 1 < len(lines) else lines[at]


OLDEST = (2, 18)  # the first git whose status takes --no-renames, the newest option sharing uses


def program() -> str:
    found = shutil.which("git")
    if found is None:
        raise GitError("the git program is not installed (or not on PATH): install git to share timelines")
    version, number = _version(found)
    if number is not None and number < OLDEST:
        raise GitError(f"git {version} ({found}) is too old for sharing: install git {'.'.join(map(str, OLDEST))} or newer")
    return found


@functools.cache
def _version(path: str) -> tuple[str, tuple[int, int] | None]:
    """The version of the git at ``path``, as it says it ("2.39.5", "2.39.3 (Apple Git-145)") and as numbers."""
    try:
        said = subprocess.run([path, "--version"], capture_output=True, text=True, stdin=subprocess.DEVNULL).stdout
    except OSError:
        return "", None  # running it says why
    found = re.search(r"(\d+)\.(\d+)\S*", said)
    return (found[0], (int(found[1]), int(found[2]))) if found else ("", None)


def run(repo: Path | None, *args: str, check: bool = True, feed: bytes | None = None) -> Result:
    """``git -C repo args``; GitError with git's own words if it fails and ``check``.
    ``feed``: bytes for git's standard input. Inside ``interruptible`` git can be stopped
    while it runs."""
    return _finish(_start(repo, args, feed is not None), args, check, feed)


@contextmanager
def running(repo: Path | None, *args: str, check: bool = True) -> Iterator[Callable[[], Result]]:
    """``git -C repo args`` started now, to run while the caller does other work: inside,
    calling what is given waits for git's Result (as ``run`` gives it). A git not waited
    for is stopped on the way out (an error or a Cancel meanwhile)."""
    process = _start(repo, args, False)
    try:
        yield functools.cache(lambda: _finish(process, args, check, None))
    finally:
        if process.returncode is None:
            _stop(process)


def _start(repo: Path | None, args: tuple[str, ...], fed: bool) -> subprocess.Popen:
    where = ["-C", str(repo)] if repo is not None else []
    # Never prompt on a terminal the app may not have: a missing credential is an error.
    env = {"GIT_TERMINAL_PROMPT": "0"}
    # Its own process group: stopping git stops what it started (ssh, pack-objects) too.
    return subprocess.Popen([program(), *where, *args], stdin=subprocess.PIPE if fed else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **env}, start_new_session=True)


def _finish(process: subprocess.Popen, args: tuple[str, ...], check: bool, feed: bytes | None) -> Result:
    out, err = _wait(process, feed)
    result = Result(process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), out)
    if check and result.code != 0:
        raise GitError(f"git {args[0]} failed: {result.said}")
    return result


_POLL_S = 0.05  # how often a waiting git lets the user's Cancel through
_STOP_S = 5  # how long git gets to remove its lock files before it is killed


@dataclass
class _Interrupt:
    poll: Callable[[], None] | None  # raises to stop git; None once it has


_interrupt: ContextVar[_Interrupt | None] = ContextVar("interrupt", default=None)


@contextmanager
def interruptible(poll: Callable[[], None]) -> Iterator[None]:
    """While inside, a running git calls ``poll`` every few hundredths of a second; if it
    raises (a Cancel), git is stopped and the exception goes on. Git is asked to stop
    (SIGTERM), which lets it remove its lock files, as it does on any signal; only a git
    that does not stop is killed. Once stopped, the git that cleans up runs to its end."""
    token = _interrupt.set(_Interrupt(poll))
    try:
        yield
    finally:
        _interrupt.reset(token)


def _wait(process: subprocess.Popen, feed: bytes | None) -> tuple[bytes, bytes]:
    interrupt = _interrupt.get()
    if interrupt is None or interrupt.poll is None:
        return process.communicate(feed)
    while True:
        try:
            return process.communicate(feed, timeout=_POLL_S)
        except subprocess.TimeoutExpired:
            feed = None  # given already: communicate keeps feeding what is left
        try:
            interrupt.poll()
        except BaseException:
            interrupt.poll = None
            _stop(process)
            raise


def _stop(process: subprocess.Popen) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.communicate(timeout=_STOP_S)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
