"""Drawing a race of many runs (issue 11): each run's share of the point budget keeps its
curve's extremes, a stopped run is not drawn again, the legends fit their views at
1366x768 and 1280x720 with 7 and 16 runs, and a run has one colour on every plot."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtWidgets import QApplication, QGraphicsItem  # noqa: E402
from test_ui_plots import Rosen, make  # noqa: E402

from gdgui.core.experiment import Experiment, preset  # noqa: E402
from gdgui.core.history import History  # noqa: E402
from gdgui.core.plotmath import MAX_POINTS  # noqa: E402
from gdgui.ui.plots import FitPlot, LossPlot, TrajectoryPlot  # noqa: E402
from gdgui.ui.plots.base import RUN_POINTS_MIN, RUNS_POINTS, run_points  # noqa: E402
from gdgui.ui.plots.legend import LEGEND_SHARE, capped, legend_cap, legend_grid  # noqa: E402
from gdgui.ui.plots.runs import RunStyle  # noqa: E402
from gdgui.ui.theme import run_color  # noqa: E402


def spiky(n, seed):
    """n rows of a falling loss with 12 one-row spikes up and 12 dips down, placed at
    random per seed, and a spiral path."""
    rng = np.random.default_rng(seed)
    k = np.arange(n)
    loss = 5.0 * np.exp(-3 * k / n) + 1.0
    # 24 slots far apart (no two extremes compete for one bin), each moved at random
    slots = (np.arange(24) + 0.5) * n / 24 + rng.uniform(-0.1, 0.1, 24) * n / 24
    slots = rng.permutation(slots.astype(int))
    ups, downs = slots[:12], slots[12:]
    loss[ups] += rng.uniform(2.0, 9.0, 12)
    loss[downs] -= rng.uniform(0.5, 0.9, 12)
    t = k / n
    params = np.column_stack([(1 - t) * np.cos(7 * t + seed), (1 - t) * np.sin(7 * t + seed)])
    h = History(("x", "y"), capacity=n + 10_000)
    h.extend(k, k, params, loss, -params)
    return h, ups, downs


def styles(n):
    return [RunStyle(i, f"run {i + 1}") for i in range(n)]


# --- the point budget ---------------------------------------------------------------------


def test_each_run_draws_a_share_of_the_point_budget():
    assert run_points(1) == run_points(2) == MAX_POINTS
    assert run_points(4) == RUNS_POINTS // 4 == 2500
    assert run_points(16) == 625
    assert run_points(32) == RUN_POINTS_MIN == 600
    assert run_points(0) == MAX_POINTS


def test_sixteen_loss_curves_keep_their_extremes_within_the_budget(qtbot):
    plot = make(LossPlot, qtbot)
    plot.set_runs(styles(16))
    assert plot.run_point_budget == 625
    runs = [spiky(40_000 + 1000 * i, seed=i) for i in range(16)]
    for i, (h, _, _) in enumerate(runs):
        plot.show_history(h, "running", run=i)
    for i, (h, ups, downs) in enumerate(runs):
        curve = plot.run_items(i)["curve"]
        x, y = curve.xData, curve.yData
        assert 300 < x.size <= 625
        # every spike and every dip is drawn at its true step and value
        for rows in (ups, downs):
            drawn = dict(zip(x.tolist(), y.tolist()))
            for r in rows:
                assert drawn[float(r)] == h.loss[r]
        assert y.max() == h.loss.max() and y.min() == h.loss.min()
        assert x[0] == 0 and x[-1] == len(h) - 1
    # the same curve grown by more rows: still bounded, still with the new extreme
    h, _, _ = runs[3]
    k = np.arange(len(h), len(h) + 5000)
    loss = np.full(5000, 1.5)
    loss[2500] = 50.0
    h.extend(k, k, np.zeros((5000, 2)), loss, np.zeros((5000, 2)))
    plot.show_history(h, "running", run=3)
    curve = plot.run_items(3)["curve"]
    assert curve.xData.size <= 625 and curve.yData.max() == 50.0
    assert curve.xData[np.argmax(curve.yData)] == k[2500]


def test_two_runs_draw_as_many_points_as_one_and_fewer_runs_give_more_back(qtbot):
    plot = make(TrajectoryPlot, qtbot)
    plot.set_problem(Rosen(), None)
    h = spiky(20_000, 0)[0]
    plot.set_runs(styles(2))
    plot.show_history(h, "paused", run=0)
    assert plot.run_items(0)["path"].xData.size == MAX_POINTS // 2 + 1  # stride 4 + the last
    plot.set_runs(styles(16))  # a 16-run race: each path is redrawn with its share
    assert plot.run_point_budget == 625
    n16 = plot.run_items(0)["path"].xData.size
    assert 300 < n16 <= 625
    assert plot.run_items(0)["path"].xData[-1] == h.params[-1, 0]  # the last step is drawn
    plot.set_runs(styles(16)[:1])
    assert plot.run_point_budget == MAX_POINTS
    assert plot.run_items(0)["path"].xData.size == MAX_POINTS // 2 + 1


# --- stopped runs cost nothing ------------------------------------------------------------


class Counting:
    """Counts the setData calls of the items it wraps."""

    def __init__(self):
        self.calls = {}

    def wrap(self, key, item):
        original = item.setData
        self.calls[key] = 0

        def counted(*args, **kw):
            self.calls[key] += 1
            return original(*args, **kw)

        item.setData = counted


def test_a_stopped_run_is_not_drawn_again_while_the_others_move(qtbot):
    loss, traj = make(LossPlot, qtbot), make(TrajectoryPlot, qtbot)
    traj.set_problem(Rosen(), None)
    for plot in (loss, traj):
        plot.set_runs(styles(16))
    hs = [spiky(3000, seed=i)[0] for i in range(16)]
    status = ["running"] * 16
    for i, h in enumerate(hs):
        for plot in (loss, traj):
            plot.show_history(h, status[i], run=i)
    for i in range(1, 16):  # all but run 0 finish
        status[i] = "finished"
        for plot in (loss, traj):
            plot.show_history(hs[i], status[i], run=i)
    count = Counting()
    for i in range(16):
        count.wrap(("loss", i), loss.run_items(i)["curve"])
        count.wrap(("traj", i), traj.run_items(i)["path"])
    before = loss.redraws, traj.redraws
    for _ in range(5):  # run 0 grows visibly, every frame; the others stay as they are
        h = hs[0]
        k = np.arange(len(h), len(h) + 200)
        p = h.params[-1] + np.cumsum(np.full((200, 2), 2e-3), axis=0)
        h.extend(k, k, p, h.loss[-1] * np.linspace(2.0, 3.0, 200), np.zeros((200, 2)))
        for i in range(16):
            for plot in (loss, traj):
                plot.show_history(hs[i], status[i], run=i)
    for name in ("loss", "traj"):
        assert count.calls[(name, 0)] == 5
        assert all(count.calls[(name, i)] == 0 for i in range(1, 16))
    assert (loss.redraws, traj.redraws) == (before[0] + 5, before[1] + 5)
    # the stopped runs are painted from a pixmap, the running one is stroked
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    assert loss.run_items(0)["curve"].cacheMode() == QGraphicsItem.CacheMode.NoCache
    assert all(loss.run_items(i)["curve"].cacheMode() == cached for i in range(1, 16))
    assert all(traj.run_items(i)["path"].cacheMode() == cached for i in range(1, 16))
    # a long path has no per-step dots: those scatter items are hidden, so never painted
    assert not any(traj.run_items(i)["dots"].isVisible() for i in range(16))


# --- legends that fit ---------------------------------------------------------------------


def test_legend_grid_takes_the_fewest_columns_that_fit():
    # 7 entries of 100 px, rows 16 px; margins 4 + 4 wide, 2 + 2 high; 12 px between columns
    w = [100.0] * 7
    assert legend_grid(w, 16, 200, 200) == 1  # 7 rows: 116 px high
    assert legend_grid(w, 16, 300, 70) == 2  # 4 rows: 68 px; 2 columns: 220 px wide
    assert legend_grid(w, 16, 300, 40) is None  # 2 rows would need 4 columns: 444 px
    assert legend_grid(w, 16, 444, 40) == 4
    assert legend_grid([], 16, 10, 10) is None


def test_legend_cap_keeps_the_fixed_entries_and_the_selected_run():
    assert capped([True, True, True, False], 2) == [0, 1, -1, 3]
    assert capped([False, True, True, True, False], 1, keep=3) == [0, 3, -1, 4]
    assert capped([True, True], 5) == [0, 1]
    # 16 runs of 80 px and the optimum (60 px) in 300 x 40: two rows of three columns
    widths = [80.0] * 16 + [60.0]
    drop = [True] * 16 + [False]
    shown, columns = legend_cap(widths, drop, 50.0, 16, 300, 40)
    assert (shown, columns) == (4, 3)  # 4 runs, "+12 more" and the optimum
    assert legend_cap(widths[:2] + [60.0], [True, True, False], 50.0, 16, 300, 40) == (2, 2)


def race(name, runs=None):
    """A race preset, or its runs repeated to ``runs`` runs, each with a name of its own."""
    exp = preset(name)
    if runs is None:
        return exp
    d = exp.to_dict()
    base = d["runs"]
    d["runs"] = [dict(base[i % len(base)], name=f"run {i + 1}, η #{i}") for i in range(runs)]
    return Experiment.from_dict(d)


def entry_rects(legend):
    return [
        (sample.sceneBoundingRect(), label.sceneBoundingRect()) for sample, label in legend.items
    ]


def assert_legend_fits(plot):
    legend = plot._legend
    assert legend is not None and legend.isVisible()
    view = plot.plotItem.vb.sceneBoundingRect()
    box = legend.sceneBoundingRect()
    if plot.legend_outside():  # under the axes, inside the plot, over none of the view
        assert plot.plotItem.sceneBoundingRect().contains(box), (plot.accessibleName(), box)
        assert box.top() >= view.bottom(), (plot.accessibleName(), view, box)
    else:
        assert view.contains(box), (plot.accessibleName(), view, box)
    limit_w, limit_h = plot.legend_limits()
    assert box.width() <= limit_w + 1 and box.height() <= limit_h + 1
    rects = entry_rects(legend)
    for sample, label in rects:
        assert box.contains(sample) and box.contains(label)
        assert label.height() < 22  # compact rows
    flat = [r for pair in rects for r in pair]
    for a in range(len(flat)):
        for b in range(a + 1, len(flat)):
            inter = flat[a].intersected(flat[b])
            assert inter.width() * inter.height() < 1.0, (plot.accessibleName(), a, b)
    return [label.text for _, label in legend.items]


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
@pytest.mark.parametrize("runs", [None, 16])  # the preset's 7 runs, or 16
def test_race_legends_fit_in_their_plots(qtbot, make_window, size, runs):
    exp = race("race-rosenbrock", runs)
    n = exp.run_count
    w = make_window(exp)
    w.resize(*size)
    w.controller.step(2)
    qtbot.waitUntil(lambda: w.controller.step_counts == [2] * n, timeout=10_000)
    w.render_now()
    QApplication.processEvents()
    for plot in (w.trajectory_plot, w.loss_plot):
        plot.place_overlays()
        names = assert_legend_fits(plot)
        more = plot.legend_more_names
        listed = [nm for nm in names if nm in {plot.run_name(i) for i in range(n)}]
        assert len(listed) + len(more) == n  # every run: listed, or behind "+N more"
        assert bool(more) == any(nm.startswith("+") for nm in names)
        if more:
            assert f"+{len(more)} more" in names
            assert plot.run_name(w.controller.selected_run) in names
    if runs is None and size == (1366, 768):  # 7 runs list in full on the trajectory plot
        assert w.trajectory_plot.legend_more_names == []


def test_the_fit_plots_legend_fits_with_sixteen_runs(qtbot, make_window):
    exp = race("race-tutorial-rates", 16)
    w = make_window(exp)
    w.resize(1366, 768)
    w.controller.step(2)
    qtbot.waitUntil(lambda: w.controller.step_counts == [2] * 16, timeout=10_000)
    w.render_now()
    QApplication.processEvents()
    fit = w.fit_plot
    fit.place_overlays()
    names = assert_legend_fits(fit)
    assert names[:2] == ["data", "least squares"] and names[-1] == "earlier fits"
    # L(w) fills its view: the trajectory's legend takes the usual share there, and a tall
    # one only beside a surface shown at equal scales
    traj = w.trajectory_plot
    traj.place_overlays()
    assert traj.dim == 1 and traj.legend_share == LEGEND_SHARE
    assert_legend_fits(traj)
    rosen = make(TrajectoryPlot, qtbot)
    rosen.set_problem(Rosen(), None)
    assert rosen.equal_aspect and rosen.legend_share == (0.4, 0.9)


# --- one colour per run -------------------------------------------------------------------


def test_a_run_has_one_colour_on_every_plot_and_legend(qtbot):
    exp = preset("race-tutorial-rates")
    problem = exp.build_problem()
    fit, loss, traj = make(FitPlot, qtbot), make(LossPlot, qtbot), make(TrajectoryPlot, qtbot)
    for plot in (fit, loss, traj):
        plot.set_problem(problem, exp)
        plot.set_runs(styles(16))
        for i in range(16):
            plot.show_history(spiky(500, i)[0], "paused", run=i)
    for i in range(16):
        colours = {
            fit.run_items(i)["line"].pen().color().name(),
            loss.run_items(i)["curve"].pen().color().name(),
            loss.run_items(i)["marker"].brush().color().name(),
            traj.run_items(i)["path"].pen().color().name(),
            traj.run_items(i)["current"].brush().color().name(),
        }
        assert colours == {run_color(i)}, i
    for plot in (fit, loss, traj):
        samples = {
            s.item.run_index: s.item.opts["pen"].color().name()
            for s, _ in plot._legend.items
            if getattr(s.item, "run_index", None) is not None
        }
        assert samples and all(c == run_color(i) for i, c in samples.items())
