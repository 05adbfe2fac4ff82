"""Making many long-lived objects at once (opening a database, importing a dataset)."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off meanwhile: its passes over objects that all live on find
    nothing to free, and at a hundred thousand records they cost more than the work.
    Afterwards, what was made goes to the oldest generation at once (frozen, then thawed
    there), as it would once it had lived through the young generations' passes: turned
    back on, the collector would otherwise look at all of it on the next allocation."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
