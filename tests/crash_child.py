"""Child process for the crash test: edits one event over and over through the real
store and prints the number of each edit once ``Store.apply`` has returned (= saved).
The notes change length on every edit, so a file half old and half new would not parse."""
import dataclasses
import sys

from desktop.model.edits import Change
from desktop.store import Store

store = Store.open(sys.argv[1])
event = next(e for e in store.load().events.values() if e.title.startswith("Filler event 0 "))
n = 0
while True:
    n += 1
    edited = dataclasses.replace(event, notes=f"edit {n} " + "y" * (n * 7919 % 3000))
    store.apply([Change("events", event.id, event, edited)])
    event = edited
    print(n, flush=True)
