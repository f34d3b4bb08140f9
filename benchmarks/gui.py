"""How responsive the window stays while a long run streams into it. Prints a table.

    python benchmarks/gui.py [--steps 1000000] [--runs 1] [--worker thread|process]

Measures, offscreen (QT_QPA_PLATFORM=offscreen unless set):

* startup: from spawning a new Python process to the main window's first paint
  of its plots;
* stalls: while an unlimited-speed run of ``--steps`` steps streams into the
  window, a 1 ms precise QTimer records the gaps between its ticks; the longest
  gap and the 99th percentile are how long the GUI thread was unavailable.
  ``--runs R`` streams a race of R runs side by side (learning rates 0.005 to
  0.02), each of ``--steps`` steps, every one drawn on every plot; ``--worker``
  chooses where the runs step (GDGUI_WORKER: the stepper process, the default, or
  the QThread worker);
* export: File → Export history of that run's history, of every run's with ``--runs``
  (copied off the GUI thread, formatted and written by the CSV writer process, with
  its progress dialog) while the same 1 ms timer watches the GUI thread (``--export-only``:
  that alone, twice, of histories filled in without a stream);
* frames: how many frames a second the window drew during the stream (every
  visible plot, the docks, and the readouts at ~15 Hz; gdgui/ui/render.py), and how many
  redraws a second the plots manage with a history of as many rows that moves
  visibly every frame, growing by 1,000 rows a frame (the normal case) and
  recomputed from scratch (the worst case).

Targets: longest stall <= 50 ms, p99 <= 20 ms, >= 30 redraws/s with 1,000,000
steps of history, window visible <= 2 s. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap
import time

from gdgui.core.data import PRESETS

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STARTUP_CHILD = textwrap.dedent(
    """
    import sys, time
    t_spawn = float(sys.argv[1])
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    from gdgui.core.experiment import preset
    from gdgui.ui.window import MainWindow
    window = MainWindow(preset("tutorial-003"))
    from gdgui.ui.app import prepare_process
    prepare_process()  # as run_app does, once the window is built
    window.resize(1280, 800)

    class FirstPaint(QObject):
        def eventFilter(self, obj, ev):
            if ev.type() == QEvent.Type.Paint:
                print(time.time() - t_spawn, flush=True)
                app.exit(0)
            return False

    first = FirstPaint()
    window.loss_plot.viewport().installEventFilter(first)
    window.show()
    sys.exit(app.exec())
    """
)


def startup_seconds(repeats: int = 3) -> float:
    """Best of ``repeats``: process spawn to the first paint of the window's plots."""
    best = float("inf")
    for _ in range(repeats):
        t = time.time()
        r = subprocess.run(
            [sys.executable, "-c", STARTUP_CHILD, repr(t)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if r.returncode != 0:
            raise RuntimeError(f"startup child failed:\n{r.stderr}")
        best = min(best, float(r.stdout.strip().splitlines()[-1]))
    return best


def percentile(values, q: float) -> float:
    import numpy as np

    return float(np.percentile(np.asarray(values), q)) if len(values) else float("nan")


def stream(steps: int, runs: int = 1, points: int = 0, batch_size: int = 0) -> dict:
    """Run ``steps`` steps (in each of ``runs`` runs) at unlimited speed in the window;
    watch the GUI thread. ``points``: the noisy line's size (0: the preset's 50);
    ``batch_size``: mini-batches of that size (0: full batch)."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from gdgui.core.experiment import Experiment
    from gdgui.ui.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    exp = Experiment.from_dict(
        {
            "version": 1,
            "problem": {"name": "linear-wb"},
            "data": {
                "preset": "noisy-line",
                **PRESETS["noisy-line"][1],
                **({"n": points} if points else {}),
            },
            "optimizer": {"name": "gd", "lr": 0.02},
            "steps": steps,
            **({"batch_size": batch_size, "seed": 1} if batch_size else {}),
            "init": [0.0, 0.0],
            **(
                {
                    "runs": [
                        {"optimizer": {"lr": 0.005 + 0.015 * i / (runs - 1)}} for i in range(runs)
                    ]
                }
                if runs > 1
                else {}
            ),
        }
    )
    window = MainWindow(exp)
    from gdgui.ui.app import prepare_process

    prepare_process()  # gc.freeze and the GIL switch interval, as run_app does
    window.resize(1280, 800)
    window.show()
    for _ in range(5):
        app.processEvents()
    c = window.controller
    c.set_speed(0)
    if os.environ.get("GDGUI_WORKER") != "thread":
        from gdgui.ui import stepper_client

        # as run_app does when the window opens; ready before the measurement starts
        stepper_client.client().ensure()

    loop = QEventLoop()
    ticks: list[float] = []
    samples: list[tuple[float, int, int]] = []  # (time, rows, frames drawn)
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1)

    def tick():
        now = time.perf_counter()
        ticks.append(now)
        samples.append((now, len(c.history), window.frames.count))
        if c.done:
            loop.quit()

    timer.timeout.connect(tick)
    frames0 = window.frames.count
    t0 = time.perf_counter()
    timer.start()
    c.start()
    loop.exec()
    timer.stop()
    elapsed = time.perf_counter() - t0
    window.render_now()
    app.processEvents()

    gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:])]
    rows = len(c.history)
    total = sum(c.step_counts)
    # frame rate once the history is long (its last quarter)
    late = [s for s in samples if s[1] >= 0.75 * rows]
    late_rate = (
        (late[-1][2] - late[0][2]) / (late[-1][0] - late[0][0])
        if len(late) > 1 and late[-1][0] > late[0][0]
        else float("nan")
    )
    out = {
        "rows": rows,
        "data": f", {points:,} points" if points else "",
        "status": c.status,
        "worker": c.worker_backend,
        "runs": c.run_count,
        "seconds": elapsed,
        "steps_per_second": total / elapsed,
        "stall_max_ms": max(gaps) if gaps else float("nan"),
        "stall_p99_ms": percentile(gaps, 99),
        "stall_p50_ms": percentile(gaps, 50),
        "frames_per_second_stream": (window.frames.count - frames0) / elapsed,
        "frames_per_second_late": late_rate,
    }
    out.update(export_stalls(window))
    out.update(redraw_rates(window, moving_history(rows)))
    window.close()
    app.processEvents()
    return out


def export_stalls(window) -> dict:
    """File → Export history of the window's history (every run's, of a race), watched by
    a 1 ms timer."""
    import tempfile

    from PySide6.QtCore import Qt, QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "history.csv")
        timer.start()
        t0 = time.perf_counter()
        ok = window.files.export_history(path)
        seconds = time.perf_counter() - t0
        timer.stop()
        size = os.path.getsize(path) if ok else 0
    gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:])]
    c = window.controller
    return {
        "export_seconds": seconds,
        "export_bytes": size,
        "export_rows": sum(map(len, c.histories)) if c.experiment.runs else len(c.history),
        "export_stall_max_ms": max(gaps) if gaps else float("nan"),
        "export_stall_p99_ms": percentile(gaps, 99),
    }


def export_only(steps: int, runs: int = 1) -> dict:
    """The export measurement alone: the window of :func:`stream`'s experiment with each
    run's history filled directly (``steps`` rows of :func:`moving_history`), nothing
    streaming; then :func:`export_stalls`."""
    from PySide6.QtWidgets import QApplication

    from gdgui.core.experiment import Experiment
    from gdgui.ui.app import prepare_process
    from gdgui.ui.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    d = {
        "version": 1,
        "problem": {"name": "linear-wb"},
        "data": {"preset": "noisy-line", **PRESETS["noisy-line"][1]},
        "optimizer": {"name": "gd", "lr": 0.02},
        "steps": steps,
        "init": [0.0, 0.0],
    }
    if runs > 1:
        d["runs"] = [{"optimizer": {"lr": 0.005 + 0.015 * i / (runs - 1)}} for i in range(runs)]
    window = MainWindow(Experiment.from_dict(d))
    prepare_process()
    window.resize(1280, 800)
    window.show()
    full = moving_history(steps + 1)
    for h in window.controller.histories:
        h.extend_rows(full.rows(1))
    window.controller.updated.emit()
    window.render_now()
    for _ in range(20):
        app.processEvents()
    out = [export_stalls(window) for _ in range(2)]  # the second without the first dialog
    window.close()
    return {"export": out}


def moving_history(n: int, names=("w", "b")):
    """n rows that keep moving on screen: a noisy falling loss, a spiral path."""
    import numpy as np

    from gdgui.core.history import History

    rng = np.random.default_rng(0)
    k = np.arange(n)
    t = k / max(n - 1, 1)
    loss = 100 * np.exp(-8 * t) + rng.random(n)
    params = np.column_stack([2 + (1 - t) * np.cos(40 * t), 1 + (1 - t) * np.sin(40 * t)])
    h = History(names, capacity=n)
    h.extend(k, k, params, loss, np.zeros((n, 2)))
    return h


def redraw_rates(window, full, seconds: float = 2.0) -> dict:
    """Redraws a second of the window's three plots with (about) ``full``'s rows.

    ``full`` should change visibly from frame to frame (see :func:`moving_history`);
    a converged run would measure only how fast the plots skip invisible changes.
    """
    from PySide6.QtWidgets import QApplication

    from gdgui.core.history import History

    app = QApplication.instance()
    plots = list(window.plots.values())
    n = len(full)
    grow = 1000
    h = History(full.param_names, capacity=n)
    h.extend_rows(full.rows(0, n - int(seconds * 200 * grow)))  # room to grow
    frames, times = 0, []
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds and len(h) < n:
        t = time.perf_counter()
        h.extend_rows(full.rows(len(h), len(h) + grow))
        for p in plots:
            p.show_history(h, "running")
        app.processEvents()  # paints what changed
        times.append((time.perf_counter() - t) * 1000)
        frames += 1
    growing = frames / (time.perf_counter() - t0)
    growing_rows = len(h)
    frames, worst = 0, []
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        t = time.perf_counter()
        for p in plots:
            p.clear_run()
            p.show_history(full, "finished")
        app.processEvents()
        worst.append((time.perf_counter() - t) * 1000)
        frames += 1
    scratch = frames / (time.perf_counter() - t0)
    return {
        "redraw_rows": growing_rows,
        "redraws_per_second_growing": growing,
        "frame_ms_p99_growing": percentile(times, 99),
        "redraws_per_second_scratch": scratch,
        "frame_ms_p99_scratch": percentile(worst, 99),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=1, help="runs side by side (a race)")
    ap.add_argument("--no-startup", action="store_true", help="skip the startup measurement")
    ap.add_argument(
        "--worker", choices=("thread", "process"), default="process", help="where runs step"
    )
    ap.add_argument("--points", type=int, default=0, help="data points (default: the preset's)")
    ap.add_argument("--batch-size", type=int, default=0, help="mini-batch size (default: full)")
    ap.add_argument(
        "--export-only",
        action="store_true",
        help="only the export, twice, of histories filled in (nothing streams)",
    )
    args = ap.parse_args(argv)
    if args.export_only:
        for r in export_only(args.steps, max(1, args.runs))["export"]:
            print(
                f"export history ({r['export_rows']:,} rows, {r['export_bytes'] / 1e6:.0f} MB "
                f"CSV): {r['export_seconds']:.1f} s; stall max {r['export_stall_max_ms']:.1f} "
                f"ms, p99 {r['export_stall_p99_ms']:.1f} ms; load {os.getloadavg()[0]:.1f}"
            )
        return 0
    os.environ["GDGUI_WORKER"] = args.worker

    import pyqtgraph
    import PySide6

    start = None if args.no_startup else startup_seconds()
    r = stream(args.steps, max(1, args.runs), args.points, args.batch_size)
    rows = [
        (
            "window visible (process start -> first plot paint)",
            f"{start:.2f} s" if start is not None else "-",
            "<= 2 s",
            start is None or start <= 2.0,
        ),
        (
            f"run streamed ({r['runs']} × {r['rows'] - 1:,} steps, {r['status']}, {r['worker']}"
            f"{r['data']})",
            f"{r['seconds']:.1f} s, {r['steps_per_second']:,.0f} steps/s",
            "",
            None,
        ),
        (
            "longest GUI-thread stall",
            f"{r['stall_max_ms']:.1f} ms",
            "<= 50 ms",
            r["stall_max_ms"] <= 50,
        ),
        (
            "99th percentile stall",
            f"{r['stall_p99_ms']:.1f} ms",
            "<= 20 ms",
            r["stall_p99_ms"] <= 20,
        ),
        ("median 1 ms tick gap", f"{r['stall_p50_ms']:.2f} ms", "", None),
        (
            f"export history ({r['export_rows']:,} rows, {r['export_bytes'] / 1e6:.0f} MB CSV)",
            f"{r['export_seconds']:.1f} s; stall max {r['export_stall_max_ms']:.1f} ms, "
            f"p99 {r['export_stall_p99_ms']:.1f} ms",
            "",
            None,
        ),
        (
            "window frames/s during the stream (whole run)",
            f"{r['frames_per_second_stream']:.0f}",
            ">= 30",
            r["frames_per_second_stream"] >= 30,
        ),
        (
            "window frames/s during the stream (history >= 75%)",
            f"{r['frames_per_second_late']:.0f}",
            ">= 30",
            r["frames_per_second_late"] >= 30,
        ),
        (
            f"redraws/s, {r['redraw_rows']:,} rows growing 1,000/frame",
            f"{r['redraws_per_second_growing']:.0f} (p99 frame {r['frame_ms_p99_growing']:.1f} ms)",
            ">= 30",
            r["redraws_per_second_growing"] >= 30,
        ),
        (
            f"redraws/s, {r['rows']:,} rows from scratch (worst case)",
            f"{r['redraws_per_second_scratch']:.0f} (p99 frame {r['frame_ms_p99_scratch']:.1f} ms)",
            "",
            None,
        ),
    ]
    print(
        f"gdgui GUI benchmark: Python {sys.version.split()[0]}, PySide6 {PySide6.__version__}, "
        f"pyqtgraph {pyqtgraph.__version__}, QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}, "
        f"{os.cpu_count()} CPUs"
    )
    w0 = max(len(a) for a, *_ in rows)
    w1 = max(len(b) for _, b, *_ in rows)
    print(f"{'measure':<{w0}}  {'result':<{w1}}  {'target':<8}  ok")
    print("-" * (w0 + w1 + 16))
    for name, value, target, ok in rows:
        mark = "" if ok is None else ("yes" if ok else "NO")
        print(f"{name:<{w0}}  {value:<{w1}}  {target:<8}  {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
