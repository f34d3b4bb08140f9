"""How long the GUI thread stalls when the window branches a long run off its past, or
adds a run to a long race. Prints a table.

    python benchmarks/branch.py [--steps 1000000] [--runs 1]

Offscreen (QT_QPA_PLATFORM=offscreen unless set). A run (or a race of ``--runs``
runs) of ``--steps`` + 100 steps is run to its end in the window; then:

* branch in the background: the window scrubs to step ``--steps`` and branches there
  (:meth:`TimeTravel.branch`, the path Run/Step take from a scrubbed step): every
  run's engine is replayed ``--steps`` steps off the GUI thread while a 1 ms precise
  QTimer records the gaps between its ticks (the longest gap and the 99th percentile
  are how long the GUI thread was unavailable); also the time the scrub and the branch
  call hold the GUI thread (the branch call alone is printed after the table: it cuts
  the histories, views now, the copy made by the rebuild's thread) and the wall time
  until the engines are ready;
* add a run: the Runs dock's Add at that point (a copy of the selected run): the kept
  runs' engines are replayed where they are, the same timer watching;
* for comparison, the synchronous :meth:`Controller.branch_at`: the whole replay
  on the GUI thread (what every branch cost before).

Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def percentile(values, q: float) -> float:
    import numpy as np

    return float(np.percentile(np.asarray(values), q)) if len(values) else float("nan")


def watch(app, action, busy) -> dict:
    """Call ``action()`` and spin the event loop while ``busy()``; a 1 ms timer records
    the GUI thread's stalls."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    loop = QEventLoop()
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1)

    def tick():
        ticks.append(time.perf_counter())
        if not busy():
            loop.quit()

    timer.timeout.connect(tick)
    timer.start()
    for _ in range(20):  # a few idle ticks first
        app.processEvents()
    t0 = time.perf_counter()
    action()
    held = time.perf_counter() - t0
    loop.exec()
    wall = time.perf_counter() - t0
    timer.stop()
    gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:])]
    return {
        "held_ms": held * 1000,
        "wall_s": wall,
        "stall_max_ms": max(gaps) if gaps else float("nan"),
        "stall_p99_ms": percentile(gaps, 99),
        "ticks": len(ticks),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from gdgui.core.data import PRESETS
    from gdgui.core.experiment import Experiment
    from gdgui.ui import files
    from gdgui.ui.app import prepare_process
    from gdgui.ui.controller import stop_all_workers
    from gdgui.ui.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    runs = args.runs
    exp = Experiment.from_dict(
        {
            "version": 1,
            "problem": {"name": "linear-wb"},
            "data": {"preset": "noisy-line", **PRESETS["noisy-line"][1]},
            "optimizer": {"name": "gd", "lr": 0.02},
            "steps": args.steps + 100,
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
    prepare_process()  # the GIL switch interval and gc.freeze, as run_app does
    window.resize(1280, 800)
    window.show()
    c = window.controller
    t0 = time.perf_counter()
    c.run_to_end_sync()
    window.render_now()
    app.processEvents()
    setup = time.perf_counter() - t0
    k = args.steps

    parts: dict[str, float] = {}

    def branch():
        window.time_travel.scrub_to(k)
        t = time.perf_counter()
        window.time_travel.branch()
        parts["branch call"] = (time.perf_counter() - t) * 1000

    rows = []
    r = watch(app, branch, lambda: c.rebuilding_engines)
    assert c.step_counts == [k] * runs, c.step_counts
    rows.append((f"branch at step {k:,} (background)", r))
    r = watch(app, window.runs_dock.add_run, lambda: c.rebuilding_engines)
    assert c.step_counts == [k] * runs + [0], c.step_counts
    rows.append((f"add a run at step {k:,} (background)", r))
    r = watch(app, lambda: c.branch_at(k - 100), lambda: c.rebuilding_engines)
    rows.append((f"branch at step {k - 100:,} (synchronous)", r))

    print(f"{runs} run(s) × {args.steps + 100:,} steps; run to the end in {setup:.1f} s")
    print(f"{'what':42} {'GUI held':>9} {'ready in':>9} {'longest stall':>14} {'p99 stall':>10}")
    for name, r in rows:
        print(
            f"{name:42} {r['held_ms']:7.1f} ms {r['wall_s']:7.2f} s "
            f"{r['stall_max_ms']:11.1f} ms {r['stall_p99_ms']:7.1f} ms"
        )
    print(
        f"of the branch's GUI held, the branch call after the scrub: {parts['branch call']:.1f} ms"
    )
    print(f"load average: {os.getloadavg()[0]:.1f}")
    c.shutdown()
    files.ask_unsaved_changes = lambda parent, name: files.DISCARD  # no modal box
    window.close()
    stop_all_workers()
    return 0


if __name__ == "__main__":
    sys.exit(main())
