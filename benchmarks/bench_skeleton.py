"""Benchmark of the walking skeleton's real code paths against in-run baselines.

    python benchmarks/bench_skeleton.py [--sizes 1000 10000] [--json out.json]

For N synthetic events it measures: opening the database up to the first painted
frame; repainting the timeline as it stands and after a pan step that lays it out
again (baseline: pyqtgraph's stock ScatterPlotItem holding the same N points in the
same view, painted the same ways); saving one edited event (baseline: TinyDB's
default JSONStorage applying the same edit); releasing a drag (the move checked, saved,
applied and redrawn) and undoing it, against the same TinyDB baseline; CSV export and
import; a 1600 px PNG export.
Medians of several runs.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from tinydb import Query, TinyDB  # noqa: E402  (the baseline only; the app's TinyDB use stays in desktop.store)

from desktop.exchange.formats import FORMATS, read_file, write_file  # noqa: E402
from desktop.exchange.image_content import ImageRequest  # noqa: E402
from desktop.exchange.importing import import_edit  # noqa: E402
from desktop.model import Event, FuzzyDate, Status, Timeline, new_id  # noqa: E402
from desktop.document import Document  # noqa: E402
from desktop.model import editing  # noqa: E402
from desktop.model.edits import Change  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.ui.image_export import export_image  # noqa: E402
from desktop.ui.timeline_view import TimelineView, epoch_seconds  # noqa: E402

LANES = ["Ukraine", "Russia", "North Korea", "Observers"]


def synthetic(n: int, seed: int = 1) -> Timeline:
    rng = random.Random(seed)
    first = dt.date(2022, 2, 24)
    events = {}
    for i in range(n):
        day = first + dt.timedelta(days=rng.randrange(1000))
        start = FuzzyDate(day.year, day.month, day.day if rng.random() < 0.9 else None)
        event = Event(new_id(), f"Shelling reported near settlement {i}", start, lane=rng.choice(LANES), status=rng.choice(list(Status)))
        events[event.id] = event
    return Timeline("synthetic", list(LANES), events)


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def pan_and_grab(widget: pg.PlotWidget) -> None:
    """Move the view by 1% of its width, as one step of a drag, and paint it."""
    (x0, x1), _ = widget.getPlotItem().viewRange()
    step = (x1 - x0) / 100
    widget.getPlotItem().setXRange(x0 + step, x1 + step, padding=0)
    widget.viewport().grab()


def bench(n: int, folder: Path, app: QApplication) -> dict[str, float]:
    timeline = synthetic(n)
    path = folder / f"db_{n}.json"
    Store.open(path, seed=lambda: timeline).close()
    result: dict[str, float] = {}

    def open_to_first_frame():
        store = Store.open(path)
        view = TimelineView()
        view.resize(1400, 600)
        view.set_timeline(store.load())
        view.show()
        view.viewport().grab()
        view.close()
        store.close()

    result["open_to_first_frame_ms"] = median_ms(open_to_first_frame, 3)

    view = TimelineView()
    view.resize(1400, 600)
    view.set_timeline(timeline)
    view.show()
    app.processEvents()
    result["repaint_fit_all_ms"] = median_ms(view.viewport().grab, 5)
    result["repaint_after_pan_ms"] = median_ms(lambda: pan_and_grab(view), 5)  # a new layout each time

    baseline = pg.PlotWidget()
    baseline.resize(1400, 600)
    xs = np.array([epoch_seconds(e.start.earliest) for e in timeline.events.values()])
    ys = np.array([-LANES.index(e.lane) for e in timeline.events.values()], dtype=float)
    baseline.addItem(pg.ScatterPlotItem(x=xs, y=ys, size=10))
    baseline.setXRange(*view.getPlotItem().viewRange()[0], padding=0)
    baseline.show()
    app.processEvents()
    result["baseline_scatter_repaint_ms"] = median_ms(baseline.viewport().grab, 5)
    result["baseline_scatter_pan_ms"] = median_ms(lambda: pan_and_grab(baseline), 5)
    baseline.close()

    document = Document(Store.open(path), Store.open(path).load())
    view.set_timeline(document.timeline)
    moves = iter(range(1, 10**9))

    def drag_release():
        """What releasing a drag costs: the edit checked, saved and applied, then the view redrawn."""
        event = next(iter(document.timeline.events.values()))
        edit = editing.move_events(document.timeline, [event.id], 1 if next(moves) % 2 else -1)
        document.push(edit)
        view.refresh(document.timeline, edit)
        view.viewport().grab()

    result["drag_release_to_disk_and_redraw_ms"] = median_ms(drag_release, 5)
    result["undo_one_edit_ms"] = median_ms(document.undo_stack.undo, 5)
    document.store.close()
    view.close()

    store = Store.open(path)
    event = next(iter(timeline.events.values()))
    counter = iter(range(10**9))
    result["save_one_edit_ms"] = median_ms(lambda: store.apply([Change("events", event.id, event, dataclasses.replace(event, notes=str(next(counter))))]), 5)
    store.close()

    plain = TinyDB(path)  # TinyDB's default JSONStorage, in place, no fsync
    result["baseline_tinydb_save_one_edit_ms"] = median_ms(
        lambda: plain.table("events").update({"notes": str(next(counter))}, Query().id == event.id), 5
    )
    plain.close()

    result["csv_export_ms"] = median_ms(lambda: write_file(timeline, folder / "out.csv", FORMATS["csv"]), 3)
    # Reading the file back and turning it into one edit on an empty timeline: all of an
    # import but the single write, which save_one_edit measures.
    result["csv_import_ms"] = median_ms(lambda: import_edit(Timeline(), read_file(folder / "out.csv")), 3)
    result["png_export_ms"] = median_ms(lambda: export_image(timeline, folder / "out.png", ImageRequest(width=1600)), 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    report = {}
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            report[n] = bench(n, Path(folder), app)
    print(f"{'events':>8} {'figure':<34} {'ms':>10} {'vs baseline':>12}")
    for n, figures in report.items():
        for name, value in figures.items():
            if name.startswith("baseline_"):
                continue
            base = figures.get("baseline_" + {"repaint_fit_all_ms": "scatter_repaint_ms", "repaint_after_pan_ms": "scatter_pan_ms", "save_one_edit_ms": "tinydb_save_one_edit_ms", "drag_release_to_disk_and_redraw_ms": "tinydb_save_one_edit_ms", "undo_one_edit_ms": "tinydb_save_one_edit_ms"}.get(name, "-"))
            ratio = f"{value / base:10.2f}x" if base else ""
            print(f"{n:>8} {name:<34} {value:>10.1f} {ratio:>12}")
        for name, value in figures.items():
            if name.startswith("baseline_"):
                print(f"{n:>8} {name:<34} {value:>10.1f}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
