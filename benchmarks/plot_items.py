"""Why some plot items are hand-written: each next to the pyqtgraph way. Prints a table.

    python benchmarks/plot_items.py [--repeats 30] [--rows 1000000]

Offscreen (QT_QPA_PLATFORM=offscreen unless set), a 640 x 420 plot, best-of and
median wall times (``time.perf_counter``) of:

* grid: one paint of an empty plot with :class:`gdgui.ui.plots.items.GridLines`
  against pyqtgraph's ``showGrid(x=True, y=True)`` (both at the same alpha);
* decimation: one frame of a live loss curve of ``--rows`` rows growing by 1,000
  rows a frame: :class:`gdgui.core.plotmath.MinMaxDecimator` (``update``, then
  ``Polyline.setData`` and a paint) against a ``PlotDataItem`` with
  ``setDownsampling(auto=True, method="peak")`` and ``setClipToView(True)``
  (``setData`` and a paint; pyqtgraph decimates while painting);
* curve: setting and painting 5,000 points: ``Polyline`` against ``PlotDataItem``.

Paint times are the paint of the whole plot into an image, less the same plot
without the item (the "empty" row). Not part of the test suite; the figures are
in docs/plots.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QRect, QRectF  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QGraphicsView  # noqa: E402

from gdgui.core.plotmath import MinMaxDecimator  # noqa: E402
from gdgui.ui.plots.items import GridLines, Polyline  # noqa: E402

SIZE = (640, 420)


def make_plot() -> pg.PlotWidget:
    w = pg.PlotWidget()
    w.resize(*SIZE)
    w.plotItem.hideButtons()
    w.show()
    QApplication.processEvents()
    return w


def paint(w: pg.PlotWidget, img: QImage) -> float:
    """Seconds to paint the plot's scene into ``img`` (as exports and the screen do)."""
    w.scene().prepareForPaint()
    t = time.perf_counter()
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    QGraphicsView.render(w, p, QRectF(0, 0, *SIZE), QRect(0, 0, *SIZE))
    p.end()
    return time.perf_counter() - t


def timed(fn, repeats: int) -> tuple[float, float]:
    fn()  # warm up
    ts = [fn() for _ in range(repeats)]
    return min(ts), statistics.median(ts)


def bench_grid(repeats: int, img: QImage) -> list[tuple[str, float, float]]:
    rows = []
    empty = make_plot()
    rows.append(("paint: plot without grid", *timed(lambda: paint(empty, img), repeats)))
    ours = make_plot()
    GridLines(ours.plotItem).set_colour("#808080", 0.16)
    ours.plotItem.vb.setRange(xRange=(0, 10), yRange=(0, 1))
    QApplication.processEvents()
    rows.append(("paint: GridLines", *timed(lambda: paint(ours, img), repeats)))
    theirs = make_plot()
    theirs.showGrid(x=True, y=True, alpha=0.16)
    theirs.plotItem.vb.setRange(xRange=(0, 10), yRange=(0, 1))
    QApplication.processEvents()
    rows.append(("paint: pyqtgraph showGrid", *timed(lambda: paint(theirs, img), repeats)))
    k = {"i": 0}

    def moved(w):
        def run() -> float:
            k["i"] += 1
            w.plotItem.vb.setRange(xRange=(0, 10 + k["i"] % 7), yRange=(0, 1), padding=0)
            QApplication.processEvents()  # GridLines rebuilds on the range signal
            t = time.perf_counter()
            w.plotItem.vb.sigRangeChanged.emit(
                w.plotItem.vb, w.plotItem.vb.viewRange(), [True, True]
            )
            return time.perf_counter() - t + paint(w, img)

        return run

    rows.append(("paint after a range change: plot without grid", *timed(moved(empty), repeats)))
    rows.append(("paint after a range change: GridLines", *timed(moved(ours), repeats)))
    rows.append(("paint after a range change: showGrid", *timed(moved(theirs), repeats)))
    for w in (empty, ours, theirs):
        w.close()
    return rows


def bench_decimation(n: int, repeats: int, img: QImage) -> list[tuple[str, float, float]]:
    rng = np.random.default_rng(0)
    x = np.arange(n + 1000 * (repeats + 2), dtype=float)
    y = 10 * np.exp(-x / n * 8) + 0.01 * rng.random(x.size)
    rows = []

    # ours: incremental min/max, then a plain Qt path of at most 5,000 points
    w1 = make_plot()
    curve = Polyline()
    curve.setPen(pg.mkPen("#2f7de1", width=1))  # a long curve's 1-pixel pen (THIN_ABOVE)
    w1.plotItem.vb.addItem(curve)
    dec = MinMaxDecimator(5000)
    dec.update(y[:n])
    state = {"n": n}

    def ours_decimate() -> float:
        state["n"] += 1000
        t = time.perf_counter()
        dec.update(y[: state["n"]])
        return time.perf_counter() - t

    rows.append(
        (f"decimate: MinMaxDecimator.update, {n:,} rows +1,000", *timed(ours_decimate, repeats))
    )

    def ours_frame() -> float:
        state["n"] += 1000
        m = state["n"]
        t = time.perf_counter()
        idx = dec.update(y[:m])
        curve.setData(x[idx], y[idx])
        return time.perf_counter() - t + paint(w1, img)

    rows.append(("frame: MinMaxDecimator + Polyline + paint", *timed(ours_frame, repeats)))

    # pyqtgraph: the whole array to a PlotDataItem, peak downsampling while painting
    w2 = make_plot()
    item = pg.PlotDataItem(pen=pg.mkPen("#2f7de1", width=1), antialias=True)
    item.setDownsampling(auto=True, method="peak")
    item.setClipToView(True)
    w2.plotItem.addItem(item)
    item.setData(x[:n], y[:n])
    state2 = {"n": n}

    def theirs_frame() -> float:
        state2["n"] += 1000
        m = state2["n"]
        t = time.perf_counter()
        item.setData(x[:m], y[:m])
        return time.perf_counter() - t + paint(w2, img)

    rows.append(("frame: PlotDataItem peak downsampling + paint", *timed(theirs_frame, repeats)))
    w1.close()
    w2.close()
    return rows


def bench_curve(repeats: int, img: QImage) -> list[tuple[str, float, float]]:
    m = 5000
    t = np.linspace(0, 20, m)
    xs, ys = t, np.sin(t) * np.exp(-t / 10)
    rows = []
    w1 = make_plot()
    poly = Polyline()
    poly.setPen(pg.mkPen("#2f7de1", width=1.8))
    w1.plotItem.vb.addItem(poly)
    w1.plotItem.vb.setRange(xRange=(0, 20), yRange=(-1, 1))
    w2 = make_plot()
    pdi = pg.PlotDataItem(pen=pg.mkPen("#2f7de1", width=1.8), antialias=True)
    w2.plotItem.addItem(pdi)
    w2.plotItem.vb.setRange(xRange=(0, 20), yRange=(-1, 1))
    QApplication.processEvents()
    k = {"i": 0}

    def frame(item, w):
        def run() -> float:
            k["i"] += 1
            shift = 1e-3 * k["i"]  # new data every frame, as during a run
            t0 = time.perf_counter()
            item.setData(xs, ys + shift)
            return time.perf_counter() - t0 + paint(w, img)

        return run

    rows.append(
        (f"curve: Polyline setData + paint, {m:,} points", *timed(frame(poly, w1), repeats))
    )
    rows.append(
        (f"curve: PlotDataItem setData + paint, {m:,} points", *timed(frame(pdi, w2), repeats))
    )
    w1.close()
    w2.close()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=30)
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    img = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(0xFFFFFFFF)
    rows = bench_grid(args.repeats, img)
    rows += bench_decimation(args.rows, args.repeats, img)
    rows += bench_curve(args.repeats, img)
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  {'best ms':>8}  {'median ms':>9}")
    print(f"{'-' * width}  {'-' * 8}  {'-' * 9}")
    for name, best, med in rows:
        print(f"{name:<{width}}  {best * 1e3:8.2f}  {med * 1e3:9.2f}")
    del app


if __name__ == "__main__":
    main()
