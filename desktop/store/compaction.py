"""Writing the whole database on a worker thread while edits go on being journaled.

Past a hundred thousand events the file holds hundreds of megabytes and writing it takes
seconds: done on the interface thread, it would hold every edit up that long. So a
compaction starts from a snapshot, taken on the thread that edits: shallow copies of the tables (records are
immutable and an edit replaces a table's entry, never changes it, so the copies share
them) and the journal's length at that moment. A worker thread encodes the snapshot and
writes it to a temporary file a few megabytes at a time (the interpreter lets the other
thread run between parts), then fsyncs it. Edits made meanwhile are appended to the
journal as usual. Back on the editing thread, the store renames the file over the
database, then rewrites the journal to hold only the lines past the snapshot, under the
new file's generation (``Store.finish_compaction``).

The new file's ``_meta`` names the journal it absorbed (``absorbed``) and how many of its
bytes (``absorbed_end``): a crash between the two renames leaves the new file beside the
old journal, whose lines past that length opening replays, and those before it not. A
crash before the first rename leaves the old file and its whole journal; the next opening
removes the temporary file.
"""
from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..fileio import write_temporary
from . import columns, layout

# Bytes the worker writes between two fsyncs: an edit's journal line, fsynced meanwhile,
# waits for no more than these to reach the disk.
SYNC_EVERY = 16 * 2**20
# Called by the worker before each part it writes; tests make a compaction slow with it.
PACE: Callable[[], None] | None = None


# How soon the worker hands the interpreter over to a thread that wants it (Python's
# default is 5 ms): an edit waits that long each time its writes give it up.
HAND_OVER_S = 0.001
_USUAL_HAND_OVER_S = sys.getswitchinterval()
_writing = 0  # compactions under way in this process
_writing_lock = threading.Lock()


@contextmanager
def _handing_over_quickly() -> Iterator[None]:
    global _writing
    with _writing_lock:
        _writing += 1
        sys.setswitchinterval(HAND_OVER_S)
    try:
        yield
    finally:
        with _writing_lock:
            _writing -= 1
            if not _writing:
                sys.setswitchinterval(_USUAL_HAND_OVER_S)


class Compaction:
    """One whole write of the database, from ``snapshot`` (the tables, its ``_meta`` renewed)."""

    def __init__(self, path: Path, snapshot: dict[str, Any], journal_end: int, expected: int) -> None:
        self.path = path
        self.meta: dict[str, Any] = snapshot["_meta"]["1"]
        self.journal_end = journal_end  # the journal's bytes the snapshot holds
        self.expected = max(expected, 1)  # bytes, for progress: the size of the file it replaces
        self.written = 0
        self.temporary: Path | None = None  # the new file, once written and fsynced
        self.error: Exception | None = None  # why the write failed
        self._snapshot: dict[str, Any] | None = snapshot
        self._done = threading.Event()

    def start(self) -> None:
        threading.Thread(target=self.write, name=f"compacting {self.path.name}", daemon=True).start()

    def write(self) -> None:
        """The worker's part (or the caller's, for a compaction made at once)."""
        try:
            with _handing_over_quickly():
                self.temporary = write_temporary(self.path, self._parts(), sync_every=SYNC_EVERY)
                # Renaming the file in keeps its size and time, which the columns name.
                columns.save(self.path, self._snapshot, os.stat(self.temporary))
        except Exception as error:  # on a worker thread: said by the store, which goes on journaling
            self.error = error
        finally:
            self._snapshot = None  # the copies of the tables go as soon as they are written
            self._done.set()

    def _parts(self):
        for part in layout.encoded(self._snapshot):
            if PACE is not None:
                PACE()
            yield part
            self.written += len(part)

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the write is over (done or failed), waiting up to ``timeout`` seconds."""
        return self._done.wait(timeout)

    def progress(self) -> tuple[int, int]:
        """Bytes written, of about how many."""
        return self.written, max(self.expected, self.written)
