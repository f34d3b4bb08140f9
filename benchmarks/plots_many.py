"""Redraw time per frame of the loss and trajectory plots with 1, 4 and 16 runs. Prints a table.

    python benchmarks/plots_many.py [--rows 100000] [--frames 20]

Offscreen, 640 x 420 plots. Each run's history holds ``--rows`` rows and grows by
1,000 rows a frame (as in a race); one frame is ``show_history`` for every run and a
paint of the plot into an image. Best-of and median wall times (``time.perf_counter``).
Not part of the test suite; the figures are in docs/plots.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QRect, QRectF  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QGraphicsView  # noqa: E402

from gdgui.core.history import History  # noqa: E402
from gdgui.ui.plots import LossPlot, TrajectoryPlot  # noqa: E402
from gdgui.ui.plots.runs import RunStyle  # noqa: E402

SIZE = (640, 420)


class Bowl:
    """A quadratic bowl with a domain (what the trajectory plot needs of a problem)."""

    name = title = "bowl"
    param_names = ("x", "y")
    n_samples = None
    standardized = False

    def value(self, th):
        return th[:, 0] ** 2 + 2 * th[:, 1] ** 2

    def domain(self):
        return ((-2.0, 2.0), (-2.0, 2.0))

    def minima(self):
        return [(np.array([0.0, 0.0]), 0.0)]

    def default_init(self):
        return np.array([1.5, 1.5])


def history(rows: int, seed: int) -> History:
    k = np.arange(rows)
    t = k / rows
    rng = np.random.default_rng(seed)
    loss = 10 * np.exp(-(3 + seed % 5) * t) * (1 + 0.1 * rng.random(rows))
    params = np.column_stack([(1 - t) * np.cos(9 * t + seed), (1 - t) * np.sin(9 * t + seed)])
    h = History(("x", "y"), capacity=rows + 100_000)
    h.extend(k, k, params, loss, np.zeros((rows, 2)))
    return h


def frame_times(cls, runs: int, rows: int, frames: int) -> list[float]:
    plot = cls(None, "dark")
    plot.resize(*SIZE)
    plot.show()
    plot.set_problem(Bowl(), None)
    hs = [history(rows, i) for i in range(runs)]
    plot.set_runs([RunStyle(i, f"run {i + 1}") for i in range(runs)])
    for i, h in enumerate(hs):
        plot.show_history(h, "running", run=i)
    QApplication.processEvents()
    img = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    times = []
    for _ in range(frames):
        grow = 1000
        for i, h in enumerate(hs):
            n = len(h)
            k = np.arange(n, n + grow)
            last = h.params[-1]
            drift = np.column_stack([np.full(grow, 1e-3), np.full(grow, -1e-3)]) * (1 + i)
            h.extend(
                k,
                k,
                last + np.cumsum(drift, axis=0),
                np.full(grow, h.loss[-1] * 0.999),
                np.zeros((grow, 2)),
            )
        t = time.perf_counter()
        for i, h in enumerate(hs):
            plot.show_history(h, "running", run=i)
        plot.scene().prepareForPaint()
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        QGraphicsView.render(plot, p, QRectF(0, 0, *SIZE), QRect(0, 0, *SIZE))
        p.end()
        times.append(time.perf_counter() - t)
    plot.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--frames", type=int, default=20)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])  # noqa: F841
    print(f"{'plot':<12} {'runs':>5} {'best ms':>9} {'median ms':>10}")
    for cls in (LossPlot, TrajectoryPlot):
        for runs in (1, 4, 16):
            ts = frame_times(cls, runs, args.rows, args.frames)
            print(
                f"{cls.__name__:<12} {runs:>5} {1e3 * min(ts):>9.1f}"
                f" {1e3 * statistics.median(ts):>10.1f}"
            )


if __name__ == "__main__":
    main()
