"""The database as the disk holds it, and a disk that refuses to write."""
import orjson

from desktop.store.journal import journal_path

# What _meta keeps about the file rather than the timeline: its random generation id (and
# the one before it, and how much of its journal it holds), and the highest document number each table has given.
BOOKKEEPING = ("generation", "absorbed", "absorbed_end", "numbers")


def disk_bytes(db_path):
    """Everything saved of the database: its file's bytes and its journal's (None: none),
    so that an edit written to the journal alone still shows."""
    journal = journal_path(db_path)
    return db_path.read_bytes(), journal.read_bytes() if journal.exists() else None


def contents(db_path):
    """The database file's data without its bookkeeping: the timeline it holds, by document."""
    data = orjson.loads(db_path.read_bytes())
    for key in BOOKKEEPING:
        data["_meta"]["1"].pop(key, None)
    return data


def fill_disk(monkeypatch):
    """Until ``monkeypatch.undo()``, writing fails as on a full disk: a journal line as well
    as a whole file."""

    def full(*args):
        raise OSError(28, "No space left on device")

    for name in ("write", "replace"):
        monkeypatch.setattr(f"desktop.fileio.os.{name}", full)


def damaged_in_the_middle(db_path, kursk, edits=5, damaged=3):
    """A sound file whose journal holds ``edits`` edits, the ``damaged``-th one damaged."""
    import dataclasses

    from desktop.dataset import load_dataset
    from desktop.model.edits import Change
    from desktop.store import Store
    from desktop.store.journal import journal_path

    store = Store.open(db_path, seed=load_dataset)
    events = list(kursk.events.values())
    for n in range(edits):
        event = events[n]
        store.apply([Change("events", event.id, event, dataclasses.replace(event, title=f"Edit {n + 1}"))])
    store.lock.release()  # a crash: no compaction
    journal = journal_path(db_path)
    journal.write_bytes(journal.read_bytes().replace(f"Edit {damaged}".encode(), b"Edit X"))
    return events[:edits]
