"""Benchmark of the app's real code paths against baselines measured in the same run.

    python benchmarks/benchmark.py [--sizes 1000 10000 100000] [--json out.json]

For N synthetic ACLED-like events (benchmarks/synthetic.py), each size in a fresh
process so that its peak memory is its own, it measures:

- opening the database in the main window, up to its first painted frame;
- repainting the timeline zoomed all the way out, and a pan step (which lays the
  view out again) zoomed out, at a month and at a day, and the worst of a sweep of
  zooms from 3000 days to 3 (``pan_worst_zoom_days`` says which); baseline: pyqtgraph's stock
  ScatterPlotItem holding the same N points in the same view, painted the same ways;
- hit-testing a click (baseline: the scatter's pointsAt at the same points);
- releasing a drag in the window: the move checked, saved durably, applied, the view
  and the filter bar redrawn; undoing it; saving one edit in the store alone;
  baseline: TinyDB's default JSONStorage applying the same single edit;
- CSV export and import, a 1600 px PNG export;
- importing an ACLED export of N rows (benchmarks/synthetic.py: real rows repeated),
  read and made into one edit; baseline: the csv module reading the same file to lists;
- the process's peak memory, against the same process before the database is read.

Medians of several runs; a table on stdout, the same figures as JSON with --json.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

# What each figure is compared with.
BASELINES = {
    "repaint_zoomed_out_ms": "scatter_repaint_zoomed_out_ms",
    "pan_zoomed_out_ms": "scatter_pan_zoomed_out_ms",
    "pan_month_ms": "scatter_pan_month_ms",
    "pan_day_ms": "scatter_pan_day_ms",
    "pan_worst_zoom_ms": "scatter_pan_zoomed_out_ms",
    "hit_test_click_ms": "scatter_points_at_ms",
    "drag_release_to_disk_ms": "tinydb_save_one_edit_ms",
    "undo_one_edit_ms": "tinydb_save_one_edit_ms",
    "save_one_edit_ms": "tinydb_save_one_edit_ms",
    "peak_memory_mb": "memory_before_reading_mb",
    "acled_import_ms": "csv_module_read_acled_ms",
}
TARGETS_100K = {  # issue 5: medians at 100,000 events on this 2-core machine
    "open_to_first_frame_ms": 2000,
    "repaint_zoomed_out_ms": 16,
    "pan_zoomed_out_ms": 16,
    "pan_month_ms": 16,
    "pan_day_ms": 16,
    "pan_worst_zoom_ms": 16,
    "drag_release_to_disk_ms": 50,
    "csv_export_ms": 1000,
    "png_export_ms": 2000,
    "acled_import_ms": 3000,  # an ACLED export of 100,000 rows read and made into one edit, in under 3 s
    "peak_memory_mb": 600,
}


SWEEP_DAYS = (3000, 1000, 365, 120, 60, 30, 20, 10, 6, 4, 3)


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def peak_mb() -> float:
    """This process's peak resident memory. Not getrusage's ru_maxrss: Linux carries that
    over from the parent through fork and exec."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024  # kB


def make_database(n: int, path: Path) -> None:
    """Done by the parent: making up the events is no part of what the app's memory holds."""
    from benchmarks.synthetic import acled_like
    from desktop.store import Store

    Store.open(path, seed=lambda: acled_like(n)).close()


def measure(path: Path, folder: Path) -> dict[str, float]:
    """All the figures for the database at ``path``; run in a process of its own."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")  # never the user's own settings
    import pyqtgraph as pg
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtWidgets import QApplication
    from tinydb import Query, TinyDB  # the baseline only; the app's TinyDB use stays in desktop.store

    from desktop.app import create_window
    from desktop.exchange.formats import FORMATS, read_file, write_file
    from desktop.exchange.image_content import ImageRequest
    from desktop.exchange.importing import import_edit
    from desktop.model import Timeline, editing
    from desktop.model.edits import Change
    from desktop.store import Store
    from desktop.ui.canvas.image_export import export_image
    from desktop.ui.canvas.view import DAY, epoch_seconds

    app = QApplication.instance() or QApplication([])
    result = {"memory_before_reading_mb": peak_mb()}

    def dispose(window) -> None:
        """Close and delete, as the event loop would once the window is gone."""
        window.close()
        window.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)

    def open_to_first_frame():
        window = create_window(path)
        window.resize(1400, 800)
        window.show()
        window.grab()
        dispose(window)

    result["open_to_first_frame_ms"] = median_ms(open_to_first_frame, 3)

    window = create_window(path)
    window.resize(1400, 800)
    window.show()
    app.processEvents()
    result["memory_with_window_open_mb"] = peak_mb()
    view = window.timeline_view
    plot = view.getPlotItem()
    timeline = window.document.timeline
    centre = epoch_seconds(sorted(e.start.earliest for e in timeline.events.values())[len(timeline.events) // 2])

    def pan(widget) -> None:
        """Move the view by 1% of its width, as one step of a drag, and paint it."""
        (x0, x1), _ = widget.getPlotItem().viewRange()
        step = (x1 - x0) / 100
        widget.getPlotItem().setXRange(x0 + step, x1 + step, padding=0)
        widget.viewport().grab()

    def zoom(widget, days: float | None) -> None:
        if days is None:
            widget.getPlotItem().setXRange(*zoomed_out, padding=0)
        else:
            widget.getPlotItem().setXRange(centre - days * DAY / 2, centre + days * DAY / 2, padding=0)
        widget.viewport().grab()

    view.fit_all()
    zoomed_out = plot.viewRange()[0]
    view.viewport().grab()
    result["repaint_zoomed_out_ms"] = median_ms(view.viewport().grab, 7)
    for name, days in (("zoomed_out", None), ("month", 30), ("day", 1)):
        zoom(view, days)
        result[f"pan_{name}_ms"] = median_ms(lambda: pan(view), 7)
    # The zooms between, where lanes change from laid out to counted, may cost the most.
    sweep = {}
    for days in SWEEP_DAYS:
        zoom(view, days)
        sweep[days] = median_ms(lambda: pan(view), 5)
    worst = max(sweep, key=sweep.get)
    result["pan_worst_zoom_ms"] = sweep[worst]
    result["pan_worst_zoom_days"] = worst

    # Clicks at random points of the lanes, zoomed to a month.
    zoom(view, 30)
    rng = random.Random(5)
    box = view.mapFromScene(plot.getViewBox().sceneBoundingRect()).boundingRect()
    clicks = [QPointF(rng.uniform(box.left(), box.right()), rng.uniform(box.top(), box.bottom())) for _ in range(50)]
    hits = iter(clicks * 3)
    result["hit_test_click_ms"] = median_ms(lambda: view.event_at(next(hits)), 50)

    baseline = pg.PlotWidget()
    baseline.resize(view.size())
    lanes = timeline.lane_order()
    xs = [epoch_seconds(e.start.earliest) for e in timeline.events.values()]
    ys = [-lanes.index(e.lane) for e in timeline.events.values()]
    scatter = pg.ScatterPlotItem(x=xs, y=ys, size=10)
    baseline.addItem(scatter)
    baseline.show()
    zoom(baseline, None)
    result["scatter_repaint_zoomed_out_ms"] = median_ms(baseline.viewport().grab, 7)
    for name, days in (("zoomed_out", None), ("month", 30), ("day", 1)):
        zoom(baseline, days)
        result[f"scatter_pan_{name}_ms"] = median_ms(lambda: pan(baseline), 7)
    zoom(baseline, 30)
    points = iter([baseline.getPlotItem().getViewBox().mapSceneToView(baseline.mapToScene(p.toPoint())) for p in clicks] * 3)
    result["scatter_points_at_ms"] = median_ms(lambda: scatter.pointsAt(next(points)), 50)
    baseline.close()

    # A drag released in the window: what GestureViewBox hands over on release.
    moves = iter(range(1, 10**9))
    # A point dated to the day: a day's move of a month-precision one changes nothing.
    event_id = next(e.id for e in timeline.events.values() if e.start.day and not e.end)
    steps = window.document.undo_stack.count()

    def drag_release():
        days = 1 if next(moves) % 2 else -1
        if not window.ctx.push(editing.move_events(window.document.timeline, [event_id], days)):
            sys.exit("a drag was refused: the figure would measure nothing")
        view.viewport().grab()

    zoom(view, 30)
    result["drag_release_to_disk_ms"] = median_ms(drag_release, 7)
    if window.document.undo_stack.count() != steps + 7 or Store.open(path, read_only=True).load().events[event_id] != window.document.timeline.events[event_id]:
        sys.exit("the drags did not reach the disk: the figure above measures nothing")
    result["undo_one_edit_ms"] = median_ms(lambda: (window.document.undo_stack.undo(), view.viewport().grab()), 5)

    timeline = window.document.timeline
    result["csv_export_ms"] = median_ms(lambda: write_file(timeline, folder / "out.csv", FORMATS["csv"]), 3)
    # Reading the file back and turning it into one edit on an empty timeline: all of an
    # import but its single write, which save_one_edit measures.
    result["csv_import_ms"] = median_ms(lambda: import_edit(Timeline(), read_file(folder / "out.csv")), 3)
    result["png_export_ms"] = median_ms(lambda: export_image(timeline, folder / "out.png", ImageRequest(width=1600)), 3)
    result.update(measure_acled_import(len(timeline.events), folder))
    # A session's peak: the window open, edits, exports. TinyDB's baseline below reads the
    # whole database with the standard json module, which would count its memory as ours.
    result["peak_memory_mb"] = peak_mb()
    dispose(window)

    store = Store.open(path)
    event = store.load().events[event_id]
    counter = iter(range(10**9))
    result["save_one_edit_ms"] = median_ms(
        lambda: store.apply([Change("events", event.id, event, dataclasses.replace(event, notes=str(next(counter))))]), 7
    )
    store.close()
    plain = TinyDB(path)  # TinyDB's default JSONStorage, in place, no fsync
    result["tinydb_save_one_edit_ms"] = median_ms(
        lambda: plain.table("events").update({"notes": str(next(counter))}, Query().id == event.id), 5
    )
    plain.close()
    return result


def measure_acled_import(n: int, folder: Path) -> dict[str, float]:
    """An ACLED export of ``n`` rows read and made into one edit on an empty timeline, and
    the csv module reading the same file, for scale (with the cycle collector paused, as
    the import pauses it)."""
    import csv

    from benchmarks.synthetic import acled_export
    from desktop.bulk import collector_paused
    from desktop.exchange.formats import read_file
    from desktop.exchange.importing import import_edit
    from desktop.model import Timeline

    path = folder / "acled.csv"
    path.write_text(acled_export(n), encoding="utf-8")

    def baseline():
        with collector_paused(), path.open(newline="", encoding="utf-8") as file:
            return list(csv.reader(file))

    return {"acled_import_ms": median_ms(lambda: import_edit(Timeline(), read_file(path)), 3), "csv_module_read_acled_ms": median_ms(baseline, 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # the child: one database, JSON on stdout
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.one.parent)))
        return
    report = {}
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            path = Path(folder) / f"db_{n}.json"
            make_database(n, path)
            child = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True, text=True, check=False)
            if child.returncode:
                sys.exit(f"the run at {n} events failed:\n{child.stderr}")
            report[n] = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"{'events':>8} {'figure':<26} {'value':>9} {'baseline':>9} {'ratio':>8} {'target':>8}")
    for n, figures in report.items():
        for name, value in figures.items():
            if name in BASELINES.values():
                continue
            base = figures.get(BASELINES.get(name, ""))
            target = TARGETS_100K.get(name) if n == 100_000 else None
            base_text, ratio = (f"{base:.1f}", f"{value / base:.2f}x") if base else ("", "")
            missed = "  MISSED" if target and value >= target else ""
            print(f"{n:>8} {name:<26} {value:>9.1f} {base_text:>9} {ratio:>8} {f'< {target}' if target else '':>8}{missed}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
