"""The plots' maths without Qt: decimation, contours, parameter ranges, optimum targets.

numpy only (the plots in :mod:`gdgui.ui.plots` draw what these compute), so it is
tested without a display.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "MAX_POINTS",
    "CORNERS",
    "ColourScale",
    "MinMaxDecimator",
    "choose_corners",
    "colour_ticks",
    "contour_segments",
    "corner_rect",
    "decimate_stride",
    "follow_curve",
    "fmt",
    "initial_params",
    "known_minima",
    "nice_ceil",
    "optimum_targets",
    "parameter_range",
    "clamp_range",
    "points_under",
    "problem_centre",
    "round_to_pixel",
    "tick_text",
]

#: at most this many points are drawn per curve (the history may keep more rows)
MAX_POINTS = 5000


def fmt(v: float, digits: int = 4) -> str:
    """A number for a label: 4 significant digits, no trailing noise."""
    if not math.isfinite(v):
        return str(v)
    if v == 0:
        return "0"
    return f"{v:.{digits}g}"


def tick_text(value: float, spacing: float) -> str:
    """An axis tick's text: the true value, as precise as the tick spacing needs.

    Plain digits for 0.001 <= |value| < 10^4, else scientific notation (``2.5e-7``,
    ``8.0001e12``); never a common factor or SI prefix moved into the axis label.
    """
    v = float(value)
    if not math.isfinite(v):
        return str(v)
    sp = abs(float(spacing))
    if not (math.isfinite(sp) and sp > 0):
        sp = abs(v) or 1.0
    if abs(v) < 0.5 * sp * 1e-6:
        return "0"  # a tick at zero computed as 1e-17
    a = abs(v)
    if 1e-3 <= a < 1e4:
        places = max(0, math.ceil(-math.log10(sp) - 1e-9))
        return f"{v:.{places}f}"
    exp = math.floor(math.log10(a))
    digits = max(0, exp - math.floor(math.log10(sp) + 1e-9))
    mantissa, e = f"{v:.{min(digits, 15)}e}".split("e")
    return f"{mantissa}e{int(e)}"


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
    """At most ``max_points`` indices of a growing array that look like all of it,
    in time proportional to the new rows (min/max decimation for a live curve).

    ``update(y)`` takes the whole (grown) array and returns the indices to draw. Rows
    are grouped into bins of k rows (k a power of two); each finished bin keeps the
    indices of its lowest and highest valid value and is never looked at again. When
    there are too many bins, neighbours merge and k doubles. Valid values are the
    finite ones, or with ``positive`` the finite ones above zero (for a log scale).
    ``invalid`` counts the rows left out. A truncation, or a changed value at the
    last finished row (a different history), is noticed and starts over; earlier
    rows are not checked (histories only grow): call ``reset()`` for a new history.
    A bounded history thins its rows in place: pass its ``thinned`` count as
    ``generation`` and a change starts over too.

    The indices are rows, not steps: draw ``history.step[idx]`` against
    ``history.loss[idx]`` (a thinned history's row i is not step i).
    """

    def __init__(self, max_points: int = MAX_POINTS, positive: bool = False):
        # two indices per bin, plus the first row, the unfinished bin's two and the last
        if max_points < 6:
            raise ValueError(f"max_points must be at least 6, got {max_points}")
        self.max_bins = (max_points - 4) // 2
        self.positive = positive
        self.reset()

    def reset(self) -> None:
        self.k = 1
        self._lo = np.zeros(0, dtype=np.int64)
        self._hi = np.zeros(0, dtype=np.int64)
        self._done = 0  # rows covered by finished bins
        self._invalid_done = 0
        self._check: tuple[int, float] | None = None  # (row, value) that must not change
        self._generation: int | None = None
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

    def update(self, y: np.ndarray, generation: int | None = None) -> np.ndarray:
        n = len(y)
        chk = self._check
        if (
            n < self._done
            or (chk is not None and not _same_float(float(y[chk[0]]), chk[1]))
            or generation != self._generation
        ):
            self.reset()
        self._y = y
        self._generation = generation
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
    path does not flicker as it grows. The indices are rows: a thinned history's
    row i is step ``history.step[i]``, and its rows change when it thins again.
    """
    if n <= max_points:
        return np.arange(n)
    k = 1 << math.ceil(math.log2(n / (max_points - 1)))
    idx = np.arange(0, n, k)
    if idx[-1] != n - 1:
        idx = np.append(idx, n - 1)
    return idx


def follow_curve(
    xs: np.ndarray, ys: np.ndarray, gx: np.ndarray, gy: np.ndarray, limit: int = MAX_POINTS
) -> tuple[np.ndarray, np.ndarray]:
    """A decimated 1-parameter path ``(xs, ys)`` that runs along the curve ``(gx, gy)``.

    Between two kept points of the path, the curve's own points (``gx`` increasing)
    that lie between their x are inserted, in the direction of travel, so the path
    follows y = L(x) instead of cutting a chord across it. When that would add more
    than ``limit`` points the path is returned as it is.
    """
    xs = np.asarray(xs, dtype=float)
    ys = np.asarray(ys, dtype=float)
    if xs.size < 2 or gx.size < 2:
        return xs, ys
    ia = np.searchsorted(gx, xs[:-1], side="right")
    ib = np.searchsorted(gx, xs[1:], side="right")
    gaps = np.nonzero(ia != ib)[0]
    if gaps.size == 0 or int(np.abs(ib - ia).sum()) > limit:
        return xs, ys
    px, py, prev = [], [], 0
    for i in gaps:
        px.append(xs[prev : i + 1])
        py.append(ys[prev : i + 1])
        a, b = int(ia[i]), int(ib[i])
        if b > a:  # moving right: the curve's points in (x_i, x_i+1]
            px.append(gx[a:b])
            py.append(gy[a:b])
        else:  # moving left
            px.append(gx[b:a][::-1])
            py.append(gy[b:a][::-1])
        prev = i + 1
    px.append(xs[prev:])
    py.append(ys[prev:])
    return np.concatenate(px), np.concatenate(py)


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


def initial_params(problem: Any, experiment: Any) -> np.ndarray:
    """The run's starting parameters, as the runner will see them."""
    if experiment is None:
        return np.asarray(problem.default_init(), dtype=float).reshape(-1)
    return experiment.initial_params(problem)


def problem_centre(problem: Any, fallback: np.ndarray) -> np.ndarray:
    """The optimum, else the first known minimum, else ``fallback`` (same shape, finite)."""
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


def known_minima(problem: Any, dim: int) -> list[tuple[np.ndarray, float]]:
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


def parameter_range(problem: Any, experiment: Any = None) -> list[tuple[float, float]]:
    """The plotted range of each parameter.

    Surfaces give their own (``problem.domain()``). For line problems it is centred
    on the optimum and contains the initial parameters with a margin; where the
    start and the optimum (nearly) agree, the width comes from the curvature of
    the loss (the Hessian), so the picture still shows the bowl.

    Every range lies within ±:data:`MAX_PARAMETER_RANGE` (a domain or start of ±1e308
    would make the plots' axes overflow), and is never empty.
    """
    dom = problem.domain()
    if dom is not None:
        return [clamp_range(float(lo), float(hi)) for lo, hi in dom]
    with np.errstate(all="ignore"):
        return [clamp_range(lo, hi) for lo, hi in _line_range(problem, experiment)]


#: the largest |value| a plotted parameter range reaches
MAX_PARAMETER_RANGE = 1e100


def clamp_range(lo: float, hi: float) -> tuple[float, float]:
    """``(lo, hi)`` within ±MAX_PARAMETER_RANGE, finite, with lo < hi."""
    m = MAX_PARAMETER_RANGE
    lo = min(max(lo, -m), m) if not math.isnan(lo) else -1.0
    hi = min(max(hi, -m), m) if not math.isnan(hi) else 1.0
    if not lo < hi:
        mid = lo if math.isfinite(lo) else 0.0
        half = max(abs(mid) * 0.5, 1.0)
        lo, hi = max(mid - half, -m), min(mid + half, m)
    return float(lo), float(hi)


def _line_range(problem: Any, experiment: Any) -> list[tuple[float, float]]:
    init = initial_params(problem, experiment)
    centre = problem_centre(problem, init)
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


def nice_ceil(v: float) -> float:
    """The smallest of 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k that is >= v (v > 0)."""
    if not v > 0:
        return 1.0
    e = 10.0 ** math.floor(math.log10(v))
    for m in (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * e >= v * (1 - 1e-12):
            return m * e
    return 10 * e


def optimum_targets(problem: Any) -> tuple[str, np.ndarray, float] | None:
    """What the run is heading for, on the shown scale: ``(kind, points (k, P), best loss)``.

    ``kind`` is ``"line"`` (the least-squares parameters of a line problem) or
    ``"minima"`` (a surface's known global minima); None when nothing is known.
    """
    minima = problem.minima() if problem is not None else []
    if not minima:
        return None
    points = np.array([np.asarray(p, dtype=float) for p, _v in minima])
    shown = np.asarray(problem.shown_params(points), dtype=float).reshape(len(minima), -1)
    kind = "line" if problem.n_samples is not None else "minima"
    return kind, shown, min(float(v) for _p, v in minima)


# --- where overlays go ------------------------------------------------------------------

#: the corners of a view, in the order ties are broken
CORNERS = ("top-right", "top-left", "bottom-right", "bottom-left")

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels, y down


def corner_rect(
    corner: str, area: tuple[float, float], size: tuple[float, float], margin: float = 2.0
) -> Rect:
    """The rectangle of a box of ``size`` (w, h) in ``corner`` of an ``area`` (w, h) in pixels."""
    aw, ah = area
    w, h = size
    x0 = margin if corner.endswith("left") else aw - w - margin
    y0 = margin if corner.startswith("top") else ah - h - margin
    return (x0, y0, x0 + w, y0 + h)


def points_under(px: np.ndarray, py: np.ndarray, rect: Rect) -> int:
    """How many of the points (``px``, ``py``, pixels) lie inside ``rect`` (edges included)."""
    x0, y0, x1, y1 = rect
    with np.errstate(invalid="ignore"):
        inside = (px >= x0) & (px <= x1) & (py >= y0) & (py <= y1)
    return int(np.count_nonzero(inside))


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def choose_corners(
    boxes: list[tuple[str, tuple[float, float]]],
    px: np.ndarray,
    py: np.ndarray,
    area: tuple[float, float],
    blocked: Sequence[Rect] = (),
    margin: float = 2.0,
    hysteresis: int = 0,
) -> list[str]:
    """A corner for each box (``(preferred corner, (w, h))``, in priority order).

    Each box in turn takes the free corner where it covers the fewest points
    (``px``, ``py`` in pixels, y down, of an ``area`` (w, h)); a corner where it would
    overlap a ``blocked`` rectangle (a legend the user dragged) or a box placed before
    it counts as worse than any number of points. Ties go to the box's preferred
    corner, then in the order of :data:`CORNERS`; the preferred corner (where the
    box is now) also keeps it unless another covers more than ``hysteresis`` fewer
    points, so a growing path does not make it jump back and forth. With more than
    four boxes the rest share corners.
    """
    px = np.asarray(px, dtype=float).reshape(-1)
    py = np.asarray(py, dtype=float).reshape(-1)
    taken: list[Rect] = list(blocked)
    used: set[str] = set()
    out: list[str] = []
    for preferred, size in boxes:
        order = [preferred] + [c for c in CORNERS if c != preferred]
        free = [c for c in order if c not in used] or order
        best, best_cost = free[0], None
        for corner in free:
            rect = corner_rect(corner, area, size, margin)
            clash = sum(_overlaps(rect, t) for t in taken)
            count = points_under(px, py, rect)
            if corner == preferred:
                count -= hysteresis
            cost = (clash, count)
            if best_cost is None or cost < best_cost:
                best, best_cost = corner, cost
        out.append(best)
        used.add(best)
        taken.append(corner_rect(best, area, size, margin))
    return out


def colour_ticks(
    scale: str, vmin: float, floor: float, zrange: tuple[float, float], n: int = 5
) -> list[tuple[float, str]]:
    """Ticks for a colour bar whose colours are a transform ``z`` of the loss ``v``.

    ``scale`` is "sqrt" (z = sqrt(v - vmin)), "log" (z = log10(v - vmin + floor)) or
    "linear" (z = v). Returns (z, text) pairs at round *true* values of v inside
    ``zrange``, each text from :func:`tick_text` (what the axes print).
    """
    z0, z1 = (float(zrange[0]), float(zrange[1]))
    if not (math.isfinite(z0) and math.isfinite(z1)) or z1 <= z0:
        return []
    if scale == "log":  # a round value in each decade of v - vmin above the floor
        decades: list[tuple[float, str]] = []
        k0 = math.ceil(math.log10(floor)) if floor > 0 else math.floor(z0)
        for k in range(k0, math.floor(z1) + 2):
            d = 10.0**k
            v = math.ceil((vmin + d) / d - 1e-9) * d  # vmin + about d, a multiple of d
            if v - vmin < 2 * floor or v - vmin <= 0:
                continue
            z = math.log10(v - vmin + floor)
            if z0 - 1e-9 <= z <= z1 + 1e-9 and (not decades or z > decades[-1][0]):
                decades.append((z, tick_text(v, d)))
        step = max(1, math.ceil(len(decades) / max(n, 1)))
        return decades[::-1][::step][::-1]
    if scale == "sqrt":
        lo, hi = vmin + z0 * z0, vmin + z1 * z1
    else:
        lo, hi = z0, z1
    span = hi - lo
    raw = span / max(n, 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    spacing = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / spacing - 1e-9) * spacing
    ticks = []
    v = first
    while v <= hi + 1e-9 * spacing:
        z = math.sqrt(max(v - vmin, 0.0)) if scale == "sqrt" else v
        ticks.append((z, tick_text(v, spacing)))
        v += spacing
    return ticks


@dataclass(frozen=True)
class ColourScale:
    """How a loss surface's values become colours (and, in 3D, heights).

    ``name`` "log": z = log10(v − vmin + floor), when the values span decades (the median
    below 5 % of the 99th percentile, or the 5th percentile below 1/300 of it); "sqrt":
    z = sqrt(v − vmin) (even spacing for the bowls of least squares); "linear": a flat
    surface or none (z = v − vmin). ``lo`` and ``top`` are z at the minimum and at the
    99th percentile: the colour map's ends.
    """

    name: str
    vmin: float
    floor: float
    lo: float
    top: float

    @classmethod
    def for_values(cls, v: np.ndarray) -> ColourScale:
        v = np.asarray(v, dtype=float)
        finite = np.isfinite(v)
        if not finite.any():
            return cls("linear", 0.0, 0.0, 0.0, 1.0)
        vmin = float(v[finite].min())
        s = v[finite] - vmin
        low, med, hi = (float(q) for q in np.percentile(s, [5, 50, 99]))
        if hi <= 0:
            return cls("linear", vmin, 0.0, 0.0, 1.0)
        if med / hi < 0.05 or hi > 300 * low:
            floor = hi * 1e-4
            return cls("log", vmin, floor, math.log10(floor), math.log10(hi + floor))
        return cls("sqrt", vmin, 0.0, 0.0, math.sqrt(hi))

    def apply(self, v: np.ndarray) -> np.ndarray:
        """z for values ``v`` (NaN where ``v`` is not finite; 0 everywhere when linear)."""
        v = np.asarray(v, dtype=float)
        with np.errstate(all="ignore"):
            s = np.where(np.isfinite(v), np.maximum(v - self.vmin, 0.0), np.nan)
            if self.name == "log":
                return np.log10(s + self.floor)
            if self.name == "sqrt":
                return np.sqrt(s)
            return np.where(np.isfinite(s), 0.0, np.nan)

    def value(self, z: float) -> float:
        """The loss at colour value ``z`` (the inverse of :meth:`apply`)."""
        if self.name == "log":
            return self.vmin + 10.0**z - self.floor
        if self.name == "sqrt":
            return self.vmin + z * z
        return self.vmin + z

    def unit(self, v: np.ndarray) -> np.ndarray:
        """``v`` on the colour map: 0 at the minimum, 1 at the 99th percentile (clipped)."""
        span = self.top - self.lo
        if span <= 0:
            return np.zeros(np.shape(v))
        return np.clip((self.apply(v) - self.lo) / span, 0.0, 1.0)
