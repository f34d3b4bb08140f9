"""What an edit of the experiment costs as the data grows. Prints a table.

    python benchmarks/model.py [--sizes 4,100000,10000000]

Measures, offscreen (QT_QPA_PLATFORM=offscreen unless set), at each number of points:

* ``replace``: ``Experiment.replace(optimizer={"lr": ...})`` (the model alone);
* window lr edit: from typing a learning rate into the panel's field to the run
  (in the worker thread, or the controller's while no worker holds it) receiving
  the new hyperparameter -- the whole path through panels, edits and controller;
* whole edit: the same typing until every panel has shown the new experiment
  (everything the GUI thread does for it);
* point edit: ``Dataset.with_point`` and ``moved_point`` (new arrays: a few
  vectorised passes), plus the ``replace(data=...)`` that hands them over.

Each figure is the median of several repetitions. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _median(fn, reps: int) -> float:
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _experiment(n: int):
    from gdgui.core.data import Dataset
    from gdgui.core.experiment import preset

    x = np.linspace(0.0, 10.0, n)
    ds = Dataset(x, 2.0 * x + 1.0)
    return preset("tutorial-000").replace(data=ds, epochs=10**7)


def _window_lr(app, n: int, reps: int) -> float:
    from gdgui.core import runner
    from gdgui.ui.window import MainWindow

    seen: list[float] = []
    original = runner.Run.set_hyperparams

    def record(self, **hp):
        seen.append(time.perf_counter())
        return original(self, **hp)

    runner.Run.set_hyperparams = record
    try:
        import tempfile

        from PySide6.QtCore import QSettings

        ini = os.path.join(tempfile.mkdtemp(), "bench.ini")
        w = MainWindow(_experiment(n), QSettings(ini, QSettings.Format.IniFormat))
        w.resize(1280, 800)
        w.show()
        for _ in range(20):
            app.processEvents()
        edit = w.panels.optimizer_section.fields["lr"].edit
        times, totals = [], []
        for i in range(reps):
            text = f"{0.001 + 0.0001 * i:g}"
            seen.clear()
            t = time.perf_counter()
            edit.setText(text)
            edit.textEdited.emit(text)
            edit.editingFinished.emit()
            totals.append(time.perf_counter() - t)
            deadline = t + 30
            while not seen and time.perf_counter() < deadline:
                app.processEvents()
            times.append(seen[0] - t if seen else float("nan"))
        w.files.maybe_save = lambda: True  # no "save changes?" question
        w.close()
        return statistics.median(times), statistics.median(totals)
    finally:
        runner.Run.set_hyperparams = original


def _csv_import(app, rows: int) -> tuple[float, float, float]:
    """(parse s, hand-over s, first render s) of importing a CSV of ``rows`` rows.

    The parse runs off the GUI thread in the window (the import dialog's worker); the
    hand-over (``FileManager.import_data`` after the dialog: the new experiment, the
    problem, the panels) and the first render after it run on the GUI thread.
    """
    import tempfile

    from PySide6.QtCore import QSettings

    from gdgui.core.data import read_csv
    from gdgui.ui import files
    from gdgui.ui.window import MainWindow

    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "big.csv")
    x = np.linspace(0.0, 100.0, rows)
    np.savetxt(
        path,
        np.column_stack([x, 0.3 * x + 5.0]),
        delimiter=",",
        header="size,price",
        comments="",
        fmt="%.6f",
    )
    t = time.perf_counter()
    result = read_csv(path)
    parse = time.perf_counter() - t
    w = MainWindow(None, QSettings(os.path.join(folder, "b.ini"), QSettings.Format.IniFormat))
    w.resize(1280, 800)
    w.show()
    for _ in range(20):
        app.processEvents()
    original = files.import_csv
    files.import_csv = lambda parent, p: result
    try:
        t = time.perf_counter()
        w.files.import_data(path)
        hand_over = time.perf_counter() - t
        t = time.perf_counter()
        w.render_now()
        app.processEvents()
        render = time.perf_counter() - t
    finally:
        files.import_csv = original
    w.files.maybe_save = lambda: True
    w.close()
    return parse, hand_over, render


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="4,100000,10000000")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--csv-rows", type=int, default=1_000_000, help="0: skip the CSV import")
    args = ap.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    rows = []
    for n in (int(v) for v in args.sizes.split(",")):
        exp = _experiment(n)
        ds = exp.dataset()
        rep = _median(lambda e=exp: e.replace(optimizer={"lr": 0.05}), args.reps * 20)
        win, total = _window_lr(app, n, args.reps)
        add = _median(lambda e=exp, d=ds: e.replace(data=d.with_point(1.0, 2.0)), args.reps)
        move = _median(lambda e=exp, d=ds: e.replace(data=d.moved_point(0, 1.0, 2.0)), args.reps)
        rows.append((n, rep, win, total, add, move))
    print(
        "| points | replace(lr) | window lr edit -> run | whole edit (GUI thread) | add point "
        "| move point |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for n, rep, win, total, add, move in rows:
        print(
            f"| {n:,} | {rep * 1e3:.3f} ms | {win * 1e3:.2f} ms | {total * 1e3:.2f} ms | "
            f"{add * 1e3:.2f} ms | {move * 1e3:.2f} ms |"
        )
    if args.csv_rows:
        parse, hand_over, render = _csv_import(app, args.csv_rows)
        print(
            f"\nCSV import of {args.csv_rows:,} rows: parse {parse:.2f} s (off the GUI thread), "
            f"hand-over {hand_over * 1e3:.0f} ms, first render {render * 1e3:.0f} ms "
            "(GUI thread)"
        )


if __name__ == "__main__":
    main()
