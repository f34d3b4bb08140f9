"""Redraw time per frame of the loss and trajectory plots with many runs. Prints a table.

    python benchmarks/plots_many.py [--rows 100000] [--frames 20] [--runs 1 4 16 32]

The plots are the main window's, laid out in a 1366 x 768 window (``--size``) with the
all-optimizers Rosenbrock race loaded (offscreen unless QT_QPA_PLATFORM is set; on a
real X server: ``QT_QPA_PLATFORM=xcb DISPLAY=:99``). Each run's history holds
``--rows`` rows and grows by 1,000 rows a frame (as in a race); one frame is
``show_history`` for every run on both plots ("update") and a paint of each plot at its
size in the window into an image, antialiased as on screen ("paint"). The "stopped" rows
keep one run growing and the others finished (their histories no longer change).
Best-of and median wall times (``time.perf_counter``). Not part of the test suite; the
figures are in docs/plots.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, QObject, QRect, QRectF  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QGraphicsView  # noqa: E402

from gdgui.core.experiment import preset  # noqa: E402
from gdgui.core.history import History  # noqa: E402
from gdgui.ui.plots.runs import RunStyle  # noqa: E402


def history(rows: int, seed: int) -> History:
    """A falling loss and a spiral path towards (1, 1), different per seed."""
    k = np.arange(rows)
    t = k / rows
    rng = np.random.default_rng(seed)
    loss = 10 * np.exp(-(3 + seed % 5) * t) * (1 + 0.1 * rng.random(rows))
    a = 9 * t + seed
    params = np.column_stack([1 + (1 - t) * 1.5 * np.cos(a), 1 + (1 - t) * 1.5 * np.sin(a)])
    h = History(("x", "y"), capacity=rows + 200_000)
    h.extend(k, k, params, loss, np.zeros((rows, 2)))
    return h


def grow(h: History, i: int, rows: int = 1000) -> None:
    n = len(h)
    k = np.arange(n, n + rows)
    drift = np.column_stack([np.full(rows, 1e-4), np.full(rows, -1e-4)]) * (1 + i % 7)
    loss = h.loss[-1] * (0.9999 ** np.arange(1, rows + 1)) * (1 + 0.05 * np.sin(k))
    h.extend(k, k, h.params[-1] + np.cumsum(drift, axis=0), loss, np.zeros((rows, 2)))


def paint(plot, img: QImage) -> None:
    plot.scene().prepareForPaint()
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    w, h = plot.width(), plot.height()
    QGraphicsView.render(plot, p, QRectF(0, 0, w, h), QRect(0, 0, w, h))
    p.end()


class PaintCounter(QObject):
    """Counts the paint events of the widgets it watches (so "paint" measured a paint)."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, ev):  # noqa: N802
        if ev.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def frame_times(window, runs: int, rows: int, frames: int, stopped: bool, full: bool):
    """(update seconds, paint seconds, paint events) per frame for ``runs`` runs on both
    plots. ``full``: render each whole plot into an image; otherwise let the event loop
    paint what changed, as in the window."""
    plots = [window.loss_plot, window.trajectory_plot]
    counter = PaintCounter()
    for plot in plots:
        plot.viewport().installEventFilter(counter)
        plot.clear_run()
        plot.set_runs([RunStyle(i, f"run {i + 1}, η = 0.00{i % 10}") for i in range(runs)])
    hs = [history(rows, i) for i in range(runs)]
    for i, h in enumerate(hs):
        for plot in plots:
            plot.show_history(h, "running", run=i)
    for plot in plots:
        plot.place_overlays()
    for _ in range(5):
        QApplication.processEvents()
    imgs = [QImage(p.width(), p.height(), QImage.Format.Format_ARGB32_Premultiplied) for p in plots]
    status = ["running" if (i == 0 or not stopped) else "finished" for i in range(runs)]
    for i, h in enumerate(hs):  # the stopped runs stop
        for plot in plots:
            plot.show_history(h, status[i], run=i)
    for plot, img in zip(plots, imgs):
        paint(plot, img)
    for _ in range(5):
        QApplication.processEvents()
    updates, paints = [], []
    counter.count = 0
    for _ in range(frames):
        for i, h in enumerate(hs):
            if status[i] == "running":
                grow(h, i)
        t0 = time.perf_counter()
        for i, h in enumerate(hs):
            for plot in plots:
                plot.show_history(h, status[i], run=i)
        t1 = time.perf_counter()
        if full:
            for plot, img in zip(plots, imgs):
                paint(plot, img)
        else:  # what the window paints: the regions that changed, in the event loop
            for _ in range(3):
                QApplication.processEvents()
        t2 = time.perf_counter()
        updates.append(t1 - t0)
        paints.append(t2 - t1)
    for plot in plots:
        plot.viewport().removeEventFilter(counter)
    return updates, paints, counter.count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--frames", type=int, default=20)
    ap.add_argument("--runs", type=int, nargs="+", default=[1, 4, 16, 32])
    ap.add_argument("--size", default="1366x768", help="window size, WxH")
    ap.add_argument(
        "--full-paint", action="store_true", help="render each whole plot into an image"
    )
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])  # noqa: F841
    from gdgui.ui.window import MainWindow

    window = MainWindow(preset("race-rosenbrock"))
    window.resize(*(int(v) for v in args.size.split("x")))
    window.show()
    for _ in range(10):
        app.processEvents()
    sizes = ", ".join(
        f"{p.accessibleName()} {p.width()}x{p.height()}"
        for p in (window.loss_plot, window.trajectory_plot)
    )
    print(f"platform {QApplication.platformName()}, window {args.size}: {sizes}")
    head = f"{'case':<10} {'runs':>5} {'update ms':>10} {'paint ms':>9} {'frame best':>11}"
    print(head + f" {'frame median':>13} {'frame max':>10} {'paints':>7}")
    for stopped in (False, True):
        for runs in args.runs:
            if stopped and runs == 1:
                continue
            up, pa, events = frame_times(
                window, runs, args.rows, args.frames, stopped, args.full_paint
            )
            fr = [a + b for a, b in zip(up, pa)]
            print(
                f"{'stopped' if stopped else 'growing':<10} {runs:>5}"
                f" {1e3 * statistics.median(up):>10.1f} {1e3 * statistics.median(pa):>9.1f}"
                f" {1e3 * min(fr):>11.1f} {1e3 * statistics.median(fr):>13.1f}"
                f" {1e3 * max(fr):>10.1f} {events / args.frames:>7.1f}"
            )
    window.close()


if __name__ == "__main__":
    main()
