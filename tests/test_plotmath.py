"""The plots' maths without Qt: decimation, contours, parameter ranges, tick texts, targets."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdgui.core.experiment import Experiment, preset
from gdgui.core.history import History
from gdgui.core.plotmath import (
    MinMaxDecimator,
    contour_segments,
    decimate_stride,
    follow_curve,
    optimum_targets,
    parameter_range,
    tick_text,
)


def finished(name):
    exp = preset(name)
    problem = exp.build_problem()
    return exp, problem


def rosenbrock():
    exp = Experiment.from_dict(
        {"version": 1, "problem": {"name": "rosenbrock"}, "optimizer": {"name": "gd"}}
    )
    return exp, exp.build_problem()


# --- MinMaxDecimator against brute force -------------------------------------------------------


def valid_mask(y, positive):
    with np.errstate(invalid="ignore"):
        return (y > 0) & (y < np.inf) if positive else np.isfinite(y)


def check_decimation(dec: MinMaxDecimator, y: np.ndarray, idx: np.ndarray, max_points: int):
    """Every invariant of a decimation, checked against a brute-force min/max per bucket."""
    n = len(y)
    ok = valid_mask(y, dec.positive)
    assert len(idx) <= max_points
    assert np.all(np.diff(idx) > 0)  # in order, no repeats
    assert ok[idx].all()  # only valid rows are drawn
    assert dec.invalid == n - np.count_nonzero(ok)
    if n and ok[0]:
        assert idx[0] == 0
    if n and ok[-1]:
        assert idx[-1] == n - 1
    kept = np.zeros(n, dtype=bool)
    kept[idx] = True
    k = dec.k
    for start in range(0, n, k):  # every bucket (the last may be partial): its min and max kept
        seg = slice(start, min(start + k, n))
        good = ok[seg]
        if not good.any():
            continue
        vals = y[seg][good]
        drawn = y[seg][good & kept[seg]]
        assert drawn.size and drawn.min() == vals.min() and drawn.max() == vals.max()
    if ok.any():
        assert y[idx].min() == y[ok].min() and y[idx].max() == y[ok].max()


values = st.one_of(
    st.integers(-5, 5).map(float),  # ties
    st.floats(-1e6, 1e6, allow_nan=False),
    st.sampled_from([math.nan, math.inf, -math.inf, 0.0]),
)


@settings(max_examples=150, deadline=None)
@given(
    data=st.lists(values, min_size=0, max_size=600),
    max_points=st.integers(6, 60),
    positive=st.booleans(),
    cuts=st.lists(st.integers(0, 600), max_size=8),
)
def test_min_max_decimator_invariants_and_incremental_equals_one_shot(
    data, max_points, positive, cuts
):
    y = np.array(data, dtype=float)
    grown = MinMaxDecimator(max_points, positive=positive)
    for n in sorted(c for c in cuts if c <= len(y)):  # a history growing in uneven chunks
        idx = grown.update(y[:n])
        check_decimation(grown, y[:n], idx, max_points)
    idx = grown.update(y)
    check_decimation(grown, y, idx, max_points)
    once = MinMaxDecimator(max_points, positive=positive)
    np.testing.assert_array_equal(idx, once.update(y))
    assert grown.k == once.k


def test_min_max_decimator_on_a_million_rows_keeps_the_spikes():
    rng = np.random.default_rng(1)
    n = 1_000_003
    y = np.sin(np.arange(n) / 1000.0) + 0.01 * rng.standard_normal(n)
    y[123_457], y[777_777] = 50.0, -50.0
    dec = MinMaxDecimator(5000)
    for stop in range(0, n, 97_001):  # appends
        dec.update(y[:stop])
    idx = dec.update(y)
    check_decimation(dec, y, idx, 5000)
    assert 123_457 in idx and 777_777 in idx
    assert len(idx) > 2400  # k doubles only when needed: at least half the budget is used


def test_min_max_decimator_starts_over_when_the_prefix_changes():
    y = np.arange(1000.0)
    dec = MinMaxDecimator(20)
    dec.update(y)
    last_finished = (1000 // dec.k) * dec.k - 1
    z = y.copy()
    z[last_finished] = -1.0  # a different history under the same length
    idx = dec.update(z)
    check_decimation(dec, z, idx, 20)
    assert last_finished in idx
    assert len(dec.update(y[:10])) == 10  # truncated: all ten rows fit


# --- the other helpers ----------------------------------------------------------------------


def test_decimate_stride_nests_and_ends_with_the_last_row():
    for n in (1, 2, 4999, 5000, 5001, 123_457, 1_000_000):
        idx = decimate_stride(n, 5000)
        assert len(idx) <= 5000
        assert idx[0] == 0 and idx[-1] == n - 1
        assert np.all(np.diff(idx) > 0)
    a, b = decimate_stride(600_000), decimate_stride(610_000)
    assert set(a[:-1]) <= set(b)  # growing histories keep their drawn points


def test_contour_segments_lie_on_the_circle():
    g = np.linspace(-2, 2, 81)
    X, Y = np.meshgrid(g, g, indexing="ij")
    z = X**2 + Y**2
    seg = contour_segments(z, 1.0)
    assert len(seg) > 100 and len(seg) % 2 == 0
    pts = -2 + seg * (4 / 80)  # grid index -> coordinate
    r = np.hypot(pts[:, 0], pts[:, 1])
    assert np.all(np.abs(r - 1) < 0.01)
    # the segments go all the way round: their angles cover the circle in small gaps
    ang = np.sort(np.arctan2(pts[:, 1], pts[:, 0]))
    assert np.max(np.diff(np.r_[ang, ang[0] + 2 * np.pi])) < 0.1
    z[40, 40] = np.nan  # NaN cells are skipped, nothing breaks
    assert np.isfinite(contour_segments(z, 0.001)).all()
    assert contour_segments(z, 100.0).shape == (0, 2)


def test_parameter_range_centres_on_the_optimum_and_contains_the_start():
    for name in ("tutorial-000", "tutorial-003"):
        exp, problem = finished(name)
        rng = parameter_range(problem, exp)
        opt = problem.optimum()
        init = np.asarray(exp.spec["init"], dtype=float)
        for (lo, hi), c, s in zip(rng, opt, init):
            assert lo < s < hi
            assert (lo + hi) / 2 == pytest.approx(c)
            assert min(s - lo, hi - s) > 0.2 * abs(s - c)  # a margin around the start
    _, rosen = rosenbrock()
    assert parameter_range(rosen) == [tuple(map(float, d)) for d in rosen.domain()]


def test_parameter_range_when_start_is_the_optimum():
    exp, problem = finished("tutorial-000")
    exp2 = exp.replace(init=[float(v) for v in problem.optimum()])
    for (lo, hi), c in zip(parameter_range(problem, exp2), problem.optimum()):
        assert hi - lo > 0 and math.isfinite(lo) and math.isfinite(hi)
        assert (lo + hi) / 2 == pytest.approx(c)


def test_follow_curve_inserts_the_curve_between_kept_points_in_order():
    gx = np.linspace(-2, 2, 9)  # -2, -1.5, ..., 2
    gy = gx**2
    x, y = follow_curve(np.array([-2.0, 0.9, -0.2]), np.array([4.0, 0.81, 0.04]), gx, gy)
    np.testing.assert_array_equal(x, [-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 0.9, 0.5, 0.0, -0.2])
    np.testing.assert_allclose(y[1:6], gx[1:6] ** 2)  # points on the curve itself
    assert y[0] == 4.0 and y[6] == 0.81 and y[-1] == 0.04  # the path's own points kept
    xs, ys = np.array([-2.0, 2.0, -2.0]), np.array([4.0, 4.0, 4.0])
    assert follow_curve(xs, ys, gx, gy, limit=5)[0] is xs  # too many: left as it is


def test_optimum_targets():
    exp, problem = finished("tutorial-000")
    kind, points, best = optimum_targets(problem)
    assert kind == "line"
    np.testing.assert_allclose(points[0], problem.shown_params(problem.optimum()))
    assert best == pytest.approx(float(problem.value(problem.optimum()[None])[0]))
    _, rosen = rosenbrock()
    kind, points, best = optimum_targets(rosen)
    assert kind == "minima" and best == 0.0
    np.testing.assert_allclose(points, [[1.0, 1.0]])
    assert optimum_targets(None) is None


@pytest.mark.parametrize(
    ("value", "spacing", "text"),
    [
        (0.0, 0.05, "0"),
        (1e-17, 0.05, "0"),
        (0.22, 0.01, "0.22"),
        (0.2, 0.05, "0.20"),
        (0.087, 0.001, "0.087"),
        (30.0, 10.0, "30"),
        (2500.0, 500.0, "2500"),
        (8e12, 5e10, "8.00e12"),
        (7.55e12, 5e10, "7.55e12"),
        (8.0000012e12, 1e6, "8.000001e12"),
        (1e-12, 1e-12, "1e-12"),
        (2.5e-5, 5e-6, "2.5e-5"),
        (-3e5, 1e5, "-3e5"),
        (20000.0, 5000.0, "2.0e4"),
    ],
)
def test_tick_text_prints_true_values(value, spacing, text):
    assert tick_text(value, spacing) == text


# --- overlay corners and colour-bar ticks -----------------------------------------------


def test_points_under_a_corner_box():
    from gdgui.core.plotmath import corner_rect, points_under

    px = np.r_[np.full(5, 10.0), np.full(2, 399.0)]
    py = np.r_[np.full(5, 10.0), np.full(2, 299.0)]
    assert corner_rect("top-left", (400, 300), (50, 30)) == (2.0, 2.0, 52.0, 32.0)
    assert corner_rect("bottom-right", (400, 300), (50, 30)) == (348.0, 268.0, 398.0, 298.0)
    assert points_under(px, py, corner_rect("top-left", (400, 300), (50, 30))) == 5
    assert points_under(px, py, corner_rect("bottom-right", (400, 300), (50, 30))) == 0
    assert points_under(px, py, corner_rect("bottom-right", (400, 300), (50, 30), 0.0)) == 2
    assert points_under(px, py, (0, 0, 400, 300)) == 7
    assert points_under(np.array([np.nan]), np.array([5.0]), (0, 0, 10, 10)) == 0


def test_choose_corners_takes_the_emptiest_free_corners_in_priority_order():
    from gdgui.core.plotmath import choose_corners

    area = (400, 300)
    # 9 points top left, 5 top right, 2 bottom right, 0 bottom left
    px = np.r_[np.full(9, 20.0), np.full(5, 380.0), np.full(2, 380.0)]
    py = np.r_[np.full(9, 20.0), np.full(5, 20.0), np.full(2, 280.0)]
    boxes = [("top-left", (60, 40)), ("top-left", (60, 40)), ("top-left", (60, 40))]
    assert choose_corners(boxes, px, py, area) == ["bottom-left", "bottom-right", "top-right"]
    # ties go to the preferred corner
    assert choose_corners([("bottom-right", (60, 40))], [], [], area) == ["bottom-right"]
    # a blocked rectangle (a dragged legend) beats any number of points
    blocked = [(0.0, 250.0, 100.0, 300.0)]
    assert choose_corners(boxes[:1], px, py, area, blocked) == ["bottom-right"]
    # hysteresis: a box stays where it is unless elsewhere is clearly better
    one = [("top-right", (60, 40))]  # 5 points there, 0 bottom left
    assert choose_corners(one, px, py, area, hysteresis=4) == ["bottom-left"]
    assert choose_corners(one, px, py, area, hysteresis=5) == ["top-right"]
    # a box too big for two corners side by side: the second avoids overlapping the first
    wide = [("top-left", (300, 40)), ("top-right", (300, 40))]
    got = choose_corners(wide, [], [], area)
    assert got[0] == "top-left" and got[1].startswith("bottom")


@pytest.mark.parametrize(
    "scale, vmin, floor, zrange",
    [
        ("sqrt", 0.0, 0.0, (0.0, 17.5)),
        ("sqrt", 3.25, 0.0, (0.0, 2.0)),
        ("log", 0.0, 0.25, (math.log10(0.25), math.log10(2500.25))),
        ("log", 1.5, 1e-4, (-4.0, 0.3)),
        ("linear", 0.0, 0.0, (-2.0, 7.0)),
    ],
)
def test_colour_ticks_are_round_true_values_at_their_colours(scale, vmin, floor, zrange):
    from gdgui.core.plotmath import colour_ticks

    ticks = colour_ticks(scale, vmin, floor, zrange)
    assert 2 <= len(ticks) <= 8
    if scale == "log":
        steps = np.diff([math.floor(math.log10(float(t) - vmin) + 1e-9) for _, t in ticks])
        assert np.all(steps >= 1)  # one a decade (or fewer)
    zs = [z for z, _ in ticks]
    assert zs == sorted(zs) and zrange[0] - 1e-9 <= zs[0] and zs[-1] <= zrange[1] + 1e-9
    for z, text in ticks:
        v = float(text)
        back = {
            "sqrt": math.sqrt(max(v - vmin, 0.0)),
            "log": math.log10(max(v - vmin + floor, 1e-300)),
            "linear": v,
        }[scale]
        assert back == pytest.approx(z, rel=1e-6, abs=1e-9)
    assert colour_ticks("sqrt", 0.0, 0.0, (1.0, 1.0)) == []
    assert colour_ticks("sqrt", 0.0, 0.0, (0.0, math.nan)) == []


@pytest.mark.parametrize(
    "v, name",
    [
        (np.add.outer(np.linspace(-2, 2, 41) ** 2, np.linspace(-1, 1, 41) ** 2) + 3.0, "sqrt"),
        (np.exp(np.linspace(0, 12, 400)).reshape(20, 20), "log"),
        (np.full((5, 5), 2.0), "linear"),
    ],
)
def test_colour_scale_maps_values_and_back(v, name):
    from gdgui.core.plotmath import ColourScale

    cs = ColourScale.for_values(v)
    assert cs.name == name and cs.vmin == pytest.approx(v.min())
    z = cs.apply(v)
    if name != "linear":
        back = np.array([cs.value(float(t)) for t in z.ravel()]).reshape(v.shape)
        np.testing.assert_allclose(back, v, rtol=1e-9, atol=1e-9)
        assert cs.apply(np.array([v.min()]))[0] == pytest.approx(cs.lo)
        assert cs.value(cs.top) == pytest.approx(np.percentile(v - v.min(), 99) + v.min())
    u = cs.unit(v)
    assert u.min() == 0 and u.max() <= 1
    if name != "linear":
        assert u.max() == 1 and np.mean(u == 1) <= 0.02  # only the top percent clipped
    nan = cs.apply(np.array([np.nan, np.inf]))
    assert np.isnan(nan).all()


def test_decimator_starts_over_when_the_history_thins_in_place():
    h = History(("a",), max_rows=64)
    d = MinMaxDecimator(max_points=40)
    seen = []  # the indices drawn after each append
    for k in range(400):
        h.extend([k], [0], [[0.0]], [float(k % 7 == 0)], [[0.0]])  # repeating values
        idx = d.update(h.loss, generation=h.thinned)
        seen.append(idx)
        assert idx.max() < len(h)
        # each drawn index is a real row: min and max of the loss are both drawn
        assert h.loss[idx].max() == h.loss.max() and h.loss[idx].min() == h.loss.min()
    assert h.thinned > 3
    fresh = MinMaxDecimator(max_points=40).update(h.loss)
    assert np.array_equal(seen[-1], fresh)
    # rows rearranged in place with the same length and the same value at the checked row
    # (a thinning can do that): only the generation shows the old bins are stale
    rng = np.random.default_rng(3)
    y1 = rng.standard_normal(1000)
    y2 = y1.copy()
    y2[:900] = rng.permutation(y1[:900])
    y2[d_check_row(y1)] = y1[d_check_row(y1)]
    for gen, same_as_fresh in ((None, False), (1, True)):
        dec = MinMaxDecimator(max_points=40)
        dec.update(y1, generation=None)
        got = dec.update(y2, generation=gen)
        assert np.array_equal(got, MinMaxDecimator(max_points=40).update(y2)) == same_as_fresh


def d_check_row(y):
    dec = MinMaxDecimator(max_points=40)
    dec.update(y)
    return dec._check[0]


def test_min_max_decimator_refuses_a_bound_it_cannot_keep():
    # the first row, one bin's two, the unfinished bin's two and the last need 6
    with pytest.raises(ValueError, match="at least 6"):
        MinMaxDecimator(max_points=5)
    y = np.array([1.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0])
    assert len(MinMaxDecimator(max_points=6).update(y)) <= 6
