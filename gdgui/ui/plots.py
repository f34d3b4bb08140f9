"""The three live plots: the fit, the loss per step, and the path over the loss surface.

Each plot is a :class:`pyqtgraph.PlotWidget` with the same small API::

    plot.set_problem(problem, experiment)   # static items, built once per problem
    plot.show_history(history, status)      # dynamic items, from the full history
    plot.set_theme("dark" | "light")
    plot.clear_run()

``show_history`` is called by the window's render timer (about 60 times a second)
with the *whole* history, which may hold millions of rows. A plot draws a bounded
number of points (:data:`MAX_POINTS`), never raises on an empty history, ignores
non-finite values, and does nothing when the history has not changed since the
last call. Nothing here knows about threads.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QPainterPath, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QToolButton,
)

from .theme import DEFAULT_THEME, run_color, theme

__all__ = [
    "MAX_DATA_POINTS",
    "MAX_POINTS",
    "Arrow",
    "EditViewBox",
    "EpochAxis",
    "FitPlot",
    "LossPlot",
    "TrajectoryPlot",
    "contour_segments",
    "decimate_minmax",
    "decimate_stride",
    "parameter_range",
]

translate = QCoreApplication.translate

#: at most this many points are drawn per curve (the history keeps every step)
MAX_POINTS = 5000
#: at most this many data points are drawn in the fit plot (a seeded random subset)
MAX_DATA_POINTS = 5000
#: grid size of the loss surface (per axis) and of the 1-parameter loss curve
SURFACE_GRID = 161
CURVE_GRID = 601
#: curves of more points than this are drawn with 1-pixel pens (much faster to paint)
THIN_ABOVE = 2500
#: number of contour lines on the loss surface
CONTOURS = 12
#: at most this many earlier fitted lines are drawn, fading with age
EARLIER_FITS = 6
#: a click within this many pixels of a data point hits the point
HIT_RADIUS = 10
#: length in pixels of the −∇f arrow (it shows the direction, not the size)
GRAD_ARROW_PX = 64
#: the step arrow is drawn at its true length, but never shorter or longer than these
STEP_ARROW_PX = (16, 320)
#: arrow colours per theme (the run's colour is the step's)
ARROW_COLORS = {"dark": "#ff4dff", "light": "#b000b0"}


# --- helpers without Qt -----------------------------------------------------------------------


def fmt(v: float, digits: int = 4) -> str:
    """A number for a label: 4 significant digits, no trailing noise."""
    if not math.isfinite(v):
        return str(v)
    if v == 0:
        return "0"
    return f"{v:.{digits}g}"


def decimate_minmax(x: np.ndarray, y: np.ndarray, max_points: int = MAX_POINTS):
    """At most ``max_points`` of the points ``(x, y)`` that look like all of them.

    ``x`` must be increasing. The points are cut into equal bins; from each bin the
    lowest and the highest point are kept (in their order), so spikes survive.
    The first and the last point are always kept. Returns views or copies of
    ``x`` and ``y`` at the kept indices.
    """
    n = len(y)
    if n <= max_points:
        return x, y
    bins = max((max_points - 2) // 2, 1)
    k = -(-n // bins)
    full = n // k
    body = y[: full * k].reshape(full, k)
    base = np.arange(full) * k
    lo = base + np.argmin(body, axis=1)
    hi = base + np.argmax(body, axis=1)
    parts = [np.array([0]), np.minimum(lo, hi), np.maximum(lo, hi)]
    if full * k < n:
        tail = y[full * k :]
        parts += [full * k + np.array([np.argmin(tail), np.argmax(tail)])]
    parts.append(np.array([n - 1]))
    idx = np.unique(np.concatenate(parts))
    return x[idx], y[idx]


def round_to_pixel(v: float, pixel: float) -> float:
    """``v`` rounded to the decimal digit a pixel of size ``pixel`` can still tell apart.

    A click at x = 2.3517... on a plot where a pixel spans 0.01 gives 2.35.
    """
    if not (math.isfinite(v) and math.isfinite(pixel) and pixel > 0):
        return v
    digits = -math.floor(math.log10(pixel))
    return float(round(v, digits)) if digits > -300 else v


def _same_float(a: float, b: float) -> bool:
    return a == b or (a != a and b != b)  # NaN equals NaN here


class MinMaxDecimator:
    """:func:`decimate_minmax` for a growing history, in time proportional to the new rows.

    ``update(y)`` takes the whole (grown) array and returns the indices to draw. Rows
    are grouped into bins of k rows (k a power of two); each finished bin keeps the
    indices of its lowest and highest valid value and is never looked at again. When
    there are too many bins, neighbours merge and k doubles. Valid values are the
    finite ones, or with ``positive`` the finite ones above zero (for a log scale).
    ``invalid`` counts the rows left out. A changed prefix (a new history, a
    truncation) is noticed and starts over.
    """

    def __init__(self, max_points: int = MAX_POINTS, positive: bool = False):
        self.max_bins = max((max_points - 4) // 2, 1)
        self.positive = positive
        self.reset()

    def reset(self) -> None:
        self.k = 1
        self._lo = np.zeros(0, dtype=np.int64)
        self._hi = np.zeros(0, dtype=np.int64)
        self._done = 0  # rows covered by finished bins
        self._invalid_done = 0
        self._check: tuple[int, float] | None = None  # (row, value) that must not change
        self.invalid = 0

    def _valid(self, y: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return (y > 0) & (y < np.inf) if self.positive else np.isfinite(y)

    def _bins(self, y: np.ndarray, start: int, k: int, count: int):
        seg = y[start : start + k * count]
        ok = self._valid(seg)
        lo_vals = np.where(ok, seg, np.inf).reshape(count, k)
        hi_vals = np.where(ok, seg, -np.inf).reshape(count, k)
        base = start + np.arange(count, dtype=np.int64) * k
        return (
            base + np.argmin(lo_vals, axis=1),
            base + np.argmax(hi_vals, axis=1),
            int(seg.size - np.count_nonzero(ok)),
        )

    def update(self, y: np.ndarray) -> np.ndarray:
        n = len(y)
        self._y = y
        chk = self._check
        if n < self._done or (chk is not None and not _same_float(float(y[chk[0]]), chk[1])):
            self.reset()
        if n == 0:
            self.invalid = 0
            return np.zeros(0, dtype=np.int64)
        # finish the bins the new rows complete; merge neighbours while there are too many
        while True:
            count = (n - self._done) // self.k
            if len(self._lo) + count <= self.max_bins:
                break
            self._merge()
        if count:
            lo, hi, bad = self._bins(y, self._done, self.k, count)
            self._lo = np.concatenate([self._lo, lo])
            self._hi = np.concatenate([self._hi, hi])
            self._done += count * self.k
            self._invalid_done += bad
        if self._done:
            self._check = (self._done - 1, float(y[self._done - 1]))
        # the unfinished last bin: its lowest and highest valid value
        tail = y[self._done :]
        tail_ok = self._valid(tail)
        self.invalid = self._invalid_done + int(tail.size - np.count_nonzero(tail_ok))
        ends = []
        if tail_ok.any():
            ends = sorted(
                [
                    self._done + int(np.argmin(np.where(tail_ok, tail, np.inf))),
                    self._done + int(np.argmax(np.where(tail_ok, tail, -np.inf))),
                ]
            )
        body = np.empty(2 * len(self._lo), dtype=np.int64)  # bin by bin, so in order
        body[0::2] = np.minimum(self._lo, self._hi)
        body[1::2] = np.maximum(self._lo, self._hi)
        idx = np.concatenate([[0], body, ends, [n - 1]]).astype(np.int64)
        idx = idx[np.concatenate([[True], idx[1:] != idx[:-1]])]
        return idx[self._valid(y[idx])]

    def _merge(self) -> None:
        """Double k: bins 2i and 2i+1 become one (an odd last bin goes back to the tail)."""
        m = len(self._lo) // 2
        if len(self._lo) % 2:
            self._done -= self.k
            # its rows are counted again when they are binned again
            last = slice(self._done, self._done + self.k)
            self._invalid_done -= int(self.k - np.count_nonzero(self._valid(self._y[last])))
        self.k *= 2
        if m == 0:
            self._lo = self._lo[:0]
            self._hi = self._hi[:0]
            return
        lo = self._lo[: 2 * m].reshape(m, 2)
        hi = self._hi[: 2 * m].reshape(m, 2)
        y = self._y
        lv = np.where(self._valid(y[lo]), y[lo], np.inf)
        hv = np.where(self._valid(y[hi]), y[hi], -np.inf)
        self._lo = lo[np.arange(m), np.argmin(lv, axis=1)]
        self._hi = hi[np.arange(m), np.argmax(hv, axis=1)]


def decimate_stride(n: int, max_points: int = MAX_POINTS) -> np.ndarray:
    """Indices of every k-th of ``n`` rows plus the last, at most ``max_points``.

    k is a power of two, so the subsets of a growing history nest and the drawn
    path does not flicker as it grows.
    """
    if n <= max_points:
        return np.arange(n)
    k = 1 << math.ceil(math.log2(n / (max_points - 1)))
    idx = np.arange(0, n, k)
    if idx[-1] != n - 1:
        idx = np.append(idx, n - 1)
    return idx


def contour_segments(z: np.ndarray, level: float) -> np.ndarray:
    """Line segments of the contour ``z == level`` (marching squares, vectorised).

    ``z[i, j]`` is the value at grid point (i, j). Returns an array ``(2M, 2)`` of
    segment end points in grid-index coordinates, pairs in a row; cells touching a
    NaN are skipped. (pyqtgraph's own isocurve tracing is pure Python and takes
    about 30 ms per level on a 200 x 200 grid; this takes well under 1 ms.)
    """
    z = np.asarray(z, dtype=float)
    a, b, c, d = z[:-1, :-1], z[1:, :-1], z[1:, 1:], z[:-1, 1:]
    A, B, C, D = a > level, b > level, c > level, d > level
    crossed = np.stack([A != B, B != C, D != C, A != D])  # edges a-b, b-c, d-c, a-d
    count = crossed.sum(axis=0)
    cells = np.nonzero(count >= 2)
    if cells[0].size == 0:
        return np.empty((0, 2))
    i, j = cells
    a, b, c, d = a[cells], b[cells], c[cells], d[cells]
    with np.errstate(all="ignore"):
        t0 = (level - a) / (b - a)
        t1 = (level - b) / (c - b)
        t2 = (level - d) / (c - d)
        t3 = (level - a) / (d - a)
    fi, fj = i.astype(float), j.astype(float)
    px = np.stack([fi + t0, fi + 1.0, fi + t2, fi])
    py = np.stack([fj, fj + t1, fj + 1.0, fj + t3])
    m = crossed[:, i, j]
    cnt = count[cells]
    # two crossed edges: one segment between them
    first = np.argmax(m, axis=0)
    second = 3 - np.argmax(m[::-1], axis=0)
    two = np.nonzero(cnt == 2)[0]
    starts = [two]
    e_from = [first[two]]
    e_to = [second[two]]
    # four crossed edges (a saddle cell): split by the value at the centre
    four = np.nonzero(cnt == 4)[0]
    if four.size:
        centre = (a[four] + b[four] + c[four] + d[four]) / 4 > level
        same = centre == A[i[four], j[four]]
        # same side as corner a: cut off corners b and d -> (0,1), (2,3); else (0,3), (1,2)
        starts += [four, four]
        e_from += [np.zeros_like(four), np.where(same, 2, 1)]
        e_to += [np.where(same, 1, 3), np.where(same, 3, 2)]
    cell = np.concatenate(starts)
    ef = np.concatenate(e_from)
    et = np.concatenate(e_to)
    out = np.empty((cell.size, 2, 2))
    out[:, 0, 0] = px[ef, cell]
    out[:, 0, 1] = py[ef, cell]
    out[:, 1, 0] = px[et, cell]
    out[:, 1, 1] = py[et, cell]
    out = out[np.isfinite(out).all(axis=(1, 2))]
    return out.reshape(-1, 2)


def _initial_params(problem, experiment) -> np.ndarray:
    """The run's starting parameters, as the runner will see them."""
    if experiment is None:
        return np.asarray(problem.default_init(), dtype=float).reshape(-1)
    return experiment.initial_params(problem)


def _centre(problem, fallback: np.ndarray) -> np.ndarray:
    opt = getattr(problem, "optimum", None)
    if callable(opt):
        try:
            c = np.asarray(opt(), dtype=float).reshape(-1)
            if c.shape == fallback.shape and np.all(np.isfinite(c)):
                return c
        except Exception:  # a degenerate problem has no optimum: use the minima or init
            pass
    for theta, _ in problem.minima():
        c = np.asarray(theta, dtype=float).reshape(-1)
        if c.shape == fallback.shape and np.all(np.isfinite(c)):
            return c
    return fallback


def _known_minima(problem, dim: int) -> list[tuple[np.ndarray, float]]:
    """The problem's known minima as (theta, loss); its closed-form optimum if it lists none."""
    out = []
    for theta, value in problem.minima():
        t = np.asarray(theta, dtype=float).reshape(-1)
        if t.shape == (dim,) and np.all(np.isfinite(t)):
            out.append((t, float(value)))
    opt = getattr(problem, "optimum", None)
    if not out and callable(opt):
        try:
            t = np.asarray(opt(), dtype=float).reshape(-1)
        except Exception:  # a degenerate problem has no optimum
            return out
        if t.shape == (dim,) and np.all(np.isfinite(t)):
            out.append((t, math.nan))
    return out


def parameter_range(problem, experiment=None) -> list[tuple[float, float]]:
    """The plotted range of each parameter.

    Surfaces give their own (``problem.domain()``). For line problems it is centred
    on the optimum and contains the initial parameters with a margin; where the
    start and the optimum (nearly) agree, the width comes from the curvature of
    the loss (the Hessian), so the picture still shows the bowl.
    """
    dom = problem.domain()
    if dom is not None:
        return [(float(lo), float(hi)) for lo, hi in dom]
    init = _initial_params(problem, experiment)
    centre = _centre(problem, init)
    d = np.abs(init - centre)
    half = 1.35 * d
    hess = problem.hessian()
    if hess is not None and np.all(np.isfinite(hess)):
        delta = init - centre
        q = float(delta @ hess @ delta)  # 2 x (loss above the minimum)
        try:
            inv = np.diag(np.linalg.inv(hess))
        except np.linalg.LinAlgError:
            inv = None
        if inv is not None and q > 0 and np.all(inv > 0):
            # a tenth of the extent of the start's contour along each axis
            half = np.maximum(half, 0.1 * np.sqrt(q * inv))
    for j in range(len(half)):
        if not half[j] > 0 or not math.isfinite(half[j]):
            half[j] = max(0.5 * abs(centre[j]), float(np.max(d)), 1.0)
    return [(float(c - h), float(c + h)) for c, h in zip(centre, half)]


def _nice_ceil(v: float) -> float:
    """The smallest of 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k that is >= v (v > 0)."""
    if not v > 0:
        return 1.0
    e = 10.0 ** math.floor(math.log10(v))
    for m in (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * e >= v * (1 - 1e-12):
            return m * e
    return 10 * e


def _status_text(status: str) -> str:
    return {
        "ready": translate("Plot", "ready"),
        "running": translate("Plot", "running"),
        "paused": translate("Plot", "paused"),
        "finished": translate("Plot", "finished"),
        "converged": translate("Plot", "converged"),
        "diverged": translate("Plot", "diverged"),
    }.get(status, status)


def _history_key(history, status: str):
    n = len(history)
    if n == 0:
        return (id(history), 0, status)
    return (id(history), n, float(history.loss[-1]), tuple(history.params[-1].tolist()), status)


def _alpha(colour: str | QColor, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


# --- items ------------------------------------------------------------------------------------


class ContourItem(pg.IsocurveItem):
    """An :class:`~pyqtgraph.IsocurveItem` traced by :func:`contour_segments`, for one
    level or several (``level`` a sequence): all in one path, one item to paint.

    Its path is built once, when the data is set, never while painting.
    """

    def generatePath(self):  # noqa: N802 (pyqtgraph's name)
        if self.data is None:
            self.path = None
            return
        data = self.data.T if self.axisOrder == "row-major" else self.data
        levels = np.atleast_1d(np.asarray(self.level, dtype=float))
        segs = [contour_segments(data, float(lv)) for lv in levels]
        seg = np.concatenate(segs) if segs else np.empty((0, 2))
        if len(seg) == 0:
            self.path = QPainterPath()
        else:
            self.path = pg.arrayToQPath(seg[:, 0], seg[:, 1], connect="pairs")

    def setData(self, data, level=None):  # noqa: N802
        super().setData(data, level)
        self.generatePath()


class GridLines:
    """Grid lines at the ticks of a PlotItem's bottom and left axes.

    Two plain Qt path items (major and minor lines) in view coordinates, rebuilt when
    the view range or size changes; Qt paints them without calling Python.
    (pyqtgraph's own axis grid costs 6-10 ms a paint: each axis replays a picture.)
    """

    def __init__(self, plot_item: pg.PlotItem):
        self._plot_item = plot_item
        self.items = [QGraphicsPathItem(), QGraphicsPathItem()]
        for item in self.items:
            item.setZValue(-1000)
            plot_item.vb.addItem(item, ignoreBounds=True)
        self.set_colour("#808080", 0.16)
        plot_item.vb.sigRangeChanged.connect(self.rebuild)
        plot_item.vb.sigResized.connect(self.rebuild)

    def set_colour(self, colour, alpha: float) -> None:
        c = QColor(colour)
        for item, a in zip(self.items, (alpha, alpha * 0.45)):
            pen = QPen(_alpha(c, int(255 * a)), 0)  # width 0: one pixel, cosmetic
            item.setPen(pen)

    def rebuild(self, *_) -> None:
        pi = self._plot_item
        vb = pi.vb
        r = vb.viewRect()
        paths = [QPainterPath(), QPainterPath()]
        if r.width() > 0 and r.height() > 0 and vb.width() > 1 and vb.height() > 1:
            xs = pi.getAxis("bottom").tickValues(r.left(), r.right(), vb.width())
            ys = pi.getAxis("left").tickValues(r.top(), r.bottom(), vb.height())
            for level, path in enumerate(paths):
                for x in xs[level][1] if level < len(xs) else ():
                    path.moveTo(x, r.top())
                    path.lineTo(x, r.bottom())
                for y in ys[level][1] if level < len(ys) else ():
                    path.moveTo(r.left(), y)
                    path.lineTo(r.right(), y)
        for item, path in zip(self.items, paths):
            item.setPath(path)


class EpochAxis(pg.AxisItem):
    """A step axis labelled in epochs: ticks at round epochs, text ``step / steps_per_epoch``."""

    def __init__(self, orientation: str = "top", **kw):
        super().__init__(orientation, **kw)
        self.steps_per_epoch = 1

    def set_steps_per_epoch(self, spe: int) -> None:
        spe = max(int(spe), 1)
        if spe != self.steps_per_epoch:
            self.steps_per_epoch = spe
            self.picture = None
            self.update()

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803
        s = self.steps_per_epoch
        levels = super().tickValues(minVal / s, maxVal / s, size)
        return [(spacing * s, [v * s for v in values]) for spacing, values in levels]

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        s = self.steps_per_epoch
        return super().tickStrings([v / s for v in values], scale, spacing / s)


class LossAxis(pg.AxisItem):
    """The loss axis: on a log scale, labels at decades (or at 1, 2, 5 within one)."""

    def logTickStrings(self, values, scale, spacing):  # noqa: N802
        strings = super().logTickStrings(values, scale, spacing)
        lo, hi = sorted(self.range)
        out = []
        for v, text in zip(values, strings):
            frac = v - math.floor(v + 1e-9)
            mantissa = round(10**frac, 6)
            keep = mantissa == 1 if hi - lo >= 1 else mantissa in (1, 2, 5)
            out.append(text if keep else "")
        return out


# --- items Qt paints by itself ----------------------------------------------------------------
#
# The dynamic items (curves, markers, labels) are plain Qt graphics items: Qt paints
# them without calling into Python. A pyqtgraph item calls Python several times per
# paint; while the worker thread holds the GIL each such call may wait for it, so
# fewer Python calls per frame keep the window responsive during a run.


class Polyline(QGraphicsPathItem):
    """A polyline in view coordinates (a cosmetic pen: width in pixels).

    ``xData``/``yData`` keep what was drawn. The bounding rectangle is the points'
    (Qt would otherwise stroke the whole path to find it, ~2 ms per 5,000 points).
    """

    def __init__(self, z: float = 0.0):
        super().__init__()
        self.setZValue(z)
        self.xData = np.zeros(0)
        self.yData = np.zeros(0)
        self._rect = QRectF()

    def setData(self, x, y) -> None:  # noqa: N802 (pyqtgraph's name)
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        self.xData, self.yData = x, y
        path = pg.arrayToQPath(x, y) if x.size > 1 else QPainterPath()
        self.prepareGeometryChange()
        self._rect = path.controlPointRect()
        self.setPath(path)

    def boundingRect(self):  # noqa: N802
        return self._rect

    def shape(self):
        return QPainterPath()  # never under the mouse


class Marker(QGraphicsPathItem):
    """A symbol of a fixed size in pixels at a point in view coordinates."""

    def __init__(self, symbol: str = "o", size: float = 10.0, z: float = 10.0):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(z)
        self.setPath(QTransform.fromScale(size, size).map(Symbols[symbol]))
        self.hide()

    def set_point(self, x: float | None, y: float | None = None) -> None:
        """Show the marker at (x, y); None hides it."""
        if x is None or y is None or not (math.isfinite(x) and math.isfinite(y)):
            self.hide()
            return
        self.setPos(x, y)
        self.show()


class Label(QGraphicsSimpleTextItem):
    """Text of a fixed size at a point in view coordinates, anchored by a corner."""

    def __init__(self, anchor: tuple[float, float] = (0, 0), z: float = 20.0):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(z)
        self._anchor = anchor

    def set_anchor(self, anchor: tuple[float, float]) -> None:
        if anchor != self._anchor:
            self._anchor = anchor
            self._place()

    def setText(self, text: str) -> None:  # noqa: N802
        if text != self.text():
            super().setText(text)
            self._place()

    def _place(self) -> None:
        r = super().boundingRect()
        ax, ay = self._anchor
        self.setTransform(
            QTransform.fromTranslate(-ax * r.width() + (1 - 2 * ax) * 4, -ay * r.height())
        )

    def toPlainText(self) -> str:  # noqa: N802 (the name pyqtgraph's TextItem uses)
        return self.text()


class CornerText(QGraphicsRectItem):
    """Text in a corner of a view box (pixel coordinates), on an optional backing."""

    def __init__(self, corner: str, parent: QGraphicsItem, z: float = 950.0):
        super().__init__(parent)
        self.corner = corner
        self.setZValue(z)
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self._text = QGraphicsSimpleTextItem(self)
        self._text.setPos(4, 1)

    def setText(self, text: str) -> None:  # noqa: N802
        if text == self._text.text():
            return
        self._text.setText(text)
        r = self._text.boundingRect()
        self.setRect(0, 0, r.width() + 8, r.height() + 2)
        self.setVisible(bool(text))
        self.place()

    def text(self) -> str:
        return self._text.text()

    toPlainText = text

    def setColor(self, colour) -> None:  # noqa: N802
        self._text.setBrush(QBrush(QColor(colour)))

    def place(self) -> None:
        parent = self.parentItem()
        if parent is None:
            return
        area = parent.boundingRect()
        r = self.rect()
        x = area.left() + 2 if self.corner.endswith("left") else area.right() - r.width() - 2
        y = area.top() + 2 if self.corner.startswith("top") else area.bottom() - r.height() - 2
        self.setPos(x, y)


class Arrow(QGraphicsPathItem):
    """An arrow from a point in view coordinates, drawn in pixels, with a text at its tip.

    The head keeps its shape at any zoom and aspect ratio. ``view_vector`` is the
    arrow's direction and length in view coordinates (what it means), ``pixel_vector``
    the same on screen (what is drawn; y grows downwards).
    """

    HEAD = 10.0  # length of the head in pixels

    def __init__(self, z: float = 12.0):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(z)
        self._halo = QGraphicsPathItem(self)  # a dark rim: readable on any colour map
        self._halo.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent)
        self._backing = QGraphicsRectItem(self)
        self._backing.setPen(QPen(Qt.PenStyle.NoPen))
        self.label = QGraphicsSimpleTextItem(self._backing)
        self.label.setPos(3, 0)
        self.view_vector = (0.0, 0.0)
        self.pixel_vector = (0.0, 0.0)
        self.hide()

    def set_colours(self, colour, rim, backing) -> None:
        c = QColor(colour)
        self.setPen(
            QPen(c, 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        )
        self.setBrush(QBrush(c))
        self._halo.setPen(
            QPen(
                QColor(rim),
                5.0,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        self._halo.setBrush(QBrush(QColor(rim)))
        self.label.setBrush(QBrush(c))
        self._backing.setBrush(pg.mkBrush(backing))

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        r = self.label.boundingRect()
        self._backing.setRect(0, 0, r.width() + 6, r.height())

    def text(self) -> str:
        return self.label.text()

    def set_arrow(self, x: float, y: float, view_vector, pixel_vector, side: int = 0) -> None:
        """Draw the arrow from view point (x, y) along ``pixel_vector`` (pixels, y down).

        The text goes beyond the tip (``side`` 0), or beside the shaft on its left
        (``side`` 1) or right (``side`` -1) as seen along the arrow.
        """
        dx, dy = float(pixel_vector[0]), float(pixel_vector[1])
        length = math.hypot(dx, dy)
        if not (math.isfinite(x) and math.isfinite(y) and math.isfinite(length)) or length < 1:
            self.hide()
            return
        self.view_vector = (float(view_vector[0]), float(view_vector[1]))
        self.pixel_vector = (dx, dy)
        ux, uy = dx / length, dy / length
        head = min(self.HEAD, 0.6 * length)
        bx, by = dx - ux * head, dy - uy * head  # where the head starts
        px, py = -uy * head * 0.45, ux * head * 0.45
        path = QPainterPath()
        path.moveTo(0, 0)
        path.lineTo(bx, by)
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(dx, dy),
                    QPointF(bx + px, by + py),
                    QPointF(bx - px, by - py),
                    QPointF(dx, dy),
                ]
            )
        )
        self.setPath(path)
        self._halo.setPath(path)
        r = self._backing.rect()
        if side:  # centred beside the shaft, clear of it by 5 pixels
            nx, ny = uy * side, -ux * side  # left of the arrow on screen (y down) for side 1
            reach = abs(nx) * r.width() / 2 + abs(ny) * r.height() / 2 + 5
            cx, cy = dx / 2 + nx * reach, dy / 2 + ny * reach
        else:  # beyond the tip
            reach = abs(ux) * r.width() / 2 + abs(uy) * r.height() / 2 + 4
            cx, cy = dx + ux * reach, dy + uy * reach
        self._backing.setPos(cx - r.width() / 2, cy - r.height() / 2)
        self.setPos(x, y)
        self.show()

    def shape(self):
        return QPainterPath()  # never under the mouse


class EditViewBox(pg.ViewBox):
    """A view box that offers mouse clicks and drags to its plot before panning.

    ``click_handler(ev)`` and ``drag_handler(ev)`` return True when they took the
    event; otherwise the view box does what it always does (drag pans, right click
    opens the menu).
    """

    def __init__(self, **kw):
        super().__init__(**kw)
        self.click_handler = None
        self.drag_handler = None

    def mouseClickEvent(self, ev):  # noqa: N802 (pyqtgraph's name)
        if self.click_handler is not None and self.click_handler(ev):
            ev.accept()
            return
        super().mouseClickEvent(ev)

    def mouseDragEvent(self, ev, axis=None):  # noqa: N802
        if axis is None and self.drag_handler is not None and self.drag_handler(ev):
            ev.accept()
            return
        super().mouseDragEvent(ev, axis)


class DataScatter(pg.ScatterPlotItem):
    """Scatter points that leave clicks to the plot (it decides what a click on a point means)."""

    def mouseClickEvent(self, ev):  # noqa: N802 (pyqtgraph's name)
        ev.ignore()


def _legend_sample(target: QGraphicsItem, **opts) -> pg.PlotDataItem:
    """A pyqtgraph item that draws ``target``'s legend sample; toggling it toggles ``target``."""
    sample = pg.PlotDataItem([0.0], [0.0], **opts)  # with a point, its symbol follows its pens
    sample.visibleChanged.connect(lambda: target.setVisible(sample.isVisible()))
    return sample


# --- the common base --------------------------------------------------------------------------


class _Plot(pg.PlotWidget):
    """What the three plots share: theme, hover readout, corner texts, redraw bookkeeping."""

    #: number of times show_history found a changed history (tests and benchmarks read it)
    redraws: int

    def __init__(self, parent=None, theme_name: str = DEFAULT_THEME):
        super().__init__(parent, viewBox=EditViewBox())
        self.setAntialiasing(True)  # for the plain Qt items; pyqtgraph's set their own
        #: True: clicks and drags edit (data points, the start); the window's editor sets it
        self.editable = False
        self.problem = None
        self.experiment = None
        self.redraws = 0
        self._key: Any = None
        self._history = None
        self._status = ""
        self._theme_name = theme_name
        self._colors = theme(theme_name)
        self._run_color = run_color(0)
        self._labels: dict[str, str] = {}
        self._thin = False
        self._title = ""
        pi = self.plotItem
        pi.setMenuEnabled(True)
        pi.hideButtons()
        self.grid = GridLines(pi)
        self.setMinimumSize(220, 160)
        vb = pi.vb
        self._corner_items: list[CornerText] = []
        self._readout = self._corner_text("top-left", z=1000)
        vb.sigResized.connect(self._place_corner_items)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self._legend: pg.LegendItem | None = None
        # Steps that moved less than half a pixel are not drawn (see show_history). After
        # a zoom they may show: redraw then.
        self._stale = False
        vb.sigRangeChanged.connect(self._on_range_changed)

    # --- API ------------------------------------------------------------------------------
    def set_problem(self, problem, experiment=None) -> None:
        raise NotImplementedError

    def show_history(self, history, status: str = "") -> None:
        raise NotImplementedError

    def clear_run(self) -> None:
        """Forget the drawn run (the static items stay)."""
        self._key = None
        self._history = None

    def set_theme(self, name: str) -> None:
        """Restyle for theme ``name`` ("dark" or "light")."""
        self._colors = t = theme(name)
        self._theme_name = name
        self.setBackground(t["background"])
        pi = self.plotItem
        for side in ("left", "bottom", "top", "right"):
            ax = pi.getAxis(side)
            ax.setPen(pg.mkPen(t["axis"]))
            ax.setTextPen(pg.mkPen(t["foreground"]))
        for side, text in self._labels.items():
            self._set_label(side, text)
        self._set_title(self._title)
        self.grid.set_colour(t["foreground"], t["grid_alpha"])
        self._readout.setColor(t["foreground"])
        for item in self._corner_items:  # a backing, so curves behind do not blur the text
            item.setBrush(pg.mkBrush(t["legend_brush"]))
        self._readout.setPen(pg.mkPen(t["legend_pen"]))
        if self._legend is not None:
            self._legend.setLabelTextColor(t["foreground"])
            for _, label in self._legend.items:
                label.setText(label.text, color=t["foreground"])
            self._legend.setBrush(pg.mkBrush(t["legend_brush"]))
            self._legend.setPen(pg.mkPen(t["legend_pen"]))
        self._restyle()
        self._refresh_legend()

    def _refresh_legend(self) -> None:
        """Legend samples read their item's pens when painted: ask them to paint again."""
        if self._legend is not None:
            for sample, _ in self._legend.items:
                sample.update()

    @property
    def theme_name(self) -> str:
        return self._theme_name

    # --- for subclasses -------------------------------------------------------------------
    def _restyle(self) -> None:
        """Apply self._colors to the subclass's own items."""

    def _hover_text(self, x: float, y: float) -> str:
        return f"{fmt(x)}, {fmt(y)}"

    def _set_title(self, text: str) -> None:
        self._title = text
        self.plotItem.setTitle(text, color=self._colors["foreground"], size="11pt")

    def _set_label(self, side: str, text: str) -> None:
        self._labels[side] = text
        self.plotItem.setLabel(side, text, color=self._colors["foreground"], size="10pt")

    def _add(self, item: QGraphicsItem) -> QGraphicsItem:
        """Put a plain Qt item into the view (view coordinates; not part of auto-range)."""
        self.plotItem.vb.addItem(item, ignoreBounds=True)
        return item

    def _make_legend(self, corner: str = "top-right") -> pg.LegendItem:
        off = {
            "top-right": (-6, 6),
            "top-left": (6, 6),
            "bottom-right": (-6, -6),
            "bottom-left": (6, -6),
        }[corner]
        legend = pg.LegendItem(offset=off, verSpacing=-4, horSpacing=6)
        legend.setParentItem(self.plotItem.vb)
        legend.setZValue(900)
        legend.layout.setContentsMargins(4, 2, 4, 2)
        self._legend = legend
        return legend

    def _corner_text(self, corner: str, z: float = 950.0) -> CornerText:
        item = CornerText(corner, self.plotItem.vb, z)
        item.setColor(self._colors["muted"])
        item.hide()
        self._corner_items.append(item)
        return item

    def _on_overlay(self, scene_pos: QPointF) -> bool:
        """True when ``scene_pos`` is over the legend or a corner text (not the data)."""
        items = [*self._corner_items, self._legend]
        return any(
            item is not None and item.isVisible() and item.sceneBoundingRect().contains(scene_pos)
            for item in items
        )

    def _view_point(self, scene_pos: QPointF) -> tuple[float, float]:
        """The view coordinates of ``scene_pos``, rounded to what a pixel can tell apart."""
        vb = self.plotItem.vb
        p = vb.mapSceneToView(scene_pos)
        x, y = p.x(), p.y()
        pixel = self._pixel_size()
        if pixel is not None:
            x, y = round_to_pixel(x, pixel[0]), round_to_pixel(y, pixel[1])
        return x, y

    def _place_corner_items(self, *_):
        for item in self._corner_items:
            item.place()

    def _on_mouse_moved(self, pos: QPointF) -> None:
        vb = self.plotItem.vb
        if self.problem is None or not vb.sceneBoundingRect().contains(pos):
            self._readout.setText("")
            return
        p = vb.mapSceneToView(pos)
        try:
            text = self._hover_text(p.x(), p.y())
        except Exception:  # a readout must never break the plot
            text = ""
        self._readout.setText(text)

    def leaveEvent(self, ev):  # noqa: N802
        self._readout.setText("")
        super().leaveEvent(ev)

    def _set_thin(self, thin: bool) -> None:
        """Long curves get 1-pixel pens: Qt strokes wider antialiased pens ~4x slower."""
        if thin != self._thin:
            self._thin = thin
            self._restyle()

    def _forget_drawn(self) -> None:
        """Forget what the half-pixel test compares with (subclasses)."""

    def _on_range_changed(self, *_) -> None:
        if self._stale and self._history is not None:
            self._stale = False
            QTimer.singleShot(0, self._redraw)

    def _redraw(self) -> None:
        if self._history is not None:
            history, status = self._history, self._status
            self._key = None
            self._forget_drawn()
            self.show_history(history, status)

    def _unchanged(self, history, status: str) -> bool:
        key = _history_key(history, status)
        if key == self._key and history is self._history:
            return True
        self._key = key
        self._history = history
        self._status = status
        self.redraws += 1
        return False

    def _pixel_size(self) -> tuple[float, float] | None:
        """The size of a pixel in view coordinates; None before the plot is laid out."""
        vb = self.plotItem.vb
        if not self.isVisible() or vb.width() < 2 or vb.height() < 2:
            return None
        try:
            pw, ph = vb.viewPixelSize()
        except Exception:  # a degenerate view range
            return None
        if not (math.isfinite(pw) and math.isfinite(ph) and pw > 0 and ph > 0):
            return None
        return pw, ph


def _moved_less_than(
    points: np.ndarray,
    ref: tuple[float, float],
    pixel: tuple[float, float] | None,
    limit: float = 0.5,
) -> bool:
    """True when every point of ``points`` (m, 2) lies within ``limit`` pixels of ``ref``."""
    if pixel is None:
        return False
    if points.size == 0:
        return True
    with np.errstate(all="ignore"):
        dx = np.max(np.abs(points[:, 0] - ref[0])) / pixel[0]
        dy = np.max(np.abs(points[:, 1] - ref[1])) / pixel[1]
    return bool(dx < limit and dy < limit)


# --- the fit ----------------------------------------------------------------------------------


class FitPlot(_Plot):
    """The data points, the current fitted line, and faint earlier lines behind it.

    When :attr:`editable`, a click on empty space asks for a new point, a click on a
    point selects it, dragging a point asks to move it, and a right click on a point
    asks to delete it (the signals below; the window's editor does the editing).
    Dragging empty space still pans.
    """

    #: (x, y): a click on empty space
    point_add_requested = Signal(float, float)
    #: (index, x, y, drag, finished): a point dragged; ``drag`` numbers the drag
    point_move_requested = Signal(int, float, float, int, bool)
    #: (index): a right click on a point
    point_delete_requested = Signal(int)
    #: (index or -1): the selected point
    selection_changed = Signal(int)

    def __init__(self, parent=None, theme_name: str = DEFAULT_THEME):
        super().__init__(parent, theme_name)
        self.setAccessibleName(translate("FitPlot", "Fit plot"))
        self.setToolTip(
            translate("FitPlot", "The data and the line the optimizer has fitted so far")
        )
        pi = self.plotItem
        self.selected: int | None = None
        self._shown = (np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64))  # x, y, index
        self._hold_view = 0
        self._drag_index: int | None = None
        self._drag_serial = 0
        pi.vb.click_handler = self._on_click
        pi.vb.drag_handler = self._on_drag
        self._auto_hidden = False
        self._earlier: list[tuple] = []
        self.earlier_data: list[tuple[np.ndarray, np.ndarray]] = []
        self._drawn_ends: tuple[float, float] | None = None
        self._xs = np.zeros(0)
        self._clip = (-math.inf, math.inf)
        self.earlier_lines = [self._add(Polyline(z=1)) for _ in range(EARLIER_FITS)]
        self.data_item = DataScatter(size=7, pxMode=True)
        self.data_item.setZValue(5)  # over the lines
        # painted from a pixmap cache: it does not change while the run does
        self.data_item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        pi.addItem(self.data_item)
        self.fit_line = self._add(Polyline(z=3))
        self.lsq_line = self._add(Polyline(z=2))  # the least-squares line (closed form)
        self.selection_item = self._add(Marker("o", 17, z=6))
        legend = self._make_legend("top-left")
        self._fit_sample = _legend_sample(self.fit_line)
        self._lsq_sample = _legend_sample(self.lsq_line)
        self._earlier_sample = _legend_sample(self.earlier_lines[-1])
        self._earlier_sample.visibleChanged.connect(self._toggle_earlier)
        legend.addItem(self.data_item, translate("FitPlot", "data"))
        legend.addItem(self._lsq_sample, translate("FitPlot", "least squares"))
        legend.addItem(self._fit_sample, translate("FitPlot", "fit now"))
        legend.addItem(self._earlier_sample, translate("FitPlot", "earlier fits"))
        self.caption = self._corner_text("bottom-right")
        self._set_label("bottom", "x")
        self._set_label("left", "y")
        self._set_title(translate("FitPlot", "Fit"))
        self.set_theme(theme_name)

    def _forget_drawn(self) -> None:
        self._drawn_ends = None

    def _toggle_earlier(self) -> None:
        for item in self.earlier_lines:
            item.setVisible(self._earlier_sample.isVisible())

    @staticmethod
    def applies(problem) -> bool:
        """True for problems fitted to data (the plot has something to show)."""
        return (
            problem is not None
            and problem.n_samples is not None
            and hasattr(problem, "predict")
            and hasattr(problem, "x")
        )

    # --- editing ------------------------------------------------------------------------
    @contextlib.contextmanager
    def holding_view(self):
        """Inside, :meth:`set_problem` keeps the view where it is (data edited by hand)."""
        self._hold_view += 1
        try:
            yield
        finally:
            self._hold_view -= 1

    def point_at(self, scene_pos: QPointF, radius: float = HIT_RADIUS) -> int | None:
        """The index (in ``problem.x``) of the drawn data point nearest ``scene_pos``
        within ``radius`` pixels, or None."""
        x, y, index = self._shown
        pixel = self._pixel_size()
        if not x.size or pixel is None:
            return None
        p = self.plotItem.vb.mapSceneToView(scene_pos)
        with np.errstate(all="ignore"):
            d2 = ((x - p.x()) / pixel[0]) ** 2 + ((y - p.y()) / pixel[1]) ** 2
        j = int(np.argmin(d2))
        return int(index[j]) if d2[j] <= radius * radius else None

    def set_selected(self, index: int | None) -> None:
        """Mark data point ``index`` (None: no point) as selected."""
        x = getattr(self.problem, "x", None)
        if index is None or x is None or not 0 <= index < len(x):
            index = None
        changed = index != self.selected
        self.selected = index
        if index is None:
            self.selection_item.set_point(None)
        else:
            p = self.problem
            self.selection_item.set_point(float(p.x[index]), float(p.y[index]))
        if changed:
            self.selection_changed.emit(-1 if index is None else index)

    def _on_click(self, ev) -> bool:
        if not self.editable or not self._xs.size or ev.double():
            return False
        pos = ev.scenePos()
        i = self.point_at(pos)
        if i is None and self._on_overlay(pos):
            return False  # the legend's background: no new point under it
        if ev.button() == Qt.MouseButton.LeftButton:
            if i is not None:
                self.set_selected(i)
            else:
                self.set_selected(None)
                self.point_add_requested.emit(*self._view_point(pos))
            return True
        if ev.button() == Qt.MouseButton.RightButton and i is not None:
            self.point_delete_requested.emit(i)
            return True
        return False  # the view box's menu

    def _on_drag(self, ev) -> bool:
        if ev.isStart():
            self._drag_index = None
            if not self.editable or ev.button() != Qt.MouseButton.LeftButton:
                return False
            i = self.point_at(ev.buttonDownScenePos())
            if i is None:
                return False  # empty space: pan
            self._drag_index = i
            self._drag_serial += 1
            self.set_selected(i)
        i = self._drag_index
        if i is None:
            return False
        if ev.isFinish():
            self._drag_index = None
        x, y = self._view_point(ev.scenePos())
        self.point_move_requested.emit(i, x, y, self._drag_serial, bool(ev.isFinish()))
        return True

    def _on_mouse_moved(self, pos: QPointF) -> None:
        super()._on_mouse_moved(pos)
        if self.editable and self._drag_index is None:
            over = self.point_at(pos) is not None
            self.setCursor(
                Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.CrossCursor
            )

    # --- API ------------------------------------------------------------------------------
    def set_problem(self, problem, experiment=None) -> None:
        self.clear_run()
        self.problem, self.experiment = problem, experiment
        if not self.applies(problem):
            self._auto_hidden = self._auto_hidden or not self.isHidden()
            self.hide()
            self.data_item.clear()
            self.lsq_line.setData([], [])
            self._xs = np.zeros(0)
            self._shown = (np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64))
            self.set_selected(None)
            return
        if self._auto_hidden:
            self._auto_hidden = False
            self.show()
        x = np.asarray(problem.x, dtype=float)
        y = np.asarray(problem.y, dtype=float)
        index = np.arange(x.size)
        ok = np.isfinite(x) & np.isfinite(y)
        if not ok.all():
            x, y, index = x[ok], y[ok], index[ok]
        n_all = x.size
        if n_all > MAX_DATA_POINTS:
            keep = np.sort(np.random.default_rng(0).choice(n_all, MAX_DATA_POINTS, replace=False))
            x, y, index = x[keep], y[keep], index[keep]
        self._shown = (x, y, index)
        size = 7 if x.size <= 200 else 5 if x.size <= 2000 else 3
        self.data_item.setData(x, y, size=size)
        self.set_selected(self.selected)
        legend_text = (
            translate("FitPlot", "data")
            if n_all <= MAX_DATA_POINTS
            else translate("FitPlot", "data ({shown} of {total})").format(
                shown=f"{x.size:,}", total=f"{n_all:,}"
            )
        )
        label = self._legend.getLabel(self.data_item)
        if label is not None:
            label.setText(legend_text)
        # ranges: the data and the best line, and the starting line where it is near
        if x.size:
            xlo, xhi = float(x.min()), float(x.max())
        else:
            xlo, xhi = -1.0, 1.0
        if xhi - xlo <= 0:
            xlo, xhi = xlo - 1.0, xhi + 1.0
        padx = 0.06 * (xhi - xlo)
        self._xs = np.linspace(xlo - 2 * padx, xhi + 2 * padx, 17)
        ys = [y] if y.size else [np.array([-1.0, 1.0])]
        ends = np.array([xlo - padx, xhi + padx])
        opt = None
        try:
            opt = np.asarray(problem.optimum(), dtype=float)
            ys.append(np.asarray(problem.predict(opt, ends), dtype=float))
        except Exception:  # no closed-form optimum: the data alone decides
            opt = None
        ylo = float(np.nanmin(np.concatenate(ys)))
        yhi = float(np.nanmax(np.concatenate(ys)))
        span = max(yhi - ylo, 1e-12 + 1e-9 * max(abs(ylo), abs(yhi)))
        try:
            init = _initial_params(problem, experiment)
            yi = np.asarray(problem.predict(init, ends), dtype=float)
            if np.all(np.isfinite(yi)):
                ylo = min(ylo, max(float(yi.min()), ylo - span))
                yhi = max(yhi, min(float(yi.max()), yhi + span))
        except Exception:  # a start the model cannot evaluate: leave the range to the data
            pass
        pady = 0.08 * (yhi - ylo) if yhi > ylo else 1.0
        if not self._hold_view:
            self.plotItem.vb.setRange(
                xRange=(xlo - padx, xhi + padx), yRange=(ylo - pady, yhi + pady), padding=0
            )
        self._clip = (ylo - 1e3 * (yhi - ylo + 1), yhi + 1e3 * (yhi - ylo + 1))
        if opt is not None and np.all(np.isfinite(opt)):
            self.lsq_line.setData(*self._line(opt))
        else:
            self.lsq_line.setData([], [])
        self._set_title(translate("FitPlot", "Fit: {model}").format(model=problem.title or ""))

    def clear_run(self) -> None:
        super().clear_run()
        self._clear_lines()

    def _clear_lines(self) -> None:
        self.fit_line.setData([], [])
        for item in self.earlier_lines:
            item.setData([], [])
        self.earlier_data = []
        self._earlier = []
        self._drawn_ends = None
        self.caption.setText("")

    def _line(self, theta: np.ndarray):
        if not np.all(np.isfinite(theta)):
            return np.zeros(0), np.zeros(0)
        with np.errstate(all="ignore"):
            y = np.asarray(self.problem.predict(theta, self._xs), dtype=float)
        ok = np.isfinite(y)
        return self._xs[ok], np.clip(y[ok], *self._clip)

    def show_history(self, history, status: str = "") -> None:
        if self.problem is None or not self._xs.size or self._unchanged(history, status):
            return
        n = len(history)
        if n == 0:
            self._clear_lines()
            return
        params = history.params
        x, y = self._line(params[-1])
        # the line is redrawn only when it moved by half a pixel or more
        ends = (float(y[0]), float(y[-1])) if y.size == self._xs.size else None
        pixel = self._pixel_size()
        if (
            ends is None
            or self._drawn_ends is None
            or pixel is None
            or max(abs(ends[0] - self._drawn_ends[0]), abs(ends[1] - self._drawn_ends[1]))
            >= 0.5 * pixel[1]
        ):
            self.fit_line.setData(x, y)
            self._drawn_ends = ends
        else:
            self._stale = True
        # snapshots at rows 0, 1, 2, 4, 8, ... (stable as the history grows)
        rows = [0] + [1 << k for k in range(max(n - 2, 1).bit_length()) if (1 << k) < n - 1]
        rows = [r for r in dict.fromkeys(rows) if r < n - 1]
        rows = rows[:1] + rows[1:][-(EARLIER_FITS - 1) :]  # the start, and the recent past
        wanted = [tuple(params[r].tolist()) for r in rows]
        if wanted != self._earlier:  # most frames the snapshots have not moved
            self._earlier = wanted
            self.earlier_data = [self._line(np.array(theta)) for theta in wanted]
            free = EARLIER_FITS - len(wanted)
            for i, item in enumerate(self.earlier_lines):
                xy = self.earlier_data[i - free] if i >= free else (np.zeros(0), np.zeros(0))
                item.setData(*xy)
        p = self.problem  # on the data's scale (a standardized problem converts)
        shown = np.asarray(p.shown_params(params[-1]), dtype=float).reshape(-1)
        self.caption.setText("   ".join(f"{nm} = {fmt(v)}" for nm, v in zip(p.shown_names, shown)))

    def _hover_text(self, x: float, y: float) -> str:
        text = f"x = {fmt(x)}   y = {fmt(y)}"
        h = self._history
        if h is not None and len(h) and np.all(np.isfinite(h.params[-1])):
            yhat = float(self.problem.predict(h.params[-1], float(x)))
            text += "\n" + translate("FitPlot", "fit: ŷ = {value}").format(value=fmt(yhat))
        return text

    def _restyle(self) -> None:
        t = self._colors
        self.data_item.setBrush(pg.mkBrush(t["data"]))
        self.data_item.setPen(pg.mkPen(t["data_edge"], width=1))
        pen = pg.mkPen(self._run_color, width=2.5)
        self.fit_line.setPen(pen)
        self._fit_sample.setPen(pen)
        lsq = pg.mkPen(t["foreground"], width=1.6, style=Qt.PenStyle.DashLine)
        self.lsq_line.setPen(lsq)
        self._lsq_sample.setPen(lsq)
        self.selection_item.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self.selection_item.setPen(pg.mkPen(self._run_color, width=2.5))
        n = EARLIER_FITS  # oldest (faintest) first
        for i, item in enumerate(self.earlier_lines):
            item.setPen(pg.mkPen(_alpha(self._run_color, int(50 + 100 * (i + 1) / n)), width=1))
        self._earlier_sample.setPen(self.earlier_lines[-1].pen())
        self.caption.setColor(t["foreground"])


# --- the loss ---------------------------------------------------------------------------------


class RangeAnchor(pg.GraphicsObject):
    """An invisible item whose data bounds the view's auto-range follows.

    The loss plot moves these bounds in round steps; following the curve itself
    would change the axes, and lay them out again, on every frame.
    """

    def __init__(self):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self._bounds: tuple[float, float, float, float] | None = None

    def set_bounds(self, bounds: tuple[float, float, float, float] | None) -> None:
        """``(x0, x1, y0, y1)`` in view coordinates, or None."""
        if bounds != self._bounds:
            self._bounds = bounds
            self.informViewBoundsChanged()

    @property
    def bounds(self):
        return self._bounds

    def dataBounds(self, axis, frac=1.0, orthoRange=None):  # noqa: N802, N803
        if self._bounds is None:
            return None, None
        return self._bounds[0:2] if axis == 0 else self._bounds[2:4]

    def boundingRect(self):  # noqa: N802
        return QRectF()

    def paint(self, *args):
        pass


class LossPlot(_Plot):
    """Loss per step, an epoch axis on top, a log-scale toggle, the current value marked."""

    def __init__(self, parent=None, theme_name: str = DEFAULT_THEME):
        self._epoch_axis = EpochAxis("top")
        super().__init__(parent, theme_name)
        self.setAccessibleName(translate("LossPlot", "Loss plot"))
        self.setToolTip(translate("LossPlot", "The loss after every step"))
        pi = self.plotItem
        pi.setAxisItems({"top": self._epoch_axis, "left": LossAxis("left")})
        pi.showAxis("top")
        self._log = False
        self._decimator = MinMaxDecimator(MAX_POINTS)
        self._decimated = None  # the history the decimator has seen
        self._drawn: tuple | None = None  # (rows, x, y) of the last drawn point
        self._note_time = 0.0
        self._spe = 1
        self._spe_from_history: tuple[int, int] | None = None
        self.curve = self._add(Polyline(z=2))
        self.range_item = RangeAnchor()
        pi.vb.addItem(self.range_item)
        self.marker = self._add(Marker("o", 9))
        self.value_label = self._add(Label((1.0, 1.0)))
        self.note = self._corner_text("top-right")  # a falling curve leaves it empty
        pi.vb.enableAutoRange(x=True, y=True)
        pi.vb.setDefaultPadding(0.04)
        # the log-scale toggle: an action (context menu, window menus) and a corner button
        self.action_log_scale = QAction(translate("LossPlot", "&Log scale"), self)
        self.action_log_scale.setCheckable(True)
        self.action_log_scale.setToolTip(
            translate(
                "LossPlot",
                "Show the loss on a logarithmic scale (non-positive values are left out)",
            )
        )
        self.action_log_scale.toggled.connect(self.set_log_scale)
        pi.vb.menu.addSeparator()
        pi.vb.menu.addAction(self.action_log_scale)
        pi.ctrl.logYCheck.toggled.connect(self.set_log_scale)
        self.log_button = QToolButton(self)
        self.log_button.setCheckable(True)
        self.log_button.toggled.connect(self.set_log_scale)
        self.log_button.setText(translate("LossPlot", "log"))
        self.log_button.setAccessibleName(translate("LossPlot", "Logarithmic loss scale"))
        self.log_button.setToolTip(self.action_log_scale.toolTip())
        self.log_button.setAutoRaise(True)
        self.log_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self._set_label("bottom", translate("LossPlot", "step"))
        self._set_label("left", translate("LossPlot", "loss"))
        self._set_title(translate("LossPlot", "Loss"))
        self._apply_epoch_axis()
        self.set_theme(theme_name)

    # --- log scale ------------------------------------------------------------------------
    @property
    def log_scale(self) -> bool:
        return self._log

    def set_log_scale(self, on: bool) -> None:
        """Logarithmic loss axis on or off; non-positive losses are then left out."""
        on = bool(on)
        if on == self._log:
            return
        self._log = on
        for control in (self.action_log_scale, self.log_button):
            blocked = control.blockSignals(True)
            control.setChecked(on)
            control.blockSignals(blocked)
        history, status = self._history, self._status
        self.clear_run()
        self.plotItem.setLogMode(x=False, y=on)
        self._decimator = MinMaxDecimator(MAX_POINTS, positive=on)
        if history is not None:
            self.show_history(history, status)
        self.plotItem.vb.enableAutoRange(x=True, y=True)

    # --- API ------------------------------------------------------------------------------
    def set_problem(self, problem, experiment=None) -> None:
        self.clear_run()
        self.problem, self.experiment = problem, experiment
        n = problem.n_samples
        bs = experiment.batch_size if experiment is not None else None
        self._spe = 1 if (n is None or bs is None or bs >= n) else -(-n // bs)
        self._spe_from_history = None
        self._apply_epoch_axis()
        if n is not None:
            self._set_label("left", translate("LossPlot", "loss (MSE)"))
        else:
            names = ", ".join(problem.param_names)
            self._set_label("left", translate("LossPlot", "loss f({names})").format(names=names))
        self._title_status = None
        self._set_title(translate("LossPlot", "Loss"))
        self.plotItem.vb.enableAutoRange(x=True, y=True)

    def clear_run(self) -> None:
        super().clear_run()
        self._clear_items()

    def _clear_items(self) -> None:
        self._decimator.reset()
        self._drawn = None
        self.range_item.set_bounds(None)
        self.curve.setData([], [])
        self.marker.set_point(None)
        self.value_label.setText("")
        self.note.setText("")

    def _forget_drawn(self) -> None:
        self._drawn = None

    def _apply_epoch_axis(self) -> None:
        spe = self._spe
        self._epoch_axis.set_steps_per_epoch(spe)
        if spe > 1:
            self.plotItem.showAxis("top")
            self._set_label("top", translate("LossPlot", "epoch ({n} steps each)").format(n=spe))
            self._set_label("bottom", translate("LossPlot", "step"))
        else:
            self.plotItem.hideAxis("top")
            self._set_label("bottom", translate("LossPlot", "step = epoch (full batch)"))

    def _update_steps_per_epoch(self, history) -> None:
        n = len(history)
        if n < 2 or self._spe_from_history is not None:
            return
        epoch = history.epoch
        if epoch[-1] < 1:
            return
        i = int(np.searchsorted(epoch, 1))
        spe = int(history.step[i]) - 1 if i < n else 0
        if spe >= 1:
            self._spe_from_history = (spe, i)
            if spe != self._spe:
                self._spe = spe
                self._apply_epoch_axis()

    def _y_view(self, y: np.ndarray) -> np.ndarray:
        """Loss values in view coordinates (log10 on a log scale)."""
        if not self._log:
            return y
        with np.errstate(all="ignore"):
            return np.log10(y)

    def show_history(self, history, status: str = "") -> None:
        if self._unchanged(history, status):
            return
        n = len(history)
        self._update_title(status)
        if n == 0:
            self._clear_items()
            return
        self._update_steps_per_epoch(history)
        if history is not self._decimated:
            self._decimator.reset()
            self._drawn = None
            self._decimated = history
        loss, steps = history.loss, history.step
        last = float(loss[-1])
        step = int(steps[-1])
        # skip the curve when the new steps all lie within half a pixel of the drawn end
        drawn = self._drawn
        if drawn is not None and drawn[0] <= n and status == drawn[3]:
            new = np.column_stack(
                [steps[drawn[0] - 1 :].astype(float), self._y_view(loss[drawn[0] - 1 :])]
            )
            skip = _moved_less_than(new, (drawn[1], drawn[2]), self._pixel_size())
            if skip:  # these rows are drawn, as far as the eye can tell: check only newer ones
                self._drawn = (n, *drawn[1:])
                self._stale = True
        else:
            skip = False
        if not skip:
            idx = self._decimator.update(loss)
            self._set_thin(len(idx) > THIN_ABOVE)
            xd, yd = steps[idx].astype(float), self._y_view(loss[idx])
            self.curve.setData(xd, yd)
            self._update_range(xd, yd)
            shown = math.isfinite(last) and (last > 0 or not self._log)
            yv = math.log10(last) if shown and self._log else last
            if shown:
                self.marker.set_point(float(step), yv)
                self.value_label.setPos(float(step), yv)
                self.value_label.setText(fmt(last, 5))
            else:
                self.marker.set_point(None)
                self.value_label.setText("")
            self._drawn = (n, float(step), yv, status)
        # the note changes every step: at most four times a second while running
        now = time.monotonic()
        if not skip or status != "running" or now - self._note_time > 0.25:
            self._note_time = now
            self.note.setText(self._note_text(step, last, self._decimator.invalid))

    def _note_text(self, step: int, last: float, hidden: int) -> str:
        notes = []
        spe = self._spe
        if spe > 1:
            notes.append(
                translate("LossPlot", "step {step} · epoch {epoch}").format(
                    step=step, epoch=fmt(step / spe, 5)
                )
            )
        else:
            notes.append(translate("LossPlot", "step {step}").format(step=step))
        notes.append(translate("LossPlot", "loss {value}").format(value=fmt(last, 6)))
        if hidden:
            notes.append(
                translate("LossPlot", "{n} non-positive value(s) not shown").format(n=f"{hidden:,}")
                if self._log
                else translate("LossPlot", "{n} non-finite value(s) not shown").format(
                    n=f"{hidden:,}"
                )
            )
        return "   ".join(notes)

    def _update_range(self, x: np.ndarray, y: np.ndarray) -> None:
        """Move the auto-range corners when the drawn curve outgrows them (view coords)."""
        ok = np.isfinite(y)
        if not ok.any():
            return
        x0 = float(x[0])
        x1 = max(x0 + 1.0, _nice_ceil(float(x[-1])))
        lo, hi = float(y[ok].min()), float(y[ok].max())
        if self._log:  # y is log10(loss): half decades
            ylo, yhi = math.floor(2 * lo) / 2, math.ceil(2 * hi) / 2
        else:
            span = hi - lo if hi > lo else (abs(hi) or 1.0)
            q = 10 ** math.floor(math.log10(span)) / 2
            ylo, yhi = math.floor(lo / q) * q, math.ceil(hi / q) * q
        if yhi <= ylo:
            yhi = ylo + (abs(ylo) or 1.0)
        self.range_item.set_bounds((x0, x1, ylo, yhi))

    def _update_title(self, status: str) -> None:
        if getattr(self, "_title_status", None) == status:
            return
        self._title_status = status
        title = translate("LossPlot", "Loss")
        if status:
            title = translate("LossPlot", "Loss ({status})").format(status=_status_text(status))
        self._set_title(title)

    def _hover_text(self, x: float, y: float) -> str:
        h = self._history
        if h is None or len(h) == 0:
            v = 10**y if self._log else y
            return translate("LossPlot", "loss {value}").format(value=fmt(v))
        steps = h.step
        i = int(np.clip(np.searchsorted(steps, x), 0, len(h) - 1))
        if i > 0 and abs(steps[i - 1] - x) < abs(steps[i] - x):
            i -= 1
        step = int(steps[i])
        where = translate("LossPlot", "step {step}").format(step=step)
        if self._spe > 1:
            where += " · " + translate("LossPlot", "epoch {epoch}").format(
                epoch=fmt(step / self._spe, 5)
            )
        return (
            where
            + "\n"
            + translate("LossPlot", "loss {value}").format(value=fmt(float(h.loss[i]), 6))
        )

    def resizeEvent(self, ev):  # noqa: N802
        super().resizeEvent(ev)
        if hasattr(self, "log_button"):
            b = self.log_button
            b.adjustSize()
            b.move(self.width() - b.width() - 4, 4)

    def _restyle(self) -> None:
        t = self._colors
        self.curve.setPen(pg.mkPen(self._run_color, width=1 if self._thin else 1.8))
        self.marker.setBrush(pg.mkBrush(self._run_color))
        self.marker.setPen(pg.mkPen(t["marker_edge"], width=1.5))
        self.value_label.setBrush(QBrush(QColor(t["foreground"])))
        self.note.setColor(t["muted"])
        fg, bg = t["foreground"], t["background"]
        self.log_button.setStyleSheet(
            f"QToolButton {{ color: {fg}; background: {bg}; border: 1px solid {t['axis']};"
            f" border-radius: 3px; padding: 1px 6px; }}"
            f"QToolButton:checked {{ background: {self._run_color}; color: #ffffff;"
            f" border-color: {self._run_color}; }}"
        )


# --- the path over the loss surface -----------------------------------------------------------


class TrajectoryPlot(_Plot):
    """The optimizer's path over the loss surface (2 parameters) or the curve L(w) (1 parameter).

    The surface (or curve), its contour lines and the known minima are built once per
    :meth:`set_problem`; :meth:`show_history` moves only the path, the current point and,
    for 2 parameters, two arrows there: −∇f (the way down, at a fixed length) and the
    last step θ_k − θ_{k−1} (at its true length).

    When :attr:`editable`, a click (a press and release without moving) asks to start
    the run there (:attr:`start_requested`, in the plot's coordinates); dragging pans.
    """

    #: (x, y) in view coordinates: w (and b) in the optimizer's parameters, or (x, y)
    start_requested = Signal(float, float)

    def __init__(self, parent=None, theme_name: str = DEFAULT_THEME):
        super().__init__(parent, theme_name)
        self.setAccessibleName(translate("TrajectoryPlot", "Trajectory plot"))
        self.setToolTip(
            translate("TrajectoryPlot", "The path of the parameters over the loss surface")
        )
        pi = self.plotItem
        pi.vb.click_handler = self._on_click
        self.dim = 0
        self.ranges: list[tuple[float, float]] = []
        self.surface_values: np.ndarray | None = None
        self.color_scale = "linear"
        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setZValue(-100)
        self.image.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.image.hide()
        pi.addItem(self.image)
        self.contours: list[ContourItem] = []  # one item drawing every level
        self._contour_item: ContourItem | None = None  # reused from surface to surface
        self._legend_key: list | None = None
        self.contour_levels: list[float] = []
        self.curve = self._add(Polyline(z=-50))  # L(w) for one parameter
        self.path_item = self._add(Polyline(z=5))
        self.path_dots = pg.ScatterPlotItem(size=4, pen=None)  # the steps of short paths
        self.path_dots.setZValue(6)
        pi.addItem(self.path_dots, ignoreBounds=True)
        self.start_item = self._add(Marker("o", 9, z=8))
        self.optimum_items: list[Marker] = []
        self.current_item = self._add(Marker("o", 11, z=10))
        self.grad_arrow = self._add(Arrow(z=11))
        self.grad_arrow.set_text("−∇f")
        self.step_arrow = self._add(Arrow(z=12))  # over −∇f: it is the shorter one, mostly
        self.step_arrow.set_text(translate("TrajectoryPlot", "step"))
        self._arrow_state: tuple | None = None  # (theta, grad, previous theta) drawn
        pi.vb.sigRangeChanged.connect(self._place_arrows)
        pi.vb.sigResized.connect(self._place_arrows)
        self.message = self._corner_text("bottom-left")
        self._path_sample = _legend_sample(self.path_item)
        self._current_sample = _legend_sample(
            self.current_item, pen=None, symbol="o", symbolSize=10
        )
        self._optimum_sample = pg.PlotDataItem([0.0], [0.0], pen=None, symbol="star", symbolSize=14)
        self._optimum_sample.visibleChanged.connect(self._toggle_optimum)
        self._make_legend("top-right")
        self._drawn: tuple | None = None  # (rows, x, y, stride) last drawn
        self._set_title(translate("TrajectoryPlot", "Path over the loss surface"))
        self.set_theme(theme_name)

    def _forget_drawn(self) -> None:
        self._drawn = None

    def _toggle_optimum(self) -> None:
        for m in self.optimum_items:
            m.setVisible(self._optimum_sample.isVisible())

    @property
    def optimum_points(self) -> list[tuple[float, float]]:
        """Where the optimum / minima markers are (view coordinates)."""
        return [(m.pos().x(), m.pos().y()) for m in self.optimum_items]

    # --- static items ---------------------------------------------------------------------
    def set_problem(self, problem, experiment=None) -> None:
        self.clear_run()
        self.problem, self.experiment = problem, experiment
        for c in self.contours:  # kept for the next surface (building one costs ~7 ms)
            c.hide()
        self.contours = []
        self.contour_levels = []
        for m in self.optimum_items:
            if m.scene() is not None:
                self.plotItem.vb.removeItem(m)
        self.optimum_items = []
        self.image.hide()
        self.curve.setData([], [])
        self.surface_values = None
        names = problem.param_names
        self.dim = len(names)
        self.message.setText("")
        if self.dim not in (1, 2):
            self.ranges = []
            self.message.setText(
                translate(
                    "TrajectoryPlot", "No picture for {n} parameters (only for 1 or 2)."
                ).format(n=self.dim)
            )
            self._fill_legend([])
            return
        self.ranges = parameter_range(problem, experiment)
        minima = _known_minima(problem, self.dim)
        is_line = problem.n_samples is not None
        opt_name = (
            translate("TrajectoryPlot", "optimum")
            if is_line
            else translate("TrajectoryPlot", "minimum")
            if len(minima) == 1
            else translate("TrajectoryPlot", "minima")
        )
        vb = self.plotItem.vb
        standardized = problem.standardized
        if self.dim == 2:
            self._build_surface(problem)
            (x0, x1), (y0, y1) = self.ranges
            vb.disableAutoRange()
            vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
            if standardized:
                std = translate("TrajectoryPlot", "{name} (standardized)")
                self._set_label("bottom", std.format(name=names[0]))
                self._set_label("left", std.format(name=names[1]))
                title = translate(
                    "TrajectoryPlot", "Loss over the standardized parameters {names} and path"
                )
            else:
                self._set_label("bottom", names[0])
                self._set_label("left", names[1])
                title = translate("TrajectoryPlot", "Loss surface L({names}) and path")
            if not is_line:
                title = translate("TrajectoryPlot", "{title}: path").format(
                    title=problem.title or problem.name
                )
            self._set_title(title.format(names=", ".join(names)))
            points = [(float(m[0]), float(m[1])) for m, _ in minima]
        else:
            ((x0, x1),) = self.ranges
            w = np.linspace(x0, x1, CURVE_GRID)
            with np.errstate(all="ignore"):
                v = np.asarray(problem.value(w[:, None]), dtype=float).reshape(-1)
            self.surface_values = v
            ok = np.isfinite(v)
            self.curve.setData(w[ok], v[ok])
            self._set_label(
                "left", translate("TrajectoryPlot", "loss L({name})").format(name=names[0])
            )
            if standardized:
                self._set_label(
                    "bottom",
                    translate("TrajectoryPlot", "{name} (standardized)").format(name=names[0]),
                )
                title = translate(
                    "TrajectoryPlot", "Loss over the standardized parameter {name} and path"
                )
            else:
                self._set_label("bottom", names[0])
                title = translate("TrajectoryPlot", "Loss curve L({name}) and path")
            self._set_title(title.format(name=names[0]))
            vb.disableAutoRange()
            if ok.any():
                lo, hi = float(v[ok].min()), float(v[ok].max())
                pad = 0.06 * (hi - lo) if hi > lo else 1.0
                vb.setRange(xRange=(x0, x1), yRange=(lo - pad, hi + pad), padding=0)
            else:
                vb.setRange(xRange=(x0, x1), padding=0)
            points = [(float(m[0]), v) for m, v in minima if math.isfinite(v)]
        for px, py in points:
            m = self._add(Marker("star", 15, z=9))
            m.set_point(px, py)
            self.optimum_items.append(m)
        entries = [
            (self._path_sample, translate("TrajectoryPlot", "path")),
            (self._current_sample, translate("TrajectoryPlot", "now")),
        ]
        if points:
            entries.append((self._optimum_sample, opt_name))
        self._fill_legend(entries)
        self._restyle()
        self._refresh_legend()

    def _fill_legend(self, entries) -> None:
        key = [(id(item), name) for item, name in entries]
        if key == self._legend_key:
            return  # the same entries (data edited by hand: a new problem many times a second)
        self._legend_key = key
        self._legend.clear()
        for item, name in entries:
            self._legend.addItem(item, name)
        self._legend.setVisible(len(entries) > 1)
        t = self._colors
        for _, label in self._legend.items:
            label.setText(label.text, color=t["foreground"])

    def _build_surface(self, problem) -> None:
        (x0, x1), (y0, y1) = self.ranges
        n = SURFACE_GRID
        gx = np.linspace(x0, x1, n)
        gy = np.linspace(y0, y1, n)
        X, Y = np.meshgrid(gx, gy, indexing="ij")
        theta = np.column_stack([X.ravel(), Y.ravel()])
        with np.errstate(all="ignore"):
            v = np.asarray(problem.value(theta), dtype=float).reshape(n, n)
        self.surface_values = v
        z, levels = self._colour_scale(v)
        dx = (x1 - x0) / (n - 1)
        dy = (y1 - y0) / (n - 1)
        self.image.setImage(z, autoLevels=False, levels=self._levels)
        # pixel (i, j) is centred on grid point (x_i, y_j)
        self.image.setRect(QRectF(x0 - dx / 2, y0 - dy / 2, n * dx, n * dy))
        self.image.show()
        zc = np.where(np.isfinite(z), z, np.nanmax(z) if np.isfinite(z).any() else 0.0)
        self.contour_levels = levels
        if levels:
            c = self._contour_item
            if c is None:
                c = ContourItem(zc, level=levels, axisOrder="col-major")
                c.setParentItem(self.image)
                c.setPos(0.5, 0.5)  # grid point (i, j) is the centre of pixel (i, j)
                c.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
                c.setPen(pg.mkPen(self._colors["contour"], width=1))
                self._contour_item = c
            else:
                c.setData(zc, level=levels)
                c.show()
            self.contours.append(c)

    def _colour_scale(self, v: np.ndarray):
        """Colour values and contour levels for the surface ``v``.

        Colours follow log10(v − min) when the values span decades (the median below 5 %
        of the 99th percentile, or the 5th percentile below 1/300 of it), else sqrt(v − min)
        (even spacing for the bowls of least squares). Contour levels are evenly
        spaced in the same scale, between the minimum and the 95th percentile.
        """
        finite = np.isfinite(v)
        if not finite.any():
            self._levels = (0.0, 1.0)
            self.color_scale = "linear"
            return np.zeros_like(v), []
        vmin = float(v[finite].min())
        s = np.where(finite, v - vmin, np.nan)
        low, med, hi = (float(q) for q in np.nanpercentile(s, [5, 50, 99]))
        if hi <= 0:
            self._levels = (0.0, 1.0)
            self.color_scale = "linear"
            return np.where(finite, 0.0, np.nan), []
        # decades: most of the picture far below its peaks, or a narrow valley (Rosenbrock)
        if med / hi < 0.05 or hi > 300 * low:
            self.color_scale = "log"
            floor = hi * 1e-4
            z = np.log10(s + floor)
            lo, top = math.log10(floor), math.log10(hi + floor)
        else:
            self.color_scale = "sqrt"
            z = np.sqrt(s)
            lo, top = 0.0, math.sqrt(hi)
        self._levels = (lo, top)
        p95 = float(np.nanpercentile(z, 95))
        levels = np.linspace(lo, p95, CONTOURS + 1)[1:]
        return z, [float(lv) for lv in levels]

    # --- dynamic items --------------------------------------------------------------------
    def clear_run(self) -> None:
        super().clear_run()
        self._clear_items()

    def _clear_items(self) -> None:
        self._drawn = None
        self.path_item.setData([], [])
        self.path_dots.clear()
        self.start_item.set_point(None)
        self.current_item.set_point(None)
        self._arrow_state = None
        self.grad_arrow.hide()
        self.step_arrow.hide()

    # --- clicks ---------------------------------------------------------------------------
    def _on_click(self, ev) -> bool:
        if (
            not self.editable
            or self.dim not in (1, 2)
            or ev.button() != Qt.MouseButton.LeftButton
            or ev.double()
            or self._on_overlay(ev.scenePos())
        ):
            return False
        self.start_requested.emit(*self._view_point(ev.scenePos()))
        return True

    # --- arrows ---------------------------------------------------------------------------
    def _set_arrows(self, history) -> None:
        """Remember what the arrows show at the history's last row, and draw them."""
        if self.dim != 2 or len(history) == 0:
            self._arrow_state = None
        else:
            theta = history.params[-1, :2].astype(float)
            grad = history.grad[-1, :2].astype(float)
            prev = history.params[-2, :2].astype(float) if len(history) > 1 else None
            self._arrow_state = (theta, grad, prev)
        self._place_arrows()

    def _pixel_vector(self, x: float, y: float, v: np.ndarray) -> tuple[float, float] | None:
        """The view-coordinate vector ``v`` at (x, y) in scene pixels (y down)."""
        pixel = self._pixel_size()
        if pixel is None:
            return None
        vb = self.plotItem.vb
        pw, ph = pixel
        a = vb.mapViewToScene(QPointF(x, y))
        ex = vb.mapViewToScene(QPointF(x + pw, y)) - a  # one pixel along x
        ey = vb.mapViewToScene(QPointF(x, y + ph)) - a  # one pixel along y
        px = v[0] / pw * ex.x() + v[1] / ph * ey.x()
        py = v[0] / pw * ex.y() + v[1] / ph * ey.y()
        if not (math.isfinite(px) and math.isfinite(py)):
            return None
        return px, py

    def _place_arrows(self, *_) -> None:
        state = self._arrow_state
        if state is None:
            self.grad_arrow.hide()
            self.step_arrow.hide()
            return
        theta, grad, prev = state
        x, y = float(theta[0]), float(theta[1])
        if not (math.isfinite(x) and math.isfinite(y)):
            self.grad_arrow.hide()
            self.step_arrow.hide()
            return
        # −∇f: the direction only, GRAD_ARROW_PX long
        down = -grad
        pv = self._pixel_vector(x, y, down) if np.all(np.isfinite(down)) else None
        n = math.hypot(*pv) if pv is not None else 0.0
        gv = None  # the −∇f arrow on screen
        if pv is not None and n > 0:
            k = GRAD_ARROW_PX / n
            gv = (pv[0] * k, pv[1] * k)
            self.grad_arrow.set_arrow(x, y, down * k, gv)
        else:
            self.grad_arrow.hide()
        # the last step, drawn from the current point forward: θ_k − θ_{k−1}
        if prev is None or not np.all(np.isfinite(prev)):
            self.step_arrow.hide()
            return
        step = theta - prev
        pv = self._pixel_vector(x, y, step)
        n = math.hypot(*pv) if pv is not None else 0.0
        if pv is None or n == 0:
            self.step_arrow.hide()
            return
        lo, hi = STEP_ARROW_PX
        k = min(max(n, lo), hi) / n
        sv = (pv[0] * k, pv[1] * k)
        # its text beside the shaft, on the side away from the −∇f arrow
        side = 1
        if gv is not None and sv[0] * gv[1] - sv[1] * gv[0] < 0:
            side = -1
        self.step_arrow.set_arrow(x, y, step * k, sv, side=side)

    def _points(self, history, rows) -> np.ndarray:
        """(m, 2) view coordinates of history rows ``rows`` (a slice or indices)."""
        params = history.params
        if self.dim == 2:
            return params[rows, :2]
        return np.column_stack([params[rows, 0], history.loss[rows]])

    def show_history(self, history, status: str = "") -> None:
        if self.problem is None or self.dim not in (1, 2) or self._unchanged(history, status):
            return
        n = len(history)
        if n == 0:
            self._clear_items()
            return
        stride = 1 if n <= MAX_POINTS else int(decimate_stride(n, MAX_POINTS)[1])
        drawn = self._drawn
        if drawn is not None and drawn[0] <= n and drawn[3] == stride and drawn[4] is history:
            # nothing to draw when every new point is within half a pixel of the drawn end
            new = self._points(history, slice(drawn[0] - 1, n))
            if _moved_less_than(new, (drawn[1], drawn[2]), self._pixel_size()):
                self._drawn = (n, *drawn[1:])  # next time, check only the newer rows
                self._stale = True
                return
        idx = decimate_stride(n, MAX_POINTS)
        pts = self._points(history, idx)
        ok = np.isfinite(pts).all(axis=1)
        if not ok.all():
            pts = pts[ok]
        xs, ys = pts[:, 0], pts[:, 1]
        self._set_thin(xs.size > THIN_ABOVE)
        self.path_item.setData(xs, ys)
        if xs.size <= 400:
            self.path_dots.setData(xs, ys)
        elif len(self.path_dots.data):
            self.path_dots.clear()
        if xs.size:
            self.start_item.set_point(float(xs[0]), float(ys[0]))
            self.current_item.set_point(float(xs[-1]), float(ys[-1]))
            self._drawn = (n, float(xs[-1]), float(ys[-1]), stride, history)
        else:
            self.start_item.set_point(None)
            self.current_item.set_point(None)
            self._drawn = None
        self._set_arrows(history)
        self.message.setText(self._outside_note(history.params[-1]))

    def _outside_note(self, theta: np.ndarray) -> str:
        """A note when the current point has left the plotted range."""
        if not self.ranges or len(theta) != len(self.ranges):
            return ""
        inside = all(lo <= v <= hi for v, (lo, hi) in zip(theta, self.ranges))
        if inside:
            return ""
        names = self.problem.param_names
        where = ", ".join(f"{nm} = {fmt(v)}" for nm, v in zip(names, theta))
        return translate("TrajectoryPlot", "now outside the picture: {where}").format(where=where)

    def _hover_text(self, x: float, y: float) -> str:
        problem = self.problem
        names = problem.param_names
        theta = np.array([[x, y]]) if self.dim == 2 else np.array([[x]])
        if self.dim not in (1, 2):
            return ""
        v = float(np.asarray(problem.value(theta))[0])
        text = "   ".join(f"{nm} = {fmt(t)}" for nm, t in zip(names, theta[0]))
        if problem.standardized:  # and what they mean on the data's scale
            shown = np.asarray(problem.shown_params(theta[0]), dtype=float).reshape(-1)
            text += "\n" + "   ".join(
                f"{nm} = {fmt(t)}" for nm, t in zip(problem.shown_names, shown)
            )
        return text + "\n" + translate("TrajectoryPlot", "loss {value}").format(value=fmt(v, 6))

    def _restyle(self) -> None:
        t = self._colors
        cmap = pg.colormap.get(t["colormap"])
        if t.get("colormap_reverse"):
            cmap.reverse()
        self.image.setColorMap(cmap)
        self.image.setOpacity(t["surface_opacity"])
        pen = pg.mkPen(t["contour"], width=1)
        for c in self.contours:
            c.setPen(pen)
            c.update()
        self.curve.setPen(pg.mkPen(t["muted"], width=2))
        rc = self._run_color
        path_pen = pg.mkPen(rc, width=1 if self._thin else 2)
        self.path_item.setPen(path_pen)
        self._path_sample.setPen(path_pen)
        self.path_dots.setBrush(pg.mkBrush(rc))
        self.start_item.setPen(pg.mkPen(rc, width=2))
        self.start_item.setBrush(pg.mkBrush(t["background"]))
        edge = pg.mkPen(t["marker_edge"], width=1.5)
        self.current_item.setBrush(pg.mkBrush(rc))
        self.current_item.setPen(edge)
        self._current_sample.setSymbolBrush(pg.mkBrush(rc))
        self._current_sample.setSymbolPen(edge)
        for m in self.optimum_items:
            m.setBrush(pg.mkBrush(t["optimum"]))
            m.setPen(pg.mkPen(t["optimum_edge"], width=1))
        self._optimum_sample.setSymbolBrush(pg.mkBrush(t["optimum"]))
        self._optimum_sample.setSymbolPen(pg.mkPen(t["optimum_edge"], width=1))
        self.message.setColor(t["muted"])
        rim = t["background"]
        self.grad_arrow.set_colours(
            ARROW_COLORS.get(self._theme_name, ARROW_COLORS["dark"]), rim, t["legend_brush"]
        )
        self.step_arrow.set_colours(rc, rim, t["legend_brush"])


def all_plots(widget) -> Sequence[_Plot]:
    """The plots inside ``widget`` (for theme switches and exports)."""
    return widget.findChildren(_Plot)
