"""The command line's CSV export, straight from the database's documents: at 300,000
events the model's records (most of opening's time) would be built only to be taken
apart into cells again. A file the straight way cannot vouch for (an older schema, a
document that is not as the store writes it, a journal that is not the file's own) is
exported the checked way, through the store's records, which says what is wrong."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from .bulk import collector_paused
from .exchange.csv_format import csv_chunks_of_documents, document_readers
from .exchange.formats import FORMATS, SPREADSHEET_CSV, Format
from .fileio import atomic_write
from .store.documents import read_documents


def exported_straight(db: Path, output: Path, fmt: Format) -> int | None:
    """Write ``output`` from ``db``'s documents, and say how many events it holds; None if
    this way cannot (then nothing is written). StoreError if the file cannot be read."""
    if fmt not in (FORMATS["csv"], SPREADSHEET_CSV) or not os.path.isfile(db):  # a new database, or one that cannot be reached: the store says which
        return None
    with collector_paused():  # the rows' objects live until the process ends: its passes would find nothing to free
        tables = read_documents(db, document_readers())
        if tables is None:
            return None
        chunks: Iterator[bytes] | None = csv_chunks_of_documents(tables, spreadsheet_safe=fmt is SPREADSHEET_CSV)
        if chunks is None:
            return None
        atomic_write(output, chunks)
    return len(tables["events"])
