"""One writer at a time: an OS lock on ``<database>.lock`` while the database is open
for writing.

The lock is the kernel's (flock on Unix, LockFileEx on Windows), not the file's
existence, so when the holding process dies, however it dies, the OS lets go of it: a
crashed instance leaves nothing to clean up. The lock file holds its holder's pid and
host, only to tell the user who it is.

Within one process the lock is shared and counted (a second ``Store.open`` of the same
file, as the command line and the tests do, is not another writer).
"""
from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

from filelock import FileLock, Timeout


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


class HeldElsewhere(Exception):
    """Another process holds the lock; ``holder`` says which, as well as it is known."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


def _sign(fd: int) -> None:
    os.ftruncate(fd, 0)
    os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}".encode())


class DatabaseLock:
    def __init__(self, database: Path) -> None:
        self.path = lock_path(database)
        # is_singleton: every open of this file in this process shares one counted lock.
        self._lock = FileLock(self.path, timeout=0, thread_local=False, is_singleton=True, on_acquired=_sign)

    def acquire(self, wait: float = 0) -> DatabaseLock:
        """Raises HeldElsewhere if another process still holds it after ``wait`` seconds."""
        try:
            self._lock.acquire(timeout=wait)
        except Timeout:
            raise HeldElsewhere(self.holder()) from None
        except OSError:  # signing it failed (a full disk): leave no empty lock file behind
            with contextlib.suppress(OSError):
                if not self._lock.is_locked and self.path.stat().st_size == 0:  # a holder signs it at once
                    self.path.unlink()
            raise
        return self

    def holder(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8", errors="replace").strip() or "another program"
        except OSError:  # Windows keeps a locked file from being read
            return "another program"

    def release(self) -> None:
        if not self._lock.is_locked:
            return
        if self._lock.lock_counter == 1:  # the last user in this process: leave no file behind
            # Removed while still held, so never a lock someone else has taken since.
            # Windows refuses to remove an open file; it then removes it on release itself.
            with contextlib.suppress(OSError):
                self.path.unlink()
        self._lock.release()
