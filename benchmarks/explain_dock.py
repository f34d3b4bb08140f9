"""How long the GUI thread stalls while the Explain dock replays a long run to explain a
scrubbed step, and how long until it shows the step. Prints a table.

    python benchmarks/explain_dock.py [--steps 1000000] [--resume-ms 1] [--slice-ms 4]
                                      [--no-marks]

Offscreen (QT_QPA_PLATFORM=offscreen unless set). A run of ``--steps`` + 100 steps (gd
on the noisy line, as benchmarks/branch.py; its rate changed at step ``--steps`` / 2,
so the replay has a log to follow) streams to its end in the window; then, the dock
raised, with a 1 ms precise QTimer recording the gaps between its ticks (the longest
gap and the 99th percentile are how long the GUI thread was unavailable):

* scrub to step ``--steps``: the dock replays from step 0;
* scrub back to the middle: from the latest mark before it (``--no-marks``: none kept,
  so from step 0, as before marks);
* scrub forward by 1,000 steps: the replay goes on;

and first the same scrubs with the dock hidden (0.5 s each): what the plots alone cost.
"dock slice" is the longest the dock's refresh held the GUI thread at a time (and the
longest CPU time one took: on a loaded machine a slice's wall time is longer).

``--resume-ms`` sets the pause between two slices while the window is idle and
``--slice-ms`` their length (the dock's were 35 ms and 4 ms before). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from branch import watch  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=1_000_000)
    ap.add_argument("--resume-ms", type=int, default=None)
    ap.add_argument("--slice-ms", type=float, default=None)
    ap.add_argument("--no-marks", action="store_true")
    args = ap.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from gdgui.core.data import PRESETS
    from gdgui.core.experiment import Experiment
    from gdgui.core.explain_replay import RunExplainer
    from gdgui.ui.app import prepare_process
    from gdgui.ui.explain_dock import ExplainDock
    from gdgui.ui.window import MainWindow

    if args.resume_ms is not None:
        ExplainDock.RESUME_MS = args.resume_ms
    if args.slice_ms is not None:
        ExplainDock.IDLE_SLICE = args.slice_ms / 1000
    if args.no_marks:
        RunExplainer.SPACING = 10**12
    refresh, slices = ExplainDock._refresh, []

    def timed(self, *a, **kw):  # how long each of the dock's refreshes holds the GUI thread
        t, cpu = time.perf_counter(), time.thread_time()
        try:
            return refresh(self, *a, **kw)
        finally:
            slices.append(((time.perf_counter() - t) * 1000, (time.thread_time() - cpu) * 1000))

    ExplainDock._refresh = timed
    app = QApplication.instance() or QApplication(sys.argv[:1])
    k = args.steps
    exp = Experiment.from_dict(
        {
            "version": 1,
            "problem": {"name": "linear-wb"},
            "data": {"preset": "noisy-line", **PRESETS["noisy-line"][1]},
            "optimizer": {"name": "gd", "lr": 0.02},
            "steps": k + 100,
            "init": [0.0, 0.0],
        }
    )
    window = MainWindow(exp)
    prepare_process()  # the GIL switch interval and gc.freeze, as run_app does
    window.resize(1280, 800)
    window.show()
    c = window.controller
    window.extras.explain_dock.hide()  # opened at the scrubbed step, below
    t0 = time.perf_counter()

    def until(ready) -> None:
        while not ready():
            app.processEvents()
            time.sleep(0.005)

    c.set_speed(0)
    c.step(k // 2)
    until(lambda: int(c.history.step[-1]) == k // 2)
    c.set_hyperparams(lr=0.01)
    c.start()
    until(lambda: c.done and int(c.history.step[-1]) == k + 100 and c.applied_log())
    window.render_now()
    app.processEvents()
    setup = time.perf_counter() - t0
    assert c.applied_log() == [(k // 2, {"lr": 0.01})], c.applied_log()
    steps = (
        (f"open the dock at step {k:,} (from step 0)", k),
        (f"back to step {k // 2 + 1:,} (from a mark)", k // 2 + 1),
        (f"forward to step {k // 2 + 1001:,}", k // 2 + 1001),
    )
    rows = []
    for _name, step in steps:  # the same scrubs with the dock hidden: the plots alone
        end = time.perf_counter() + 0.5
        r = watch(
            app,
            lambda s=step: window.time_travel.scrub_to(s),
            lambda e=end: time.perf_counter() < e,
        )
        r["dock_ms"], r["dock_cpu_ms"], r["from"] = 0.0, 0.0, 0
        rows.append((f"scrub to step {step:,}, dock hidden", r))
    window.time_travel.scrub_to(k)
    app.processEvents()
    dock = window.extras.explain_dock

    def shown(step):
        e = dock.explanation
        return e is None or e.step != step

    def open_dock():
        dock.show()
        dock.raise_()

    for n, (name, step) in enumerate(steps):
        slices.clear()
        go = open_dock if n == 0 else (lambda s=step: window.time_travel.scrub_to(s))
        r = watch(app, go, lambda s=step: shown(s))
        r["dock_ms"] = max((w for w, _ in slices), default=0.0)
        r["dock_cpu_ms"] = max((c for _, c in slices), default=0.0)
        e = dock.explanation
        h = c.history
        assert [e.params_after[p] for p in e.param_names] == h.params[step].tolist(), name
        r["from"] = dock._explainer.resumed_from
        rows.append((name, r))

    resume = ExplainDock.RESUME_MS
    marks = "no marks" if args.no_marks else "marks"
    print(
        f"1 run × {k + 100:,} steps; run to the end in {setup:.1f} s; "
        f"{ExplainDock.IDLE_SLICE * 1000:g} ms slices {resume} ms apart; {marks}"
    )
    print(
        f"{'what':40} {'GUI held':>9} {'ready in':>9} {'longest stall':>14} "
        f"{'p99 stall':>10} {'dock slice (CPU)':>18} {'replayed from':>14}"
    )
    for name, r in rows:
        print(
            f"{name:40} {r['held_ms']:7.1f} ms {r['wall_s']:7.2f} s "
            f"{r['stall_max_ms']:11.1f} ms {r['stall_p99_ms']:7.1f} ms "
            f"{r['dock_ms']:6.1f} ({r['dock_cpu_ms']:4.1f}) ms "
            f"{r['from']:14,}"
        )
    print(f"load average: {os.getloadavg()[0]:.1f}")
    c.shutdown()
    window.files.is_modified = lambda: False  # the rate was changed: do not ask to save
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
