"""Child process for the crash test: edits one event over and over through the real
store and prints the number of each edit once ``put_event`` has returned (= saved)."""
import dataclasses
import sys

from desktop.store import Store

store = Store.open(sys.argv[1])
event = next(iter(store.load().events.values()))
n = 0
while True:
    n += 1
    store.put_event(dataclasses.replace(event, notes=f"edit {n}"))
    print(n, flush=True)
