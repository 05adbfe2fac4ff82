"""Writing files so that a crash leaves either the old file or the new one, never half of each."""
from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename it over ``path``."""
    path = resolved(path)  # through a symlink: replace its target, not the link
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode_for(path))  # mkstemp makes 0600; keep what the file had
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)  # make the rename itself durable


def resolved(path: Path) -> Path:
    """The absolute path of the file ``path`` names, through every symlink."""
    try:
        return Path(path).resolve()
    except RuntimeError:  # a symlink loop (Python < 3.13 raises RuntimeError for it)
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None


def remove_temporaries(folder: Path, target: str) -> int:
    """Remove the temporary files ``atomic_write`` leaves when interrupted, for the files
    in ``folder`` whose names match the regular expression ``target``; how many went."""
    # mkstemp's names: the prefix, eight of [a-z0-9_], the suffix.
    pattern = re.compile(r"\.(?:%s)\.[a-z0-9_]{8}\.tmp" % target)
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        if pattern.fullmatch(name):
            Path(folder, name).unlink(missing_ok=True)
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
    # Some platforms and file systems cannot sync a folder; the rename is atomic all the same.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
