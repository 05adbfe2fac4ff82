"""Writing files so that a crash leaves either the old file or the new one, never half of each.

Every operation whose order decides what a crash leaves (creating, writing, truncating,
syncing, renaming and removing files, syncing folders) goes through ``fs``, a thin layer
over ``os``: it makes each one as durable as the platform allows, and lets the
crash-state explorer (benchmarks/crash_states.py) record them.
"""
from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

# Called after each operation with its name, arguments and result (see FileSystem).
Observer = Callable[[str, tuple[Any, ...], Any], None]


class FileSystem:
    def __init__(self) -> None:
        self.observer: Observer | None = None

    def _done(self, name: str, args: tuple[Any, ...], result: Any = None) -> Any:
        if self.observer is not None:
            self.observer(name, args, result)
        return result

    def open(self, path: Path, flags: int, mode: int = 0o666) -> int:
        return self._done("open", (path, flags, mode), os.open(path, flags | getattr(os, "O_BINARY", 0), mode))

    def write(self, fd: int, data: bytes | memoryview) -> int:
        return self._done("write", (fd, data), os.write(fd, data))

    def write_all(self, fd: int, data: bytes) -> None:
        left = memoryview(data)
        while left:
            left = left[self.write(fd, left) :]

    def truncate(self, fd: int, size: int) -> None:
        os.ftruncate(fd, size)
        self._done("truncate", (fd, size))

    def fsync(self, fd: int) -> None:
        # macOS's fsync leaves the data in the drive's cache, which a power loss empties:
        # F_FULLFSYNC flushes that too (not every file system supports it).
        if sys.platform == "darwin":
            import fcntl

            try:
                fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            except OSError:
                os.fsync(fd)
        else:
            os.fsync(fd)
        self._done("fsync", (fd,))

    def close(self, fd: int) -> None:
        os.close(fd)
        self._done("close", (fd,))

    def replace(self, source: Path, target: Path) -> None:
        if sys.platform == "win32":
            _replace_write_through(source, target)
        else:
            os.replace(source, target)
        self._done("replace", (source, target))

    def rename(self, source: Path, target: Path) -> None:
        os.rename(source, target)  # on Windows, unlike replace, it refuses an existing target
        self._done("replace", (source, target))

    def unlink(self, path: Path) -> None:
        os.unlink(path)
        self._done("unlink", (path,))

    def mkdir(self, path: Path) -> None:
        os.mkdir(path)
        self._done("mkdir", (path,))

    def fsync_dir(self, folder: Path) -> None:
        # Some platforms (Windows) and file systems cannot sync a folder; the rename is
        # atomic all the same.
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            return
        finally:
            os.close(fd)
        self._done("fsync_dir", (folder,))

    def create_temporary(self, target: Path) -> tuple[int, Path]:
        """A new, empty file beside ``target``, named ``.<name>.<8 random>.tmp``, open for writing."""
        while True:
            tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
            try:
                return self.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), tmp
            except FileExistsError:
                continue


fs = FileSystem()


def _replace_write_through(source: Path, target: Path) -> None:
    """Windows: rename over ``target`` and return only once the rename is on the disk (a
    folder cannot be fsynced there). Not exercised by the tests, which run on Linux."""
    import ctypes

    replace_existing, write_through = 0x1, 0x8
    move = ctypes.windll.kernel32.MoveFileExW  # type: ignore[attr-defined]
    if not move(str(source), str(target), replace_existing | write_through):
        raise ctypes.WinError()  # type: ignore[attr-defined]


def atomic_write(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (or its parts, as they come) to a temporary file beside ``path``,
    fsync it, then rename it over ``path``."""
    path = resolved(path)  # through a symlink: replace its target, not the link
    put_in_place(write_temporary(path, data), path)


def write_temporary(path: Path, data: bytes | Iterable[bytes], sync_every: int = 0) -> Path:
    """A temporary file beside ``path`` (resolved) holding ``data``, fsynced, with the
    permissions ``path`` has: the first half of ``atomic_write``, which a worker thread can
    do. With ``sync_every``, also fsynced each time that many more bytes are written: an
    fsync of another file meanwhile (a journal line) then waits for those at most, not for
    all that is written (ext4 commits other files' pending data with it)."""
    fd, tmp = fs.create_temporary(path)
    try:
        try:
            pending = 0
            for part in [data] if isinstance(data, bytes) else data:
                fs.write_all(fd, part)
                pending += len(part)
                if sync_every and pending >= sync_every:
                    fs.fsync(fd)
                    pending = 0
            fs.fsync(fd)
        finally:
            fs.close(fd)
        os.chmod(tmp, mode_for(path))  # created 0600; keep what the file had
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def put_in_place(tmp: Path, path: Path, free_later: bool = False) -> None:
    """Rename ``write_temporary``'s file over ``path``, durably; on an error it is removed.
    With ``free_later``, the file replaced is freed by a thread of its own (where a file
    open can be renamed over): the rename would otherwise free its blocks itself, which
    for a large file takes tens of milliseconds (40 ms for 160 MB on ext4)."""
    old = _opened(path) if free_later and os.name == "posix" else None
    try:
        fs.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        if old is not None:  # its last reference: closing it frees the blocks
            threading.Thread(target=os.close, args=(old,), name=f"freeing the old {path.name}", daemon=True).start()
    fsync_dir(path.parent)  # make the rename itself durable


def _opened(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDONLY)
    except OSError:  # none yet, or unreadable: the rename frees it then
        return None


def resolved(path: Path) -> Path:
    """The absolute path of the file ``path`` names, through every symlink."""
    try:
        return Path(path).resolve()
    except RuntimeError:  # a symlink loop (Python < 3.13 raises RuntimeError for it)
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None


def remove_temporaries(folder: Path, target: str) -> int:
    """Remove the temporary files ``atomic_write`` leaves when interrupted, for the files
    in ``folder`` whose names match the regular expression ``target``; how many went."""
    pattern = re.compile(r"\.(?:%s)\.[a-z0-9_]{8}\.tmp" % target)  # as create_temporary names them
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        if pattern.fullmatch(name):
            fs.unlink(Path(folder, name))
            removed += 1
    return removed


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file, through symlinks and hard links, existing or not."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def mode_for(path: Path) -> int:
    """The permissions ``path`` has, or those a new file gets."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def fsync_dir(folder: Path) -> None:
    fs.fsync_dir(folder)
